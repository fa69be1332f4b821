"""Search hits as a list model, drawn as rich text: who and where, then the snippet with the
matched words marked."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gui.formats import display_date
from storage.repositories.note_review import HIT_END, HIT_START

HtmlRole = Qt.ItemDataRole.UserRole + 1
HitRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
SELECTED = QColor("#d6e6f7")
KIND_LABELS = {
    "note": "Note",
    "quote": "Quote",
    "observation": "Observation",
    "summary": "Summary",
    "answer": "Answer",
}


def snippet_html(snippet: str) -> str:
    """A snippet with its hit markers turned into bold words on a yellow ground."""
    text = escape(snippet)
    return text.replace(HIT_START, "<b style='background:#ffe066'>").replace(HIT_END, "</b>")


def hit_html(hit: dict[str, Any]) -> str:
    kind = KIND_LABELS.get(hit.get("note_kind") or hit["kind"], hit["kind"])
    who = hit.get("speaker") or ""
    if who and hit.get("role"):
        who += f" ({hit['role']})"
    where = [who, hit.get("site_name") or "", hit.get("instrument_name") or ""]
    where.append(display_date(hit.get("started_at")))
    heading = " · ".join(escape(part) for part in where if part)
    return (
        f"<span style='color:#555555'><b>{kind}</b> · {heading}</span><br>"
        f"{snippet_html(hit.get('snippet') or '')}"
    )


class SearchResultModel(QAbstractListModel):
    """The hits of the last search, best first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[dict[str, Any]] = []

    def set_hits(self, hits: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.get("snippet", "").replace(HIT_START, "").replace(HIT_END, "")
        if role == HtmlRole:
            return hit_html(hit)
        if role == HitRole:
            return hit
        return None


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's HtmlRole, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(HtmlRole) or "")
        view = option.widget
        width = view.viewport().width() if view is not None else option.rect.width()
        document.setTextWidth(max(width - 12, 160))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, SELECTED)
        elif index.row() % 2:
            painter.fillRect(option.rect, QColor("#f7f7f7"))
        document = self._document(option, index)
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        document.drawContents(painter, QRectF(0, 0, option.rect.width() - 12, option.rect.height()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 8)
