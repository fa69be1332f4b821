"""Every write from a screen goes through here: saved-state reporting and change notices.

Screens subscribe to `changed` and refresh only when a table they show was touched, the way
Anki's front end reacts to OpChanges instead of reloading everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from gui.status_bar import SaveState
from storage.changes import Changes
from storage.errors import StorageError

T = TypeVar("T")


class WriteTracker(QObject):
    """Runs a write, reports Saving / Saved / Not saved, and announces the tables it touched."""

    state_changed = Signal(object, str)  # SaveState, reason
    changed = Signal(object)  # storage.Changes

    def run(self, write: Callable[[], T], tables: Iterable[str]) -> T:
        """Call `write` (a repository call); errors are reported, then re-raised for the caller."""
        self.state_changed.emit(SaveState.SAVING, "")
        try:
            result = write()
        except StorageError as error:
            self.state_changed.emit(SaveState.NOT_SAVED, str(error))
            raise
        except Exception as error:
            reason = f"unexpected error ({type(error).__name__})"
            self.state_changed.emit(SaveState.NOT_SAVED, reason)
            raise
        self.state_changed.emit(SaveState.SAVED, "")
        changes = Changes()
        for table in tables:
            changes.add(table)
        self.changed.emit(changes)
        return result
