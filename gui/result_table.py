"""A small read-only grid of computed figures (frequencies, statistics, progress).

Summary tables are a few dozen rows worked out in the core, so they are held whole; big
tables of records use the paged models instead. Numbers are right-aligned; a row can be
marked (e.g. a principle where partners disagree, a site behind its target) with a tint
and a tooltip, and cells can carry their own tooltips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
MARK_COLOUR = "#FFF1CC"  # a pale amber that keeps black text readable


@dataclass
class GridRow:
    cells: list[str]
    marked: bool = False
    tooltip: str = ""
    bold: bool = False
    cell_tooltips: dict[int, str] = field(default_factory=dict)


class GridModel(QAbstractTableModel):
    """Headers and rows of text; columns from `numeric_from` on are right-aligned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.header_tooltips: list[str] = []
        self.rows: list[GridRow] = []
        self.numeric_from = 1

    def set_grid(
        self,
        headers: Sequence[str],
        rows: Sequence[GridRow],
        numeric_from: int = 1,
        header_tooltips: Sequence[str] = (),
    ) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.header_tooltips = list(header_tooltips)
        self.rows = list(rows)
        self.numeric_from = numeric_from
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if not 0 <= column < len(row.cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.cell_tooltips.get(column) or row.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.numeric_from:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.marked:
            return QBrush(QColor(MARK_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and row.marked:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.FontRole and row.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tooltips):
            return self.header_tooltips[section] or None
        return None


def grid_view(model: GridModel, accessible_name: str) -> QTableView:
    """A read-only table that sizes its columns to their contents."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


def content_height(view: QTableView) -> int:
    """The height that shows every row without scrolling (headers and frame included)."""
    view.resizeColumnsToContents()
    rows = view.model().rowCount() if view.model() else 0
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += rows * view.verticalHeader().defaultSectionSize()
    if view.horizontalHeader().length() > view.viewport().width():
        height += view.horizontalScrollBar().sizeHint().height()
    return height + 2


class TableChartSplit(QSplitter):
    """A table above a chart; the table gets the height its rows need, at most `share`.

    Refitted whenever the split is resized (also when a hidden tab is first shown); between
    resizes the user may drag the handle.
    """

    def __init__(self, table: QTableView, chart: QWidget, share: float = 0.5) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.table = table
        self.share = share
        self.addWidget(table)
        self.addWidget(chart)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(1, 1)

    def fit(self) -> None:
        total = sum(self.sizes())
        if total <= 0:
            return
        table = min(content_height(self.table), int(total * self.share))
        self.setSizes([table, total - table])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()


def count_text(count: int, percent: float | None) -> str:
    """'12 (40.0%)' or '12' when there is no percentage."""
    return f"{count}" if percent is None else f"{count} ({percent:.1f}%)"


def percent_text(percent: float | None) -> str:
    return "–" if percent is None else f"{percent:.1f}%"


def number_text(value: float | None, decimals: int = 2) -> str:
    """A computed figure (a mean, an SD) to a fixed number of decimals; '–' for none."""
    return "–" if value is None else f"{value:.{decimals}f}"


def value_text(value: float | None) -> str:
    """An answer as given (a minimum, a median): '30', '1.8', '12.5'."""
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}"
