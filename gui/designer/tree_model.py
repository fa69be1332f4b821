"""The questions of a form as a tree: name, type and label, with drag and drop to move.

The model reads the document's question tree directly; a drop becomes the document's move
command (so it is undone like any edit) and the model is rebuilt from the tree afterwards.
Questions with a problem are shown in red with the problem as their tooltip.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gui.designer.document import QuestionnaireDocument
from gui.designer.type_choices import short_type_label
from gui.form_parts import ERROR_COLOUR
from instruments.design_checks import DesignProblem
from instruments.design_tree import Position, drop_target, iter_positions
from instruments.model import Question
from instruments.types import CONTAINER_TYPES

Index = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-fieldnotes-question-position"
HEADERS = ("Name", "Type", "Label")


class QuestionTreeModel(QAbstractItemModel):
    """Rows are questions; a group's or repeat's children are its rows."""

    def __init__(self, document: QuestionnaireDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.language = ""
        self._positions: dict[int, Position] = {}
        self._alive: list[Question] = []  # index pointers stay valid until the next rebuild
        self._problems: dict[Position, list[str]] = {}
        self._index_positions()

    # --- keeping in step with the document ----------------------------------------------------

    def rebuild(self) -> None:
        """After an insert, removal or move: read the whole tree again."""
        self.beginResetModel()
        self._index_positions()
        self.endResetModel()

    def _index_positions(self) -> None:
        located = list(iter_positions(self.document.instrument.questions))
        self._positions = {id(question): position for position, question in located}
        self._alive = [question for _position, question in located]

    def refresh_item(self, position: Position) -> None:
        index = self.index_of(position)
        if index.isValid():
            self.dataChanged.emit(index, index.siblingAtColumn(len(HEADERS) - 1))

    def set_problems(self, problems: list[DesignProblem]) -> None:
        found: dict[Position, list[str]] = {}
        for problem in problems:
            if problem.position:
                found.setdefault(problem.position, []).append(problem.message)
        changed = set(found) ^ set(self._problems) | {
            p for p in found if found[p] != self._problems.get(p)
        }
        self._problems = found
        for position in changed:
            if position in self._positions.values():
                self.refresh_item(position)

    def set_language(self, language: str) -> None:
        self.language = language
        self.beginResetModel()
        self.endResetModel()

    # --- positions and indexes ------------------------------------------------------------

    def question(self, index: Index) -> Question | None:
        return index.internalPointer() if index.isValid() else None

    def position_of(self, index: Index) -> Position | None:
        question = self.question(index)
        return None if question is None else self._positions.get(id(question))

    def index_of(self, position: Position | None) -> QModelIndex:
        index = QModelIndex()
        for row in position or ():
            index = self.index(row, 0, index)
            if not index.isValid():
                return QModelIndex()
        return index

    # --- the model --------------------------------------------------------------------------

    def _children(self, parent: Index) -> list[Question]:
        question = self.question(parent)
        return self.document.instrument.questions if question is None else question.children

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS):
            return QModelIndex()
        children = self._children(parent)
        if not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        position = self.position_of(index)
        if position is None or len(position) < 2:
            return QModelIndex()
        parent_position = position[:-1]
        holder = self.document.item_at(parent_position)
        return self.createIndex(parent_position[-1], 0, holder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        question = self.question(index)
        if question is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return question.name
            if column == 1:
                return short_type_label(question.type)
            return question.label(self.language, self.document.instrument.default_language)
        problems = self._problems.get(self.position_of(index) or ())
        if role == Qt.ItemDataRole.ForegroundRole and problems:
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(problems) if problems else self.data(index)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problems:
            return "; ".join(problems)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        question = self.question(index)
        if question is not None and question.type in CONTAINER_TYPES:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # --- drag and drop --------------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        positions = [self.position_of(index) for index in indexes if index.column() == 0]
        chosen = [list(p) for p in positions if p is not None][:1]
        mime.setData(MIME_TYPE, QByteArray(json.dumps(chosen).encode("utf-8")))
        return mime

    def _drop(self, mime: QMimeData, row: int, parent: Index) -> tuple[Position, Position] | None:
        if not mime.hasFormat(MIME_TYPE):
            return None
        decoded = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8") or "[]")
        if not decoded:
            return None
        source = tuple(decoded[0])
        parent_position = self.position_of(parent) if parent.isValid() else ()
        if parent_position is None:
            return None
        target = drop_target(self.document.instrument.questions, source, parent_position, row)
        return None if target is None else (source, target)

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and self._drop(data, row, parent) is not None

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move by the document's command; the view then finds nothing left to remove."""
        if action != Qt.DropAction.MoveAction:
            return False
        found = self._drop(data, row, parent)
        if found is None:
            return False
        self.document.move(*found)
        return True
