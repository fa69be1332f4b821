"""Typing a guide in on the spot, for an interview nobody planned: a title and its topics.

Each topic has a title, a main question, and prompts and probes one per line. Saved as an
instrument of the study (storage.qualitative.save_guide), so it is used like any guide.
Keys: Alt+A adds a topic and puts the cursor in its title; Alt+Up / Alt+Down reorder;
Enter in the title or a topic's title moves on to the next field; Alt+S saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.interviews.session_writer import SessionWriter
from gui.write_tracker import WriteTracker
from instruments.model import Topic
from storage.errors import StorageError
from storage.qualitative import save_guide
from storage.store import Store

KIND_CHOICES = (("interview", "Interview guide"), ("focus_group", "Focus-group guide"))


@dataclass
class TopicDraft:
    """A topic as typed so far."""

    title: str = ""
    question: str = ""
    prompts: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)

    def to_topic(self) -> Topic:
        return Topic(
            id="",
            title=self.title,
            question=self.question,
            prompts=self.prompts,
            probes=self.probes,
        )


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


def _text_box(name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class GuideEditorDialog(QDialog):
    """Creates the guide on Save; `instrument_id` is set once it exists."""

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        store: Store,
        study_id: str,
        kind: str = "interview",
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id = study_id
        self.instrument_id: str | None = None
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        self.drafts: list[TopicDraft] = []
        self.setWindowTitle("New guide")

        self.title = QLineEdit()
        self.title.setAccessibleName("Guide title")
        self.title.setPlaceholderText("e.g. Unplanned interview: discharge coordinator")
        self.kind = QComboBox()
        for value, label in KIND_CHOICES:
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.setAccessibleName("Kind of guide")

        self.topic_list = QListWidget()
        self.topic_list.setAccessibleName("Topics")
        self.add_button = QPushButton("&Add topic")
        self.remove_button = QPushButton("Remo&ve")
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        self.up_button.setToolTip("Move the topic up (Alt+Up)")
        self.down_button.setToolTip("Move the topic down (Alt+Down)")
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            list_buttons.addWidget(button)
        topics_box = QGroupBox("Topics, in the order you expect to ask them")
        topics_layout = QVBoxLayout(topics_box)
        topics_layout.addWidget(self.topic_list)
        topics_layout.addLayout(list_buttons)

        self.topic_title = QLineEdit()
        self.topic_title.setAccessibleName("Topic title")
        self.question = _text_box("Main question", 3)
        self.prompts = _text_box("Prompts, one per line", 4)
        self.probes = _text_box("Probes, one per line", 4)
        topic_form = QFormLayout()
        topic_form.addRow(buddy_label("&Topic:", self.topic_title), self.topic_title)
        topic_form.addRow(buddy_label("Main &question:", self.question), self.question)
        topic_form.addRow(buddy_label("&Prompts (one per line):", self.prompts), self.prompts)
        topic_form.addRow(buddy_label("P&robes (one per line):", self.probes), self.probes)
        topic_box = QGroupBox("This topic")
        topic_box.setLayout(topic_form)

        self.message = FieldMessage(self.title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save guide")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        head = QFormLayout()
        head.addRow(buddy_label("Guide t&itle:", self.title), self.title)
        head.addRow(buddy_label("&Kind:", self.kind), self.kind)
        middle = QHBoxLayout()
        middle.addWidget(topics_box, 2)
        middle.addWidget(topic_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 520)

        self.add_button.clicked.connect(self.add_topic)
        self.remove_button.clicked.connect(self.remove_topic)
        self.up_button.clicked.connect(lambda: self.move_topic(-1))
        self.down_button.clicked.connect(lambda: self.move_topic(1))
        self.topic_list.currentRowChanged.connect(self._show_draft)
        for edit in (self.question, self.prompts, self.probes):
            edit.textChanged.connect(self._store_draft)
        self.topic_title.textChanged.connect(self._store_draft)
        self._enter_moves_to = {self.title: self.topic_title, self.topic_title: self.question}
        for line in self._enter_moves_to:
            line.installEventFilter(self)
        QShortcut(QKeySequence("Alt+Up"), self, lambda: self.move_topic(-1))
        QShortcut(QKeySequence("Alt+Down"), self, lambda: self.move_topic(1))
        self.add_topic()
        self.title.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in a one-line field moves on to the next field; it never saves half a guide."""
        if (
            watched in self._enter_moves_to
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._enter_moves_to[watched].setFocus()
            return True
        return super().eventFilter(watched, event)

    # --- topics -------------------------------------------------------------------------------

    def add_topic(self) -> None:
        self.drafts.append(TopicDraft())
        self.topic_list.addItem(self._item_text(len(self.drafts) - 1))
        self.topic_list.setCurrentRow(len(self.drafts) - 1)
        self.topic_title.setFocus()

    def remove_topic(self) -> None:
        row = self.topic_list.currentRow()
        if row < 0 or len(self.drafts) <= 1:
            return
        del self.drafts[row]
        self.topic_list.takeItem(row)
        self._renumber()

    def move_topic(self, step: int) -> None:
        row = self.topic_list.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < len(self.drafts):
            return
        self.drafts[row], self.drafts[other] = self.drafts[other], self.drafts[row]
        self._renumber()
        self.topic_list.setCurrentRow(other)

    def topics(self) -> list[Topic]:
        return [draft.to_topic() for draft in self.drafts]

    def _item_text(self, row: int) -> str:
        return f"{row + 1}. {self.drafts[row].title or '(untitled topic)'}"

    def _renumber(self) -> None:
        for row in range(len(self.drafts)):
            self.topic_list.item(row).setText(self._item_text(row))

    def _show_draft(self, row: int) -> None:
        if not 0 <= row < len(self.drafts):
            return
        draft = self.drafts[row]
        widgets = (self.topic_title, self.question, self.prompts, self.probes)
        for widget in widgets:
            widget.blockSignals(True)
        self.topic_title.setText(draft.title)
        self.question.setPlainText(draft.question)
        self.prompts.setPlainText("\n".join(draft.prompts))
        self.probes.setPlainText("\n".join(draft.probes))
        for widget in widgets:
            widget.blockSignals(False)

    def _store_draft(self) -> None:
        row = self.topic_list.currentRow()
        if not 0 <= row < len(self.drafts):
            return
        draft = self.drafts[row]
        draft.title = self.topic_title.text().strip()
        draft.question = self.question.toPlainText().strip()
        draft.prompts = _lines(self.prompts)
        draft.probes = _lines(self.probes)
        self.topic_list.item(row).setText(self._item_text(row))

    # --- saving -------------------------------------------------------------------------------

    def accept(self) -> None:
        self.message.clear_message()
        kind = self.kind.currentData()
        title = self.title.text()
        topics = self.topics()
        try:
            self.instrument_id = self.writer.run(
                "Guide saved",
                lambda: save_guide(self.store, self.study_id, kind, title, topics),
                ("instruments",),
            )
        except StorageError as error:
            self.message.show_message(str(error))
            return
        super().accept()
