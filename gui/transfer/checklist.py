"""A short list of tickable choices (studies, questionnaires, sites), all ticked at first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

VALUE_ROLE = Qt.ItemDataRole.UserRole


class CheckList(QListWidget):
    """Tick what to include; `everything()` is True when every item is ticked."""

    ticks_changed = Signal()

    def __init__(self, accessible_name: str, rows: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self._rows_height = (self.fontMetrics().height() + 6) * rows + 2 * self.frameWidth()
        self.setMinimumHeight(self._rows_height)
        self.itemChanged.connect(self._item_changed)

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self.ticks_changed.emit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As tall as the rows asked for, not Qt's default 192 pixels."""
        return QSize(super().sizeHint().width(), self._rows_height)

    def set_choices(
        self, choices: Sequence[tuple[str, str]], ticked: Iterable[str] | None = None
    ) -> None:
        """(text, value) pairs; `ticked` values are ticked (all when None)."""
        wanted = None if ticked is None else set(ticked)
        self.blockSignals(True)
        self.clear()
        for text, value in choices:
            item = QListWidgetItem(text)
            item.setData(VALUE_ROLE, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = wanted is None or value in wanted
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        self.ticks_changed.emit()

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def ticked(self) -> list[str]:
        return [
            item.data(VALUE_ROLE)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def everything(self) -> bool:
        return len(self.ticked()) == self.count()
