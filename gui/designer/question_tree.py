"""The list of a form's questions: add, remove and move them by mouse or keyboard.

Keys (with the list focused): Delete removes, Alt+Up / Alt+Down move among neighbours,
Alt+Right moves into the group just above, Alt+Left moves out of the group. Ctrl+N, Ctrl+G
and Ctrl+R add a question, group or repeat from anywhere in the designer. Dragging a row
moves it too. Every move is one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gui.designer.document import QuestionnaireDocument
from gui.designer.tree_model import QuestionTreeModel
from instruments.design_tree import Direction, Position, iter_positions
from instruments.types import CONTAINER_TYPES


class QuestionTreeView(QTreeView):
    """A tree whose drops are moves the model already made (nothing left to remove)."""

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        super().dropEvent(event)
        if event.isAccepted():
            event.setDropAction(Qt.DropAction.CopyAction)


def designer_action(
    parent: QWidget,
    text: str,
    tip: str,
    shortcut: str,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(context)
    native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({native})")
    action.setStatusTip(action.toolTip())
    action.triggered.connect(lambda _checked=False: slot())
    return action


class QuestionTreePanel(QWidget):
    """Tree of questions with its actions; says which question is selected and added."""

    selection_changed = Signal(object)  # Position or None
    added = Signal(object)  # the position of a new question

    def __init__(self, document: QuestionnaireDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = QuestionTreeModel(document, self)
        self.view = QuestionTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Questions")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.collapsed: set[str] = set()

        window_wide = Qt.ShortcutContext.WindowShortcut
        in_list = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.add_question_action = designer_action(
            self,
            "Add question",
            "Add a question after the selected one",
            "Ctrl+N",
            lambda: self.add("text"),
            window_wide,
        )
        self.add_group_action = designer_action(
            self,
            "Add group",
            "Add a group (a section)",
            "Ctrl+G",
            lambda: self.add("group"),
            window_wide,
        )
        self.add_repeat_action = designer_action(
            self,
            "Add repeat",
            "Add a repeat (a roster of entries)",
            "Ctrl+R",
            lambda: self.add("repeat"),
            window_wide,
        )
        self.remove_action = designer_action(
            self.view, "Remove", "Remove the selected question", "Delete", self.remove, in_list
        )
        self.up_action = designer_action(
            self.view, "Up", "Move up", "Alt+Up", lambda: self.move("up"), in_list
        )
        self.down_action = designer_action(
            self.view, "Down", "Move down", "Alt+Down", lambda: self.move("down"), in_list
        )
        self.out_action = designer_action(
            self.view, "Out", "Move out of its group", "Alt+Left", lambda: self.move("out"), in_list
        )
        self.in_action = designer_action(
            self.view,
            "In",
            "Move into the group above",
            "Alt+Right",
            lambda: self.move("in"),
            in_list,
        )
        self.toolbar = QToolBar("Add")
        for action in (self.add_question_action, self.add_group_action, self.add_repeat_action):
            self.toolbar.addAction(action)
        self.move_toolbar = QToolBar("Move")
        moves = (self.remove_action, self.up_action, self.down_action)
        for action in (*moves, self.out_action, self.in_action):
            self.view.addAction(action)
            self.move_toolbar.addAction(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.move_toolbar)
        layout.addWidget(self.view, 1)

        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.collapsed.connect(lambda index: self._remember(index, True))
        self.view.expanded.connect(lambda index: self._remember(index, False))
        document.structure_changed.connect(self.rebuild)
        document.item_changed.connect(self._item_changed)
        self.rebuild(None)

    # --- selection ----------------------------------------------------------------------------

    def current_position(self) -> Position | None:
        return self.model.position_of(self.view.currentIndex())

    def select(self, position: Position | None) -> None:
        index = self.model.index_of(position)
        if index.isValid():
            parent = index.parent()
            while parent.isValid():
                self.view.expand(parent)
                parent = parent.parent()
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.setCurrentIndex(index)
            self.selection_changed.emit(None)
        self._update_actions()

    def _on_current(self, *_indexes: object) -> None:
        self._update_actions()
        self.selection_changed.emit(self.current_position())

    def _update_actions(self) -> None:
        chosen = self.current_position() is not None
        for action in (self.remove_action, self.up_action, self.down_action):
            action.setEnabled(chosen)
        self.out_action.setEnabled(chosen and len(self.current_position() or ()) > 1)
        self.in_action.setEnabled(chosen)

    # --- keeping the tree in step -----------------------------------------------------------

    def rebuild(self, select: Position | None) -> None:
        """Read the tree again, keep collapsed groups collapsed, select `select`."""
        self.model.rebuild()
        self.view.blockSignals(True)
        for position, question in iter_positions(self.document.instrument.questions):
            if question.type in CONTAINER_TYPES and question.path not in self.collapsed:
                self.view.expand(self.model.index_of(position))
        self.view.blockSignals(False)
        self.select(select)
        self.view.resizeColumnToContents(0)

    def _item_changed(self, position: Position, _fields: frozenset[str]) -> None:
        self.model.refresh_item(position)

    def _remember(self, index: QModelIndex, collapsed: bool) -> None:
        question = self.model.question(index)
        if question is None:
            return
        if collapsed:
            self.collapsed.add(question.path)
        else:
            self.collapsed.discard(question.path)

    # --- edits --------------------------------------------------------------------------------

    def add(self, question_type: str) -> Position:
        position = self.document.add(question_type, self.current_position())
        self.added.emit(position)
        return position

    def remove(self) -> None:
        position = self.current_position()
        if position is not None:
            self.document.remove(position)
            self.view.setFocus()

    def move(self, direction: Direction) -> Position | None:
        position = self.current_position()
        if position is None:
            return None
        return self.document.move_by(position, direction)
