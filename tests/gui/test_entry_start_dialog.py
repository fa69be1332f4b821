"""Starting a session: choices, the consent gate, and a participant added on the spot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from instruments.model import Instrument, Question


@pytest.fixture
def study(demo_store):
    study = demo_store.repos.studies.by_name("Durham integrated teams")
    form = Instrument(
        kind="questionnaire",
        form_id="team",
        title="Team assessment",
        questions=[Question(name="q1", type="text", raw_type="text", path="q1")],
    )
    demo_store.repos.instruments.add(
        study["id"], "questionnaire", "Team assessment", form.to_dict(), form_id="team"
    )
    return study


@pytest.fixture
def dialog(qtbot, demo_store, study):
    from gui.entry import StartSessionDialog

    widget = StartSessionDialog(demo_store, study["id"])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _pick(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_choices_follow_the_study(dialog, study):
    assert dialog.study.currentData() == study["id"]
    assert dialog.instrument.findText("Team assessment") >= 0
    assert dialog.site.itemText(1) == "Chester-le-Street integrated team"
    assert [dialog.mode.itemText(i) for i in range(dialog.mode.count())][:4] == [
        "Face to face",
        "Phone",
        "Video call",
        "Paper returned",
    ]


def test_anonymous_paper_questionnaire_starts(qtbot, demo_store, dialog):
    _pick(dialog.mode, "Paper returned")
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.result() == dialog.DialogCode.Accepted
    session = demo_store.repos.sessions.get(dialog.session_id)
    assert session["mode"] == "paper" and session["participant_id"] is None


def test_participant_without_consent_is_refused(qtbot, demo_store, dialog, study):
    refused = [
        p for p in demo_store.repos.participants.list(study["id"]) if p["consent_status"] != "given"
    ][0]
    dialog.participant.setCurrentIndex(dialog.participant.findData(refused["id"]))
    assert dialog.record_consent.isVisibleTo(dialog)
    assert "no answers can be recorded" in dialog.participant_message.text()
    dialog.accept()
    assert dialog.session_id is None and dialog.isVisible()


def test_consenting_participant_starts_with_their_site(demo_store, dialog, study):
    given = [
        p for p in demo_store.repos.participants.list(study["id"]) if p["consent_status"] == "given"
    ][0]
    dialog.participant.setEditText(given["code"])
    dialog.participant.setCurrentIndex(dialog.participant.findData(given["id"]))
    assert dialog.site.currentData() == given["site_id"]
    dialog.accept()
    session = demo_store.repos.sessions.get(dialog.session_id)
    assert session["participant_id"] == given["id"] and session["site_id"] == given["site_id"]


def test_unknown_typed_code_is_refused(dialog):
    dialog.participant.setEditText("NOBODY-1")
    dialog.accept()
    assert "no participant 'NOBODY-1'" in dialog.participant_message.text()
    assert dialog.session_id is None


def test_new_participant_on_the_spot_with_consent(qtbot, demo_store, dialog):
    added = dialog.add_participant()
    qtbot.waitExposed(added)
    qtbot.keyClicks(added.code, "DUR-C99")
    added.consent.status.setCurrentIndex(added.consent.status.findData("given"))
    added.accept()
    assert dialog.participant.currentText() == "DUR-C99"
    assert not dialog.participant_message.isVisible()
    dialog.accept()
    session = demo_store.repos.sessions.get(dialog.session_id)
    person = demo_store.repos.participants.get(session["participant_id"])
    assert person["code"] == "DUR-C99" and person["consent_status"] == "given"
    assert QApplication.activeModalWidget() is None
