"""The menus: every command is there, and enabled only where it can work."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from gui.guides import GuideEditorDialog
from gui.templates_dialog import NewFromTemplateDialog

MENUS = {
    "&File": [
        "&New study…",
        "&Open database…",
        "&Import questionnaire…",
        "Import &responses…",
        "&Export to Excel…",
        "Send to &coordinator…",
        "Send to &fieldworkers…",
        "Recei&ve packs…",
        "&Quit",
    ],
    "S&ession": [
        "New &questionnaire session…",
        "Start &interview…",
        "Start &focus group…",
        "Import &transcript…",
        "&Back",
    ],
    "Instru&ments": ["New from &template…", "New &interview guide…", "New &focus-group guide…"],
    "&Help": ["&About Fieldnotes"],
}
WINDOW_KEYS_LEFT_TO_SCREENS = [f"Ctrl+{n}" for n in range(10)] + [
    "Ctrl+PgUp",
    "Ctrl+PgDown",
    "Ctrl+K",
    "Ctrl+L",
    "Ctrl+J",
    "Ctrl+Shift+S",
    "Ctrl+Shift+T",
    "Ctrl+Shift+O",
    "Ctrl+Shift+P",
    "Ctrl+D",
    "Ctrl+E",
    "Ctrl+G",
    "Ctrl+F",
    "Ctrl+Return",
    "Alt+Up",
    "Alt+Down",
    "Ctrl+N",
    "Ctrl+Shift+N",
]


def _menus(window) -> dict[str, list[str]]:
    found = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        found[menu_action.text()] = [
            a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()
        ]
    return found


def test_menu_map(window):
    assert _menus(window) == MENUS


def test_window_shortcuts_leave_the_screens_keys_free(window):
    taken = {
        action.shortcut().toString()
        for action in window.findChildren(type(window.actions.open))
        if action.parent() is window and not action.shortcut().isEmpty()
    }
    assert taken == {"Ctrl+O", "Ctrl+Q"}
    assert not taken & set(WINDOW_KEYS_LEFT_TO_SCREENS)


def test_with_a_study_selected_the_study_commands_are_enabled(window, durham):
    window.navigator.select(durham["id"], "sites")
    actions = window.actions
    for action in (
        actions.import_questionnaire,
        actions.new_session,
        actions.start_interview,
        actions.start_focus_group,
        actions.new_from_template,
        actions.new_interview_guide,
        actions.new_focus_group_guide,
    ):
        assert action.isEnabled(), action.text()
    assert not actions.import_transcript.isEnabled()
    assert not actions.back.isEnabled()
    for action in (actions.export_excel, actions.import_responses, actions.receive_packs):
        assert action.isEnabled() == window.transfer


def test_without_a_study_only_database_commands_work(qtbot, store):
    from gui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    actions = window.actions
    assert actions.new_study.isEnabled() and actions.open.isEnabled()
    for action in (
        actions.import_questionnaire,
        actions.export_excel,
        actions.new_session,
        actions.start_interview,
        actions.new_from_template,
    ):
        assert not action.isEnabled(), action.text()
    assert actions.receive_packs.isEnabled() == window.transfer  # a coordinator's first merge


def test_without_the_transfer_screens_their_commands_are_off(window):
    window.transfer = False
    window.update_actions()
    for action in (window.actions.export_excel, window.actions.receive_packs):
        assert not action.isEnabled()


def test_entry_actions_join_the_session_menu_while_a_questionnaire_is_open(
    window, demo_store, durham
):
    session = next(
        s
        for s in demo_store.repos.sessions.list(durham["id"])
        if s["instrument_kind"] == "questionnaire" and s["status"] == "draft"
    )
    window.navigator.select(durham["id"], "sessions")
    window.workspace.open_session(session["id"])
    entry = window.current_screen()
    session_menu = _menus(window)["S&ession"]
    assert "Next required" in session_menu and "Mark complete" in session_menu
    assert "Remove entry" in session_menu
    assert entry.next_required_action in window.actions.session_menu.actions()
    assert entry.next_required_action.shortcut().toString() == "Ctrl+J"
    assert not window.actions.import_transcript.isEnabled()
    window.navigator.select(durham["id"], "summaries")
    assert "Next required" not in _menus(window)["S&ession"]


def test_import_transcript_is_enabled_for_an_interview(window, demo_store, durham):
    sessions = demo_store.repos.sessions.list(durham["id"])
    interview = next(s for s in sessions if s["instrument_kind"] == "interview")
    window.workspace.open_session(interview["id"])
    assert window.actions.import_transcript.isEnabled()
    window.actions.back.trigger()
    assert not window.actions.import_transcript.isEnabled()


@pytest.mark.parametrize(
    ("action_name", "dialog_class"),
    [
        ("new_from_template", NewFromTemplateDialog),
        ("new_interview_guide", GuideEditorDialog),
        ("new_focus_group_guide", GuideEditorDialog),
    ],
)
def test_instrument_commands_open_their_dialogs(window, durham, action_name, dialog_class):
    window.navigator.select(durham["id"], "progress")
    getattr(window.actions, action_name).trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, dialog_class)
    dialog.reject()
    assert window.commands.dialog is None


def test_a_template_questionnaire_shows_the_instruments(window, demo_store, durham):
    window.navigator.select(durham["id"], "summaries")
    window.actions.new_from_template.trigger()
    dialog = window.commands.dialog
    before = len(demo_store.repos.instruments.list(durham["id"]))
    dialog.name.setText("Carers' check-in 2027")
    dialog.create_button.click()
    assert len(demo_store.repos.instruments.list(durham["id"])) == before + 1
    assert window.navigator.current_key() == (durham["id"], "instruments")
    assert window.current_screen().model.rowCount() == before + 1


@pytest.mark.parametrize(
    ("action_name", "dialog_name"),
    [
        ("export_excel", "ExportDialog"),
        ("import_responses", "ImportResponsesDialog"),
        ("send_to_coordinator", "SendPackDialog"),
        ("send_to_fieldworkers", "SendPackDialog"),
        ("receive_packs", "ReceivePacksDialog"),
    ],
)
def test_transfer_commands_open_their_dialogs(window, durham, action_name, dialog_name):
    pytest.importorskip("gui.transfer")
    window.navigator.select(durham["id"], "sessions")
    dialog = getattr(window.commands, action_name)()
    assert isinstance(dialog, QDialog) and type(dialog).__name__ == dialog_name
    if action_name.startswith("send_to_"):
        assert dialog.direction == action_name.removeprefix("send_to_")
    dialog.reject()


def test_receive_packs_can_show_the_conflicts(window, durham):
    transfer = pytest.importorskip("gui.transfer")
    window.navigator.select(durham["id"], "sessions")
    dialog = window.commands.receive_packs()
    dialog.conflicts_requested.emit()
    assert isinstance(window.current_screen(), transfer.ConflictsScreen)
    assert window.navigator.current_key() == (durham["id"], "conflicts")
    dialog.reject()
