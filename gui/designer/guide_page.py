"""Designing an interview or focus-group guide: ordered topics with what to ask and probe.

Keys: Ctrl+N adds a topic after the selected one; with the list focused, Delete removes
it and Alt+Up / Alt+Down move it; dragging a topic moves it too. Prompts and probes are
one per line. Every change is one undoable command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.designer.document import GuideDocument
from gui.designer.question_tree import designer_action
from gui.designer.undo_keys import starts_new_edit
from gui.form_parts import FieldMessage, buddy_label
from instruments.design_checks import DesignProblem
from instruments.design_tree import Direction, Position
from instruments.model import Topic

LIST_FIELDS = ("prompts", "probes")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _box(name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class TopicList(QListWidget):
    """Topics in order; a drop is reported as a move, the list is then rebuilt."""

    move_requested = Signal(int, int)  # from row, to row (in the list without the topic)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        source = self.currentRow()
        index = self.indexAt(event.position().toPoint())
        row = index.row() if index.isValid() else self.count()
        if self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.BelowItem:
            row += 1
        if source >= 0:
            self.move_requested.emit(source, row - 1 if row > source else row)
        event.setDropAction(Qt.DropAction.CopyAction)  # nothing for the view to remove
        event.accept()


class GuidePage(QWidget):
    """The topic list and the selected topic's fields."""

    def __init__(self, document: GuideDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        self._generation = 0
        self.topics = TopicList()
        self.topics.setAccessibleName("Topics")
        self.topics.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.topics.setWordWrap(True)
        self.topics.setSpacing(2)
        in_list = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.add_action = designer_action(
            self, "Add topic", "Add a topic", "Ctrl+N", self.add_topic
        )
        self.remove_action = designer_action(
            self.topics, "Remove", "Remove the topic", "Delete", self.remove_topic, in_list
        )
        self.up_action = designer_action(
            self.topics, "Up", "Move up", "Alt+Up", lambda: self.move_topic("up"), in_list
        )
        self.down_action = designer_action(
            self.topics, "Down", "Move down", "Alt+Down", lambda: self.move_topic("down"), in_list
        )
        self.toolbar = QToolBar("Topics")
        self.toolbar.addAction(self.add_action)
        for action in (self.remove_action, self.up_action, self.down_action):
            self.topics.addAction(action)
            self.toolbar.addAction(action)

        self.title = QLineEdit()
        self.title.setAccessibleName("Topic title")
        self.question = _box("Main question", 3)
        self.prompts = _box("Prompts, one per line", 5)
        self.probes = _box("Probes, one per line", 5)
        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "question": self.question,
            "prompts": self.prompts,
            "probes": self.probes,
        }
        self.title_message = FieldMessage(self.title)
        form = QFormLayout()
        form.addRow(buddy_label("&Topic:", self.title), self.title)
        form.addRow("", self.title_message)
        form.addRow(buddy_label("Main &question:", self.question), self.question)
        form.addRow(buddy_label("&Prompts (one per line):", self.prompts), self.prompts)
        form.addRow(buddy_label("P&robes (one per line):", self.probes), self.probes)
        self.topic_box = QGroupBox("This topic")
        box_layout = QVBoxLayout(self.topic_box)
        box_layout.addLayout(form)
        box_layout.addStretch(1)  # the fields stay together at the top
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.toolbar)
        left_layout.addWidget(self.topics, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.topic_box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([360, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.title.textEdited.connect(lambda _text: self._typed("title"))
        for name in ("question", *LIST_FIELDS):
            box = self.fields[name]
            assert isinstance(box, QPlainTextEdit)
            box.textChanged.connect(lambda name=name: self._typed(name))
        for widget in self.fields.values():
            widget.installEventFilter(self)
        self.topics.currentRowChanged.connect(lambda _row: self._show_topic())
        self.topics.move_requested.connect(self._dropped)
        document.structure_changed.connect(self.rebuild)
        document.item_changed.connect(self._on_item_changed)
        self.rebuild((0,) if document.instrument.topics else None)

    # --- showing ------------------------------------------------------------------------------

    def initial_focus(self) -> None:
        self.topics.setFocus()

    def current_position(self) -> Position | None:
        row = self.topics.currentRow()
        return (row,) if 0 <= row < len(self.document.instrument.topics) else None

    def topic(self) -> Topic | None:
        position = self.current_position()
        return None if position is None else self.document.item_at(position)

    def rebuild(self, select: Position | None) -> None:
        self.topics.blockSignals(True)
        self.topics.clear()
        for topic in self.document.instrument.topics:
            self.topics.addItem(self._item_text(topic))
        self.topics.blockSignals(False)
        self.topics.setCurrentRow(select[0] if select else -1)
        self._show_topic()

    def _item_text(self, topic: Topic) -> str:
        return f"{topic.order}. {topic.title or '(untitled topic)'}"

    def _show_topic(self) -> None:
        topic = self.topic()
        self.topic_box.setEnabled(topic is not None)
        self._loading = True
        for name in self.fields:
            self._show_field(topic, name)
        self._loading = False
        for action in (self.remove_action, self.up_action, self.down_action):
            action.setEnabled(topic is not None)

    def _show_field(self, topic: Topic | None, name: str) -> None:
        widget = self.fields[name]
        value: Any = getattr(topic, name) if topic is not None else ""
        if isinstance(widget, QLineEdit):
            if widget.text() != value:
                widget.setText(value)
            return
        assert isinstance(widget, QPlainTextEdit)
        if name in LIST_FIELDS:
            if _lines(widget.toPlainText()) != list(value or []):
                widget.setPlainText("\n".join(value or []))
        elif widget.toPlainText() != value:
            widget.setPlainText(value)

    def _on_item_changed(self, position: Position, fields: frozenset[str]) -> None:
        item = self.topics.item(position[0])
        if item is not None:
            item.setText(self._item_text(self.document.item_at(position)))
        if position == self.current_position():
            self._loading = True
            for name in fields & set(self.fields):
                self._show_field(self.topic(), name)
            self._loading = False

    def show_problems(self, problems: list[DesignProblem]) -> None:
        mine = [
            p.message
            for p in problems
            if p.position and p.position == self.current_position() and p.field == "title"
        ]
        if mine:
            self.title_message.show_message("\n".join(mine))
        else:
            self.title_message.clear_message()

    def go_to(self, problem: DesignProblem) -> None:
        if problem.position:
            self.topics.setCurrentRow(problem.position[0])
            self.title.setFocus()

    # --- editing ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if starts_new_edit(event):
            self._generation += 1
        return False

    def _typed(self, name: str) -> None:
        position = self.current_position()
        topic = self.topic()
        if self._loading or position is None or topic is None:
            return
        widget = self.fields[name]
        if isinstance(widget, QLineEdit):
            value: Any = widget.text()
        else:
            assert isinstance(widget, QPlainTextEdit)
            text = widget.toPlainText()
            value = _lines(text) if name in LIST_FIELDS else text
        if getattr(topic, name) == value:
            return
        key = (position, name, self._generation)
        self.document.edit_item(position, {name: value}, f"Edit {name} of topic", key)

    def add_topic(self) -> Position:
        position = self.document.add_topic(self.current_position())
        self.title.setFocus()
        return position

    def remove_topic(self) -> None:
        position = self.current_position()
        if position is not None:
            self.document.remove(position)
            self.topics.setFocus()

    def move_topic(self, direction: Direction) -> None:
        position = self.current_position()
        if position is not None:
            self.document.move_by(position, direction)

    def _dropped(self, source: int, target: int) -> None:
        target = max(0, min(target, len(self.document.instrument.topics) - 1))
        self.document.move((source,), (target,))
