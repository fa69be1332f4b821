"""The Search screen: every note and free-text answer of a study, best matches first.

Typing searches as you go (after a short pause). Filters narrow by site, participant role,
instrument, speaker and code (with its subcodes). The chosen hit is shown beside the list
with its codes and the matched words, and can be coded right there; a double-click (or
Return) asks the window to open the note in its session (`open_note(session, note)`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.coding.colours import swatch
from gui.coding.text_view import CodingTextView
from gui.record_table import screen_title
from gui.search.result_model import HitRole, RichTextDelegate, SearchResultModel
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.codebook import Codebook
from storage.search import SearchResults, search
from storage.search_filters import SearchFilters, filter_choices
from storage.search_query import parse_query
from storage.snippets import hit_spans
from storage.store import Store

DELAY_MS = 180
HINT = (
    "Search every interview and focus-group note and every free-text answer of this study. "
    'Words must all appear; use "quotes" for a phrase, budg* for a prefix, OR between '
    "alternatives and -word to leave a word out."
)
SOURCES = (
    ("Notes and answers", ("note", "answer")),
    ("Interview and group notes", ("note",)),
    ("Free-text answers", ("answer",)),
)


class _ResultList(QListView):
    """Return opens the chosen hit, as a double-click does."""

    activated_by_key = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_by_key.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchScreen(QWidget):
    """Search a study; `show_study(study_id)` switches study (main-window protocol)."""

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
        self.last: SearchResults | None = None
        self.query = QLineEdit()
        self.query.setPlaceholderText('Words, "a phrase", prefix*, OR, -exclude')
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search words")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.query.returnPressed.connect(self.run_search)
        self.filters: dict[str, QComboBox] = {}
        search_row = QHBoxLayout()
        caption = QLabel("&Search:")
        caption.setBuddy(self.query)
        search_row.addWidget(caption)
        search_row.addWidget(self.query, 1)
        grid = QGridLayout()
        for column, (key, label) in enumerate(
            (("site", "Site"), ("role", "Role"), ("instrument", "Instrument"))
        ):
            grid.addLayout(self._filter_box(key, label), 0, column * 2, 1, 2)
        for column, (key, label) in enumerate(
            (("speaker", "Speaker"), ("code", "Code"), ("source", "In"))
        ):
            grid.addLayout(self._filter_box(key, label), 1, column * 2, 1, 2)
        for column in range(6):
            grid.setColumnStretch(column, 1)
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        self.model = SearchResultModel(self)
        self.results = _ResultList()
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setAccessibleName("Search results")
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.selectionModel().currentChanged.connect(lambda index, _: self._preview(index))
        self.results.doubleClicked.connect(self._open)
        self.results.activated_by_key.connect(self._open)
        self.preview = CodingTextView(store, self.tracker)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.results)
        body.addWidget(self.preview)
        body.setSizes([560, 520])
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title("Search"))
        layout.addLayout(search_row)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(body, 1)
        self.tracker.changed.connect(self._on_changed)
        if study_id:
            self.show_study(study_id)

    def _filter_box(self, key: str, label: str) -> QGridLayout:
        box = QComboBox()
        box.setAccessibleName(f"Filter: {label}")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(14)
        box.currentIndexChanged.connect(lambda _index: self.run_search())
        self.filters[key] = box
        row = QGridLayout()
        caption = QLabel(f"{label}:")
        caption.setBuddy(box)
        row.addWidget(caption, 0, 0)
        row.addWidget(box, 0, 1)
        row.setColumnStretch(1, 1)
        return row

    # --- study and filters --------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        changed = study_id != self.study_id
        self.study_id = study_id
        if changed:
            self.preview.clear()
            self.load_filters()
        self.run_search()

    def load_filters(self) -> None:
        """Fill the filter boxes from the study, keeping choices that still exist."""
        if not self.study_id:
            return
        choices = filter_choices(self.store, self.study_id)
        spec = {
            "site": ("Any site", choices["sites"]),
            "role": ("Any role", choices["roles"]),
            "instrument": ("Any instrument", choices["instruments"]),
            "speaker": ("Anyone", choices["speakers"]),
        }
        for key, (anything, values) in spec.items():
            self._fill(self.filters[key], anything, values)
        codes = self.filters["code"]
        kept = codes.currentData()
        codes.blockSignals(True)
        codes.clear()
        codes.addItem("Any or no code", None)
        for node in Codebook(self.store).tree(self.study_id):
            codes.addItem(swatch(node.colour), "   " * node.depth + node.name, node.id)
        codes.setCurrentIndex(max(0, codes.findData(kept)))
        codes.blockSignals(False)
        source = self.filters["source"]
        if not source.count():
            for label, kinds in SOURCES:
                source.addItem(label, kinds)

    def _fill(self, box: QComboBox, anything: str, values: list[tuple[str, str]]) -> None:
        kept = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(anything, None)
        for value, label in values:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(kept)))
        box.blockSignals(False)

    def current_filters(self) -> SearchFilters:
        def one(key: str) -> tuple[str, ...]:
            value = self.filters[key].currentData()
            return () if value is None else (value,)

        code = self.filters["code"].currentData()
        codes = tuple(Codebook(self.store).descendant_ids(code)) if code else ()
        return SearchFilters(
            site_ids=one("site"),
            roles=one("role"),
            family_ids=one("instrument"),
            speaker_ids=one("speaker"),
            code_ids=codes,
            sources=self.filters["source"].currentData() or ("note", "answer"),
        )

    # --- searching ----------------------------------------------------------------------

    def run_search(self) -> SearchResults | None:
        self.timer.stop()
        if not self.study_id:
            return None
        text = self.query.text()
        if not parse_query(text).fts():
            self.model.set_hits([])
            self.status.setText(HINT)
            self.last = None
            return None
        kept = self._current_hit()
        results = search(self.store, self.study_id, text, self.current_filters())
        self.last = results
        self.model.set_hits(results.hits)
        self.status.setText(_status_text(results))
        row = next(
            (i for i, hit in enumerate(results.hits) if kept and hit["unit_id"] == kept),
            0 if results.hits else -1,
        )
        if row >= 0:
            self.results.setCurrentIndex(self.model.index(row, 0))
        else:
            self.preview.clear("No note or answer matches.")
        return results

    def _current_hit(self) -> str | None:
        index = self.results.currentIndex()
        return index.data(HitRole)["unit_id"] if index.isValid() else None

    def _preview(self, index: QModelIndex) -> None:
        hit: dict[str, Any] | None = index.data(HitRole) if index.isValid() else None
        if hit is None:
            return
        shown = (
            self.preview.show_note(hit["note_id"])
            if hit["note_id"]
            else self.preview.show_answer(hit["answer_id"])
        )
        if shown and self.preview.unit is not None:
            spans = hit_spans(self.preview.unit.text, parse_query(self.query.text()))
            self.preview.set_search_words(spans)
            if spans:
                self.preview.select_span(*spans[0], select=False)

    def _open(self, index: QModelIndex) -> None:
        hit = index.data(HitRole) if index.isValid() else None
        if hit is None:
            return
        if hit["note_id"]:
            self.open_note.emit(hit["session_id"], hit["note_id"])
        else:
            self.open_answer.emit(hit["session_id"], hit["answer_id"])

    def _on_changed(self, changes: Changes) -> None:
        if not self.study_id:
            return
        if changes.touches("codes", "sites", "participants", "instruments"):
            self.load_filters()
        if changes.touches("notes", "answers", "codings", "codes") and self.query.text().strip():
            self.run_search()


def _status_text(results: SearchResults) -> str:
    shown = len(results.hits)
    took = f" · {results.elapsed_ms:.0f} ms"
    if not shown:
        return "Nothing matches; try fewer words, a prefix (budg*) or OR." + took
    if results.total is not None:
        noun = "result" if results.total == 1 else "results"
        more = f", best {shown} shown" if results.total > shown else ""
        return f"{results.total:,} {noun}{more}{took}"
    window = (
        " (a very common word: ranked among its most recent matches)"
        if results.window_limited
        else ""
    )
    return f"Best {shown} of up to {results.matches:,} results{window}{took}"
