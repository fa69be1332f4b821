"""Each field of the question editor reaches the definition, and only sensible ones show."""

from __future__ import annotations

from PySide6.QtCore import Qt

from designer_support import (
    CTRL,
    add,
    fill_field,
    key,
    open_designer,
    stored_questionnaire,
    type_text,
)


def shown_fields(editor) -> set[str]:
    return {field for field, holder in editor.rows.items() if holder.isVisibleTo(editor)}


def test_every_field_reaches_the_definition(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    window.page.tree.select((1,))  # hours
    assert shown_fields(editor) == {
        "type", "name", "labels", "hints", "required", "required_messages", "relevant",
        "constraint", "constraint_messages", "default", "appearance", "identifying",
    }  # fmt: skip
    fill_field(qtbot, editor.hint_edit, "Per week")
    qtbot.mouseClick(editor.required_check, Qt.MouseButton.LeftButton)
    assert editor.required_when.isEnabled()
    fill_field(qtbot, editor.required_when, "${support} = 'yes'")
    fill_field(qtbot, editor.required_message, "Please give the hours")
    fill_field(qtbot, editor.constraint_edit, ". <= 168")
    fill_field(qtbot, editor.constraint_message, "A week has 168 hours")
    fill_field(qtbot, editor.default_edit, "0")
    fill_field(qtbot, editor.appearance_combo.lineEdit(), "thousands-sep")
    qtbot.mouseClick(editor.identifying_check, Qt.MouseButton.LeftButton)
    hours = window.document.instrument.questions[1]
    assert hours.hints == {"": "Per week"}
    assert hours.required == "${support} = 'yes'"
    assert hours.required_messages == {"": "Please give the hours"}
    assert hours.constraint == ". <= 168"
    assert hours.constraint_messages == {"": "A week has 168 hours"}
    assert hours.default == "0"
    assert hours.appearance == "thousands-sep"
    assert hours.identifying is True

    window.page.tree.select((2,))  # the home group, made a repeat counted by an answer
    assert "repeat_count" not in shown_fields(editor)
    editor.type_combo.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    assert window.document.instrument.questions[2].type == "repeat"
    assert "repeat_count" in shown_fields(editor)
    fill_field(qtbot, editor.repeat_count_edit, "${hours}")
    assert window.document.instrument.questions[2].repeat_count == "${hours}"

    window.page.tree.select((1,))  # new questions go after hours, not into the repeat
    add(qtbot, window, Qt.Key.Key_N, "Rang", "pain", "Pain today")
    assert "parameters" in shown_fields(editor)
    fill_field(qtbot, editor.parameters_edit, "start=0 end=10 step=1")
    add(qtbot, window, Qt.Key.Key_N, "Ca", "weekly", "")
    assert editor.type_note.text().startswith("Worked out from the calculation")
    assert shown_fields(editor) == {"type", "name", "labels", "calculation", "relevant"}
    fill_field(qtbot, editor.calculation_edit, "${hours} * 52")
    add(qtbot, window, Qt.Key.Key_N, "", "notes", "Notes")
    window.page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # after the repeat: the end
    assert [q.name for q in window.document.instrument.questions][-1] == "notes"
    by_name = {q.name: q for _p, q in window.document.instrument.walk()}
    assert by_name["pain"].parameters == {"start": "0", "end": "10", "step": "1"}
    assert by_name["weekly"].calculation == "${hours} * 52"
    assert window.problems.texts() == []

    # the preview applies them: hours required once support is yes, then the roster size
    page = window.page
    page.refresh_preview()
    preview = page.preview
    support = preview.form.rows["support"].input
    qtbot.mouseClick(support.buttons()[0], Qt.MouseButton.LeftButton)
    assert preview.state.error("hours") == "Please give the hours"
    hours_editor = preview.form.rows["hours"].input.editor
    hours_editor.setFocus()
    type_text(qtbot, "200")
    key(qtbot, Qt.Key.Key_Tab)
    assert preview.error_of("hours") == "A week has 168 hours"
    hours_editor.setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "2")
    key(qtbot, Qt.Key.Key_Tab)
    assert preview.state.instance_count("home") == 2
    assert preview.state.answers["weekly"] == 104
    notes = preview.form.rows["notes"].input.editor  # the last question: Tab finishes it
    notes.setFocus()
    type_text(qtbot, "Sees a nurse weekly")
    key(qtbot, Qt.Key.Key_Tab)
    assert preview.state.answers["notes"] == "Sees a nurse weekly"
