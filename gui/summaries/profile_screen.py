"""The partnership profile screen: how each partner organisation rates each principle.

The first tab compares organisation scores principle by principle, with the principles
where partners disagree flagged; the second shows the spread of answers within one
principle. The spread measure and threshold are stated on the screen.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.charts import chart_view, empty_chart
from gui.record_table import screen_title
from gui.result_table import GridModel, TableChartSplit, grid_view
from gui.summaries.filter_bar import FilterBar
from gui.summaries.profile_tables import (
    distribution_chart,
    distribution_grid,
    explanation,
    headline,
    means_chart,
    principle_grid,
)
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.partnership_profile import PartnershipProfile, partnership_profile
from storage.store import Store

WATCHED_TABLES = ("sessions", "answers", "participants", "instruments")


class PartnershipProfileScreen(QWidget):
    """Agreement per principle and partner organisation, for one instrument (all versions)."""

    def __init__(
        self,
        store: Store,
        instrument_id: str,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.instrument_id = instrument_id
        self.profile: PartnershipProfile | None = None
        instrument = store.repos.instruments.get(instrument_id)
        if instrument is None:
            raise KeyError(instrument_id)
        self.title = screen_title(f"Partnership profile: {instrument['name']}")
        self.title.setWordWrap(True)
        self.filters = FilterBar(store)
        self.filters.set_study(instrument["study_id"])
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Where partners disagree")
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.scores_model = GridModel(self)
        self.scores_table = grid_view(self.scores_model, "Scores by principle")
        self.means = chart_view(empty_chart("", ""), "Scores by principle chart", 340)
        self.principle = QComboBox()
        self.principle.setAccessibleName("Principle")
        self.distribution_model = GridModel(self)
        self.distribution_table = grid_view(self.distribution_model, "Answers by organisation")
        self.distribution = chart_view(empty_chart("", ""), "Answers by organisation chart", 300)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scores_tab(), "Scores by principle")
        self.tabs.addTab(self._distribution_tab(), "Answers within a principle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.filters)
        layout.addWidget(self.explanation)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)
        self.filters.changed.connect(self.refresh)
        self.principle.currentIndexChanged.connect(self._show_principle)
        if tracker is not None:
            tracker.changed.connect(self._on_changed)
        self.refresh()

    def _scores_tab(self) -> QWidget:
        self.scores_split = TableChartSplit(self.scores_table, self.means)
        return self.scores_split

    def _distribution_tab(self) -> QWidget:
        tab = QWidget()
        choose = QHBoxLayout()
        label = QLabel("P&rinciple:")
        label.setBuddy(self.principle)
        choose.addWidget(label)
        choose.addWidget(self.principle, 1)
        self.distribution_split = TableChartSplit(self.distribution_table, self.distribution)
        layout = QVBoxLayout(tab)
        layout.addLayout(choose)
        layout.addWidget(self.distribution_split, 1)
        return tab

    def refresh(self) -> None:
        summary_filter = self.filters.summary_filter()
        self.profile = profile = partnership_profile(self.store, self.instrument_id, summary_filter)
        if profile.is_empty:
            self.explanation.setText(
                "This questionnaire has no groups of statements on a scored scale (choices "
                "with a score column), so there is no profile to draw. The partnership "
                "assessment template has them."
            )
            self.headline.clear()
            self.tabs.setEnabled(False)
            return
        self.tabs.setEnabled(True)
        respondents = sum(profile.respondents.values())
        self.explanation.setText(
            f"{respondents} respondent(s) from {len(profile.organisations)} organisation(s); "
            f"{summary_filter.describe()}. {explanation(profile)}"
        )
        self.headline.setText(headline(profile))
        headers, rows, tips = principle_grid(profile)
        self.scores_model.set_grid(headers, rows, numeric_from=1, header_tooltips=tips)
        self._set_chart(self.means, means_chart(profile))
        self.scores_split.fit()
        keep = self.principle.currentIndex()
        self.principle.blockSignals(True)
        self.principle.clear()
        for principle in profile.principles:
            self.principle.addItem(principle.label, principle.path)
        self.principle.setCurrentIndex(max(0, keep))
        self.principle.blockSignals(False)
        self._show_principle()

    def _show_principle(self) -> None:
        if self.profile is None or self.profile.is_empty:
            return
        principle = self.profile.principles[max(0, self.principle.currentIndex())]
        headers, rows = distribution_grid(self.profile, principle)
        self.distribution_model.set_grid(headers, rows)
        self._set_chart(self.distribution, distribution_chart(self.profile, principle))
        self.distribution_split.fit()

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        previous = view.chart()
        view.setChart(chart)
        if previous is not None and previous is not chart:
            previous.deleteLater()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED_TABLES):
            self.refresh()
