"""The navigator reaches every screen of a study; screens are built lazily, refresh when shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.coding import CodebookScreen
from gui.connections import ConnectionsScreen
from gui.instruments_screen import InstrumentsScreen
from gui.interviews import InterviewScreen
from gui.navigator import MINIMUM_WIDTH, OVERVIEW
from gui.participants_screen import ParticipantsScreen
from gui.progress import ProgressScreen
from gui.screen_tracker import ScreenTracker
from gui.search import SearchScreen
from gui.sessions import SessionsScreen
from gui.sites_screen import SitesScreen
from gui.study_overview import StudyOverviewScreen
from gui.summaries import PartnershipProfileScreen, SummaryScreen
from gui.write_tracker import WriteTracker
from storage.changes import Changes

SCREENS = {
    OVERVIEW: StudyOverviewScreen,
    "sites": SitesScreen,
    "participants": ParticipantsScreen,
    "instruments": InstrumentsScreen,
    "sessions": SessionsScreen,
    "summaries": SummaryScreen,
    "progress": ProgressScreen,
    "codebook": CodebookScreen,
    "search": SearchScreen,
    "connections": ConnectionsScreen,
}


@pytest.mark.parametrize("section", list(SCREENS))
def test_each_section_shows_its_screen_for_the_study(window, durham, section):
    assert window.navigator.select(durham["id"], section)
    screen = window.current_screen()
    assert isinstance(screen, SCREENS[section])
    assert screen.isVisible()
    assert window.workspace.shown == (durham["id"], section)


def test_conflicts_section_shows_the_conflicts_screen(window, durham):
    transfer = pytest.importorskip("gui.transfer")
    assert window.navigator.select(durham["id"], "conflicts")
    assert isinstance(window.current_screen(), transfer.ConflictsScreen)


def test_every_study_offers_every_section_in_order(window):
    item = window.navigator.topLevelItem(0)
    labels = [item.child(i).text(0).split(" (")[0] for i in range(item.childCount())]
    expected = ["Sites", "Participants", "Instruments", "Sessions", "Summaries", "Progress"]
    expected += ["Codebook", "Search", "Connections"]
    if window.transfer:
        expected.append("Conflicts")
    assert labels == expected


def test_screens_are_built_on_first_use_and_kept(window, durham):
    assert set(window.workspace.screens) == {OVERVIEW}
    window.navigator.select(durham["id"], "summaries")
    summaries = window.current_screen()
    window.navigator.select(durham["id"], "sites")
    window.navigator.select(durham["id"], "summaries")
    assert window.current_screen() is summaries
    assert set(window.workspace.screens) == {OVERVIEW, "summaries", "sites"}


def test_only_the_current_study_is_expanded(window, demo_store, durham):
    window.navigator.select(durham["id"], "sessions")
    expanded = [
        window.navigator.topLevelItem(i).text(0)
        for i in range(window.navigator.topLevelItemCount())
        if window.navigator.topLevelItem(i).isExpanded()
    ]
    assert expanded == ["Durham integrated teams"]


def test_the_basics_fit_without_scrolling(window):
    navigator = window.navigator
    assert navigator.verticalScrollBar().maximum() == 0
    assert navigator.width() >= MINIMUM_WIDTH


def test_switching_study_keeps_the_section(window, demo_store, durham):
    window.navigator.select(durham["id"], "summaries")
    other = demo_store.repos.studies.by_name("Northumberland children's services")
    window.navigator.select(other["id"], "summaries")
    screen = window.current_screen()
    assert isinstance(screen, SummaryScreen) and screen.study_id == other["id"]


def test_hidden_screens_hear_of_changes_only_when_shown(qtbot):
    tracker = WriteTracker()
    screen_tracker = ScreenTracker(tracker)
    heard: list[Changes] = []
    screen_tracker.changed.connect(heard.append)
    tracker.changed.emit(Changes().add("answers"))
    tracker.changed.emit(Changes().add("notes", "n1"))
    assert heard == []
    screen_tracker.set_active(True)
    assert len(heard) == 1 and heard[0].tables == {"answers", "notes"}
    tracker.changed.emit(Changes().add("codes"))
    assert heard[-1].tables == {"codes"}


def test_a_screen_s_writes_go_through_the_window_tracker(qtbot):
    tracker = WriteTracker()
    screen_tracker = ScreenTracker(tracker)
    with qtbot.waitSignal(tracker.state_changed):
        assert screen_tracker.run(lambda: 7, ["targets"]) == 7


def test_a_hidden_summary_screen_catches_up_when_shown(window, demo_store, durham, monkeypatch):
    window.navigator.select(durham["id"], "summaries")
    summaries = window.current_screen()
    calls: list[str] = []
    monkeypatch.setattr(summaries, "refresh", lambda: calls.append("refresh"))
    window.navigator.select(durham["id"], "sites")
    window.tracker.changed.emit(Changes().add("answers"))
    assert calls == []
    window.navigator.select(durham["id"], "summaries")
    assert calls  # the held-back notice arrived once it was shown


def test_search_opens_an_interview_at_the_note(window, demo_store, durham, qtbot):
    interview = next(
        s
        for s in demo_store.repos.sessions.list(durham["id"])
        if s["instrument_kind"] == "interview"
    )
    notes = [n for n in demo_store.repos.notes.list(interview["id"]) if n["kind"] != "summary"]
    note = notes[-1]
    window.navigator.select(durham["id"], "search")
    window.current_screen().open_note.emit(interview["id"], note["id"])
    screen = window.current_screen()
    assert isinstance(screen, InterviewScreen)
    assert screen.notes.topic == note["topic"]
    editor = next(e for e in screen.notes.editors if e.note_id == note["id"])
    assert editor.text.hasFocus() or window.focusWidget() is editor.text
    assert window.workspace.page.back_button.text() == "← Back to Search"


def test_connections_open_a_focus_group_at_the_turn(window, demo_store):
    from gui.focus_groups import FocusGroupScreen

    group = next(
        s for s in demo_store.repos.sessions.list() if s["instrument_kind"] == "focus_group"
    )
    note = demo_store.repos.notes.list(group["id"])[5]
    window.navigator.select(group["study_id"], "connections")
    window.current_screen().open_note.emit(group["id"], note["id"])
    screen = window.current_screen()
    assert isinstance(screen, FocusGroupScreen)
    assert screen.stream.selected_ids() == [note["id"]]


def test_search_opens_a_questionnaire_at_the_answer(window, demo_store, durham, qtbot):
    from gui.entry import EntryScreen

    session = next(
        s
        for s in demo_store.repos.sessions.list(durham["id"])
        if s["instrument_kind"] == "questionnaire" and s["status"] == "draft"
    )
    answer = demo_store.repos.sessions.answer_rows(session["id"])[-1]
    window.navigator.select(durham["id"], "search")
    window.current_screen().open_answer.emit(session["id"], answer["id"])
    screen = window.current_screen()
    assert isinstance(screen, EntryScreen)
    qtbot.waitUntil(lambda: window.workspace._pending_answer is None)
    row = screen.form.rows.get(answer["path"])
    assert row is not None and row.input is not None
    # The window's own focus widget: building the search screen flashes a parentless label
    # (gui/coding/text_view.py), which leaves no window active offscreen.
    qtbot.waitUntil(lambda: screen.form.path_of(window.focusWidget()) == answer["path"])


def test_partnership_profile_opens_on_a_page_back_to_summaries(window, demo_store, durham):
    window.navigator.select(durham["id"], "summaries")
    summaries = window.current_screen()
    partnership = next(
        i
        for i in demo_store.repos.instruments.list(durham["id"])
        if i["name"].startswith("Partnership assessment")
    )
    summaries.profile_requested.emit(partnership["id"])
    assert isinstance(window.current_screen(), PartnershipProfileScreen)
    assert window.workspace.go_back()
    assert window.current_screen() is summaries


def test_clicking_the_current_section_comes_back_from_a_session(window, demo_store, durham, qtbot):
    window.navigator.select(durham["id"], "sessions")
    sessions = window.current_screen()
    session = demo_store.repos.sessions.list(durham["id"])[0]
    window.workspace.open_session(session["id"])
    assert window.current_screen() is not sessions
    item = window.navigator.currentItem()
    rect = window.navigator.visualItemRect(item)
    qtbot.mouseClick(window.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_screen() is sessions
    assert window.workspace.page is None


def test_the_navigator_makes_room_for_a_wide_screen_and_takes_it_back(window, durham):
    from gui.workspace import NAVIGATOR_WIDTH

    workspace = window.workspace
    assert workspace.sizes()[0] == NAVIGATOR_WIDTH
    window.navigator.select(durham["id"], "summaries")
    summaries = window.current_screen()
    assert summaries.width() >= summaries.minimumSizeHint().width()
    assert MINIMUM_WIDTH <= workspace.sizes()[0] < NAVIGATOR_WIDTH
    window.navigator.select(durham["id"], "sites")
    assert workspace.sizes()[0] == NAVIGATOR_WIDTH
