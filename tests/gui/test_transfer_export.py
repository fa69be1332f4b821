"""File > Export to Excel through the dialog: the chosen options reach the workbook, the
export is de-identified unless asked otherwise, and Cancel leaves no file at the target."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from gui.transfer import show_export_dialog
from gui.transfer.export_options import IDENTITIES_WARNING
from gui.transfer.run_dialog import CANCELLED, SUCCEEDED
from gui.transfer.worker import running_tasks

TIMEOUT = 60_000


def run_dialog(qtbot, dialog) -> str:
    """Press the action button and wait for the worker's outcome."""
    with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT) as blocker:
        dialog.action_button.click()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=TIMEOUT)
    return blocker.args[0]


def every_cell(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    texts = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    return texts


@pytest.fixture
def identities(demo_store) -> list[str]:
    rows = demo_store.rows("SELECT full_name, contact FROM participant_identities")
    assert rows
    return [value for row in rows for value in (row["full_name"], row["contact"]) if value]


@pytest.fixture
def dialog(qtbot, window, durham):
    opened = show_export_dialog(window, window.store, durham["id"], window.tracker)
    qtbot.addWidget(opened)
    return opened


def test_the_default_export_is_de_identified_and_holds_no_identity(
    qtbot, dialog, identities, tmp_path
):
    assert dialog.form.deidentify.isChecked()
    assert not dialog.form.with_identities.isEnabled()
    dialog.form.all_studies.setChecked(True)
    target = tmp_path / "everything.xlsx"
    dialog.target.set_path(target)
    assert run_dialog(qtbot, dialog) == SUCCEEDED
    assert dialog.report is not None and dialog.report.deidentified
    cells = "\n".join(every_cell(target))
    leaked = [value for value in identities if value in cells]
    assert leaked == []
    assert "de-identified" in dialog.heading.text()
    assert dialog.sheet_model.rowCount() == len(dialog.report.sheets)
    assert dialog.open_folder_button.isVisible()


def test_identities_only_when_asked_with_a_plain_warning(qtbot, dialog, identities, tmp_path):
    form = dialog.form
    form.deidentify.setChecked(False)
    assert form.with_identities.isEnabled()
    form.with_identities.setChecked(True)
    assert form.identities_text.text() == IDENTITIES_WARNING
    form.all_studies.setChecked(True)
    target = tmp_path / "with-names.xlsx"
    dialog.target.set_path(target)
    assert run_dialog(qtbot, dialog) == SUCCEEDED
    cells = "\n".join(every_cell(target))
    assert any(name in cells for name in identities)
    form.deidentify.setChecked(True)  # turning de-identify back on takes the names out again
    assert not form.with_identities.isChecked() and not form.with_identities.isEnabled()


def test_filters_and_labels_reach_the_workbook(qtbot, dialog, durham, tmp_path):
    form = dialog.form
    for row in range(form.instruments.count()):
        item = form.instruments.item(row)
        if not item.text().startswith("Partnership assessment"):
            item.setCheckState(Qt.CheckState.Unchecked)
    form.header_labels.setChecked(True)
    target = tmp_path / "partnership.xlsx"
    dialog.target.set_path(target)
    options = form.options()
    assert options.instruments == ("Partnership assessment",)
    assert options.studies == (durham["name"],) and options.header_labels
    assert run_dialog(qtbot, dialog) == SUCCEEDED
    book = load_workbook(target, read_only=True)
    names = book.sheetnames
    headers = next(book["Partnership assessment"].iter_rows(max_row=1, values_only=True))
    book.close()
    assert "Partnership assessment" in names
    assert not any(name.startswith("Team assessment") for name in names)
    assert "about_you/sector" not in headers  # labels, not names, head the columns


def test_one_sheet_as_csv(qtbot, dialog, tmp_path):
    dialog.csv.setChecked(True)
    assert dialog.sheet.isEnabled() and dialog.sheet.findText("Participants") >= 0
    dialog.sheet.setCurrentText("Participants")
    dialog.target.set_path(tmp_path / "participants.xlsx")
    assert run_dialog(qtbot, dialog) == SUCCEEDED
    written = tmp_path / "participants.csv"  # the suffix follows the format
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "participants.xlsx").exists()


def _cancel_at_first_progress(dialog) -> None:
    """Cancel on the worker thread as soon as the core first reports progress."""

    def hook(task) -> None:
        task.progressed.connect(lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection)

    dialog.task_started.connect(hook)


def test_cancel_leaves_no_file_at_the_target(qtbot, dialog, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "cancelled.xlsx"
    dialog.target.set_path(target)
    _cancel_at_first_progress(dialog)
    assert run_dialog(qtbot, dialog) == CANCELLED
    assert not target.exists()
    assert list(folder.iterdir()) == []  # no partial file either
    assert "cancelled" in dialog.message.text().lower()
    assert dialog.action_button.isEnabled() and dialog.options.isEnabled()


def test_cancel_leaves_an_earlier_file_of_that_name_untouched(qtbot, dialog, tmp_path):
    target = tmp_path / "earlier.xlsx"
    target.write_bytes(b"the earlier export")
    dialog.target.set_path(target)
    _cancel_at_first_progress(dialog)
    assert run_dialog(qtbot, dialog) == CANCELLED
    assert target.read_bytes() == b"the earlier export"


def test_escape_while_running_cancels_instead_of_closing(qtbot, dialog, tmp_path):
    target = tmp_path / "escaped.xlsx"
    dialog.target.set_path(target)
    dialog.task_started.connect(
        lambda task: task.progressed.connect(
            lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection
        )
    )
    with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT):
        dialog.action_button.click()
        dialog.reject()  # Esc / Close while the worker runs
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=TIMEOUT)
    assert dialog.isVisible()
    assert not target.exists()


def test_problems_are_said_before_anything_runs(qtbot, dialog):
    for box in dialog.form.statuses.values():
        box.setChecked(False)
    dialog.action_button.click()
    assert dialog.task is None
    assert "status" in dialog.message.text()
