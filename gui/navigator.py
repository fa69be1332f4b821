"""The study navigator: each study, and under it every screen that works on that study.

Only the current study is expanded (an accordion), so the basics of three or four studies fit
without scrolling; clicking (or pressing Enter on) the current section shows it again, which is
how a user comes back from an open session.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gui.study_counts import SECTIONS as COUNTED_SECTIONS
from gui.study_counts import study_counts
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store

OVERVIEW = "overview"
# Every section a study offers, in the navigator's order (the study's own node is its overview).
SECTION_LABELS = {
    "sites": "Sites",
    "participants": "Participants",
    "instruments": "Instruments",
    "sessions": "Sessions",
    "summaries": "Summaries",
    "progress": "Progress",
    "codebook": "Codebook",
    "search": "Search",
    "connections": "Connections",
    "conflicts": "Conflicts",
}
SECTIONS = tuple(SECTION_LABELS)
# Tables whose changes can alter a count or a study's name.
COUNTED_TABLES = ("studies", "sites", "participants", "instruments", "sessions")
_KEY = Qt.ItemDataRole.UserRole
MINIMUM_WIDTH = 180


def section_label(section: str) -> str:
    return "Overview" if section == OVERVIEW else SECTION_LABELS[section]


def section_text(section: str, count: int | None = None) -> str:
    """'Sessions (23)' for a counted section, the plain label for the others."""
    label = section_label(section)
    return label if count is None else f"{label} ({count})"


class StudyNavigator(QTreeWidget):
    """Picks what the right-hand side shows; emits (study id, section) on every selection."""

    section_selected = Signal(str, str)

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        sections: Sequence[str] = SECTIONS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.sections = tuple(sections)
        self.setHeaderHidden(True)
        self.setAccessibleName("Study navigator")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)  # long study names wrap rather than lose their ends
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.currentItemChanged.connect(self._on_current_changed)
        self.itemClicked.connect(self._on_item_chosen)
        self.itemActivated.connect(self._on_item_chosen)
        tracker.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Rebuild the tree from the database, keeping the selection where it was."""
        previous = self.current_key()
        self.blockSignals(True)
        self.clear()
        for study in self.store.repos.studies.list():
            item = QTreeWidgetItem(self, [study["name"]])
            item.setData(0, _KEY, (study["id"], OVERVIEW))
            about = study["description"]
            item.setToolTip(0, f"{study['name']}\n\n{about}" if about else study["name"])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for section in self.sections:
                child = QTreeWidgetItem(item, [section_text(section)])
                child.setData(0, _KEY, (study["id"], section))
            self._show_counts(item)
        self.blockSignals(False)
        if previous and self.select(*previous):
            return
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # rows wrap anew to the new width

    def study_names(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]

    def current_key(self) -> tuple[str, str] | None:
        item = self.currentItem()
        return None if item is None else item.data(0, _KEY)

    def current_study_id(self) -> str | None:
        key = self.current_key()
        return None if key is None else key[0]

    def select(self, study_id: str, section: str = OVERVIEW) -> bool:
        """Select a study's node (or one of its sections); False if there is no such study."""
        item = self.item_for(study_id, section)
        if item is None:
            return False
        self.setCurrentItem(item)
        return True

    def item_for(self, study_id: str, section: str = OVERVIEW) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            study_item = self.topLevelItem(i)
            if study_item.data(0, _KEY)[0] != study_id:
                continue
            if section == OVERVIEW:
                return study_item
            for j in range(study_item.childCount()):
                if study_item.child(j).data(0, _KEY)[1] == section:
                    return study_item.child(j)
        return None

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        self._expand_only(current.parent() or current)
        study_id, section = current.data(0, _KEY)
        self.section_selected.emit(study_id, section)

    def _on_item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A click or Enter on the current item shows it again (e.g. back from a session)."""
        if item is self.currentItem():
            study_id, section = item.data(0, _KEY)
            self.section_selected.emit(study_id, section)

    def _expand_only(self, study_item: QTreeWidgetItem) -> None:
        for i in range(self.topLevelItemCount()):
            other = self.topLevelItem(i)
            other.setExpanded(other is study_item)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("studies"):
            self.reload()
        elif changes.touches(*COUNTED_TABLES):
            for i in range(self.topLevelItemCount()):
                self._show_counts(self.topLevelItem(i))

    def _show_counts(self, study_item: QTreeWidgetItem) -> None:
        """Update the numbers in place, so selection and scroll position stay put."""
        counts = study_counts(self.store, study_item.data(0, _KEY)[0])
        for j in range(study_item.childCount()):
            child = study_item.child(j)
            section = child.data(0, _KEY)[1]
            if section in COUNTED_SECTIONS:
                child.setText(0, section_text(section, counts[section]))


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the navigator's width (Qt's own hint ignores it)."""

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QTreeWidget):
            return size
        depth = 1 if index.parent().isValid() else 0
        width = view.viewport().width() - view.indentation() * (depth + 1) - 16
        if width <= 0:
            return size
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        wrapped = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), wrapped.height() + 8))
