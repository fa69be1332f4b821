"""The codebook as a tree: colour swatches, counts, and drag to move a code.

A drop does not rearrange the tree itself: it asks (`move_requested`) for the move, which
the codebook performs and checks (no code inside its own subcodes); the tree then reloads
from the database, so what is shown is always what is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QWidget,
)

from gui.coding.colours import swatch
from storage.codebook import CodeCounts, CodeNode

_ID = Qt.ItemDataRole.UserRole
Indicator = QAbstractItemView.DropIndicatorPosition


def drop_target(
    item: QTreeWidgetItem | None, indicator: Indicator
) -> tuple[str | None, str | None]:
    """(new parent id, id of the sibling to go before) for a drop on `item`."""
    if item is None or indicator == Indicator.OnViewport:
        return None, None
    if indicator == Indicator.OnItem:
        return item.data(0, _ID), None
    parent = item.parent()
    parent_id = parent.data(0, _ID) if parent is not None else None
    if indicator == Indicator.AboveItem:
        return parent_id, item.data(0, _ID)
    siblings = (
        [parent.child(i) for i in range(parent.childCount())]
        if parent is not None
        else [
            item.treeWidget().topLevelItem(i) for i in range(item.treeWidget().topLevelItemCount())
        ]
    )
    index = siblings.index(item)
    after = siblings[index + 1].data(0, _ID) if index + 1 < len(siblings) else None
    return parent_id, after


class CodebookTree(QTreeWidget):
    """Codes with their colour, own segments and participants; drag a code to move it."""

    move_requested = Signal(str, object, object)  # code id, parent id, before id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels(["Code", "Segments", "People"])
        self.setAccessibleName("Codebook")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.headerItem().setToolTip(1, "Coded segments with this code (not its subcodes)")
        self.headerItem().setToolTip(2, "Distinct participants behind them")

    def load(self, nodes: list[CodeNode], counts: dict[str, CodeCounts]) -> None:
        """Rebuild from the codebook, keeping the current code selected."""
        current = self.current_code_id()
        self.blockSignals(True)
        self.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for node in nodes:
            count = counts.get(node.id, CodeCounts())
            parent = items.get(node.parent_id or "")
            item = QTreeWidgetItem(
                parent or self, [node.name, str(count.segments), str(count.participants)]
            )
            item.setIcon(0, swatch(node.colour))
            item.setData(0, _ID, node.id)
            item.setToolTip(0, node.description or node.name)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            if node.depth == 0:
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            items[node.id] = item
        self.expandAll()
        self.blockSignals(False)
        if current and self.select(current):
            return
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def current_code_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else item.data(0, _ID)

    def select(self, code_id: str) -> bool:
        iterator = QTreeWidgetItemIterator(self)
        while iterator.value():
            if iterator.value().data(0, _ID) == code_id:
                self.setCurrentItem(iterator.value())
                return True
            iterator += 1
        return False

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        moving = self.current_code_id()
        target = self.itemAt(event.position().toPoint())
        parent_id, before_id = drop_target(target, self.dropIndicatorPosition())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if moving and moving not in (parent_id, before_id):
            self.move_requested.emit(moving, parent_id, before_id)
