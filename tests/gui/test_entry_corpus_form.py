"""Keying a real corpus form (xlsform_spec_test: groups, a repeat, relevance, constraints,
select_multiple, two languages) with the keyboard only, checking what reaches the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

FORM = "xlsform_spec_test.xlsx"
REPEAT = "everything/repeat_test"


@pytest.fixture
def spec_session(store, corpus):
    """A draft paper session of the spec-test form for a consenting participant."""
    from instruments.xlsform_reader import read_xlsform

    instrument = read_xlsform(corpus / FORM).instrument
    repos = store.repos
    study = repos.studies.add("Spec study")
    site = repos.studies.add_site(study, "Ward 4")
    worker = repos.studies.add_fieldworker(study, "Aisha Rahman")
    person = repos.participants.add(study, "P-001", role="client", site_id=site)
    repos.participants.record_consent(person, "given", "2026-03-01", "written form", "AR")
    form = repos.instruments.add(
        study, "questionnaire", instrument.title, instrument.to_dict(), form_id="spec"
    )
    return repos.sessions.start(study, form, site, person, worker, mode="paper")


@pytest.fixture
def screen(qtbot, store, spec_session):
    from gui.entry import EntryScreen

    widget = EntryScreen(store, spec_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def focused_name() -> str:
    """The q:... name of the question editor holding the focus (a radio's group, say)."""
    widget = focused()
    while widget is not None and not widget.objectName().startswith("q:"):
        widget = widget.parentWidget()
    return widget.objectName() if widget is not None else ""


def key(qtbot, key_code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key_code, modifier)


def type_and_tab(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)
    key(qtbot, Qt.Key.Key_Tab)


def stored(store, session_id):
    return store.repos.sessions.answers(session_id)


def flags(store, session_id):
    return store.repos.sessions.relevance_flags(session_id)


def test_every_input_is_named_and_labelled(screen):
    name = screen.findChild(QWidget, "q:my_name")
    assert name.accessibleName() == "Enter your name"
    inside = screen.findChild(QWidget, f"q:{REPEAT}[2]/group_test/required_text")
    assert inside is not None and inside.accessibleName() == "required_text"
    for row in screen.form.rows.values():
        if row.input is not None:
            assert row.input.editor.objectName().startswith("q:")
            assert row.input.editor.accessibleName()


def test_metadata_filled_at_start(store, screen, spec_session):
    answers = stored(store, spec_session)
    assert answers["everything/deviceid"] == store.device.device_id
    assert answers["everything/today"] == answers["everything/start"][:10]
    assert "everything/end" not in answers


def test_keying_the_form_by_keyboard(qtbot, store, screen, spec_session):
    """Resume lands on the first question; number keys, typing, Tab and Enter do the rest."""
    assert screen.current_path() == "skip_to_end"
    key(qtbot, Qt.Key.Key_2)  # 2. No
    assert stored(store, spec_session)["skip_to_end"] == "no"
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "q:my_name"
    qtbot.keyClicks(focused(), "Ann Smith")
    key(qtbot, Qt.Key.Key_Return)  # Enter finishes and moves on, like Tab
    assert stored(store, spec_session)["everything/my_name"] == "Ann Smith"
    assert focused_name() == "q:address"
    assert "Ann Smith" in screen.form.rows["everything/invalid_variable"].label.text()
    type_and_tab(qtbot, "ann@example.org")
    assert screen.form.rows["everything/email_note"].isVisible()
    assert focused_name() == "q:text_image_audio_video_test"
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)  # autocomplete_test (a drop-down list): left blank
    assert focused_name() == "q:autocomplete_chars_test"
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Tab)
    type_and_tab(qtbot, "7")
    type_and_tab(qtbot, "6.5")
    answers = stored(store, spec_session)
    assert answers["everything/a_integer"] == 7
    assert answers["everything/a_decimal"] == 6.5
    assert answers["everything/autocomplete_chars_test"] == "yes"
    first = f"{REPEAT}[1]/group_test"
    assert focused_name() == f"q:{first}/required_text"
    type_and_tab(qtbot, "first entry")
    assert focused_name() == f"q:{first}/select_multiple_test"
    key(qtbot, Qt.Key.Key_1)
    assert stored(store, spec_session)[f"{first}/select_multiple_test"] == ["yes"]


