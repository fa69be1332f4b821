"""One interview note: its kind, its text (autosaved as typed) and the moves it can make.

Keys in the text: Ctrl+1..4 set the kind (note, verbatim quote, observation, summary),
Ctrl+Return starts a new note, Alt+Up / Alt+Down move the note within its topic.
The text is committed 500 ms after typing pauses, at most ~1 s after the first unsaved
keystroke, and when the editor loses focus.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.interviews.autosave import DebouncedCommit
from gui.interviews.elapsed import ElapsedClock, format_elapsed
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.store import Store

KIND_LABELS = {
    "note": "Note",
    "quote": "Verbatim quote",
    "observation": "Observation",
    "summary": "Summary",
}
KIND_COLOURS = {
    "note": "#9e9e9e",
    "quote": "#4e79a7",
    "observation": "#e08214",
    "summary": "#2e7d32",
}
_KIND_KEYS = {Qt.Key.Key_1: "note", Qt.Key.Key_2: "quote", Qt.Key.Key_3: "observation"}
_KIND_KEYS[Qt.Key.Key_4] = "summary"
MIN_LINES, MAX_LINES = 2, 14


class NoteText(QTextEdit):
    """Plain text that grows with its content and passes the note's own keys up."""

    key_command = Signal(str)
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, self.height())

    def _fit(self, *_args: object) -> None:
        line = self.fontMetrics().lineSpacing()
        content = self.document().size().height()
        height = min(max(content, MIN_LINES * line), MAX_LINES * line)
        self.setFixedHeight(int(height) + 2 * self.frameWidth() + 8)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        modifiers = event.modifiers()
        key = event.key()
        if modifiers == Qt.KeyboardModifier.ControlModifier and key in _KIND_KEYS:
            self.key_command.emit("kind:" + _KIND_KEYS[Qt.Key(key)])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            modifiers & Qt.KeyboardModifier.ControlModifier
        ):
            self.key_command.emit("new")
            return
        if modifiers == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.key_command.emit("up" if key == Qt.Key.Key_Up else "down")
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.focus_lost.emit()


class NoteEditor(QFrame):
    """A note of the session under one topic; creates its row on the first commit."""

    created = Signal(str)  # note id, once the row exists
    committed = Signal(str)  # note id, after each successful save
    command = Signal(str, str)  # (note id or '', 'new' | 'up' | 'down' | 'delete' | 'topic:<id>')

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        session_id: str,
        topic: str,
        clock: ElapsedClock,
        topics: list[tuple[str, str]],
        quote_speaker: tuple[str | None, str] = (None, ""),
        note: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.session_id = session_id
        self.topic = topic
        self.clock = clock
        self.quote_speaker = quote_speaker
        self.note_id: str | None = note["id"] if note else None
        self.started_ms: int | None = note["elapsed_ms"] if note else None
        self.committed_text = note["text"] if note else ""
        self._dirty = False
        self.autosave = DebouncedCommit(self.commit, self)

        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setAccessibleName("Kind of note")
        self.kind.setToolTip(
            "Ctrl+1 note, Ctrl+2 verbatim quote, Ctrl+3 observation, Ctrl+4 summary"
        )
        self.stamp = QLabel()
        self.stamp.setStyleSheet("color: #555;")
        self.stamp.setAccessibleName("Elapsed time of the note")
        self.text = NoteText()
        self.text.setAccessibleName("Note text")
        self.text.setPlaceholderText("Type the note here; it is saved as you type.")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.move_button = _tool("Move to…", "Move this note to another topic")
        menu = QMenu(self.move_button)
        for topic_id, title in topics:
            action = menu.addAction(title)
            action.setEnabled(topic_id != topic)
            action.triggered.connect(lambda _c=False, t=topic_id: self._emit(f"topic:{t}"))
        self.move_button.setMenu(menu)
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.up_button = _tool("↑", "Move up (Alt+Up)")
        self.down_button = _tool("↓", "Move down (Alt+Down)")
        self.delete_button = _tool("Delete", "Delete this note")
        self.up_button.clicked.connect(lambda: self._emit("up"))
        self.down_button.clicked.connect(lambda: self._emit("down"))
        self.delete_button.clicked.connect(lambda: self._emit("delete"))

        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.stamp)
        top.addStretch(1)
        for button in (self.move_button, self.up_button, self.down_button, self.delete_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.message)

        if note:
            self.kind.setCurrentIndex(self.kind.findData(note["kind"]))
            self.text.setPlainText(note["text"])
        self._show_kind()
        self._show_stamp()
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.text.textChanged.connect(self._on_text_changed)
        self.text.focus_lost.connect(self.autosave.flush)
        self.text.key_command.connect(self._on_key_command)

    # --- state ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)
        for widget in (self.kind, self.move_button, self.up_button, self.down_button):
            widget.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    # --- saving -------------------------------------------------------------------------------

    def commit(self) -> bool:
        """Write the text and kind now if they changed; False (text kept) if refused."""
        if not self._dirty:
            return True
        text = self.text.toPlainText()
        kind = self.kind.currentData()
        speaker_id, label = self.quote_speaker if kind == "quote" else (None, "")
        notes = self.store.repos.notes
        try:
            if self.note_id is None:
                if not text.strip():
                    self._dirty = False
                    return True
                self.note_id = self.writer.run(
                    "Note saved",
                    lambda: notes.add(
                        self.session_id,
                        text,
                        kind=kind,
                        topic=self.topic,
                        speaker_id=speaker_id,
                        speaker_label=label,
                        elapsed_ms=self.started_ms,
                    ),
                )
                self.created.emit(self.note_id)
            else:
                note_id = self.note_id
                self.writer.run(
                    "Note saved",
                    lambda: notes.update(
                        note_id, text=text, kind=kind, speaker_id=speaker_id, speaker_label=label
                    ),
                )
        except (StorageError, sqlite3.Error) as error:
            self.message.setText(f"Not saved: {error}")
            self.message.show()
            return False
        self.message.hide()
        self._dirty = self.text.toPlainText() != text or self.kind.currentData() != kind
        self.committed_text = text
        self.committed.emit(self.note_id or "")
        return True

    def _on_text_changed(self) -> None:
        if self.text.isReadOnly():
            return
        if self.note_id is None and self.started_ms is None:
            self.clock.start_if_never_started()
            self.started_ms = self.clock.elapsed_ms()
            self._show_stamp()
        self._dirty = True
        self.autosave.touch()

    def _on_kind_changed(self) -> None:
        self._show_kind()
        self._dirty = True
        self.autosave.flush()

    def _on_key_command(self, command: str) -> None:
        if command.startswith("kind:"):
            self.set_kind(command.removeprefix("kind:"))
            return
        self._emit(command)

    def _emit(self, command: str) -> None:
        self.autosave.flush()
        self.command.emit(self.note_id or "", command)

    # --- looks ----------------------------------------------------------------------------------

    def _show_kind(self) -> None:
        kind = self.kind.currentData()
        colour = KIND_COLOURS.get(kind, "#9e9e9e")
        self.setStyleSheet(
            f"NoteEditor {{ border: 1px solid #d0d0d0; border-left: 5px solid {colour}; }}"
        )
        font = self.text.font()
        font.setItalic(kind == "quote")
        self.text.setFont(font)

    def _show_stamp(self) -> None:
        self.stamp.setText(format_elapsed(self.started_ms))
        self.stamp.setToolTip("Time into the session when the note was begun")


def _tool(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button
