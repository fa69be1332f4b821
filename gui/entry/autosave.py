"""Autosave: each finished answer is committed at once, on the GUI thread, in one transaction.

A single-row commit costs well under a millisecond, so there is no background queue to
lose on a crash: when `saved` is emitted the answer is on disk. A write that fails (disk
full, file locked) is kept and tried again with the next answer and every few seconds
until it succeeds; until then the screen says "Not saved".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from gui.formats import clock_time
from storage.changes import Changes
from storage.errors import StorageError
from storage.store import Store

RETRY_MS = 3000


class AnswerSaver(QObject):
    """Commits a session's answers; announces `saved(time)` or `save_failed(reason)`."""

    saved = Signal(str)
    save_failed = Signal(str)
    changed = Signal(object)  # storage.changes.Changes of each successful commit

    def __init__(self, store: Store, session_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self._writes: dict[str, tuple[Any, bool]] = {}
        self._removed: set[str] = set()
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self.last_saved: str | None = None

    @property
    def pending(self) -> bool:
        return bool(self._writes or self._removed)

    def save(self, writes: Mapping[str, tuple[Any, bool]], removed: Iterable[str] = ()) -> bool:
        """Queue path -> (value, relevant) writes and removed paths, and commit them now."""
        for path, write in writes.items():
            self._writes[path] = write
            self._removed.discard(path)
        for path in removed:
            self._writes.pop(path, None)
            self._removed.add(path)
        return self.flush()

    def flush(self) -> bool:
        """Commit whatever is waiting; True when nothing is left unsaved."""
        if not self.pending:
            return True
        try:
            changes = self.store.repos.sessions.commit_answers(
                self.session_id, dict(self._writes), sorted(self._removed)
            )
        except (StorageError, sqlite3.Error) as error:
            self._retry.start()
            self.save_failed.emit(_reason(error))
            return False
        self._writes.clear()
        self._removed.clear()
        self._retry.stop()
        self.last_saved = clock_time(datetime.now())
        self.saved.emit(self.last_saved)
        self.changed.emit(changes)
        return True

    def record(self, write: Any, tables: Iterable[str]) -> bool:
        """Run another write of this screen (status, language) with the same reporting."""
        try:
            write()
        except (StorageError, sqlite3.Error) as error:
            self.save_failed.emit(_reason(error))
            return False
        self.last_saved = clock_time(datetime.now())
        self.saved.emit(self.last_saved)
        changes = Changes()
        for table in tables:
            changes.add(table, self.session_id if table == "sessions" else None)
        self.changed.emit(changes)
        return True


def _reason(error: Exception) -> str:
    text = str(error)
    if "full" in text.lower():
        return "the disk is full; free some space and the answers will be saved"
    return text or type(error).__name__
