"""File > Import responses through the dialog: a refusal lists every wrong cell and changes
nothing; an accepted file is counted and the screens are told which tables changed."""

from __future__ import annotations

import csv

import pytest

from gui.transfer import show_import_responses_dialog
from gui.transfer.run_dialog import REFUSED, SUCCEEDED
from gui.transfer.worker import running_tasks

TIMEOUT = 60_000
FORM = "Client and carer experience questionnaire"


def run_dialog(qtbot, dialog) -> str:
    with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT) as blocker:
        dialog.action_button.click()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=TIMEOUT)
    return blocker.args[0]


def counts(store) -> dict[str, object]:
    tables = ("sessions", "answers", "audit")
    found: dict[str, object] = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in tables}
    found["latest"] = store.scalar("SELECT max(updated_at) FROM answers")
    return found


def write_returns(path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "age_band", "wait_weeks"])
        writer.writerows(rows)


@pytest.fixture
def dialog(qtbot, window, durham):
    opened = show_import_responses_dialog(window, window.store, durham["id"], window.tracker)
    qtbot.addWidget(opened)
    for index in range(opened.questionnaire.count()):
        if opened.questionnaire.itemText(index).startswith(FORM):
            opened.questionnaire.setCurrentIndex(index)
    assert opened.questionnaire.currentText().startswith(FORM)
    return opened


def test_a_refusal_lists_every_cell_and_nothing_is_imported(qtbot, dialog, demo_store, tmp_path):
    source = tmp_path / "returns.csv"
    write_returns(source, [["client", "65_74", "abc"], ["astronaut", "65_74", "3"]])
    dialog.source.set_path(source)
    before = counts(demo_store)
    assert run_dialog(qtbot, dialog) == REFUSED
    assert counts(demo_store) == before
    assert "Nothing was imported" in dialog.heading.text()
    model = dialog.problem_model
    assert model is not None and model.rowCount() == dialog.report.problem_count >= 2
    cells = [row.cells for row in model.rows]
    where = {(cell[1], cell[2], cell[3]) for cell in cells}
    assert ("2", "C", "wait_weeks") in where  # 'abc' is not a whole number
    assert ("3", "A", "respondent") in where  # not one of the choices
    assert all(cell[0] and cell[5] for cell in cells)  # every row names its sheet and why
    assert dialog.back_button.isVisible()


def test_an_accepted_file_is_counted_and_announced(qtbot, window, dialog, demo_store, tmp_path):
    source = tmp_path / "returns.csv"
    write_returns(source, [["client", "65_74", "4"], ["carer", "under_65", "9"]])
    dialog.source.set_path(source)
    sessions_before = demo_store.scalar("SELECT count(*) FROM sessions")
    announced = []
    window.tracker.changed.connect(announced.append)
    assert run_dialog(qtbot, dialog) == SUCCEEDED, dialog.heading.text()
    assert dialog.report.sessions_added == 2
    assert demo_store.scalar("SELECT count(*) FROM sessions") == sessions_before + 2
    assert "2 sessions added" in dialog.heading.text()
    assert any(changes.touches("sessions") for changes in announced)


def test_an_unreadable_file_is_said_plainly(qtbot, dialog, tmp_path):
    dialog.source.set_path(tmp_path / "missing.xlsx")
    assert run_dialog(qtbot, dialog) == "failed"
    assert "missing.xlsx" in dialog.message.text()
    assert dialog.action_button.isEnabled()
