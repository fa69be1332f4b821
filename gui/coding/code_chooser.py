"""Choose one or more codes from the codebook tree (apply several codes, merge into, ...)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from gui.coding.colours import swatch
from storage.codebook import CodeNode

_ID = Qt.ItemDataRole.UserRole


class CodeChooser(QDialog):
    """A filterable codebook tree; with `several`, codes are ticked, else one is picked."""

    def __init__(
        self,
        nodes: list[CodeNode],
        title: str,
        prompt: str,
        several: bool = True,
        excluded: set[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 460)
        self.several = several
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter codes")
        self.filter.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        items: dict[str, QTreeWidgetItem] = {}
        for node in nodes:
            parent_item = items.get(node.parent_id or "")
            item = QTreeWidgetItem(parent_item or self.tree, [node.name])
            item.setIcon(0, swatch(node.colour))
            item.setData(0, _ID, node.id)
            item.setToolTip(0, node.description or node.name)
            if node.id in (excluded or set()):
                item.setDisabled(True)
            if several:
                item.setCheckState(0, Qt.CheckState.Unchecked)
            items[node.id] = item
        self.tree.expandAll()
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        iterator = QTreeWidgetItemIterator(self.tree)
        while iterator.value():
            found.append(iterator.value())
            iterator += 1
        return found

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(wanted) and wanted not in item.text(0).casefold())
        for item in self._items():  # keep the parents of matches visible
            if not item.isHidden():
                parent = item.parent()
                while parent is not None:
                    parent.setHidden(False)
                    parent = parent.parent()

    def _double_clicked(self, item: QTreeWidgetItem) -> None:
        if not self.several and not item.isDisabled():
            self.tree.setCurrentItem(item)
            self.accept()

    def set_checked(self, code_ids: list[str]) -> None:
        for item in self._items():
            if item.data(0, _ID) in code_ids:
                if self.several:
                    item.setCheckState(0, Qt.CheckState.Checked)
                else:
                    self.tree.setCurrentItem(item)

    def chosen(self) -> list[str]:
        """The ticked codes (several) or the selected one, in tree order."""
        if self.several:
            return [
                item.data(0, _ID)
                for item in self._items()
                if item.checkState(0) == Qt.CheckState.Checked and not item.isDisabled()
            ]
        item = self.tree.currentItem()
        return [] if item is None or item.isDisabled() else [item.data(0, _ID)]
