"""Typing a turn (or an observation) on one line: Enter appends it, and nothing waits for Enter.

The turn is stamped with the elapsed time of its first keystroke (when the person began
speaking, near enough), the current speaker and topic. While it is being typed it is
already saved as a draft row (debounced, as notes are), so a crash loses at most the last
second; Enter saves the final text and clears the line for the next turn. Clearing the
line of a draft removes the draft.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from gui.focus_groups.speakers import Speaker
from gui.interviews.autosave import DebouncedCommit
from gui.interviews.elapsed import ElapsedClock
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.store import Store


class TurnRecorder(QObject):
    """Binds a line edit to the session: drafts while typing, appends on Enter."""

    written = Signal(str)  # note id created or changed
    removed = Signal(str)  # note id of a draft taken back
    finished = Signal(str)  # note id of a turn completed with Enter
    refused = Signal(str)

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        session_id: str,
        line: QLineEdit,
        clock: ElapsedClock,
        speaker: Callable[[], Speaker | None],
        topic: Callable[[], str],
        kind: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.session_id = session_id
        self.line = line
        self.clock = clock
        self._speaker = speaker
        self._topic = topic
        self._kind = kind
        self.draft_id: str | None = None
        self.started_ms: int | None = None
        self._saved: tuple | None = None
        self.autosave = DebouncedCommit(self.commit, self)
        line.textEdited.connect(self._on_edited)
        line.returnPressed.connect(self.finish)

    def _on_edited(self, text: str) -> None:
        if self.started_ms is None and text.strip():
            self.clock.start_if_never_started()  # typing a turn: the session is under way
            self.started_ms = self.clock.elapsed_ms()
        self.autosave.touch()

    def context_changed(self) -> None:
        """Speaker, topic or kind changed: a draft being typed follows at once."""
        if self.draft_id is not None:
            self.autosave.flush()

    def _values(self) -> tuple:
        speaker = self._speaker()
        speaker_id = speaker.speaker_id if speaker else None
        label = speaker.label if speaker else ""
        return (self.line.text().strip(), self._kind(), self._topic(), speaker_id, label)

    def commit(self) -> bool:
        """Save the line as the draft turn (create, update, or remove it when emptied)."""
        values = self._values()
        if values == self._saved:
            return True
        text, kind, topic, speaker_id, label = values
        notes = self.store.repos.notes
        try:
            if self.draft_id is None:
                if not text:
                    return True
                started = (
                    self.started_ms if self.started_ms is not None else self.clock.elapsed_ms()
                )
                self.draft_id = self.writer.run(
                    "Turn saved",
                    lambda: notes.add(
                        self.session_id,
                        text,
                        kind=kind,
                        topic=topic,
                        speaker_id=speaker_id,
                        speaker_label=label,
                        elapsed_ms=started,
                    ),
                )
            elif not text:
                draft = self.draft_id
                self.writer.run("Turn removed", lambda: notes.delete(draft))
                self.draft_id, self.started_ms, self._saved = None, None, None
                self.removed.emit(draft)
                return True
            else:
                draft = self.draft_id
                self.writer.run(
                    "Turn saved",
                    lambda: notes.update(
                        draft,
                        text=text,
                        kind=kind,
                        topic=topic,
                        speaker_id=speaker_id,
                        speaker_label=label,
                    ),
                )
        except (StorageError, sqlite3.Error) as error:
            self.refused.emit(str(error))
            return False
        self._saved = values
        self.written.emit(self.draft_id)
        return True

    def finish(self) -> str | None:
        """Enter: save the turn as typed and start a fresh one; None if nothing was saved."""
        if not self.autosave.flush():
            return None
        finished = self.draft_id
        self.draft_id, self.started_ms, self._saved = None, None, None
        self.line.clear()
        if finished:
            self.finished.emit(finished)
        return finished
