"""The Connections screen: where themes recur, and which themes go together.

"Theme matrix": codes down, sites (or participant roles, instruments, programmes) across,
counting coded segments or the participants behind them; click a cell for its quotes. Tick
"All programmes" to line up every study's codes by name, so a problem met in Durham can be
seen in Cumbria and Northumberland too. "Co-occurring codes": in how many notes two themes
appear together; click a cell for those notes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.coding.quote_list import QuoteList
from gui.connections.matrix_model import CoOccurrenceModel, ThemeMatrixModel
from gui.record_table import screen_title
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.connections import (
    DIMENSION_LABELS,
    DIMENSIONS,
    cell_segments,
    co_occurrence,
    shared_units,
    theme_matrix,
)
from storage.segment_tally import SegmentTally, segment_tally
from storage.store import Store

MEASURES = (("Coded segments", "segments"), ("Participants", "participants"))
WATCHED = ("codes", "codings", "notes", "answers", "sites", "participants", "studies")


def _table(model: Any, name: str, minimum_width: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(False)
    view.verticalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(minimum_width)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return view


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their (wrapped) headers; stretched to fill the view when they all
    fit, else kept at that width with a scroll bar, so no label or total is cut off."""
    model, header = view.model(), view.horizontalHeader()
    font = header.font()
    font.setBold(True)
    metrics = QFontMetrics(font)
    widths = []
    for column in range(model.columnCount()):
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        wanted = max((metrics.horizontalAdvance(line) for line in label.split("\n")), default=0)
        widths.append(max(wanted + 24, header.minimumSectionSize()))
    fits = sum(widths) <= view.viewport().width()
    for column, width in enumerate(widths):
        if fits:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)