def test_constraint_violation_is_shown_and_blocks_completion(qtbot, store, screen, spec_session):
    screen.focus_question("everything/a_integer")
    type_and_tab(qtbot, "3")
    type_and_tab(qtbot, "9.5")  # breaks ". <= ${a_integer}"
    row = screen.form.rows["everything/a_decimal"]
    assert "breaks the rule" in row.error_text()
    assert stored(store, spec_session)["everything/a_decimal"] == 9.5  # kept, as keyed
    choices = f"{REPEAT}[1]/group_test/select_multiple_test"
    screen.focus_question(choices)
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_2)  # yes and no together breaks its constraint
    assert screen.form.rows[choices].error_text()
    problems = screen.mark_complete()
    paths = [path for path, _label, _message in problems]
    assert "everything/a_decimal" in paths and choices in paths
    assert screen.problems.isVisible()
    assert screen.current_path() == paths[0]
    assert store.repos.sessions.get(spec_session)["status"] == "draft"
    screen.focus_question(choices)
    key(qtbot, Qt.Key.Key_1)  # untick yes: only no remains
    assert not screen.form.rows[choices].error_text()
    assert stored(store, spec_session)[choices] == ["no"]


def test_hidden_answers_are_kept_and_marked(qtbot, store, screen, spec_session):
    screen.focus_question("everything/my_name")
    type_and_tab(qtbot, "Ann")
    screen.focus_question("skip_to_end")
    key(qtbot, Qt.Key.Key_1)  # Yes: skips the whole "everything" group
    assert not screen.form.boxes["everything"].isVisibleTo(screen.form)
    assert flags(store, spec_session)["everything/my_name"] is False
    assert flags(store, spec_session)["everything/start"] is False
    assert stored(store, spec_session)["everything/my_name"] == "Ann"
    key(qtbot, Qt.Key.Key_2)
    assert flags(store, spec_session)["everything/my_name"] is True
    assert screen.form.boxes["everything"].isVisibleTo(screen.form)


def test_type_error_is_refused_and_not_saved(qtbot, store, screen, spec_session):
    screen.focus_question("everything/a_integer")
    type_and_tab(qtbot, "1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7")
    assert "too large" in screen.form.rows["everything/a_integer"].error_text()
    assert "everything/a_integer" not in stored(store, spec_session)
    assert screen.header.saved.text().startswith("Not saved")
    assert "everything/a_integer" in [p for p, _l, _m in screen.mark_complete()]


def test_tab_skips_hidden_questions(qtbot, screen):
    screen.focus_question("skip_to_end")
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "q:launch"


def test_next_required_shortcut(qtbot, screen):
    screen.focus_question("skip_to_end")
    key(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_path() == f"{REPEAT}[1]/group_test/required_text"
    assert "Ctrl+J" in screen.next_required_action.toolTip()
    key(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_path() == f"{REPEAT}[1]/labeled_select_group/list-nolabel-test"


def test_language_switch_relabels_choices(screen):
    screen.set_language("chinese")
    radio = screen.form.rows["skip_to_end"].input.buttons()[0]
    assert radio.text() == "1. 是"
    assert screen.store.repos.sessions.get(screen.session_id)["language"] == "chinese"


def test_complete_then_reopen(qtbot, store, screen, spec_session):
    screen.focus_question("skip_to_end")
    key(qtbot, Qt.Key.Key_1)  # skipping everything leaves nothing required
    assert screen.mark_complete() == []
    assert store.repos.sessions.get(spec_session)["status"] == "complete"
    assert not screen.form.rows["skip_to_end"].input.box.isEnabled()
    assert screen.reopen_action.isVisible() and not screen.mark_complete_action.isVisible()
    screen.reopen()
    assert store.repos.sessions.get(spec_session)["status"] == "draft"
    assert screen.form.rows["skip_to_end"].input.box.isEnabled()


def test_reopening_resumes_at_first_unanswered(qtbot, store, screen, spec_session):
    from gui.entry import EntryScreen

    key(qtbot, Qt.Key.Key_2)
    key(qtbot, Qt.Key.Key_Tab)
    type_and_tab(qtbot, "Ann")
    screen.close()
    again = EntryScreen(store, spec_session)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(lambda: again.current_path() == "everything/address")
