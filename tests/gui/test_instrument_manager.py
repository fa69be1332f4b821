"""The instrument manager: list, versions, new, duplicate, delete or retire, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pyxform.xls2xform import convert

from designer_support import carer_form, stored_questionnaire
from gui.instruments_screen import InstrumentsScreen
from gui.write_tracker import WriteTracker
from instruments.guide_reader import read_guide
from instruments.model import Topic
from storage.instrument_versions import save_new_version
from storage.qualitative import save_guide


@pytest.fixture
def manager(qtbot, store):
    """The screen on a study with a questionnaire (2 versions, a session) and a guide."""
    study_id, v1 = stored_questionnaire(store)
    store.repos.sessions.start(study_id, v1)
    edited = carer_form()
    edited.questions[1].labels = {"": "Hours of care a week"}
    save_new_version(store, v1, edited)
    save_guide(store, study_id, "interview", "Carer interview", [Topic("", "Access")])
    tracker = WriteTracker()
    screen = InstrumentsScreen(store, tracker)
    screen.tracker_ref = tracker
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    screen.show_study(study_id)
    screen.confirm = lambda _question: True
    return screen


def rows(screen) -> list[list[str]]:
    model = screen.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())][:5]
        for row in range(model.rowCount())
    ]


def select(screen, name: str) -> dict:
    for row in range(screen.model.rowCount()):
        if screen.model.record(row)["name"] == name:
            screen.table.selectRow(row)
            return screen.model.record(row)
    raise AssertionError(name)


def test_lists_the_latest_version_of_each_instrument_with_its_versions(manager, qtmodeltester):
    assert rows(manager) == [
        ["Carer experience", "Questionnaire", "2", "1", "In use"],
        ["Carer interview", "Interview guide", "1", "0", "In use"],
    ]
    qtmodeltester.check(manager.model)
    select(manager, "Carer experience")
    versions = manager.versions.model
    assert versions.rowCount() == 2
    assert [versions.index(r, 2).data() for r in range(2)] == ["1", "0"]
    assert versions.index(1, 4).data() == "label of hours changed"
    assert versions.index(0, 4).data() == "first version"
    assert manager.versions.heading.text().startswith("Versions of Carer experience: 2 versions")
    assert manager.export_button.text() == "E&xport as XLSForm…"
    select(manager, "Carer interview")
    assert manager.export_button.text() == "E&xport guide workbook…"
    assert manager.versions.model.rowCount() == 1


def test_delete_or_retire_lets_storage_decide_and_says_which(manager, store):
    select(manager, "Carer interview")
    message = manager.delete_or_retire_selected()
    assert message == "Carer interview was deleted (no session used it)."
    assert manager.notice.text() == message
    assert [r[0] for r in rows(manager)] == ["Carer experience"]

    select(manager, "Carer experience")
    message = manager.delete_or_retire_selected()
    assert message.startswith("Carer experience was retired, not deleted: 1 session(s) use it.")
    assert rows(manager)[0][4] == "Retired"
    index = manager.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#7a7a7a"
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    assert manager.unretire_button.isEnabled() and not manager.delete_button.isEnabled()

    manager.show_retired.setChecked(False)
    assert manager.model.rowCount() == 0 and manager.empty.isVisibleTo(manager)
    manager.show_retired.setChecked(True)
    select(manager, "Carer experience")
    assert manager.unretire_selected()
    assert rows(manager)[0][4] == "In use"


def test_delete_is_asked_first(manager, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No,
    )
    del manager.confirm  # the screen's own question box
    select(manager, "Carer interview")
    assert manager.delete_or_retire_selected() is None
    assert asked == [
        "Delete Carer interview? No session used it. The deletion travels with merges."
    ]
    assert manager.model.rowCount() == 2


def test_duplicate_makes_a_new_instrument_with_no_sessions(manager, store, qtbot):
    select(manager, "Carer experience")
    qtbot.mouseClick(manager.duplicate_button, Qt.MouseButton.LeftButton)
    dialog = manager.dialog
    assert dialog.title_edit.text() == "Copy of Carer experience"
    assert dialog.title_edit.hasFocus() or dialog.isVisible()
    dialog.title_edit.setText("Carer experience (Durham)")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    selected = manager.selected()
    assert selected["name"] == "Carer experience (Durham)"
    assert selected["version_number"] == 1 and selected["sessions"] == 0
    assert selected["form_id"] == "carer_experience_durham"
    assert "is a copy of Carer experience" in manager.notice.text()


def test_new_questionnaire_and_guide_open_the_designer(manager, store, qtbot):
    manager.new_questionnaire()
    dialog = manager.dialog
    dialog.buttons.accepted.emit()  # no title: storage refuses, the dialog says why
    assert "must not be empty" in dialog.message.text()
    qtbot.keyClicks(dialog.title_edit, "Exit survey")
    dialog.buttons.accepted.emit()
    created = select(manager, "Exit survey")
    designer = manager.designers[created["family_id"]]
    assert designer.isVisible()
    assert designer.document.instrument.kind == "questionnaire"
    designer.ask_unsaved = lambda: QMessageBox.StandardButton.Discard

    manager.new_guide()
    dialog = manager.dialog
    qtbot.keyClicks(dialog.title_edit, "Practitioners' group")
    dialog.kind_combo.setCurrentIndex(1)
    dialog.buttons.accepted.emit()
    group = select(manager, "Practitioners' group")
    assert group["kind"] == "focus_group"
    guide_window = manager.designers[group["family_id"]]
    assert type(guide_window.page).__name__ == "GuidePage"
    assert manager.edit_selected() is guide_window  # one window per instrument
    assert manager.close_designers()
    qtbot.waitUntil(lambda: not manager.designers)


def test_enter_on_a_row_opens_the_designer(manager, qtbot):
    select(manager, "Carer experience")
    manager.table.setFocus()
    qtbot.keyClick(manager.table, Qt.Key.Key_Return)
    designer = next(iter(manager.designers.values()))
    assert designer.document.instrument.questions[1].labels == {"": "Hours of care a week"}
    designer.close()


def test_export_as_xlsform_converts_with_pyxform(manager, tmp_path):
    select(manager, "Carer experience")
    written = manager.export_selected(tmp_path / "carer")
    assert written == tmp_path / "carer.xlsx"
    convert(xlsform=str(written), validate=False)
    assert manager.notice.text() == (
        f"Carer experience (version 2) was exported to {tmp_path / 'carer.xlsx'}."
    )
    select(manager, "Carer interview")
    guide_path = manager.export_selected(tmp_path / "guide.xlsx")
    assert [topic.title for topic in read_guide(guide_path).topics] == ["Access"]


def test_export_failure_is_said(manager, tmp_path):
    select(manager, "Carer experience")
    taken = tmp_path / "carer.xlsx"
    taken.mkdir()  # a folder where the file should go
    assert manager.export_selected(taken) is None
    assert manager.message.text().startswith("The file could not be written")


def test_the_main_window_waits_for_a_designer_with_unsaved_edits(qtbot, store):
    from PySide6.QtWidgets import QMainWindow

    study_id, instrument_id = stored_questionnaire(store)
    tracker = WriteTracker()
    host = QMainWindow()
    host.tracker_ref = tracker
    qtbot.addWidget(host)
    screen = InstrumentsScreen(store, tracker)
    host.setCentralWidget(screen)
    host.show()
    screen.show_study(study_id)
    designer = screen.edit_selected()
    designer.document.edit_form({"title": "Carer experience 2"}, "Edit title")
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    designer.ask_unsaved = lambda: next(answers)
    assert not host.close()
    assert host.isVisible() and designer.isVisible()
    assert host.close()
    qtbot.waitUntil(lambda: not screen.designers)
