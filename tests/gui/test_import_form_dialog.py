"""File > Import questionnaire: an XLSForm into the selected study, with its report; a refused
form is explained by sheet and row and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
from openpyxl import Workbook

from gui.import_form_dialog import ImportReportDialog, import_form_file
from gui.instruments_screen import InstrumentsScreen
from gui.write_tracker import WriteTracker


def write_form(path, rows, title="Home visit check", form_id="home_visit"):
    """A small XLSForm: survey (with a calculation column), choices and settings."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "calculation"])
    for row in rows:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yn", "yes", "Yes"])
    choices.append(["yn", "no", "No"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([title, form_id, "1"])
    book.save(path)
    return path


GOOD = [
    ("select_one yn", "support", "Do you get enough support?", ""),
    ("geopoint", "where", "Where was the visit?", ""),
    ("integer", "visits", "Visits this month", ""),
]
REFUSED = [
    ("integer", "visits", "Visits this month", ""),
    ("calculate", "twice", "", "(${visits} * 2"),
]


def content(db_path) -> dict[str, list[str]]:
    """Every row of every table, to compare a database before and after."""
    with sqlite3.connect(db_path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: sorted(map(repr, conn.execute(f"SELECT * FROM [{name}]").fetchall()))
            for name in names
            if not name.startswith("notes_fts")
        }


@pytest.fixture
def choose(monkeypatch):
    """Answer the file dialog with a given path."""

    def answer(path):
        monkeypatch.setattr("gui.import_form_dialog.choose_form_file", lambda *args: path)

    return answer


def test_import_questionnaire_adds_it_to_the_study_and_shows_the_report(
    window, demo_store, durham, tmp_path, choose
):
    choose(write_form(tmp_path / "home_visit.xlsx", GOOD))
    window.navigator.select(durham["id"], "sessions")
    before = len(demo_store.repos.instruments.list(durham["id"]))
    window.actions.import_questionnaire.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, ImportReportDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Questionnaire imported"
    assert dialog.summary.text() == (
        "Home visit check: imported as new instrument. Study: Durham integrated teams."
    )
    entries = dialog.entries()
    assert len(entries) == 1
    assert entries[0].startswith('survey sheet, row 3, column "type"')
    assert "geopoint" in entries[0]
    assert "Downgrades" in dialog.report.topLevelItem(0).text(0)
    instruments = demo_store.repos.instruments.list(durham["id"])
    assert len(instruments) == before + 1
    added = next(i for i in instruments if i["form_id"] == "home_visit")
    assert added["kind"] == "questionnaire" and added["source_file"] == "home_visit.xlsx"
    assert window.navigator.current_key() == (durham["id"], "instruments")
    screen = window.current_screen()
    assert isinstance(screen, InstrumentsScreen)
    assert screen.model.rowCount() == before + 1
    assert window.status.save_state_text().startswith("Saved ")
    dialog.reject()
    assert window.commands.dialog is None


def test_a_refused_form_changes_nothing_and_says_where(
    window, demo_store, durham, db_path, tmp_path, choose
):
    choose(write_form(tmp_path / "broken.xlsx", REFUSED))
    window.navigator.select(durham["id"], "sessions")
    before = content(db_path)
    window.actions.import_questionnaire.trigger()
    dialog = window.commands.dialog
    assert dialog.windowTitle() == "Questionnaire not imported"
    assert dialog.summary.text() == "broken.xlsx was not imported; nothing was changed."
    assert dialog.refusal.text().startswith('survey sheet, row 3, column "calculation"')
    assert "unclosed bracket" in dialog.refusal.text()
    assert not dialog.report.isVisibleTo(dialog)
    assert content(db_path) == before
    assert window.navigator.current_key() == (durham["id"], "sessions")
    dialog.reject()


def test_a_file_that_is_not_a_workbook_is_refused(window, durham, tmp_path, choose):
    not_excel = tmp_path / "notes.xlsx"
    not_excel.write_text("not a workbook")
    choose(not_excel)
    window.navigator.select(durham["id"], "sessions")
    window.actions.import_questionnaire.trigger()
    assert "not an Excel workbook" in window.commands.dialog.refusal.text()


def test_cancelling_the_file_dialog_does_nothing(window, demo_store, durham, choose):
    choose(None)
    before = len(demo_store.repos.instruments.list())
    assert window.commands.import_questionnaire() is None
    assert window.commands.dialog is None
    assert len(demo_store.repos.instruments.list()) == before


def test_the_same_form_twice_is_stored_once(demo_store, durham, tmp_path, qtbot):
    form = write_form(tmp_path / "home_visit.xlsx", GOOD)
    tracker = WriteTracker()
    first = import_form_file(demo_store, durham["id"], form, tracker)
    again = import_form_file(demo_store, durham["id"], form, tracker)
    assert first.imported is not None and again.imported is not None
    assert again.imported.unchanged
    assert "nothing added." in again.summary()
    dialog = ImportReportDialog(again)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Questionnaire imported"


def test_a_form_without_remarks_says_so(store, tmp_path, qtbot):
    study = store.repos.studies.add("Gateshead carers study")
    form = write_form(tmp_path / "plain.xlsx", [("integer", "visits", "Visits", "")])
    outcome = import_form_file(store, study, form, WriteTracker())
    dialog = ImportReportDialog(outcome)
    qtbot.addWidget(dialog)
    assert dialog.entries() == []
    assert dialog.report.topLevelItem(0).text(0).startswith("Nothing to report")
