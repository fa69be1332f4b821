"""Building a 12-question form in the designer by keyboard and mouse, then trying it out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pyxform.xls2xform import convert

from designer_support import (
    ALT,
    CTRL,
    add,
    commit_cell,
    fill_field,
    focused,
    key,
    new_questionnaire,
    open_designer,
    tree_names,
    type_text,
)
from instruments.model import Instrument
from instruments.xlsform_writer import write_instrument


def build(qtbot, window) -> None:
    page = window.page
    editor = page.editor
    add(qtbot, window, Qt.Key.Key_N, "Se", "consent", "Do you agree to take part?")
    editor.choices.paste("yes\tYes\nno\tNo")
    add(qtbot, window, Qt.Key.Key_N, "I", "age", "How old are you?")
    fill_field(qtbot, editor.constraint_edit, ". >= 16 and . <= 110")
    fill_field(qtbot, editor.constraint_message, "Age must be 16 to 110")
    qtbot.mouseClick(editor.required_check, Qt.MouseButton.LeftButton)
    add(qtbot, window, Qt.Key.Key_N, "Se", "role", "Your role")
    table = editor.choices.table
    for name, label in (("carer", "Carer"), ("client", "Client")):
        qtbot.mouseClick(editor.choices.add_button, Qt.MouseButton.LeftButton)
        type_text(qtbot, label)  # the new row's label cell is being edited
        commit_cell(qtbot, table)
        table.setCurrentCell(table.currentRow(), 0)
        key(qtbot, Qt.Key.Key_F2)
        key(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, name)
        commit_cell(qtbot, table)
    # a group by mouse; questions added while it is selected go inside it
    page.tree.select((2,))
    qtbot.mouseClick(
        page.tree.toolbar.widgetForAction(page.tree.add_group_action), Qt.MouseButton.LeftButton
    )
    assert focused() is editor.type_combo
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "caring")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Your caring")
    add(qtbot, window, Qt.Key.Key_N, "I", "hours", "Hours of care a week")
    fill_field(qtbot, editor.relevant_edit, "${role} = 'carer'")
    add(qtbot, window, Qt.Key.Key_N, "", "works", "What works well?")
    # the next question belongs after the group: Alt+Left takes it out
    add(qtbot, window, Qt.Key.Key_N, "Da", "visit", "Date of the visit")
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Left, ALT)
    add(qtbot, window, Qt.Key.Key_R, "", "household", "Household member")
    add(qtbot, window, Qt.Key.Key_N, "", "member_name", "Member's name")
    add(qtbot, window, Qt.Key.Key_N, "I", "member_age", "Member's age")
    add(qtbot, window, Qt.Key.Key_N, "", "comments", "Anything else?")
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Left, ALT)
    editor.appearance_combo.setFocus()
    type_text(qtbot, "multiline")
    add(qtbot, window, Qt.Key.Key_N, "N", "thanks", "Thank you, ${member_name}")
    add(qtbot, window, Qt.Key.Key_N, "Calc", "next_age", "")
    fill_field(qtbot, editor.calculation_edit, "${age} + 1")
    # Alt+Up and Alt+Down move a question among its neighbours
    add(qtbot, window, Qt.Key.Key_N, "Te", "pet", "Pet's name")
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Up, ALT)
    key(qtbot, Qt.Key.Key_Down, ALT)


EXPECTED_TREE = [
    ((0,), "consent"),
    ((1,), "age"),
    ((2,), "role"),
    ((3,), "caring"),
    ((3, 0), "hours"),
    ((3, 1), "works"),
    ((4,), "visit"),
    ((5,), "household"),
    ((5, 0), "member_name"),
    ((5, 1), "member_age"),
    ((6,), "comments"),
    ((7,), "thanks"),
    ((8,), "next_age"),
    ((9,), "pet"),
]


def test_build_a_form_by_keyboard_and_mouse_and_try_it(qtbot, store, tmp_path: Path):
    _study, instrument_id = new_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    build(qtbot, window)

    assert tree_names(window) == EXPECTED_TREE
    instrument = window.document.instrument
    by_name = {q.name: q for _p, q in instrument.walk()}
    assert by_name["consent"].type == "select_one"
    assert [(c.name, c.labels) for c in instrument.choice_lists["consent"]] == [
        ("yes", {"": "Yes"}),
        ("no", {"": "No"}),
    ]
    assert [(c.name, c.labels[""]) for c in instrument.choice_lists["role"]] == [
        ("carer", "Carer"),
        ("client", "Client"),
    ]
    assert by_name["age"].type == "integer"
    assert by_name["age"].required == "yes"
    assert by_name["age"].constraint == ". >= 16 and . <= 110"
    assert by_name["hours"].relevant == "${role} = 'carer'"
    assert by_name["household"].type == "repeat"
    assert by_name["visit"].type == "date"
    assert by_name["thanks"].type == "note"
    assert by_name["next_age"].type == "calculate"
    assert by_name["comments"].appearance == "multiline"
    assert by_name["member_age"].path == "household/member_age"
    assert window.problems.texts() == []

    # --- the preview is the entry form: rules act, nothing is stored ---------------------
    preview = window.page.preview
    qtbot.waitUntil(lambda: preview.form is not None and preview.form.rows.get("pet") is not None)
    form = preview.form
    age = form.findChild(QWidget, "q:age")
    age.setFocus()
    type_text(qtbot, "12")
    key(qtbot, Qt.Key.Key_Tab)
    assert preview.error_of("age") == "Age must be 16 to 110"
    age.setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "40")
    key(qtbot, Qt.Key.Key_Tab)
    assert preview.error_of("age") == ""
    assert preview.state.answers["next_age"] == 41
    assert not form.rows["caring/hours"].isVisibleTo(form)
    role = form.rows["role"].input
    qtbot.mouseClick(role.buttons()[0], Qt.MouseButton.LeftButton)
    assert form.rows["caring/hours"].isVisibleTo(form)
    add_member = next(
        b for b in form.findChildren(QPushButton) if b.text() == "Add Household member"
    )
    qtbot.mouseClick(add_member, Qt.MouseButton.LeftButton)
    member = form.findChild(QWidget, "q:household[1]/member_name")
    assert member is not None and member.hasFocus()
    type_text(qtbot, "Ann")
    key(qtbot, Qt.Key.Key_Tab)
    assert form.rows["thanks"].label.text() == "Thank you, Ann"
    assert store.scalar("SELECT count(*) FROM sessions") == 0
    assert store.scalar("SELECT count(*) FROM answers") == 0

    # a rule changed in the designer applies to what was typed in the preview
    window.page.tree.select((1,))
    fill_field(qtbot, window.page.editor.constraint_edit, ". >= 50")
    window.page.refresh_preview()
    assert preview.state.answers["age"] == 40
    assert preview.error_of("age") == "Age must be 16 to 110"

    # --- saved, it is a form pyxform converts ------------------------------------------------
    key(qtbot, Qt.Key.Key_S, CTRL)
    stored = Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    assert stored.to_dict() == window.document.instrument.to_dict()
    assert "updated in place" in window.report.text()
    path = write_instrument(stored, tmp_path / "carer_survey.xlsx")
    convert(xlsform=str(path), validate=False)
