"""A screen's view of the window's WriteTracker: writes go through, notices wait while hidden.

Summaries, connections and the codebook recompute a good deal when they hear of a change;
while a fieldworker types answers in another screen they should not. Each section screen gets
its own ScreenTracker: its writes run through the window's tracker (status bar, navigator and
every other screen hear of them), and the change notices it passes on are held back while the
screen is not the one shown, then delivered at once, merged, when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QObject

from gui.write_tracker import WriteTracker
from storage.changes import Changes

T = TypeVar("T")


class ScreenTracker(WriteTracker):
    """Relays the window tracker's `changed` to one screen, holding it back while inactive."""

    def __init__(self, window_tracker: WriteTracker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window_tracker = window_tracker
        self.active = False
        self.pending: Changes | None = None
        window_tracker.changed.connect(self._relay)

    def run(self, write: Callable[[], T], tables: Iterable[str]) -> T:
        """Writes are the window's: one saved state, one notice to every screen."""
        return self.window_tracker.run(write, tables)

    def set_active(self, active: bool) -> None:
        """Shown (True) or hidden (False); becoming active delivers what was held back."""
        self.active = active
        if active and self.pending is not None:
            held, self.pending = self.pending, None
            self.changed.emit(held)

    def _relay(self, changes: Changes) -> None:
        if self.active:
            self.changed.emit(changes)
        elif self.pending is None:
            self.pending = Changes().merge(changes)
        else:
            self.pending.merge(changes)
