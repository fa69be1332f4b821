"""The first-run dialog: demo, new study, or another file, each ending with an open store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.first_run import FirstRunDialog
from storage import open_store
from storage.demo import PROGRAMMES


@pytest.fixture
def first_run(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "data" / "fieldnotes.db")
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    if dialog.store is not None:
        dialog.store.close()


def test_focus_starts_on_the_first_choice(first_run):
    assert first_run.focusWidget() is first_run.demo_button


def test_open_the_demo_study_builds_the_demo(first_run, qtbot):
    qtbot.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
    assert first_run.result() == QDialog.DialogCode.Accepted
    store = first_run.store
    assert store.path == first_run.path.resolve()
    assert sorted(s["name"] for s in store.repos.studies.list()) == sorted(
        p.study for p in PROGRAMMES
    )


def test_create_a_new_study_by_keyboard(first_run, qtbot):
    qtbot.keyClick(first_run.demo_button, Qt.Key.Key_Tab)
    assert first_run.focusWidget() is first_run.study_name
    qtbot.keyClicks(first_run.study_name, "Gateshead carers study")
    qtbot.keyClick(first_run.study_name, Qt.Key.Key_Return)
    assert first_run.result() == QDialog.DialogCode.Accepted
    assert [s["name"] for s in first_run.store.repos.studies.list()] == ["Gateshead carers study"]
    assert first_run.path.exists()


def test_a_new_study_needs_a_name_and_no_file_is_made_without_one(first_run, qtbot):
    qtbot.mouseClick(first_run.create_button, Qt.MouseButton.LeftButton)
    assert first_run.store is None
    assert first_run.isVisible()
    assert "must not be empty" in first_run.name_message.text()
    assert not first_run.path.exists()


def test_open_another_database_file(first_run, tmp_path, monkeypatch, qtbot):
    other = tmp_path / "from-usb.db"
    with open_store(other, create=True) as store:
        store.repos.studies.add("Sunderland pilot")
    monkeypatch.setattr("gui.first_run.choose_database_file", lambda *args: other)
    qtbot.mouseClick(first_run.open_button, Qt.MouseButton.LeftButton)
    assert first_run.result() == QDialog.DialogCode.Accepted
    assert [s["name"] for s in first_run.store.repos.studies.list()] == ["Sunderland pilot"]
    assert not first_run.path.exists()


def test_cancelling_the_file_choice_keeps_the_dialog_open(first_run, monkeypatch, qtbot):
    monkeypatch.setattr("gui.first_run.choose_database_file", lambda *args: None)
    qtbot.mouseClick(first_run.open_button, Qt.MouseButton.LeftButton)
    assert first_run.isVisible() and first_run.store is None
