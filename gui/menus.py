"""The main window's menus: what each item does, and when it can be used.

Shortcuts at window level are few on purpose: the session screens own many keys (Ctrl+0–9,
Ctrl+J, Ctrl+K, Ctrl+L, Ctrl+D, Ctrl+E, Ctrl+G, Ctrl+Shift+S/T/O/P, Alt+Up/Down, ...) and
the codebook owns Ctrl+N and Ctrl+Shift+N; a window shortcut on the same keys would make Qt
refuse both as ambiguous. The menu bar's Alt letters (File, sEssion, instruMents, Help) keep
clear of the session screens' buttons and tabs (Interview, Review, Said, ...): Qt takes turns
between two owners of one Alt letter, so each would need two presses. The entry screen's own
actions (Next required, Mark complete, ...) are listed in the Session menu while it is shown,
keeping their shortcuts and their context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget
from shiboken6 import isValid

QUESTIONNAIRE, INTERVIEW, FOCUS_GROUP = "questionnaire", "interview", "focus_group"
# The entry screen's actions shown in the Session menu while a questionnaire is open.
ENTRY_ACTIONS = (
    "next_required_action",
    "mark_complete_action",
    "reopen_action",
    "compare_action",
    "remove_entry_action",
)


class MenuCommands(Protocol):
    """The slots the menus call (gui.window_commands.StudyCommands)."""

    def new_study(self) -> object: ...
    def import_questionnaire(self) -> object: ...
    def import_responses(self) -> object: ...
    def export_excel(self) -> object: ...
    def send_to_coordinator(self) -> object: ...
    def send_to_fieldworkers(self) -> object: ...
    def receive_packs(self) -> object: ...
    def new_questionnaire_session(self) -> object: ...
    def start_interview(self) -> object: ...
    def start_focus_group(self) -> object: ...
    def import_transcript(self) -> object: ...
    def new_from_template(self) -> object: ...
    def new_interview_guide(self) -> object: ...
    def new_focus_group_guide(self) -> object: ...


class MenuWindow(Protocol):
    def open_database(self) -> object: ...
    def close(self) -> bool: ...
    def go_back(self) -> object: ...
    def show_about(self) -> None: ...


def _action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class WindowActions:
    """Builds File, Session, Instruments and Help; `update` enables what the context allows."""

    def __init__(self, window: QMainWindow, slots: MenuWindow, commands: MenuCommands) -> None:
        bar = window.menuBar()
        a = _action
        self.new_study = a(window, "&New study…", commands.new_study)
        self.open = a(window, "&Open database…", slots.open_database, QKeySequence.StandardKey.Open)
        self.import_questionnaire = a(
            window,
            "&Import questionnaire…",
            commands.import_questionnaire,
            tip="Add an XLSForm or a guide workbook to the selected study",
        )
        self.import_responses = a(
            window,
            "Import &responses…",
            commands.import_responses,
            tip="Load filled questionnaires from an Excel or CSV file",
        )
        self.export_excel = a(window, "&Export to Excel…", commands.export_excel)
        self.send_to_coordinator = a(
            window,
            "Send to &coordinator…",
            commands.send_to_coordinator,
            tip="Make a field pack of this laptop's data for the coordinator",
        )
        self.send_to_fieldworkers = a(
            window,
            "Send to &fieldworkers…",
            commands.send_to_fieldworkers,
            tip="Make a field pack of instruments, sites and participant codes",
        )
        self.receive_packs = a(window, "Recei&ve packs…", commands.receive_packs)
        self.quit = a(window, "&Quit", slots.close, "Ctrl+Q")  # not every desktop's standard
        file_menu = bar.addMenu("&File")
        _add(file_menu, self.new_study, self.open, None, self.import_questionnaire)
        _add(file_menu, self.import_responses, self.export_excel, None, self.send_to_coordinator)
        _add(file_menu, self.send_to_fieldworkers, self.receive_packs, None, self.quit)

        self.new_session = a(
            window, "New &questionnaire session…", commands.new_questionnaire_session
        )
        self.start_interview = a(window, "Start &interview…", commands.start_interview)
        self.start_focus_group = a(window, "Start &focus group…", commands.start_focus_group)
        self.import_transcript = a(
            window,
            "Import &transcript…",
            commands.import_transcript,
            tip="Add the turns of a typed transcript to the open interview or focus group",
        )
        self.back = a(window, "&Back", slots.go_back, tip="Save and leave the open session (Esc)")
        self.session_menu = bar.addMenu("S&ession")
        _add(self.session_menu, self.new_session, self.start_interview, self.start_focus_group)
        _add(self.session_menu, None, self.import_transcript, self.back)
        self._entry_separator = self.session_menu.addSeparator()
        self._entry_actions: list[QAction] = []

        self.new_from_template = a(window, "New from &template…", commands.new_from_template)
        self.new_interview_guide = a(window, "New &interview guide…", commands.new_interview_guide)
        self.new_focus_group_guide = a(
            window, "New &focus-group guide…", commands.new_focus_group_guide
        )
        instruments_menu = bar.addMenu("Instru&ments")
        _add(instruments_menu, self.new_from_template, self.new_interview_guide)
        instruments_menu.addAction(self.new_focus_group_guide)

        self.about = a(window, "&About Fieldnotes", slots.show_about)
        bar.addMenu("&Help").addAction(self.about)

    def start_actions(self) -> list[QAction]:
        """The beginnings the study overview offers as buttons."""
        return [
            self.new_session,
            self.start_interview,
            self.start_focus_group,
            self.import_questionnaire,
        ]

    def update(
        self, study_id: str | None, page_kind: str | None, back_to: str, transfer: bool
    ) -> None:
        """Enable what makes sense: a study for most things, an open session for some."""
        has_study = study_id is not None
        for action in (
            self.import_questionnaire,
            self.new_session,
            self.start_interview,
            self.start_focus_group,
            self.new_from_template,
            self.new_interview_guide,
            self.new_focus_group_guide,
        ):
            action.setEnabled(has_study)
        for action in (self.import_responses, self.export_excel):
            action.setEnabled(has_study and transfer)
        for action in (self.send_to_coordinator, self.send_to_fieldworkers):
            action.setEnabled(has_study and transfer)
        self.receive_packs.setEnabled(transfer)
        self.import_transcript.setEnabled(page_kind in (INTERVIEW, FOCUS_GROUP))
        self.back.setEnabled(page_kind is not None)
        # After a tab, Qt shows text where a shortcut would be: Escape is the page's own key.
        self.back.setText(f"&Back to {back_to}\tEsc" if page_kind else "&Back")

    def show_entry_actions(self, entry: object | None) -> None:
        """List an entry screen's actions in the Session menu (none when no entry is shown)."""
        for action in self._entry_actions:
            if isValid(action):  # the screen owning it may be gone already
                self.session_menu.removeAction(action)
        self._entry_actions = [getattr(entry, name) for name in ENTRY_ACTIONS] if entry else []
        self._entry_separator.setVisible(bool(self._entry_actions))
        self.session_menu.addActions(self._entry_actions)


def _add(menu: QMenu, *actions: QAction | None) -> None:
    """Add actions in order; None stands for a separator."""
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
