"""Qt models of the theme matrix and the co-occurrence table, with heat colouring.

Cells are shaded from white (nothing) to deep blue (the most), on a square-root scale so a
single mention still shows; zero is written in grey, because an empty cell is a finding.
Totals are computed by storage (a participant counted once per row), never summed here.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from gui.coding.colours import MUTED_TEXT, heat, readable_on, swatch
from storage.connections import CoOccurrence, MatrixColumn, ThemeMatrix, ThemeRow

Index = QModelIndex | QPersistentModelIndex
TOTAL_BACKGROUND = QColor("#eeeeee")
MEASURE_WORDS = {"segments": "coded segments", "participants": "participants"}


def wrapped(label: str, width: int = 16) -> str:
    """A header label on several short lines, so long site names need no wide columns."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _row_header(row: ThemeRow, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return "    " * row.depth + row.name
    if role == Qt.ItemDataRole.DecorationRole:
        return swatch(row.colour)
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{row.parent_name} › {row.name}" if row.parent_name else row.name
    if role == Qt.ItemDataRole.FontRole and row.depth == 0:
        font = QFont()
        font.setBold(True)
        return font
    return None


def _cell(value: int, maximum: int, role: int, total: bool = False) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return str(value)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignCenter)
    background = TOTAL_BACKGROUND if total else heat(value, maximum)
    if role == Qt.ItemDataRole.BackgroundRole:
        return background
    if role == Qt.ItemDataRole.ForegroundRole:
        return MUTED_TEXT if value == 0 else readable_on(background)
    if role == Qt.ItemDataRole.FontRole and total:
        font = QFont()
        font.setBold(True)
        return font
    return None


class ThemeMatrixModel(QAbstractTableModel):
    """Themes down, sites / roles / instruments / programmes across, then the row total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: ThemeMatrix | None = None
        self.measure = "segments"

    def set_matrix(self, matrix: ThemeMatrix, measure: str) -> None:
        self.beginResetModel()
        self.matrix, self.measure = matrix, measure
        self.endResetModel()

    @property
    def columns(self) -> list[MatrixColumn]:
        return self.matrix.columns if self.matrix else []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.matrix is None else len(self.columns) + 1

    def theme(self, row: int) -> ThemeRow:
        assert self.matrix is not None
        return self.matrix.rows[row]

    def column_key(self, column: int) -> str | None:
        """The column's key, or None for the Total column."""
        return self.columns[column].key if column < len(self.columns) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        matrix = self.matrix
        if matrix is None or not index.isValid():
            return None
        row = matrix.rows[index.row()]
        key = self.column_key(index.column())
        value = (
            matrix.row_total(row.key, self.measure)
            if key is None
            else matrix.value(row.key, key, self.measure)
        )
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "all" if key is None else self.columns[index.column()].label
            segments = matrix.row_total(row.key) if key is None else matrix.value(row.key, key)
            people = (
                matrix.row_total(row.key, "participants")
                if key is None
                else matrix.value(row.key, key, "participants")
            )
            return (
                f"{row.name} × {where}: {segments} coded segments from {people} participants."
                " Click to list the quotes."
            )
        return _cell(value, matrix.maximum(self.measure), role, total=key is None)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.matrix is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return (
                _row_header(self.matrix.rows[section], role) if section < self.rowCount() else None
            )
        if section >= len(self.columns):
            label, tip = "Total", f"All, {MEASURE_WORDS[self.measure]} counted once"
        else:
            column = self.columns[section]
            label, tip = (
                column.label,
                f"{column.label} ({column.detail})" if column.detail else column.label,
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return wrapped(label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None


class CoOccurrenceModel(QAbstractTableModel):
    """Codes down and across: in how many notes or answers both appear (diagonal: alone)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.result: CoOccurrence | None = None
        self.maximum = 0

    def set_result(self, result: CoOccurrence) -> None:
        self.beginResetModel()
        self.result = result
        self.maximum = max((n for (a, b), n in result.counts.items() if a != b), default=0)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.result is None else len(self.result.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return self.rowCount(parent)

    def theme(self, row: int) -> ThemeRow:
        assert self.result is not None
        return self.result.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.result is None or not index.isValid():
            return None
        first, second = self.theme(index.row()), self.theme(index.column())
        if _nested(first, second) or _nested(second, first):
            return _nested_cell(first, second, role)
        value = self.result.value(first.key, second.key)
        diagonal = index.row() == index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if diagonal:
                return f"{first.name} is coded in {value} notes or answers."
            return f"{first.name} and {second.name} appear together in {value} notes or answers."
        if diagonal:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(value)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.BackgroundRole:
                return TOTAL_BACKGROUND
            if role == Qt.ItemDataRole.ForegroundRole:
                return MUTED_TEXT
            return None
        return _cell(value, self.maximum, role)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.result is None or section >= self.rowCount():
            return None
        row = self.theme(section)
        if orientation == Qt.Orientation.Vertical:
            return _row_header(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return wrapped(row.name, 12)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.name
        return None


def _nested(outer: ThemeRow, inner: ThemeRow) -> bool:
    """Whether `inner` is one of the subcodes `outer` counts (so they always meet)."""
    return outer.key != inner.key and set(inner.code_ids) <= set(outer.counted_ids)


def _nested_cell(first: ThemeRow, second: ThemeRow, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return "—"
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignCenter)
    if role == Qt.ItemDataRole.ForegroundRole:
        return MUTED_TEXT
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{first.name} and {second.name}: one counts the other as a subcode."
    return None
