"""A read-only table of repository rows: the model and the screen that lists one study's rows.

Sites, instruments and sessions use it until their own, richer screens replace them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store

Row = dict[str, Any]
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """A column: its header and how a row's cell reads."""

    header: str
    text: Callable[[Row], str]


def field(name: str) -> Callable[[Row], str]:
    """A cell that shows one stored value as text."""
    return lambda row: "" if row.get(name) is None else str(row[name])


class RecordTableModel(QAbstractTableModel):
    """Rows already fetched from a repository, shown read-only."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(self._rows[index.row()])
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None


def make_table_view(model: QAbstractTableModel, accessible_name: str) -> QTableView:
    """A table view set up the same way on every screen: whole rows, no in-place editing."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def screen_title(text: str) -> QLabel:
    """The heading at the top of a screen."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


class RecordListScreen(QWidget):
    """A heading, a read-only table of one study's rows, and a sentence when there are none."""

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        title: str,
        columns: Sequence[Column],
        load: Callable[[Store, str], list[Row]],
        empty_text: str,
        tables: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id: str | None = None
        self.tables = frozenset(tables)
        self._load = load
        self.model = RecordTableModel(columns, self)
        self.table = make_table_view(self.model, title)
        self.empty = QLabel(empty_text)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(title))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # takes the space while the table is hidden
        tracker.changed.connect(self._on_changed)

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.refresh()

    def refresh(self) -> None:
        rows = self._load(self.store, self.study_id) if self.study_id else []
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))  # no empty grid of squashed headers
        self.table.resizeColumnsToContents()

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*self.tables):
            self.refresh()
