"""Names and expressions are checked as they are typed; Save refuses while problems remain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from designer_support import (
    CTRL,
    fill_field,
    key,
    open_designer,
    settle,
    stored_questionnaire,
    type_text,
)
from instruments.model import Instrument


def test_invalid_name_is_refused_with_the_rule(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    window.page.tree.select((1,))
    fill_field(qtbot, editor.name_edit, "2 hours")
    message = editor.messages["name"]
    assert message.isVisibleTo(window)
    assert "Names must begin with a letter or underscore" in message.text()
    assert "Names must begin" in editor.name_edit.accessibleDescription()
    model = window.page.tree.model
    index = model.index_of((1,))
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).color() == QColor("#b00020")
    assert "Names must begin" in model.data(index, Qt.ItemDataRole.ToolTipRole)

    fill_field(qtbot, editor.name_edit, "support")
    assert "already named 'support'" in message.text()
    fill_field(qtbot, editor.name_edit, "hours_a_week")
    assert not message.isVisibleTo(window)
    assert window.problems.texts() == []


def test_expression_errors_show_under_the_field_with_the_position(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    window.page.tree.select((1,))
    fill_field(qtbot, editor.relevant_edit, "${support} =")
    assert editor.messages["relevant"].text() == "missing value after '=' at character 12"
    fill_field(qtbot, editor.constraint_edit, ". > ${nobody}")
    assert editor.messages["constraint"].text() == "There is no question named 'nobody'."
    fill_field(qtbot, editor.constraint_edit, "pulldata('a', 'b', 'c', 'd')")
    assert "pulldata() is not available" in editor.messages["constraint"].text()
    assert window.problems.texts() == [
        "hours · relevance: missing value after '=' at character 12",
        "hours · constraint: pulldata() is not available in Fieldnotes",
    ]

    # Save refuses and lists them; nothing reaches the database
    before = store.repos.instruments.definition(instrument_id)
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert window.report.text() == "Not saved: 2 problems to fix first (listed below)."
    assert store.repos.instruments.definition(instrument_id) == before
    assert window.problems.list.hasFocus()

    # Enter on a problem goes to its field
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert editor.constraint_edit.hasFocus()
    fill_field(qtbot, editor.constraint_edit, ". < 100")
    fill_field(qtbot, editor.relevant_edit, "${support} = 'yes'")
    assert window.problems.texts() == []
    key(qtbot, Qt.Key.Key_S, CTRL)
    stored = Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    assert stored.questions[1].relevant == "${support} = 'yes'"


def test_question_names_are_offered_after_a_dollar_brace(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    window.page.tree.select((1,))
    relevant = editor.relevant_edit
    relevant.setFocus()
    type_text(qtbot, "${su")
    popup = relevant.completer.popup()
    assert popup.isVisible()
    assert relevant.completer.currentCompletion() == "support"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    settle(qtbot, relevant)
    assert relevant.text() == "${support}"
    type_text(qtbot, " = 'yes' and ${ro")
    assert relevant.completer.currentCompletion() == "rooms"
    relevant.insert_name("rooms")
    assert relevant.text() == "${support} = 'yes' and ${rooms}"
    assert window.document.instrument.questions[1].relevant == "${support} = 'yes' and ${rooms}"
    assert not popup.isVisible()


def test_form_title_and_id_are_checked(qtbot, store):
    study_id, instrument_id = stored_questionnaire(store)
    store.repos.instruments.add(study_id, "questionnaire", "Other", {}, form_id="other")
    window = open_designer(qtbot, store, instrument_id)
    header = window.header
    fill_field(qtbot, header.form_id, "other")
    assert "used by another instrument" in header.messages["form_id"].text()
    fill_field(qtbot, header.title, "")
    assert header.messages["title"].text() == "The form needs a title."
    fill_field(qtbot, header.title, "Carer experience 2")
    fill_field(qtbot, header.form_id, "carer_2")
    assert window.problems.texts() == []
    assert window.document.instrument.settings["form_title"] == "Carer experience 2"
    assert window.windowTitle().startswith("Carer experience 2")