class ConnectionsScreen(QWidget):
    """A study's theme matrix and co-occurrence; `show_study` switches study."""

    open_note = Signal(str, str)  # session id, note id
    open_answer = Signal(str, str)  # session id, answer id

    def __init__(
        self,
        store: Store,
        study_id: str | None = None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker or WriteTracker(self)
        self.study_id: str | None = None
        self._tally: SegmentTally | None = None
        self._tally_ids: list[str] = []
        self._co_key: tuple[tuple[str, ...], bool] | None = None
        self.title = screen_title("Connections")
        self.dimension = QComboBox()
        for key in DIMENSIONS:
            self.dimension.addItem(DIMENSION_LABELS[key], key)
        self.measure = QComboBox()
        for label, key in MEASURES:
            self.measure.addItem(label, key)
        self.subcodes = QCheckBox("Themes include their subcodes")
        self.subcodes.setChecked(True)
        self.everywhere = QCheckBox("All programmes (codes matched by name)")
        for box in (self.dimension, self.measure):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        for check in (self.subcodes, self.everywhere):
            check.toggled.connect(lambda _on: self.refresh())
        controls = QHBoxLayout()
        for caption, widget in (("Across:", self.dimension), ("Count:", self.measure)):
            label = QLabel(caption)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
            controls.addSpacing(12)
        controls.addWidget(self.subcodes)
        controls.addSpacing(12)
        controls.addWidget(self.everywhere)
        controls.addStretch(1)
        self.model = ThemeMatrixModel(self)
        self.table = _table(self.model, "Theme matrix", 72)
        self.table.clicked.connect(self.show_cell)
        self.co_model = CoOccurrenceModel(self)
        self.co_table = _table(self.co_model, "Co-occurring codes", 72)
        self.co_table.clicked.connect(self.show_pair)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Theme matrix")
        self.tabs.addTab(self.co_table, "Co-occurring codes")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.quotes_label = QLabel("Click a cell to list the quotes behind it.")
        self.quotes_label.setWordWrap(True)
        self.quotes = QuoteList(show_code=True)
        self.quotes.segment_activated.connect(self._open_segment)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.quotes_label)
        bottom_layout.addWidget(self.quotes, 1)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.tabs)
        body.addWidget(bottom)
        body.setSizes([440, 260])
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(controls)
        layout.addWidget(body, 1)
        self.tracker.changed.connect(self._on_changed)
        if study_id:
            self.show_study(study_id)

    # --- what is shown ------------------------------------------------------------------

    def study_ids(self) -> list[str]:
        if self.everywhere.isChecked():
            return [row["id"] for row in self.store.repos.studies.list()]
        return [self.study_id] if self.study_id else []

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.refresh()

    def refresh(self, data_changed: bool = False) -> None:
        """Redraw both tables; the codings are read again only when they (or the studies in
        view) changed, so switching dimension, count or roll-up is instant."""
        if not self.study_id:
            return
        study = self.store.repos.studies.get(self.study_id) or {"name": ""}
        scope = "all programmes" if self.everywhere.isChecked() else study["name"]
        self.title.setText(f"Connections — {scope}")
        ids, subcodes = self.study_ids(), self.subcodes.isChecked()
        if data_changed or self._tally is None or self._tally_ids != ids:
            self._tally, self._tally_ids = segment_tally(self.store, ids), ids
            self._co_key = None
        matrix = theme_matrix(
            self.store, ids, self.dimension.currentData(), subcodes, tally=self._tally
        )
        self.model.set_matrix(matrix, self.measure.currentData())
        fit_columns(self.table)
        if self.tabs.currentIndex() == 1:
            self._load_co_occurrence()
        if matrix.rows:
            self._tab_changed(self.tabs.currentIndex())
        else:
            self.quotes_label.setText("No codes yet: add themes in the Codebook and code notes.")
            self.quotes.set_segments([])

    def show_cell(self, index: QModelIndex) -> list[dict[str, Any]]:
        """List the quotes behind a matrix cell (the Total column: the whole row)."""
        if not index.isValid() or self.model.matrix is None:
            return []
        row = self.model.theme(index.row())
        key = self.model.column_key(index.column())
        dimension = self.model.matrix.dimension
        segments = cell_segments(self.store, self.study_ids(), row, dimension, key)
        where = "everywhere" if key is None else self.model.columns[index.column()].label
        self.quotes_label.setText(f"<b>{row.name} × {where}</b>: {len(segments)} coded segments")
        self.quotes.set_segments(segments, "Nothing coded here: none of them said it.")
        return segments

    def show_pair(self, index: QModelIndex) -> list[dict[str, Any]]:
        """List the notes where two themes meet, with the coded words of both."""
        if not index.isValid() or self.co_model.result is None:
            return []
        first, second = self.co_model.theme(index.row()), self.co_model.theme(index.column())
        units = shared_units(self.store, self.study_ids(), first, second)
        segments = [segment for unit in units for segment in unit["segments"]]
        what = (
            f"<b>{first.name}</b>"
            if first.key == second.key
            else f"<b>{first.name}</b> with <b>{second.name}</b>"
        )
        self.quotes_label.setText(f"{what}: together in {len(units)} notes or answers")
        self.quotes.set_segments(segments, "These codes never meet in one note.")
        return segments

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        fit_columns(self.table)
        if self.co_model.result is not None:
            fit_columns(self.co_table)

    def _load_co_occurrence(self) -> None:
        """Computed when its tab is shown, and again only when codings or the roll-up change."""
        key = (tuple(self.study_ids()), self.subcodes.isChecked())
        if key != self._co_key:
            self.co_model.set_result(co_occurrence(self.store, list(key[0]), key[1]))
            self._co_key = key
        fit_columns(self.co_table)

    def _tab_changed(self, tab: int) -> None:
        """Across and Count belong to the matrix; each tab has its own quotes."""
        if tab == 1 and self.study_id:
            self._load_co_occurrence()
        self.dimension.setEnabled(tab == 0)
        self.measure.setEnabled(tab == 0)
        self.quotes.set_segments([])
        self.quotes_label.setText(
            "Click a cell to list the quotes behind it."
            if tab == 0
            else "Click a cell to list the notes where both codes appear."
        )

    def _open_segment(self, segment: dict[str, Any]) -> None:
        if segment.get("note_id"):
            self.open_note.emit(segment["session_id"], segment["note_id"])
        elif segment.get("answer_id"):
            self.open_answer.emit(segment["session_id"], segment["answer_id"])

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*WATCHED):
            self.refresh(data_changed=True)
