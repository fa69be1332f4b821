"""Starting an interview: the consent gate with its on-the-spot offer, and a guide typed in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.guides import GuideEditorDialog
from gui.interviews import StartInterviewDialog
from instruments.model import Instrument, Topic
from storage.qualitative import save_guide


@pytest.fixture
def study(store):
    repos = store.repos
    study_id = repos.studies.add("Cumbria older people's mental health")
    repos.studies.add_fieldworker(study_id, "Mei Chen")
    given = repos.participants.add(study_id, "CUM-K01", role="carer")
    repos.participants.record_consent(given, "given", "2026-05-01", "written form")
    unrecorded = repos.participants.add(study_id, "CUM-K02", role="carer")
    guide = save_guide(store, study_id, "interview", "Carer interview", [Topic("", "Waiting")])
    return {"id": study_id, "given": given, "unrecorded": unrecorded, "guide": guide}


def _choose(dialog, code):
    for index in range(dialog.participant.count()):
        if dialog.participant.itemData(index)["code"] == code:
            dialog.participant.setCurrentIndex(index)
            return
    raise AssertionError(code)


def test_start_with_consent(qtbot, store, study):
    dialog = StartInterviewDialog(store, study["id"])
    qtbot.addWidget(dialog)
    saved = []
    dialog.saved.connect(saved.append)
    _choose(dialog, "CUM-K01")
    assert "consent given" in dialog.participant.currentText()
    assert not dialog.offer.active
    dialog.accept()
    session = store.repos.sessions.get(dialog.session_id)
    assert session["participant_id"] == study["given"]
    assert session["instrument_id"] == study["guide"]
    assert saved == ["Interview with CUM-K01 started"]


def test_no_consent_is_refused_then_recorded_on_the_spot(qtbot, store, study):
    dialog = StartInterviewDialog(store, study["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    _choose(dialog, "CUM-K02")
    assert dialog.offer.isVisible()
    assert "CUM-K02" in dialog.offer.message.text()
    dialog.accept()
    assert dialog.session_id is None
    assert store.scalar("SELECT count(*) FROM sessions") == 0
    consent = dialog.offer.open_dialog()
    assert consent.form.status.currentData() == "given"
    assert consent.form.recorded_by.currentText() == "Mei Chen"
    consent.accept()
    assert not dialog.offer.isVisible()
    assert "consent given" in dialog.participant.currentText()
    dialog.accept()
    assert dialog.session_id is not None
    person = store.repos.participants.get(study["unrecorded"])
    assert (person["consent_status"], person["consent_recorded_by"]) == ("given", "Mei Chen")


def test_a_guide_typed_in_on_the_spot_is_chosen(qtbot, store, study):
    dialog = StartInterviewDialog(store, study["id"])
    qtbot.addWidget(dialog)
    editor = dialog.new_guide()
    assert isinstance(editor, GuideEditorDialog)
    qtbot.waitUntil(editor.isActiveWindow)  # keyboard shortcuts go to the active window
    qtbot.keyClicks(editor.title, "Unplanned: discharge coordinator")
    qtbot.keyClicks(editor.topic_title, "Friday discharges")
    qtbot.keyClicks(editor.question, "What happens on a Friday?")
    qtbot.keyClicks(editor.prompts, "Packages of care")
    qtbot.keyClick(editor.prompts, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.prompts, "Transport")
    qtbot.keyClick(editor.prompts, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Add topic
    qtbot.waitUntil(lambda: len(editor.drafts) == 2)  # a button's shortcut clicks after 100 ms
    assert editor.focusWidget() is editor.topic_title
    qtbot.keyClicks(editor.topic_title, "Weekends")
    qtbot.keyClicks(editor.probes, "Who is on call?")
    qtbot.keyClick(editor.probes, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    editor.accept()
    assert dialog.guide.currentData() == editor.instrument_id
    guide = Instrument.from_dict(store.repos.instruments.definition(editor.instrument_id))
    assert guide.kind == "interview"
    assert [(t.id, t.title, t.order) for t in guide.topics] == [
        ("weekends", "Weekends", 1),
        ("friday_discharges", "Friday discharges", 2),
    ]
    assert guide.topics[1].prompts == ["Packages of care", "Transport"]
    assert guide.topics[0].probes == ["Who is on call?"]


def test_guide_needs_a_title_and_a_topic(qtbot, store, study):
    editor = GuideEditorDialog(store, study["id"])
    qtbot.addWidget(editor)
    editor.show()
    editor.accept()
    assert editor.instrument_id is None
    assert "title" in editor.message.text()
    editor.title.setText("Untitled topics")
    editor.accept()
    assert "at least one topic" in editor.message.text()
