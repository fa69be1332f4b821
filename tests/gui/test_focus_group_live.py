"""A focus group by keyboard alone: roster of 8, 50 turns on 3 topics, a speaker fixed, a split."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.focus_groups import FocusGroupScreen, FocusGroupSetupDialog
from instruments.model import Topic
from storage.qualitative import FACILITATOR, save_guide

CTRL = Qt.KeyboardModifier.ControlModifier
CODES = [f"NOR-S{n:02d}" for n in range(1, 11)]
SPLIT_TURN = 20
SPLIT_TEXT = "Agreed about the hub. But funding is the real problem"


@pytest.fixture
def study(store):
    repos = store.repos
    study_id = repos.studies.add("Northumberland children's services")
    repos.studies.add_site(study_id, "Blyth locality")
    repos.studies.add_fieldworker(study_id, "Siobhan Kerr")
    repos.studies.add_fieldworker(study_id, "Daniel Okafor")
    for code in CODES:
        person = repos.participants.add(study_id, code, role="staff")
        repos.participants.record_consent(person, "given", "2026-06-01", "written form")
    topics = [
        Topic("", "Locality hubs"),
        Topic("", "Sharing information"),
        Topic("", "Transitions"),
    ]
    guide = save_guide(store, study_id, "focus_group", "Practitioners' group", topics)
    return {"id": study_id, "guide": guide}


def _enter(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def set_up_roster_of_eight(qtbot, store, study) -> str:
    dialog = FocusGroupSetupDialog(store, study["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.title, "Practitioners, Blyth hub")
    _enter(qtbot, dialog.title)  # on to the roster, not the Start button
    assert dialog.focusWidget() is dialog.roster.filter
    for code in CODES[:8]:
        qtbot.keyClicks(dialog.roster.filter, code)
        _enter(qtbot, dialog.roster.filter)
    assert dialog.session_id is None
    table = dialog.roster.table
    assert [table.item(r, 0).text() for r in range(8)] == [f"P{n}" for n in range(1, 9)]
    table.setFocus()
    table.setCurrentCell(0, 4)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClicks(table.focusWidget(), "By the window")
    _enter(qtbot, table.focusWidget())
    qtbot.keyClick(dialog.roster.filter, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.session_id is not None)  # a button's shortcut is animated
    return dialog.session_id


@pytest.fixture
def screen(qtbot, store, study):
    session_id = set_up_roster_of_eight(qtbot, store, study)
    widget = FocusGroupScreen(store, session_id)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.live.said.setFocus()
    return widget


def test_roster_is_stored_with_labels_and_seats(store, screen):
    members = store.repos.sessions.members(screen.session_id)
    assert [(m["label"], m["participant_code"]) for m in members] == [
        (f"P{n}", code) for n, code in zip(range(1, 9), CODES, strict=False)
    ]
    assert members[0]["seat"] == "By the window"
    session = store.repos.sessions.get(screen.session_id)
    assert session["title"] == "Practitioners, Blyth hub"


def test_fifty_turns_by_keyboard_then_fix_and_split(qtbot, store, screen):
    said = screen.live.said
    expected = []  # (label, topic id, text)
    topics = [t.id for t in screen.context.topics]
    topic = 0
    for turn in range(50):
        if turn in (17, 34):
            qtbot.keyClick(said, Qt.Key.Key_PageDown, CTRL)
            topic += 1
        if turn % 5 == 0:
            qtbot.keyClick(said, Qt.Key.Key_0, CTRL)
            label = FACILITATOR
        else:
            member = turn % 8 + 1
            qtbot.keyClick(said, getattr(Qt.Key, f"Key_{member}"), CTRL)
            label = f"P{member}"
        text = SPLIT_TEXT if turn == SPLIT_TURN else f"Turn {turn} about {topics[topic]}"
        qtbot.keyClicks(said, text)
        _enter(qtbot, said)
        expected.append((label, topics[topic], text))
        if turn == 25:  # an observation, and back to the turn line
            qtbot.keyClick(said, Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier)
            qtbot.keyClicks(screen.live.observation, "Two people talking over each other")
            _enter(qtbot, screen.live.observation)
            assert screen.focusWidget() is said
    assert said.text() == ""

    # Type-to-pick: Ctrl+K, a code, Enter, and the cursor is back on the turn line.
    qtbot.keyClick(said, Qt.Key.Key_K, CTRL)
    assert screen.focusWidget() is screen.live.speaker_bar.pick
    qtbot.keyClicks(screen.live.speaker_bar.pick, "nor-s07")
    _enter(qtbot, screen.live.speaker_bar.pick)
    assert screen.live.speaker_bar.current().label == "P7"
    assert screen.focusWidget() is said

    # Fix a speaker: into the table, up to turn 12, Ctrl+3.
    qtbot.keyClick(said, Qt.Key.Key_L, CTRL)
    table = screen.stream.table
    assert table.hasFocus()
    last = screen.stream.model.rowCount() - 1
    for _ in range(last - 13):  # 51 rows: 50 turns and the observation after turn 25
        qtbot.keyClick(table, Qt.Key.Key_Up)
    fixed_id = screen.stream.selected_ids()[0]
    assert store.repos.notes.get(fixed_id)["text"] == expected[13][2]
    qtbot.keyClick(table, Qt.Key.Key_3, CTRL)
    expected[13] = ("P3", expected[13][1], expected[13][2])

    # Split turn 20 between its two sentences.
    for _ in range(13 - SPLIT_TURN, 0):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert store.repos.notes.get(screen.stream.selected_ids()[0])["text"] == SPLIT_TEXT
    qtbot.keyClick(table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = screen.stream.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.view, Qt.Key.Key_End)
    for _ in range(6):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Left, CTRL)
    _enter(qtbot, dialog.view)
    label, topic_id, _text = expected[SPLIT_TURN]
    expected[SPLIT_TURN : SPLIT_TURN + 1] = [
        (label, topic_id, "Agreed about the hub."),
        (label, topic_id, "But funding is the real problem"),
    ]

    rows = store.repos.notes.list(screen.session_id)
    spoken = [r for r in rows if r["kind"] != "observation"]
    assert [(r["speaker_label"], r["topic"], r["text"]) for r in spoken] == expected
    members = {
        m["label"]: m["participant_id"] for m in store.repos.sessions.members(screen.session_id)
    }
    for row in spoken:
        assert row["speaker_id"] == members.get(row["speaker_label"])
    stamps = [r["elapsed_ms"] for r in rows]
    assert None not in stamps and stamps == sorted(stamps)
    head, tail = (r for r in spoken if r["text"].startswith(("Agreed", "But funding")))
    assert head["elapsed_ms"] == tail["elapsed_ms"]
    observation = next(r for r in rows if r["kind"] == "observation")
    assert rows.index(observation) == 27  # after turn 25 and the split head before it
    assert screen.stream.model.rowCount() == len(rows) == 52
