"""The Conflicts table: one row per overwritten value, kept and other side by side."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gui.formats import display_timestamp

if TYPE_CHECKING:
    from storage.conflict_review import ConflictReview

Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "What",
    "Field",
    "Kept value",
    "Other value",
    "Other value from",
    "Other written",
    "Review",
)
KEPT_COLUMN, OTHER_COLUMN, REVIEW_COLUMN = 2, 3, 6
#: Widest a column starts (pixels): the whole text is in the tooltip and the panel below.
MAX_WIDTHS = {0: 260, KEPT_COLUMN: 140, OTHER_COLUMN: 140}
SHORT = 60
RESOLVED_COLOUR = "#6b6b6b"


def review_state(review: ConflictReview) -> str:
    conflict = review.conflict
    if not conflict.resolved_at:
        return "To review"
    how = "Restored" if conflict.resolution == "restored" else "Kept as is"
    return f"{how} {display_timestamp(conflict.resolved_at)}"


def value_text(table: str, column: str, stored: str | None) -> str:
    """A kept or lost value as a person reads it (conflicts store values as text)."""
    if stored is None:
        return "(empty)"
    if column == "deleted":
        return {"1": "deleted", "0": "present"}.get(stored, stored)
    if table == "answers" and column == "value":
        try:
            value = json.loads(stored)
        except ValueError:
            return stored
        if isinstance(value, list):
            return ", ".join(str(item) for item in value) or "(none chosen)"
        return "(empty)" if value is None else str(value)
    return stored if stored != "" else "(empty)"


def field_text(table: str, column: str) -> str:
    if table == "answers" and column == "value":
        return "answer"
    return column.replace("_", " ")


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHORT else flat[: SHORT - 1] + "…"


class ConflictModel(QAbstractTableModel):
    """Reviewed conflicts, held whole: they are few (one per value a merge overwrote)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.reviews: list[ConflictReview] = []

    def set_reviews(self, reviews: list[ConflictReview]) -> None:
        self.beginResetModel()
        self.reviews = list(reviews)
        self.endResetModel()

    def review(self, row: int) -> ConflictReview | None:
        return self.reviews[row] if 0 <= row < len(self.reviews) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.reviews)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def cells(self, review: ConflictReview) -> list[str]:
        conflict = review.conflict
        table, column = conflict.table_name, conflict.column_name
        return [
            f"{review.kind}: {review.record}",
            field_text(table, column),
            value_text(table, column, conflict.kept_value),
            value_text(table, column, conflict.lost_value),
            review.lost_device,
            display_timestamp(conflict.lost_updated_at),
            review_state(review),
        ]

    def tooltip(self, review: ConflictReview, column: int, text: str) -> str | None:
        """The whole text when cut short; where each value came from."""
        if column == KEPT_COLUMN:
            return f"{text}\n\nKept, from {review.kept_device}"
        if column == OTHER_COLUMN:
            return f"{text}\n\nOverwritten, from {review.lost_device}"
        return text if len(text) > SHORT or "\n" in text else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        review = self.review(index.row()) if index.isValid() else None
        if review is None or not 0 <= index.column() < len(HEADERS):
            return None
        text = self.cells(review)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _short(text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(review, index.column(), text)
        if role == Qt.ItemDataRole.ForegroundRole and review.conflict.resolved_at:
            return QBrush(QColor(RESOLVED_COLOUR))
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None
