"""Debounced autosave: a pause in typing commits, and so does a second of unbroken typing.

Waiting only for a pause would let a fast typist go minutes without a save; so a commit
also happens at most MAX_WAIT_MS after the first unsaved keystroke. A failed commit is
tried again every RETRY_MS until it succeeds (the text stays in the editor meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

QUIET_MS = 500
MAX_WAIT_MS = 900
RETRY_MS = 3000


class DebouncedCommit(QObject):
    """Calls `commit` (which returns True when saved) soon after changes stop or pile up."""

    def __init__(self, commit: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._longest = QTimer(self, singleShot=True, interval=MAX_WAIT_MS)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        for timer in (self._quiet, self._longest, self._retry):
            timer.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        return any(t.isActive() for t in (self._quiet, self._longest, self._retry))

    def touch(self) -> None:
        """Something changed: restart the quiet timer; start the longest-wait timer once."""
        self._quiet.start()
        if not self._longest.isActive():
            self._longest.start()

    def flush(self) -> bool:
        """Commit now (focus lost, screen closing, Enter); True if nothing is left unsaved."""
        for timer in (self._quiet, self._longest, self._retry):
            timer.stop()
        if self._commit():
            return True
        self._retry.start()
        return False
