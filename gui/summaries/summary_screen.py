"""Summaries of a study's questionnaires: pick one, filter, break down, read question by question.

Every figure is computed by storage.summary_stats from the database; this screen only
chooses what to ask for and shows it. It refreshes when sessions, answers, participants or
instruments change (through the write tracker, when it is given one).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.charts import wrap
from gui.record_table import screen_title
from gui.summaries.filter_bar import FilterBar
from gui.summaries.question_panel import QuestionPanel
from gui.write_tracker import WriteTracker
from instruments.statistics import scored_groups
from storage.changes import Changes
from storage.store import Store
from storage.summaries import family_versions, questionnaire_families
from storage.summary_stats import Breakdown, QuestionnaireSummary, breakdown_choices, summarise

# A profile compares principles: offered when there are at least two groups of statements.
PROFILE_MIN_GROUPS = 2
QUESTION_WIDTH = 38  # characters per line in the question list (pre-wrapped: see _list_questions)
WATCHED_TABLES = ("sessions", "answers", "participants", "instruments", "sites")
_PATH = Qt.ItemDataRole.UserRole


class SummaryScreen(QWidget):
    """Frequencies, statistics and breakdowns of one questionnaire of a study."""

    profile_requested = Signal(str)  # the instrument id to profile

    def __init__(
        self,
        store: Store,
        study_id: str | None = None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id: str | None = None
        self.summary: QuestionnaireSummary | None = None
        self._latest: dict[str, str] = {}  # family id -> its newest version's instrument id
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire")
        self.questionnaire.setMinimumContentsLength(30)
        self.questionnaire.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.breakdown = QComboBox()
        self.breakdown.setAccessibleName("Break down by")
        self.breakdown.setMinimumContentsLength(28)
        self.breakdown.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.profile_button = QPushButton("Partnership &profile…")
        self.profile_button.setToolTip(
            "Agreement per principle and partner organisation, and where partners disagree."
        )
        self.filters = FilterBar(store)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.questions = QListWidget()
        self.questions.setAccessibleName("Questions")
        self.questions.setSpacing(2)
        self.questions.setAlternatingRowColors(True)
        self.questions.setMinimumWidth(240)
        self.panel = QuestionPanel()
        self.empty = QLabel(
            "This study has no questionnaires yet. Add one from a template or import an "
            "XLSForm on the Instruments screen."
        )
        self.empty.setWordWrap(True)
        self._build_layout()
        self.questionnaire.currentIndexChanged.connect(self._questionnaire_changed)
        self.breakdown.currentIndexChanged.connect(self.refresh)
        self.filters.changed.connect(self.refresh)
        self.questions.currentItemChanged.connect(self._show_current)
        self.profile_button.clicked.connect(self._request_profile)
        if tracker is not None:
            tracker.changed.connect(self._on_changed)
        if study_id:
            self.show_study(study_id)

    def _build_layout(self) -> None:
        choose = QHBoxLayout()
        for text, widget in (
            ("&Questionnaire:", self.questionnaire),
            ("&Break down by:", self.breakdown),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            choose.addWidget(label)
            choose.addWidget(widget)
            choose.addSpacing(12)
        choose.addStretch(1)
        choose.addWidget(self.profile_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.questions)
        split.addWidget(self.panel)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([280, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title("Summaries"))
        layout.addLayout(choose)
        layout.addWidget(self.filters)
        layout.addWidget(self.caption)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.split = split

    # --- choosing --------------------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.filters.set_study(study_id)
        self._load_questionnaires()

    def _load_questionnaires(self) -> None:
        current = self.questionnaire.currentData()
        families = questionnaire_families(self.store, self.study_id) if self.study_id else []
        self.questionnaire.blockSignals(True)
        self.questionnaire.clear()
        for family in families:
            versions = f", {family['versions']} versions" if family["versions"] > 1 else ""
            text = f"{family['name']} ({family['sessions']} sessions{versions})"
            self.questionnaire.addItem(text, family["family_id"])
            self._latest[family["family_id"]] = family["latest_id"]
        index = max(0, self.questionnaire.findData(current)) if current else 0
        self.questionnaire.setCurrentIndex(index)
        self.questionnaire.blockSignals(False)
        self.empty.setVisible(not families)
        self.split.setVisible(bool(families))
        self._questionnaire_changed()

    def _questionnaire_changed(self) -> None:
        family = self.questionnaire.currentData()
        self.breakdown.blockSignals(True)
        previous = self.breakdown.currentData()
        self.breakdown.clear()
        self.breakdown.addItem("Nothing (all together)", "")
        self.breakdown.addItem("Site", "site")
        self.breakdown.addItem("Participant role", "role")
        profiled = False
        if family:
            versions = family_versions(self.store, family)
            for path, label in breakdown_choices(versions):
                self.breakdown.addItem(f"Question: {label}", f"question:{path}")
            profiled = len(scored_groups(versions[0].instrument)) >= PROFILE_MIN_GROUPS
        found = self.breakdown.findData(previous) if previous else -1
        self.breakdown.setCurrentIndex(max(0, found))
        self.breakdown.blockSignals(False)
        self.profile_button.setEnabled(profiled)
        self.refresh()

    # --- computing and showing --------------------------------------------------------------

    def refresh(self) -> None:
        family = self.questionnaire.currentData()
        if not family:
            self.summary = None
            self.caption.clear()
            self.questions.clear()
            self.panel.show_question(None, [])
            return
        summary_filter = self.filters.summary_filter(family)
        self.summary = summarise(self.store, summary_filter, self.current_breakdown())
        self.caption.setText(self._caption(self.summary))
        self._list_questions()

    def current_breakdown(self) -> Breakdown | None:
        key = self.breakdown.currentData() or ""
        if key.startswith("question:"):
            return Breakdown.question(key.removeprefix("question:"))
        return Breakdown(key) if key else None

    def _caption(self, summary: QuestionnaireSummary) -> str:
        versions = len({v.instrument_id for v in summary.versions})
        text = f"{summary.sessions} session(s) of “{summary.name}”"
        if versions > 1:
            text += f" over {versions} versions (questions matched by name)"
        text += f"; {summary.summary_filter.describe()}."
        if summary.breakdown is not None and summary.groups:
            sizes = ", ".join(f"{g}: {n}" for g, n in summary.group_sizes.items())
            text += f" Groups: {sizes}."
        return text

    def _list_questions(self) -> None:
        current = self.questions.currentItem()
        keep = current.data(_PATH) if current else None
        self.questions.blockSignals(True)
        self.questions.clear()
        select_row = 0
        for row, item in enumerate(self.summary.questions if self.summary else []):
            question = item.question
            text = f"{question.section} — {question.label}" if question.section else question.label
            entry = QListWidgetItem(wrap(text, QUESTION_WIDTH, 4))
            entry.setData(_PATH, question.path)
            entry.setToolTip(f"{text}\n{question.path} ({question.kind.replace('_', ' ')})")
            self.questions.addItem(entry)
            if question.path == keep:
                select_row = row
        self.questions.blockSignals(False)
        if self.questions.count():
            self.questions.setCurrentRow(select_row)
            self._show_current()
        else:
            self.panel.show_question(None, [])

    def _show_current(self) -> None:
        item = self.questions.currentItem()
        if item is None or self.summary is None:
            return
        found = self.summary.question(item.data(_PATH))
        self.panel.show_question(found, self.summary.groups)

    def select_question(self, path: str) -> None:
        for row in range(self.questions.count()):
            if self.questions.item(row).data(_PATH) == path:
                self.questions.setCurrentRow(row)
                return
        raise KeyError(path)

    def _request_profile(self) -> None:
        family = self.questionnaire.currentData()
        if family:
            self.profile_requested.emit(self._latest[family])

    def _on_changed(self, changes: Changes) -> None:
        if not self.study_id or not changes.touches(*WATCHED_TABLES):
            return
        if changes.touches("instruments", "sessions"):
            self._load_questionnaires()
        else:
            self.refresh()
