"""The study navigator: each study, and under it its sites, participants, instruments, sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from gui.study_counts import SECTIONS, study_counts
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store

OVERVIEW = "overview"
SECTION_LABELS = {
    "sites": "Sites",
    "participants": "Participants",
    "instruments": "Instruments",
    "sessions": "Sessions",
}
# Tables whose changes can alter a count or a study's name.
COUNTED_TABLES = ("studies", "sites", "participants", "instruments", "sessions")
_KEY = Qt.ItemDataRole.UserRole


def section_text(section: str, count: int) -> str:
    return f"{SECTION_LABELS[section]} ({count})"


class StudyNavigator(QTreeWidget):
    """Picks what the right-hand side shows; emits (study id, section) on every selection."""

    section_selected = Signal(str, str)

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setHeaderHidden(True)
        self.setAccessibleName("Study navigator")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        self.setMinimumWidth(220)
        self.currentItemChanged.connect(self._on_current_changed)
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
            item.setToolTip(0, study["description"] or study["name"])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            counts = study_counts(self.store, study["id"])
            for section in SECTIONS:
                child = QTreeWidgetItem(item, [section_text(section, counts[section])])
                child.setData(0, _KEY, (study["id"], section))
            item.setExpanded(True)
        self.blockSignals(False)
        if previous and self.select(*previous):
            return
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def study_names(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]

    def current_key(self) -> tuple[str, str] | None:
        item = self.currentItem()
        return None if item is None else item.data(0, _KEY)

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
        if current is not None:
            study_id, section = current.data(0, _KEY)
            self.section_selected.emit(study_id, section)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("studies"):
            self.reload()
        elif changes.touches(*COUNTED_TABLES):
            self._refresh_counts()

    def _refresh_counts(self) -> None:
        """Update the numbers in place, so selection and scroll position stay put."""
        for i in range(self.topLevelItemCount()):
            study_item = self.topLevelItem(i)
            counts = study_counts(self.store, study_item.data(0, _KEY)[0])
            for j in range(study_item.childCount()):
                child = study_item.child(j)
                section = child.data(0, _KEY)[1]
                child.setText(0, section_text(section, counts[section]))
