"""The sessions table model: instant at 100,000 sessions because it never loads them all.

One query gives the matching sessions' keys in display order; the row count then grows in
chunks as the view scrolls (canFetchMore / fetchMore), and the rows' text is read a page
at a time when first painted and kept in a small cache of recent pages.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from gui.formats import display_timestamp, mode_label, status_label
from storage.repositories.session_queries import (
    SessionFilter,
    session_keys,
    session_page,
)
from storage.store import Store

Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]
CHUNK = 500  # rows added to the count per fetchMore
PAGE = 100  # rows read per query
CACHED_PAGES = 40
READ_ALL_AFTER_MS = 100  # the first rows are painted before all keys are read
KIND_LABELS = {
    "questionnaire": "Questionnaire",
    "interview": "Interview",
    "focus_group": "Focus group",
}


@dataclass(frozen=True)
class Column:
    header: str
    sort: str | None
    text: Callable[[Row], str]


def _status(row: Row) -> str:
    label = status_label(row["status"])
    return f"Second entry ({label.lower()})" if row["verifies_session_id"] else label


COLUMNS = (
    Column("Started", "started", lambda r: display_timestamp(r["started_at"])),
    Column("Instrument", "instrument", lambda r: r["instrument_name"]),
    Column("Kind", None, lambda r: KIND_LABELS.get(r["instrument_kind"], r["instrument_kind"])),
    Column("Site", "site", lambda r: r["site_name"]),
    Column("Participant", "participant", lambda r: r["participant_code"] or "(anonymous)"),
    Column("Fieldworker", "fieldworker", lambda r: r["fieldworker_name"]),
    Column("Status", "status", _status),
    Column("Mode", "mode", lambda r: mode_label(r["mode"])),
)


class SessionTableModel(QAbstractTableModel):
    """Sessions matching a filter, sorted; rows are read on demand, never all at once."""

    total_known = Signal(int)  # how many sessions match, once every key is read

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.filters = SessionFilter()
        self.sort_key = "started"
        self.descending = True
        self._keys: array = array("q")
        self._shown = 0
        self._pages: OrderedDict[int, dict[int, Row]] = OrderedDict()
        self.pages_read = 0
        self._loaded = False
        self._complete = True
        self._reader = QTimer(self, singleShot=True)  # dies with the model, never outlives it
        self._reader.timeout.connect(self._read_all_keys)

    # --- loading -------------------------------------------------------------------------

    def reload(self, filters: SessionFilter | None = None) -> None:
        """Query again (after a filter change or a write): the first chunk's keys at once,
        every key a moment later, so the first paint never waits for 100,000 keys."""
        self.beginResetModel()
        if filters is not None:
            self.filters = filters
        self._reader.stop()
        first = self._query(limit=CHUNK + 1)
        self._complete = len(first) <= CHUNK
        self._keys = first[:CHUNK]
        self._shown = len(self._keys)
        self._pages.clear()
        self._loaded = True
        self.endResetModel()
        if self._complete:
            self.total_known.emit(len(self._keys))
        else:
            self._reader.start(READ_ALL_AFTER_MS)

    def _query(self, limit: int | None = None) -> array:
        return session_keys(self.store, self.filters, self.sort_key, self.descending, limit)

    def _read_all_keys(self) -> None:
        """Every matching key, in one query; the rows already shown stay as they are."""
        self._reader.stop()
        if self._complete or self.store.conn is None:  # done, or the database was closed
            return
        keys = self._query()
        self._complete = True
        if keys[: len(self._keys)] != self._keys:  # changed meanwhile: start again
            self.beginResetModel()
            self._keys = keys
            self._shown = min(CHUNK, len(keys))
            self._pages.clear()
            self.endResetModel()
        else:
            self._keys = keys
        self.total_known.emit(len(keys))

    @property
    def complete(self) -> bool:
        """Are all matching keys read (is `total` known without a query)?"""
        return self._complete

    @property
    def total(self) -> int:
        """How many sessions match, whether or not they are in the count yet."""
        self._read_all_keys()
        return len(self._keys)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid():
            return False
        return not self._complete or self._shown < len(self._keys)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        self._read_all_keys()
        more = min(CHUNK, len(self._keys) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def show_up_to(self, row: int) -> None:
        """Grow the count so that `row` exists (to select a session far down the list)."""
        while self._shown <= row and self.canFetchMore():
            self.fetchMore()

    def _row(self, row: int) -> Row | None:
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            keys = self._keys[page_number * PAGE : (page_number + 1) * PAGE]
            page = session_page(self.store, list(keys))
            self.pages_read += 1
            self._pages[page_number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._keys[row])

    def session(self, row: int) -> Row | None:
        """The stored row behind a table row (None if it vanished since the query)."""
        if not 0 <= row < self._shown:
            return None
        return self._row(row)

    def session_id(self, row: int) -> str | None:
        found = self.session(row)
        return None if found is None else found["id"]

    def row_of_key(self, key: int) -> int | None:
        self._read_all_keys()
        try:
            return self._keys.index(key)
        except ValueError:
            return None

    # --- Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return "(deleted)" if index.column() == 0 else ""
        return COLUMNS[index.column()].text(row)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._shown:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        key, descending = COLUMNS[column].sort or "started", order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self._loaded:
            return  # the view asks again when sorting is switched on: one query is enough
        self.sort_key, self.descending = key, descending
        self.reload()
