"""What a study is about and how much it holds: the screen shown when a study is selected.

It is also where a new user starts: buttons for the everyday beginnings (a questionnaire
session, an interview, a focus group, importing a questionnaire) trigger the window's own
menu actions, so they are enabled and disabled in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.navigator import SECTION_LABELS
from gui.record_table import screen_title
from gui.study_counts import SECTIONS, study_counts
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store

HINT = (
    "Choose a section on the left: Sessions lists every questionnaire, interview and focus "
    "group; Summaries, Progress, Codebook, Search and Connections work on what was collected."
)


class StudyOverviewScreen(QWidget):
    """The study's name, description and counts, and buttons to start something."""

    tables = frozenset({"studies", "sites", "participants", "instruments", "sessions"})

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        start_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
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
        self.start_buttons = [ActionButton(action) for action in start_actions]
        starts = QHBoxLayout()
        for button in self.start_buttons:
            starts.addWidget(button)
        starts.addStretch(1)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addSpacing(16)
        layout.addLayout(starts)
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


class ActionButton(QPushButton):
    """A push button that triggers an action and follows its enabled state.

    The action's &-letter is left out: the menu bar already uses those letters.
    """

    def __init__(self, action: QAction) -> None:
        super().__init__(action.text().replace("&", ""))
        self.action = action
        self.setToolTip(action.statusTip())
        self.clicked.connect(action.trigger)
        action.changed.connect(self.follow_action)
        self.follow_action()

    def follow_action(self) -> None:
        self.setEnabled(self.action.isEnabled())
