"""Summary, profile and progress screens and the template dialog render for the demo."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QAbstractAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.progress import ProgressScreen, TargetDialog
from gui.summaries import PartnershipProfileScreen, SummaryScreen
from gui.templates_dialog import NewFromTemplateDialog
from gui.write_tracker import WriteTracker


@pytest.fixture
def durham(demo_store) -> dict:
    return demo_store.repos.studies.by_name("Durham integrated teams")


def _instrument(store, study_id: str, name: str) -> dict:
    return next(i for i in store.repos.instruments.list(study_id) if i["name"] == name)


def _choose(screen: SummaryScreen, text: str) -> None:
    index = next(
        i for i in range(screen.questionnaire.count()) if text in screen.questionnaire.itemText(i)
    )
    screen.questionnaire.setCurrentIndex(index)


def _cells(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _titled(chart) -> bool:
    axes: list[QAbstractAxis] = chart.axes()
    return (
        bool(chart.title())
        and bool(axes)
        and all(a.titleText() for a in axes if a.orientation() == Qt.Orientation.Horizontal)
    )


@pytest.fixture
def summary_screen(qtbot, demo_store, durham):
    screen = SummaryScreen(demo_store, durham["id"])
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    return screen


def test_summary_screen_lists_the_study_questionnaires(summary_screen):
    names = [summary_screen.questionnaire.itemText(i) for i in range(3)]
    assert summary_screen.questionnaire.count() == 3
    assert any(name.startswith("Partnership assessment") for name in names)


def test_select_question_shows_frequencies_and_a_titled_chart(summary_screen, qtmodeltester):
    _choose(summary_screen, "Client and carer experience")
    summary_screen.select_question("overall")
    model = summary_screen.panel.model
    qtmodeltester.check(model)
    cells = _cells(model)
    assert cells[0][0] == "Very good"
    assert [row[0] for row in cells[-3:]] == ["Don't know", "Missing", cells[-1][0]]
    assert cells[-1][0].startswith("Total")
    total = summary_screen.summary.question("overall").overall.total
    assert cells[-1][1] == str(total)
    chart = summary_screen.panel.chart.chart()
    assert chart.title() == "Overall, how would you rate the help you have had?"
    assert chart.series() and _titled(chart)


def test_number_question_shows_statistics(summary_screen):
    _choose(summary_screen, "Client and carer experience")
    summary_screen.select_question("wait_weeks")
    headers = [
        summary_screen.panel.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(summary_screen.panel.model.columnCount())
    ]
    assert headers == ["Group", "n", "Mean", "Median", "Min", "Max", "SD", "Missing"]
    stats = summary_screen.summary.question("wait_weeks").overall
    assert _cells(summary_screen.panel.model)[0][1] == str(stats.n)
    assert summary_screen.panel.chart.chart().series()


def test_breakdown_by_site_adds_a_column_per_site(summary_screen, durham, demo_store):
    _choose(summary_screen, "Client and carer experience")
    summary_screen.breakdown.setCurrentIndex(summary_screen.breakdown.findData("site"))
    summary_screen.select_question("overall")
    sites = len(demo_store.repos.studies.sites(durham["id"]))
    assert summary_screen.panel.model.columnCount() == 2 + sites
    assert "Groups:" in summary_screen.caption.text()


def test_breakdown_by_a_select_question(summary_screen):
    _choose(summary_screen, "Partnership assessment")
    index = summary_screen.breakdown.findData("question:about_you/sector")
    assert index > 0
    summary_screen.breakdown.setCurrentIndex(index)
    assert summary_screen.summary.breakdown.path == "about_you/sector"
    assert "Local authority" in summary_screen.summary.groups


def test_withdrawn_filter_changes_the_count(summary_screen):
    _choose(summary_screen, "Client and carer experience")
    without = summary_screen.summary.sessions
    summary_screen.filters.withdrawn.setChecked(True)
    assert summary_screen.summary.sessions > without
    assert "withdrawn participants included" in summary_screen.caption.text()


def test_date_filter_starts_at_the_fieldwork_dates(summary_screen):
    _choose(summary_screen, "Partnership assessment")
    everything = summary_screen.summary.sessions
    filters = summary_screen.filters
    assert filters.date_from.date() <= filters.date_to.date()
    filters.use_from.setChecked(True)
    filters.use_to.setChecked(True)
    assert summary_screen.summary.sessions == everything
    filters.date_to.setDate(filters.date_from.date())
    assert summary_screen.summary.sessions < everything
    assert "started" in summary_screen.caption.text()


def test_status_filter(summary_screen):
    _choose(summary_screen, "Partnership assessment")
    everything = summary_screen.summary.sessions
    summary_screen.filters.status.setCurrentIndex(summary_screen.filters.status.findText("Draft"))
    assert 0 < summary_screen.summary.sessions < everything


def test_profile_button_asks_for_the_partnership_profile(summary_screen, qtbot, durham):
    _choose(summary_screen, "Client and carer experience")
    assert not summary_screen.profile_button.isEnabled()
    _choose(summary_screen, "Partnership assessment")
    assert summary_screen.profile_button.isEnabled()
    with qtbot.waitSignal(summary_screen.profile_requested) as signal:
        summary_screen.profile_button.click()
    latest = _instrument(summary_screen.store, durham["id"], "Partnership assessment")
    assert signal.args == [latest["id"]]


def test_summary_refreshes_when_the_tracker_reports_a_write(qtbot, demo_store, durham):
    tracker = WriteTracker()
    screen = SummaryScreen(demo_store, durham["id"], tracker)
    qtbot.addWidget(screen)
    _choose(screen, "Partnership assessment")
    before = screen.summary.sessions
    instrument = _instrument(demo_store, durham["id"], "Partnership assessment")
    tracker.run(
        lambda: demo_store.repos.sessions.start(durham["id"], instrument["id"]), ["sessions"]
    )
    assert screen.summary.sessions == before + 1


def test_partnership_profile_screen_flags_disagreement(qtbot, demo_store, durham, qtmodeltester):
    instrument = _instrument(demo_store, durham["id"], "Partnership assessment")
    screen = PartnershipProfileScreen(demo_store, instrument["id"])
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtmodeltester.check(screen.scores_model)
    assert screen.scores_model.rowCount() == 6
    flagged = [row for row in screen.scores_model.rows if row.marked]
    assert flagged and all("partners disagree" in row.cells[0] for row in flagged)
    assert screen.headline.text().startswith("Partners disagree most on")
    assert "1.0" in screen.explanation.text() and "Spread" in screen.explanation.text()
    assert _titled(screen.means.chart())
    screen.tabs.setCurrentIndex(1)
    screen.principle.setCurrentIndex(3)
    cells = _cells(screen.distribution_model)
    assert cells[-1][0] == "All partners"
    assert screen.distribution.chart().title().startswith("Trust")


def test_profile_of_a_questionnaire_without_scored_statements_says_so(qtbot, demo_store, durham):
    plain = demo_store.repos.instruments.add(
        durham["id"],
        "questionnaire",
        "Plain",
        {"format": 1, "kind": "questionnaire", "form_id": "plain", "title": "Plain"},
    )
    screen = PartnershipProfileScreen(demo_store, plain)
    qtbot.addWidget(screen)
    assert "no groups of statements" in screen.explanation.text()
    assert not screen.tabs.isEnabled()


@pytest.fixture
def progress_screen(qtbot, demo_store, durham):
    tracker = WriteTracker()
    screen = ProgressScreen(demo_store, durham["id"], tracker)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    return screen


def test_progress_screen_lists_targets_behind_first(progress_screen, qtmodeltester):
    qtmodeltester.check(progress_screen.targets_model)
    rows = progress_screen.targets_model.rows
    assert rows[0].marked and not rows[-1].marked
    assert "targets met" in progress_screen.summary.text()
    assert progress_screen.chart_instrument.count() == 3
    assert _titled(progress_screen.targets_chart.chart())


def test_progress_over_time_by_each_grouping(progress_screen):
    progress_screen.tabs.setCurrentIndex(1)
    for index in range(progress_screen.grouping.count()):
        progress_screen.grouping.setCurrentIndex(index)
        assert progress_screen.counts_model.rows[-1].cells[0] == "All"
        assert progress_screen.time_chart.chart().series()
    progress_screen.period.setCurrentIndex(1)
    progress_screen.running.setChecked(False)
    assert "per month" in progress_screen.time_chart.chart().title()


def test_setting_and_removing_a_target(progress_screen, demo_store, durham, qtbot, monkeypatch):
    site = demo_store.repos.studies.sites(durham["id"])[0]
    guide = demo_store.repos.instruments.list(durham["id"], kind="interview")[0]
    dialog = TargetDialog(demo_store, durham["id"], progress_screen.tracker)
    qtbot.addWidget(dialog)
    dialog.site.setCurrentIndex(dialog.site.findData(site["id"]))
    dialog.instrument.setCurrentIndex(dialog.instrument.findData(guide["family_id"]))
    dialog.target.setValue(5)
    dialog.notes.setText("five interviews per team")
    dialog.save()
    assert demo_store.repos.targets.get(site["id"], guide["family_id"])["target"] == 5
    row = next(
        i
        for i, p in enumerate(progress_screen.progress)
        if p.site_id == site["id"] and p.family_id == guide["family_id"]
    )
    assert progress_screen.progress[row].target == 5
    progress_screen.targets_table.selectRow(row)
    assert progress_screen.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    progress_screen.remove_target()
    assert demo_store.repos.targets.get(site["id"], guide["family_id"]) is None


def test_new_questionnaire_from_template(qtbot, demo_store, durham):
    tracker = WriteTracker()
    dialog = NewFromTemplateDialog(demo_store, durham["id"], tracker)
    qtbot.addWidget(dialog)
    dialog.templates.setCurrentRow(1)
    assert dialog.name.text() == "Team assessment of inter-professional working"
    assert "profession" in dialog.description.text()
    dialog.name.setText("Team assessment, second round")
    with qtbot.waitSignal(tracker.changed):
        dialog.create()
    stored = demo_store.repos.instruments.get(dialog.instrument_id)
    assert stored["name"] == "Team assessment, second round"
    assert stored["form_id"] == "team_assessment_2"


def test_template_dialog_refuses_an_empty_name(qtbot, demo_store, durham):
    dialog = NewFromTemplateDialog(demo_store, durham["id"])
    qtbot.addWidget(dialog)
    dialog.name.setText("  ")
    dialog.create()
    assert dialog.instrument_id is None
    assert "name" in dialog.message.text()
