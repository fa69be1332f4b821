"""What a study is about and how much it holds: the screen shown when a study is selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.navigator import SECTION_LABELS
from gui.record_table import screen_title
from gui.study_counts import SECTIONS, study_counts
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store


class StudyOverviewScreen(QWidget):
    """The study's name, description and counts; a starting point, not an editor."""

    tables = frozenset({"studies", "sites", "participants", "instruments", "sessions"})

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id: str | None = None
        self.title = screen_title("")
        self.title.setWordWrap(True)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts: dict[str, QLabel] = {}
        form = QFormLayout()
        for section in SECTIONS:
            label = QLabel()
            label.setAccessibleName(SECTION_LABELS[section])
            self.counts[section] = label
            form.addRow(f"{SECTION_LABELS[section]}:", label)
        hint = QLabel("Choose Sites, Participants, Instruments or Sessions on the left.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addStretch(1)
        tracker.changed.connect(self._on_changed)

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.refresh()

    def refresh(self) -> None:
        study = self.store.repos.studies.get(self.study_id) if self.study_id else None
        if study is None:
            return
        self.title.setText(study["name"])
        self.description.setText(study["description"] or "No description.")
        for section, count in study_counts(self.store, study["id"]).items():
            self.counts[section].setText(str(count))

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*self.tables):
            self.refresh()
