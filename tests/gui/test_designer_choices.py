"""The choices table: paste from a spreadsheet, reorder, remove, lists shared by name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from designer_support import (
    ALT,
    CTRL,
    add,
    commit_cell,
    fill_field,
    key,
    open_designer,
    stored_questionnaire,
)


def names_and_labels(window, list_name: str, language: str = "") -> list[tuple[str, str]]:
    return [
        (choice.name, choice.labels.get(language, ""))
        for choice in window.document.instrument.choice_lists[list_name]
    ]


def test_paste_reorder_and_remove_by_keyboard(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    choices = window.page.editor.choices
    table = choices.table
    assert choices.list_name.text() == "yn"
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["Yes", "No"]

    QGuiApplication.clipboard().setText("name\tlabel\nno\tNo, never\nmaybe\tNot sure\n")
    table.setFocus()
    table.setCurrentCell(0, 0)
    key(qtbot, Qt.Key.Key_V, CTRL)
    assert names_and_labels(window, "yn") == [
        ("yes", "Yes"),
        ("maybe", "Not sure"),
        ("no", "No, never"),
    ]
    table.setCurrentCell(1, 1)
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert [n for n, _l in names_and_labels(window, "yn")] == ["yes", "no", "maybe"]
    assert table.currentRow() == 2
    key(qtbot, Qt.Key.Key_Delete)
    assert [n for n, _l in names_and_labels(window, "yn")] == ["yes", "no"]
    key(qtbot, Qt.Key.Key_Insert)  # a new choice, its label being edited
    qtbot.keyClicks(table.focusWidget(), "Prefer not to say")
    commit_cell(qtbot, table)
    assert names_and_labels(window, "yn")[-1] == ("3", "Prefer not to say")
    for _step in range(3):  # the label, the new choice, the removal
        key(qtbot, Qt.Key.Key_Z, CTRL)
    assert [n for n, _l in names_and_labels(window, "yn")] == ["yes", "no", "maybe"]


def test_lists_are_shared_by_name_and_renamed_or_copied(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    add(qtbot, window, Qt.Key.Key_N, "Se", "enough", "Is the help enough?")
    assert editor.choices.list_name.text() == "enough"
    assert "choices" in {p.field for p in window.document.problems()}  # an empty list
    fill_field(qtbot, editor.choices.list_name, "yn")
    key(qtbot, Qt.Key.Key_Return)
    assert editor.choices.shared.text() == "Shared with: support"
    assert editor.choices.table.rowCount() == 2
    editor.choices.paste("dk\tDon't know")
    window.page.tree.select((0,))
    assert editor.choices.table.rowCount() == 3  # the support question sees it too

    # a new name for a shared list copies it: the other question keeps the original
    fill_field(qtbot, editor.choices.list_name, "yn_support")
    key(qtbot, Qt.Key.Key_Return)
    lists = window.document.instrument.choice_lists
    assert list(lists) == ["yn", "yn_support"]
    assert lists["yn"] == lists["yn_support"]
    assert not editor.choices.shared.isVisibleTo(window)
    # a new name for a list nobody else uses renames it, in place
    fill_field(qtbot, editor.choices.list_name, "help")
    key(qtbot, Qt.Key.Key_Return)
    assert list(window.document.instrument.choice_lists) == ["yn", "help"]
    assert window.document.instrument.questions[0].list_name == "help"
    key(qtbot, Qt.Key.Key_Z, CTRL)  # one step undoes the rename and the question's list
    assert list(window.document.instrument.choice_lists) == ["yn", "yn_support"]
    assert window.document.instrument.questions[0].list_name == "yn_support"


def test_choice_labels_follow_the_language_chosen(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    table = window.page.editor.choices.table
    assert window.header.add_language("Français")
    assert table.horizontalHeaderItem(1).text() == "Label (Français)"
    assert table.item(0, 1).text() == ""
    table.setFocus()
    table.setCurrentCell(0, 1)
    key(qtbot, Qt.Key.Key_F2)
    qtbot.keyClicks(table.focusWidget(), "Oui")
    commit_cell(qtbot, table)
    assert window.document.instrument.choice_lists["yn"][0].labels == {"": "Yes", "Français": "Oui"}
    preview = window.page.preview
    preview_page = window.page
    preview_page.refresh_preview()
    assert preview.form.rows["support"].input.buttons()[0].text() == "1. Oui"
    window.header.language.setCurrentIndex(0)
    assert table.item(0, 1).text() == "Yes"
    assert preview.form.rows["support"].input.buttons()[0].text() == "1. Yes"
