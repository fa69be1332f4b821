"""The right-hand side of the interview screen: the notes taken under the current topic.

Notes show in their stored order (position); a new note goes to the end of the session, so
the order in which things were said is kept even when topics are visited out of order.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.interviews.elapsed import ElapsedClock
from gui.interviews.note_editor import NoteEditor
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.qualitative import SessionContext
from storage.store import Store

FREE_NOTES = ""


class NotesPanel(QWidget):
    """Editors for one topic's notes, plus 'New note'; announces when the set of notes changes."""

    notes_changed = Signal()  # a note was created, deleted or moved to another topic
    # A blank editor always waits after the topic's notes (while the session is a draft):
    # Ctrl+E lands in it, and its row is only made when something is typed.

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        context: SessionContext,
        clock: ElapsedClock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.context = context
        self.clock = clock
        self.topic: str = FREE_NOTES
        self.read_only = False
        self.editors: list[NoteEditor] = []
        person = context.participant
        self.quote_speaker = (person["id"], person["code"]) if person else (None, "")
        self.topic_choices = [(FREE_NOTES, "Free notes (no topic)")] + [
            (topic.id, topic.title) for topic in context.topics
        ]

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Current topic")
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 4, 0)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list_widget)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.new_button = QPushButton("&New note (Ctrl+Return)")
        self.new_button.clicked.connect(lambda: self.add_note())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)

    # --- showing a topic --------------------------------------------------------------------------

    def show_topic(self, topic_id: str, focus: bool = False) -> bool:
        """Save what is typed, then show the notes of another topic (or the free notes).

        Refuses (returns False, staying put) while typed text cannot be saved, so no
        editor holding unsaved words is ever thrown away.
        """
        if not self.flush():
            return False
        self.topic = topic_id
        self._show_heading()
        self.reload()
        if focus:
            self.focus_last()
        return True

    def reload(self, focus_note: str | None = None) -> bool:
        """Rebuild the editors from the database (after saving them); False if that was unsafe."""
        if not self.flush():
            return False
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        for editor in self.editors:
            editor.setParent(None)
            editor.deleteLater()
        self.editors = []
        for note in self.store.repos.notes.list(self.context.session_id):
            if note["topic"] == self.topic:
                self._append_editor(note)
        if not self.read_only:
            self._append_editor(None)  # a fresh note always waits at the end
        if focus_note:
            for editor in self.editors:
                if editor.note_id == focus_note:
                    editor.text.setFocus()
        elif had_focus:
            self.focus_last()  # the keyboard stays in the notes, never lost to the window
        return True

    def focus_last(self) -> None:
        if self.editors:
            editor = self.editors[-1]
            editor.text.setFocus()
            cursor = editor.text.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            editor.text.setTextCursor(cursor)
            self.scroll.ensureWidgetVisible(editor)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.new_button.setEnabled(not read_only)
        for editor in list(self.editors):
            if read_only and editor.note_id is None and not editor.dirty:
                self.editors.remove(editor)  # an unused blank note has nothing to keep
                editor.setParent(None)
                editor.deleteLater()
            else:
                editor.set_read_only(read_only)
        if not read_only and not any(e.note_id is None for e in self.editors):
            self._append_editor(None)

    def flush(self) -> bool:
        """Commit every editor now; False if any text could not be saved."""
        return all([editor.autosave.flush() for editor in self.editors])

    def current_editor(self) -> NoteEditor | None:
        for editor in self.editors:
            if editor.isAncestorOf(self.focusWidget() or self):
                return editor
        return None

    # --- adding, moving, deleting -----------------------------------------------------------------

    def add_note(self, kind: str = "note") -> NoteEditor | None:
        """A new, empty note at the end of this topic, focused; its row is made on first save."""
        if self.read_only:
            return None
        self.flush()
        blank = next((e for e in self.editors if e.note_id is None), None)
        editor = blank or self._append_editor(None)
        editor.set_kind(kind)
        editor.text.setFocus()
        self.scroll.ensureWidgetVisible(editor)
        return editor

    def _append_editor(self, note: dict | None) -> NoteEditor:
        editor = NoteEditor(
            self.store,
            self.writer,
            self.context.session_id,
            self.topic,
            self.clock,
            self.topic_choices,
            self.quote_speaker,
            note,
        )
        editor.set_read_only(self.read_only)
        editor.created.connect(lambda _id: self.notes_changed.emit())
        editor.command.connect(lambda note_id, command, e=editor: self._on_command(e, command))
        self.list_layout.insertWidget(self.list_layout.count() - 1, editor)
        self.editors.append(editor)
        return editor

    def _on_command(self, editor: NoteEditor, command: str) -> None:
        if command == "new":
            self.add_note()
            return
        if editor.note_id is None:
            return
        note_id = editor.note_id
        try:
            if command in ("up", "down"):
                self._move(editor, -1 if command == "up" else 1)
            elif command == "delete":
                self._delete(note_id)
            elif command.startswith("topic:"):
                topic = command.removeprefix("topic:")
                self.writer.run(
                    "Note moved", lambda: self.store.repos.notes.move_to_topic([note_id], topic)
                )
                self.reload()
                self.notes_changed.emit()
        except StorageError:
            return  # the writer has already said why

    def _move(self, editor: NoteEditor, step: int) -> None:
        saved = [e.note_id for e in self.editors if e.note_id]
        index = saved.index(editor.note_id)
        other = index + step
        if not 0 <= other < len(saved):
            return
        notes = self.store.repos.notes
        note_id, other_id = saved[index], saved[other]
        if step < 0:
            self.writer.run("Note moved up", lambda: notes.move_before(note_id, other_id))
        else:
            self.writer.run("Note moved down", lambda: notes.move_after(note_id, other_id))
        self.reload(focus_note=note_id)

    def _delete(self, note_id: str) -> None:
        answer = QMessageBox.question(
            self,
            "Delete note",
            "Delete this note? The deletion is recorded in the audit trail.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.writer.run("Note deleted", lambda: self.store.repos.notes.delete(note_id))
        self.reload()
        self.notes_changed.emit()

    def _show_heading(self) -> None:
        if self.topic == FREE_NOTES:
            self.heading.setText(
                "<b>Free notes</b><br><span style='color:#555'>Anything not tied to a topic of "
                "the guide.</span>"
            )
            return
        topic = next((t for t in self.context.topics if t.id == self.topic), None)
        title = html.escape(topic.title if topic else self.topic)
        question = html.escape(topic.question) if topic else ""
        self.heading.setText(
            f"<b>{title}</b>"
            + (f"<br><span style='color:#555'>{question}</span>" if question else "")
        )
