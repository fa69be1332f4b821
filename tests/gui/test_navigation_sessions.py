"""Opening sessions: the right screen for each kind, a way back, and nothing typed is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.entry import EntryScreen, StartSessionDialog
from gui.focus_groups import FocusGroupScreen, FocusGroupSetupDialog
from gui.interviews import InterviewScreen, StartInterviewDialog
from gui.sessions import SessionsScreen
from storage import open_store


def _session(store, kind: str, status: str | None = None) -> dict:
    return next(
        s
        for s in store.repos.sessions.list()
        if s["instrument_kind"] == kind and (status is None or s["status"] == status)
    )


def open_from_list(window, qtbot, session: dict):
    """Select the study's Sessions, pick the row and press Enter, as a user does."""
    assert window.navigator.select(session["study_id"], "sessions")
    sessions = window.current_screen()
    assert isinstance(sessions, SessionsScreen)
    assert sessions.select_session(session["id"])
    sessions.table.setFocus()
    qtbot.keyClick(sessions.table, Qt.Key.Key_Return)
    return window.current_screen()


@pytest.mark.parametrize(
    ("kind", "screen_class"),
    [
        ("questionnaire", EntryScreen),
        ("interview", InterviewScreen),
        ("focus_group", FocusGroupScreen),
    ],
)
def test_opening_from_the_sessions_list_shows_the_kind_s_screen(
    window, demo_store, qtbot, kind, screen_class
):
    session = _session(demo_store, kind)
    screen = open_from_list(window, qtbot, session)
    assert isinstance(screen, screen_class)
    assert screen.session_id == session["id"]
    page = window.workspace.page
    assert page.kind == kind and page.back_button.text() == "← Back to Sessions"
    assert (
        window.actions.back.isEnabled() and window.actions.back.text() == "&Back to Sessions\tEsc"
    )


def test_back_returns_to_the_list_with_the_row_focused(window, demo_store, qtbot):
    session = _session(demo_store, "interview")
    open_from_list(window, qtbot, session)
    qtbot.mouseClick(window.workspace.page.back_button, Qt.MouseButton.LeftButton)
    sessions = window.current_screen()
    assert isinstance(sessions, SessionsScreen)
    assert window.workspace.page is None
    assert window.focusWidget() is sessions.table
    assert sessions.model.session_id(sessions.table.currentIndex().row()) == session["id"]


def test_escape_in_a_field_goes_back_to_the_list(window, demo_store, qtbot):
    entry = open_from_list(window, qtbot, _session(demo_store, "questionnaire", "draft"))
    qtbot.waitUntil(lambda: entry.form.path_of(window.focusWidget()) is not None)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert isinstance(window.current_screen(), SessionsScreen)


def _type_without_finishing(window, qtbot, entry: EntryScreen, text: str) -> str:
    """Put the focus in an unanswered number or text field and type, leaving it unfinished."""
    from gui.entry.inputs import NumberInput, TextInput

    path = next(
        p
        for p in entry.unanswered_paths()
        if isinstance(getattr(entry.form.rows.get(p), "input", None), NumberInput | TextInput)
    )
    window.activateWindow()
    qtbot.waitUntil(lambda: entry.focus_question(path) and entry.current_path() == path)
    qtbot.keyClicks(window.focusWidget(), text)
    assert path not in entry.store.repos.sessions.answers(entry.session_id)  # not finished
    return path


def test_a_typed_answer_is_saved_when_the_window_closes(window, demo_store, db_path, qtbot):
    session = _session(demo_store, "questionnaire", "draft")
    entry = open_from_list(window, qtbot, session)
    path = _type_without_finishing(window, qtbot, entry, "3")
    assert window.close()
    demo_store.close()
    with open_store(db_path) as reopened:
        assert str(reopened.repos.sessions.answers(session["id"])[path]) == "3"


def test_leaving_a_session_through_the_navigator_saves_it(window, demo_store, qtbot):
    session = _session(demo_store, "questionnaire", "draft")
    entry = open_from_list(window, qtbot, session)
    path = _type_without_finishing(window, qtbot, entry, "2")
    window.navigator.select(session["study_id"], "summaries")
    assert str(demo_store.repos.sessions.answers(session["id"])[path]) == "2"
    assert window.workspace.page is None


