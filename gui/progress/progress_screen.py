"""Fieldwork progress of a study: targets against returns (who to chase), and sessions over time.

Figures come from storage.progress; targets are written through the repositories (and the
write tracker, when given one, so other screens hear of it).
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.charts import PROGRESS_COLOURS, chart_view, date_lines, empty_chart, horizontal_bars
from gui.formats import status_label
from gui.progress.target_dialog import TargetDialog
from gui.record_table import screen_title
from gui.result_table import GridModel, GridRow, TableChartSplit, grid_view, percent_text
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.progress import (
    TargetProgress,
    session_counts,
    sessions_over_time,
    target_progress,
)
from storage.store import Store

WATCHED_TABLES = ("sessions", "targets", "sites", "instruments", "fieldworkers")
GROUPINGS = (
    ("Site", "site"),
    ("Instrument", "instrument"),
    ("Status", "status"),
    ("Fieldworker", "fieldworker"),
)
TARGET_HEADERS = [
    "Site",
    "Instrument",
    "Target",
    "Returned",
    "Complete",
    "Drafts",
    "Complete still needed",
    "% complete",
    "Notes",
]


class ProgressScreen(QWidget):
    """Targets per site and instrument with what came back; sessions by week or month."""

    def __init__(
        self,
        store: Store,
        study_id: str | None = None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.study_id: str | None = None
        self.progress: list[TargetProgress] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.targets_model = GridModel(self)
        self.targets_table = grid_view(self.targets_model, "Targets and returns")
        self.targets_chart = chart_view(empty_chart("", ""), "Targets chart", 300)
        self.chart_instrument = QComboBox()
        self.chart_instrument.setAccessibleName("Instrument to chart")
        self.chart_instrument.setMinimumContentsLength(30)
        self.set_button = QPushButton("&Set target…")
        self.remove_button = QPushButton("&Remove target")
        self.grouping = QComboBox()
        self.grouping.setAccessibleName("Group sessions by")
        for label, key in GROUPINGS:
            self.grouping.addItem(label, key)
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        self.period.addItem("Week", "week")
        self.period.addItem("Month", "month")
        self.running = QCheckBox("Running &total")
        self.running.setChecked(True)
        self.time_chart = chart_view(empty_chart("", ""), "Sessions over time chart", 300)
        self.counts_model = GridModel(self)
        self.counts_table = grid_view(self.counts_model, "Sessions by status")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._targets_tab(), "Targets")
        self.tabs.addTab(self._time_tab(), "Over time")
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title("Fieldwork progress"))
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.set_button.clicked.connect(self.edit_target)
        self.remove_button.clicked.connect(self.remove_target)
        self.targets_table.selectionModel().selectionChanged.connect(self._selection_changed)
        for combo in (self.grouping, self.period):
            combo.currentIndexChanged.connect(self._refresh_time)
        self.running.toggled.connect(self._refresh_time)
        self.chart_instrument.currentIndexChanged.connect(self._chart_targets)
        if tracker is not None:
            tracker.changed.connect(self._on_changed)
        if study_id:
            self.show_study(study_id)

    def _targets_tab(self) -> QWidget:
        tab = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        label = QLabel("&Chart:")
        label.setBuddy(self.chart_instrument)
        buttons.addWidget(label)
        buttons.addWidget(self.chart_instrument)
        self.targets_split = TableChartSplit(self.targets_table, self.targets_chart)
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.targets_split, 1)
        return tab

    def _time_tab(self) -> QWidget:
        tab = QWidget()
        controls = QHBoxLayout()
        for text, widget in (("&Group by:", self.grouping), ("&Per:", self.period)):
            label = QLabel(text)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addWidget(self.running)
        controls.addStretch(1)
        self.time_split = TableChartSplit(self.counts_table, self.time_chart, share=0.4)
        layout = QVBoxLayout(tab)
        layout.addLayout(controls)
        layout.addWidget(self.time_split, 1)
        return tab

    # --- showing ------------------------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.refresh()

    def refresh(self) -> None:
        self._refresh_targets()
        self._refresh_time()

    def _refresh_targets(self) -> None:
        self.progress = target_progress(self.store, self.study_id) if self.study_id else []
        rows = [_target_row(p) for p in self.progress]
        self.targets_model.set_grid(TARGET_HEADERS, rows, numeric_from=2)
        targeted = [p for p in self.progress if p.target is not None]
        behind = [p for p in targeted if p.behind]
        if not targeted:
            self.summary.setText(
                "No targets yet. Choose Set target… to say how many sessions each site "
                "should return for an instrument (for example, questionnaires per school)."
            )
        else:
            by_site: dict[str, int] = {}
            for p in behind:
                by_site[p.site_name] = by_site.get(p.site_name, 0) + (p.still_to_come or 0)
            chase = ", ".join(
                f"{site} ({count})" for site, count in sorted(by_site.items(), key=lambda i: -i[1])
            )
            self.summary.setText(
                f"{len(targeted) - len(behind)} of {len(targeted)} targets met."
                + (f" Completed sessions still needed, by site: {chase}." if behind else "")
            )
        self._offer_instruments(targeted)
        self.targets_split.fit()
        self._selection_changed()

    def _offer_instruments(self, targeted: list[TargetProgress]) -> None:
        """Instruments with targets, the one with most still to come first."""
        shortfall: dict[str, int] = {}
        names: dict[str, str] = {}
        for p in targeted:
            shortfall[p.family_id] = shortfall.get(p.family_id, 0) + (p.still_to_come or 0)
            names[p.family_id] = p.instrument_name
        keep = self.chart_instrument.currentData()
        self.chart_instrument.blockSignals(True)
        self.chart_instrument.clear()
        for family in sorted(shortfall, key=lambda f: (-shortfall[f], names[f])):
            self.chart_instrument.addItem(names[family], family)
        found = self.chart_instrument.findData(keep) if keep else -1
        self.chart_instrument.setCurrentIndex(max(0, found))
        self.chart_instrument.blockSignals(False)
        self._chart_targets()

    def _chart_targets(self) -> None:
        family = self.chart_instrument.currentData()
        rows = [p for p in self.progress if p.target is not None and p.family_id == family]
        self._set_chart(
            self.targets_chart, _targets_chart(rows, self.chart_instrument.currentText())
        )

    def _refresh_time(self) -> None:
        if not self.study_id:
            return
        by, period = self.grouping.currentData(), self.period.currentData()
        counts = session_counts(self.store, self.study_id, by)
        rows = [
            GridRow(
                [
                    status_label(c.group),
                    str(c.draft),
                    str(c.complete),
                    str(c.verified),
                    str(c.total),
                ]
            )
            for c in counts
        ]
        if counts:
            totals = [sum(getattr(c, f) for c in counts) for f in ("draft", "complete", "verified")]
            rows.append(GridRow(["All", *map(str, totals), str(sum(totals))], bold=True))
        label = self.grouping.currentText()
        self.counts_model.set_grid([label, "Draft", "Complete", "Verified", "Total"], rows)
        timeline = sessions_over_time(self.store, self.study_id, by, period)
        running = self.running.isChecked()
        series = timeline.cumulative() if running else timeline.series
        series = {status_label(k): v for k, v in series.items()}
        title = f"Sessions started per {period}, by {label.lower()}"
        if not timeline.periods:
            chart = empty_chart(title, "No sessions yet.")
        else:
            chart = date_lines(
                title + (" (running total)" if running else ""),
                timeline.periods,
                series,
                f"{period.capitalize()} starting",
                "Sessions (running total)" if running else "Sessions",
            )
        self._set_chart(self.time_chart, chart)
        self.time_split.fit()

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        previous = view.chart()
        view.setChart(chart)
        if previous is not None and previous is not chart:
            previous.deleteLater()

    # --- targets ------------------------------------------------------------------------------

    def selected(self) -> TargetProgress | None:
        rows = self.targets_table.selectionModel().selectedRows()
        return self.progress[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.remove_button.setEnabled(chosen is not None and chosen.target is not None)

    def edit_target(self) -> TargetDialog | None:
        if not self.study_id:
            return None
        chosen = self.selected()
        dialog = TargetDialog(
            self.store,
            self.study_id,
            self.tracker,
            site_id=chosen.site_id if chosen else None,
            family_id=chosen.family_id if chosen else None,
            parent=self,
        )
        dialog.accepted.connect(self._after_write)
        dialog.open()
        return dialog

    def remove_target(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.target is None or not chosen.site_id:
            return
        answer = QMessageBox.question(
            self,
            "Remove target",
            f"Remove the target of {chosen.target} for {chosen.instrument_name} at "
            f"{chosen.site_name}? Sessions are not affected.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        site_id, family_id = chosen.site_id, chosen.family_id

        def write() -> bool:
            return self.store.repos.targets.delete(site_id, family_id)

        if self.tracker is not None:
            self.tracker.run(write, ["targets"])
        else:
            write()
        self._after_write()

    def _after_write(self) -> None:
        if self.tracker is None:
            self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*WATCHED_TABLES):
            self.refresh()


def _target_row(progress: TargetProgress) -> GridRow:
    no_target = progress.target is None
    return GridRow(
        [
            progress.site_name,
            progress.instrument_name,
            "–" if no_target else str(progress.target),
            str(progress.returned),
            str(progress.complete),
            str(progress.drafts),
            "–" if no_target else str(progress.still_to_come),
            percent_text(progress.percent_complete),
            progress.notes,
        ],
        marked=progress.behind,
        tooltip="Behind its target: chase this site." if progress.behind else "",
    )


def _targets_chart(targeted: list[TargetProgress], instrument: str) -> QChart:
    title = f"Returns against targets: {instrument}" if instrument else "Returns against targets"
    if not targeted:
        return empty_chart(title, "No targets set.")
    categories = [p.site_name for p in targeted]
    return horizontal_bars(
        title,
        categories,
        [
            ("Complete", [p.complete for p in targeted], PROGRESS_COLOURS["complete"]),
            (
                "Draft (returned, not complete)",
                [p.drafts for p in targeted],
                PROGRESS_COLOURS["draft"],
            ),
            (
                "Not returned yet",
                [max(0, (p.target or 0) - p.returned) for p in targeted],
                PROGRESS_COLOURS["to come"],
            ),
        ],
        "Sessions",
        stacked=True,
        integers=True,
    )
