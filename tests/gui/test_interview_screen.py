"""The interview screen: notes on topics in any order, kinds, autosave, ticks, consent, review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from gui.interviews import InterviewScreen
from instruments.model import Topic
from storage.qualitative import save_guide, start_interview

TOPICS = ["Your role", "Sharing information", "Joint management", "Pooled budget", "Outcomes"]


def type_text(widget, text: str) -> None:
    """Type character by character as key events (QTest.keyClicks aborts on non-ASCII)."""
    for char in text:
        event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char)
        QApplication.sendEvent(widget, event)


@pytest.fixture
def study(store):
    repos = store.repos
    study_id = repos.studies.add("Durham integrated teams")
    site = repos.studies.add_site(study_id, "Derwentside integrated team")
    worker = repos.studies.add_fieldworker(study_id, "Aisha Rahman")
    consenting = repos.participants.add(study_id, "DUR-N01", role="staff", site_id=site)
    repos.participants.record_consent(consenting, "given", "2026-04-01", "written form")
    unrecorded = repos.participants.add(study_id, "DUR-K02", role="carer", site_id=site)
    topics = [
        Topic("", title, question=f"Tell me about {title.lower()}.", prompts=["Example"])
        for title in TOPICS
    ]
    guide = save_guide(store, study_id, "interview", "Integrated team staff interview", topics)
    return {
        "id": study_id,
        "worker": worker,
        "guide": guide,
        "given": consenting,
        "unrecorded": unrecorded,
    }


@pytest.fixture
def screen(qtbot, store, study):
    session_id = start_interview(
        store, study["id"], study["guide"], study["given"], interviewer_id=study["worker"]
    )
    widget = InterviewScreen(store, session_id)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _current_editor(screen):
    editor = screen.notes.current_editor()
    assert editor is not None, "the keyboard focus should be in a note"
    return editor


def test_header_shows_who_where_when(screen):
    header = " ".join(label.accessibleName() for label in screen.header._field_labels)
    for expected in ("DUR-N01 · staff", "Given", "Derwentside", "Aisha Rahman", "Face to face"):
        assert expected in header
    assert screen.header.elapsed.text() == "0:00:00"
    assert not screen.clock.running  # it starts with the first words typed


def test_clock_starts_with_the_first_note_and_stamps_it(qtbot, store, screen):
    editor = screen.notes.add_note()
    qtbot.keyClicks(editor.text, "x")
    assert screen.clock.running and editor.started_ms is not None
    screen.header.clock_button.click()
    assert not screen.clock.running
    qtbot.keyClicks(screen.notes.add_note().text, "y")  # a paused clock stays paused
    assert not screen.clock.running


def test_notes_on_four_topics_in_non_guide_order(qtbot, store, screen):
    ids = {topic.title: topic.id for topic in screen.context.topics}
    plan = [
        ("Pooled budget", "note", "Nobody has said what the pooled budget can be used for."),
        ("Pooled budget", "quote", "I've heard the phrase, that's all."),
        ("Your role", "note", "Community nurse, eight years in the team."),
        ("Outcomes", "observation", "Leaned forward, animated."),
        ("Sharing information", "note", "Two record systems – no shared view."),
        ("Outcomes", "summary", "Wants feedback on outcomes."),
    ]
    kind_keys = {"note": Qt.Key.Key_1, "quote": Qt.Key.Key_2, "observation": Qt.Key.Key_3}
    kind_keys["summary"] = Qt.Key.Key_4
    for title, kind, text in plan:
        if screen.notes.topic != ids[title]:
            screen.guide.setFocus()
            screen.guide.select_topic(ids[title])
            qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(
                _current_editor(screen).text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
        editor = _current_editor(screen)
        assert editor.note_id is None and editor.topic == ids[title]
        qtbot.keyClick(editor.text, kind_keys[kind], Qt.KeyboardModifier.ControlModifier)
        type_text(editor.text, text)
    qtbot.keyClick(screen, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # Outcomes covered
    assert screen.flush()

    rows = store.repos.notes.list(screen.session_id)
    assert [(r["topic"], r["kind"], r["text"]) for r in rows] == [
        (ids[title], kind, text) for title, kind, text in plan
    ]
    quote = next(r for r in rows if r["kind"] == "quote")
    assert quote["speaker_code"] == "DUR-N01"
    assert all(r["elapsed_ms"] is not None for r in rows)
    assert [r["elapsed_ms"] for r in rows] == sorted(r["elapsed_ms"] for r in rows)
    assert store.repos.notes.covered(screen.session_id) == {ids["Outcomes"]}
    assert "Pooled budget — 2 notes" in screen.guide._topic_items[ids["Pooled budget"]].text(0)


def test_typing_is_saved_within_a_second_without_leaving_the_field(qtbot, store, screen):
    editor = screen.notes.add_note()
    qtbot.keyClicks(editor.text, "Waiting fourteen weeks for an OT assessment")
    qtbot.waitUntil(
        lambda: (
            [n["text"] for n in store.repos.notes.list(screen.session_id)]
            == ["Waiting fourteen weeks for an OT assessment"]
        ),
        timeout=1500,
    )
    assert "Saved" in screen.header.save_state.text()


def test_move_up_and_to_another_topic(qtbot, store, screen):
    first = screen.notes.add_note()
    qtbot.keyClicks(first.text, "first")
    second = screen.notes.add_note()
    qtbot.keyClicks(second.text, "second")
    qtbot.keyClick(second.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [e.committed_text for e in screen.notes.editors if e.note_id] == ["second", "first"]
    target = screen.context.topics[2].id
    screen.notes.editors[0].command.emit(screen.notes.editors[0].note_id, f"topic:{target}")
    rows = store.repos.notes.list(screen.session_id)
    assert [(r["text"], r["topic"] == target) for r in rows] == [("second", True), ("first", False)]
    assert [e.committed_text for e in screen.notes.editors if e.note_id] == ["first"]


def test_ticks_persist_and_show_again(qtbot, store, study, screen):
    item = screen.guide._topic_items[screen.context.topics[1].id].child(1)  # its first prompt
    screen.guide.setCurrentItem(item)
    screen.guide.setFocus()
    qtbot.keyClick(screen.guide, Qt.Key.Key_Space)
    key = f"{screen.context.topics[1].id}/prompt/0"
    assert store.repos.notes.covered(screen.session_id) == {key}
    again = InterviewScreen(store, screen.session_id)
    qtbot.addWidget(again)
    assert again.guide.is_covered(key)


def test_review_summaries_search_and_complete(qtbot, store, screen):
    editor = screen.notes.add_note()
    qtbot.keyClicks(editor.text, "The huddle on Tuesdays is the best thing we have")
    screen.tabs.setCurrentWidget(screen.review)
    review = screen.review
    summary = next(s for s in review.summaries if s.topic_id == screen.notes.topic)
    qtbot.keyClicks(summary.text, "Relationships carry the sharing.")
    review.search.setText("huddle")
    assert "1 match" in review.results.toPlainText()
    review.complete_button.click()
    assert store.repos.sessions.get(screen.session_id)["status"] == "complete"
    summaries = [
        n["text"] for n in store.repos.notes.list(screen.session_id) if n["kind"] == "summary"
    ]
    assert summaries == ["Relationships carry the sharing."]
    screen.tabs.setCurrentIndex(0)
    assert all(e.text.isReadOnly() for e in screen.notes.editors)
    assert not screen.notes.new_button.isEnabled()
    review.complete_button.click()  # reopen
    assert store.repos.sessions.get(screen.session_id)["status"] == "draft"
    assert not screen.notes.editors[0].text.isReadOnly()


def test_no_consent_offers_to_record_it_then_opens_the_notes(qtbot, store, study):
    session_id = store.repos.sessions.start(
        study["id"], study["guide"], participant_id=study["unrecorded"]
    )
    screen = InterviewScreen(store, session_id)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.offer.isVisible()
    assert "DUR-K02" in screen.offer.message.text()
    assert all(e.text.isReadOnly() for e in screen.notes.editors)
    dialog = screen.offer.open_dialog()
    assert dialog.form.status.currentData() == "given"
    dialog.form.method.setCurrentText("verbal, recorded")
    dialog.accept()
    assert store.repos.participants.get(study["unrecorded"])["consent_status"] == "given"
    assert not screen.offer.isVisible()
    editor = screen.notes.add_note()
    qtbot.keyClicks(editor.text, "Consent recorded on the doorstep; interview began.")
    assert screen.flush()
    assert len(store.repos.notes.list(session_id)) == 1


def test_withdrawal_during_the_interview_keeps_the_text_and_says_why(qtbot, store, study, screen):
    editor = screen.notes.add_note()
    qtbot.keyClicks(editor.text, "Before")
    assert screen.flush()
    store.repos.participants.record_consent(study["given"], "withdrawn", "2026-04-02")
    failures = []
    screen.save_failed.connect(failures.append)
    qtbot.keyClicks(editor.text, " and after")
    assert not screen.flush()
    assert editor.text.toPlainText() == "Before and after"
    assert "withdrew consent" in failures[-1]
    assert not screen.notes.show_topic(screen.context.topics[3].id)  # stays with the words


def test_keyboard_stays_in_the_notes_when_the_topic_changes(qtbot, store, screen):
    first = screen.notes.add_note()
    qtbot.keyClicks(first.text, "On the first topic")
    qtbot.keyClick(first.text, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second_topic = screen.context.topics[1].id
    assert screen.notes.topic == second_topic
    editor = _current_editor(screen)
    assert editor.topic == second_topic and editor.note_id is None
    qtbot.keyClick(editor.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert store.repos.notes.covered(screen.session_id) == {second_topic}
    assert [n["text"] for n in store.repos.notes.list(screen.session_id)] == ["On the first topic"]
