"""Editing the stream afterwards, consent in the group, and the review: all by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.focus_groups import FocusGroupScreen, FocusGroupSetupDialog
from instruments.model import Topic
from storage.qualitative import FACILITATOR, RosterEntry, save_guide, start_focus_group

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def study(store):
    repos = store.repos
    study_id = repos.studies.add("Cumbria older people's mental health")
    repos.studies.add_fieldworker(study_id, "Gareth Irving")
    people = {}
    for code in ("CUM-K01", "CUM-K02", "CUM-K03", "CUM-K04"):
        people[code] = repos.participants.add(study_id, code, role="carer")
        if code != "CUM-K04":
            repos.participants.record_consent(people[code], "given", "2026-06-01", "written form")
    topics = [Topic("", "Waiting"), Topic("", "Hospital"), Topic("", "Working together")]
    guide = save_guide(store, study_id, "focus_group", "Carers' group", topics)
    return {"id": study_id, "guide": guide, "people": people}


@pytest.fixture
def screen(qtbot, store, study):
    people = study["people"]
    session_id = start_focus_group(
        store,
        study["id"],
        study["guide"],
        [RosterEntry(people[f"CUM-K0{n}"], f"P{n}") for n in (1, 2, 3)],
    )
    notes = store.repos.notes
    for number, (label, text) in enumerate(
        [
            (FACILITATOR, "What happened while you waited?"),
            ("P1", "Nobody rang."),
            ("P2", "I rang them every month"),
            ("P2", "to check we were still on the list."),
            ("P3", "We got a leaflet."),
        ]
    ):
        member = people.get(f"CUM-K0{label[1:]}") if label.startswith("P") else None
        notes.add(
            session_id,
            text,
            topic="waiting",
            speaker_id=member,
            speaker_label=label,
            elapsed_ms=1000 * number,
        )
    widget = FocusGroupScreen(store, session_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _texts(store, screen):
    return [n["text"] for n in store.repos.notes.list(screen.session_id)]


def _go_to_row(qtbot, screen, row):
    table = screen.stream.table
    qtbot.keyClick(screen.live.said, Qt.Key.Key_L, CTRL)
    while table.currentIndex().row() != row:
        step = Qt.Key.Key_Up if table.currentIndex().row() > row else Qt.Key.Key_Down
        qtbot.keyClick(table, step)
    assert table.currentIndex().row() == row


def test_merge_reorder_and_move_to_topic(qtbot, store, screen):
    table = screen.stream.table
    _go_to_row(qtbot, screen, 2)
    qtbot.keyClick(table, Qt.Key.Key_J, CTRL)  # merge with the next
    assert _texts(store, screen)[2] == "I rang them every month to check we were still on the list."
    _go_to_row(qtbot, screen, 3)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)  # "We got a leaflet." moves up
    assert _texts(store, screen)[1:4] == [
        "Nobody rang.",
        "We got a leaflet.",
        "I rang them every month to check we were still on the list.",
    ]
    # Move to another topic through the topic cell: F2, Down, Enter.
    index = screen.stream.model.index(2, 3)
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.repos.notes.list(screen.session_id)[2]["topic"] == "hospital")
    moved = store.repos.notes.list(screen.session_id)[2]
    assert (moved["text"], moved["topic"]) == ("We got a leaflet.", "hospital")
    # Escape hands the keyboard back to the turn line.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert screen.focusWidget() is screen.live.said


def test_text_of_a_turn_edits_in_place(qtbot, store, screen):
    table = screen.stream.table
    table.setFocus()
    table.setCurrentIndex(screen.stream.model.index(1, 5))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, " Not once.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _texts(store, screen)[1] == "Nobody rang. Not once."


def test_withdrawn_member_cannot_be_picked_and_is_marked(qtbot, store, study, screen):
    store.repos.participants.record_consent(study["people"]["CUM-K02"], "withdrawn", "2026-06-20")
    again = FocusGroupScreen(store, screen.session_id)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(again.isActiveWindow)
    bar = again.live.speaker_bar
    assert not bar.buttons[1].isEnabled()
    assert "Withdrawn" in bar.buttons[1].text()
    qtbot.keyClick(again.live.said, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(again.live.said, Qt.Key.Key_2, CTRL)
    assert bar.current().label == "P1"
    assert "consent is not given" in again.live.message.text()
    header = " ".join(label.accessibleName() for label in again.header._field_labels)
    assert "No consent: P2" in header
    speaker_cell = again.stream.model.index(2, 2)
    assert "withdrawn" in again.stream.model.data(speaker_cell)


def test_setup_refuses_a_member_without_consent_then_records_it(qtbot, store, study):
    dialog = FocusGroupSetupDialog(store, study["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    for code in ("CUM-K01", "CUM-K04"):
        qtbot.keyClicks(dialog.roster.filter, code)
        qtbot.keyClick(dialog.roster.filter, Qt.Key.Key_Return)
    dialog.accept()
    assert dialog.session_id is None
    assert dialog.offer.isVisible() and "CUM-K04" in dialog.offer.message.text()
    assert dialog.roster.current_member()["participant"]["code"] == "CUM-K04"
    consent = dialog.offer.open_dialog()
    consent.accept()
    assert not dialog.offer.isVisible()
    assert dialog.roster.table.item(1, 3).text() == "Given"
    dialog.accept()
    assert dialog.session_id is not None
    assert len(store.repos.sessions.members(dialog.session_id)) == 2


def test_review_counts_search_and_complete(qtbot, store, screen):
    qtbot.keyClick(screen.live.said, Qt.Key.Key_R, ALT)
    assert screen.tabs.currentWidget() is screen.review
    review = screen.review
    counts = {
        review.speakers.item(r, 0).text(): review.speakers.item(r, 4).text()
        for r in range(review.speakers.rowCount())
    }
    assert counts == {"P2": "2", "Facilitator": "1", "P1": "1", "P3": "1"}
    qtbot.keyClick(review, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(review.search, "leaflet")
    assert "1 match" in review.results.toPlainText()
    assert "leaflet" in review.results.toHtml()
    summary = next(s for s in review.summaries if s.topic_id == "waiting")
    assert "5 notes" in summary.counts.text() and "4 speakers" in summary.counts.text()
    qtbot.keyClicks(summary.text, "No contact while waiting.")
    review.complete_button.click()
    assert store.repos.sessions.get(screen.session_id)["status"] == "complete"
    assert not screen.live.said.isEnabled()
    assert "No contact while waiting." in _texts(store, screen)
