"""The session clock: time since the interview or group began, shown and stamped on notes.

It continues from the latest elapsed time already recorded, so reopening a session does
not restart at zero. It starts with the first words typed (or its Start button) and can be
paused (a break, a fire alarm); a paused clock is not restarted by typing.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal


def format_elapsed(milliseconds: int | None) -> str:
    """3723000 -> '1:02:03' (h:mm:ss, as exports write it); None -> ''."""
    if milliseconds is None:
        return ""
    seconds = max(0, int(milliseconds)) // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ElapsedClock(QObject):
    """A pausable stopwatch; `ticked(ms)` once a second while running."""

    ticked = Signal(int)
    running_changed = Signal(bool)

    def __init__(self, base_ms: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base_ms = base_ms
        self._since: float | None = None
        self._started_once = False
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(lambda: self.ticked.emit(self.elapsed_ms()))

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed_ms(self) -> int:
        if self._since is None:
            return self._base_ms
        return self._base_ms + int((time.monotonic() - self._since) * 1000)

    def start(self) -> None:
        if self._since is None:
            self._started_once = True
            self._since = time.monotonic()
            self._timer.start()
            self.running_changed.emit(True)
            self.ticked.emit(self.elapsed_ms())

    def pause(self) -> None:
        if self._since is not None:
            self._base_ms = self.elapsed_ms()
            self._since = None
            self._timer.stop()
            self.running_changed.emit(False)
            self.ticked.emit(self._base_ms)

    def start_if_never_started(self) -> None:
        """The first words typed start the clock; a clock paused on purpose stays paused."""
        if not self._started_once:
            self.start()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()
