"""Every write an interview or focus-group screen makes: reported, announced, never silent.

Writes run through the shell's WriteTracker when one is given (so the status bar and the
navigator hear of them) or through a tracker of their own; either way the screen's
`saved(str)` / `save_failed(str)` signals say what happened in words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from gui.write_tracker import WriteTracker
from storage.errors import StorageError

T = TypeVar("T")


class SessionWriter(QObject):
    """Runs repository calls; emits `saved(what)` or `save_failed(reason)` for each."""

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(self, tracker: WriteTracker | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.tracker = tracker or WriteTracker(self)

    def run(self, what: str, write: Callable[[], T], tables: Iterable[str] = ("notes",)) -> T:
        """Do one write; on failure the reason is announced and the error re-raised."""
        try:
            result = self.tracker.run(write, tuple(tables))
        except StorageError as error:
            self.save_failed.emit(str(error))
            raise
        except sqlite3.Error as error:
            self.save_failed.emit(f"the database refused the change ({error})")
            raise
        self.saved.emit(what)
        return result