def test_new_questionnaire_session_opens_the_entry_screen(window, demo_store, durham, qtbot):
    window.navigator.select(durham["id"], "summaries")
    window.actions.new_session.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, StartSessionDialog)
    before = len(demo_store.repos.sessions.list(durham["id"]))
    dialog.start_button.click()
    assert window.commands.dialog is None
    assert len(demo_store.repos.sessions.list(durham["id"])) == before + 1
    assert isinstance(window.current_screen(), EntryScreen)
    assert window.workspace.page.back_to == "Sessions"
    assert window.navigator.current_key() == (durham["id"], "sessions")


def test_start_interview_opens_the_interview_screen(window, demo_store, durham, qtbot):
    window.actions.start_interview.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, StartInterviewDialog)
    consenting = next(
        i
        for i in range(dialog.participant.count())
        if dialog.participant.itemData(i)["consent_status"] == "given"
    )
    dialog.participant.setCurrentIndex(consenting)
    dialog.start_button.click()
    assert dialog.session_id is not None
    screen = window.current_screen()
    assert isinstance(screen, InterviewScreen) and screen.session_id == dialog.session_id


def test_cancelled_start_dialogs_change_nothing(window, demo_store, durham, qtbot):
    before = len(demo_store.repos.sessions.list())
    window.actions.start_focus_group.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, FocusGroupSetupDialog)
    dialog.reject()
    assert window.commands.dialog is None
    assert len(demo_store.repos.sessions.list()) == before
    assert window.workspace.page is None


def test_import_transcript_reopens_the_session_with_the_turns(
    window, demo_store, qtbot, monkeypatch
):
    from gui.focus_groups import TranscriptImportDialog

    group = _session(demo_store, "focus_group")
    demo_store.repos.sessions.set_status(group["id"], "draft")
    open_from_list(window, qtbot, group)
    assert window.actions.import_transcript.isEnabled()
    window.actions.import_transcript.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, TranscriptImportDialog)
    before = len(demo_store.repos.notes.list(group["id"]))
    dialog.text.setPlainText("Facilitator: One more thing before we finish?\n")
    dialog.read_text()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(demo_store.repos.notes.list(group["id"])) == before + 1
    screen = window.current_screen()
    assert isinstance(screen, FocusGroupScreen)
    assert screen.stream.model.rowCount() == before + 1


def test_opening_another_database_saves_the_typed_answer_first(
    window, demo_store, db_path, tmp_path, qtbot, monkeypatch
):
    session = _session(demo_store, "questionnaire", "draft")
    entry = open_from_list(window, qtbot, session)
    path = _type_without_finishing(window, qtbot, entry, "4")
    other_path = tmp_path / "other.db"
    with open_store(other_path, create=True) as other:
        other.repos.studies.add("Sunderland pilot")
    monkeypatch.setattr("gui.main_window.choose_database_file", lambda *args: other_path)
    window.actions.open.trigger()
    assert window.navigator.study_names() == ["Sunderland pilot"]
    assert demo_store.conn is None
    with open_store(db_path) as reopened:
        assert str(reopened.repos.sessions.answers(session["id"])[path]) == "4"
    window.store.close()


def test_a_live_session_is_left_only_when_the_user_says_so(window, demo_store, qtbot, monkeypatch):
    interview = _session(demo_store, "interview")
    screen = open_from_list(window, qtbot, interview)
    screen.clock.start()  # recording now
    qtbot.keyClick(window.workspace.page, Qt.Key.Key_Escape)
    assert window.current_screen() is screen  # a stray Escape does not end it
    answers = iter([False, True])
    monkeypatch.setattr("gui.session_opener.confirm_leaving_live", lambda parent: next(answers))
    study_id = interview["study_id"]
    window.navigator.select(study_id, "summaries")
    assert window.current_screen() is screen
    assert window.navigator.current_key() == (study_id, "sessions")
    window.navigator.select(study_id, "summaries")
    assert window.workspace.page is None
    assert window.navigator.current_key() == (study_id, "summaries")
