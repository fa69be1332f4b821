"""The consent gate lives in storage: no note for anyone whose consent is not recorded as given."""

from __future__ import annotations

import pytest

from instruments.model import Topic
from storage import ValidationError
from storage.qualitative import (
    FACILITATOR,
    RosterEntry,
    save_guide,
    start_focus_group,
    start_interview,
)
from storage.repositories.notes import ConsentError


@pytest.fixture
def study(store):
    repos = store.repos
    study_id = repos.studies.add("Cumbria older people's mental health")
    people = {}
    for code, status in [
        ("CUM-K01", "given"),
        ("CUM-K02", "given"),
        ("CUM-K03", "not_recorded"),
        ("CUM-K04", "withdrawn"),
        ("CUM-K05", "refused"),
    ]:
        people[code] = repos.participants.add(study_id, code, role="carer")
        if status != "not_recorded":
            repos.participants.record_consent(people[code], status, "2026-05-01", "written form")
    topics = [Topic("", "Waiting"), Topic("", "Discharge")]
    return {
        "id": study_id,
        "people": people,
        "interview": save_guide(store, study_id, "interview", "Carer interview", topics),
        "group": save_guide(store, study_id, "focus_group", "Carers' group", topics),
    }


def _interview_session(store, study, code):
    """A session made directly (as a merge could bring one), bypassing start_interview."""
    return store.repos.sessions.start(
        study["id"], study["interview"], participant_id=study["people"][code]
    )


@pytest.mark.parametrize("code", ["CUM-K03", "CUM-K04", "CUM-K05"])
def test_no_interview_note_without_consent_given(store, study, code):
    session_id = _interview_session(store, study, code)
    with pytest.raises(ConsentError) as refused:
        store.repos.notes.add(session_id, "She said the wait was seven months.")
    assert refused.value.participant["code"] == code
    assert code in str(refused.value)
    assert store.scalar("SELECT count(*) FROM notes") == 0


def test_withdrawn_message_names_the_date_readably(store, study):
    session_id = _interview_session(store, study, "CUM-K04")
    with pytest.raises(ConsentError, match="withdrew consent on 1 May 2026"):
        store.repos.notes.add(session_id, "anything")


def test_recording_consent_on_the_spot_opens_the_gate(store, study):
    session_id = _interview_session(store, study, "CUM-K03")
    with pytest.raises(ConsentError):
        store.repos.notes.add(session_id, "first words")
    store.repos.participants.record_consent(
        study["people"]["CUM-K03"], "given", "2026-06-02", "verbal, recorded", "Mei Chen"
    )
    note_id = store.repos.notes.add(session_id, "first words")
    assert store.repos.notes.get(note_id)["text"] == "first words"


def test_withdrawal_stops_further_edits_of_the_interview(store, study):
    session_id = _interview_session(store, study, "CUM-K01")
    note_id = store.repos.notes.add(session_id, "Consent given; notes taken.")
    store.repos.participants.record_consent(study["people"]["CUM-K01"], "withdrawn", "2026-06-09")
    with pytest.raises(ConsentError):
        store.repos.notes.update(note_id, text="More added later")
    with pytest.raises(ConsentError):
        store.repos.notes.add(session_id, "A new note")
    store.repos.notes.move_to_topic([note_id], "waiting")  # filing is not recording


def test_start_interview_refuses_without_consent(store, study):
    with pytest.raises(ConsentError):
        start_interview(store, study["id"], study["interview"], study["people"]["CUM-K03"])
    assert store.scalar("SELECT count(*) FROM sessions") == 0
    session_id = start_interview(store, study["id"], study["interview"], study["people"]["CUM-K01"])
    assert store.repos.sessions.get(session_id)["participant_id"] == study["people"]["CUM-K01"]


def test_start_interview_refuses_a_focus_group_guide(store, study):
    with pytest.raises(ValidationError, match="not an interview guide"):
        start_interview(store, study["id"], study["group"], study["people"]["CUM-K01"])


def test_focus_group_roster_needs_everyone_consenting_and_writes_all_or_nothing(store, study):
    people = study["people"]
    roster = [
        RosterEntry(people["CUM-K01"], "P1"),
        RosterEntry(people["CUM-K02"], "P2"),
        RosterEntry(people["CUM-K04"], "P3"),
    ]
    with pytest.raises(ConsentError) as refused:
        start_focus_group(store, study["id"], study["group"], roster)
    assert refused.value.participant["code"] == "CUM-K04"
    assert store.scalar("SELECT count(*) FROM sessions") == 0
    assert store.scalar("SELECT count(*) FROM session_members") == 0


def test_focus_group_turns_are_gated_by_speaker(store, study):
    people = study["people"]
    session_id = start_focus_group(
        store,
        study["id"],
        study["group"],
        [RosterEntry(people["CUM-K01"], "P1"), RosterEntry(people["CUM-K02"], "P2")],
    )
    notes = store.repos.notes
    turn = notes.add(session_id, "Welcome", speaker_label=FACILITATOR)
    notes.add(session_id, "We waited months.", speaker_id=people["CUM-K01"], speaker_label="P1")
    notes.add(session_id, "Heads nodding.", kind="observation")
    with pytest.raises(ConsentError):
        notes.add(session_id, "Someone else", speaker_id=people["CUM-K04"], speaker_label="P9")
    with pytest.raises(ConsentError):
        notes.set_speaker(turn, people["CUM-K05"], "P9")
    notes.set_speaker(turn, people["CUM-K02"], "P2")
    assert notes.get(turn)["speaker_label"] == "P2"


def test_exports_leave_out_withdrawn_speakers_by_default(store, study):
    people = study["people"]
    session_id = start_focus_group(
        store,
        study["id"],
        study["group"],
        [RosterEntry(people["CUM-K01"], "P1"), RosterEntry(people["CUM-K02"], "P2")],
    )
    notes = store.repos.notes
    notes.add(session_id, "P1 speaks", speaker_id=people["CUM-K01"], speaker_label="P1")
    notes.add(session_id, "P2 speaks", speaker_id=people["CUM-K02"], speaker_label="P2")
    notes.add(session_id, "Facilitator", speaker_label=FACILITATOR)
    store.repos.participants.record_consent(people["CUM-K02"], "withdrawn", "2026-07-01")
    shown = [n["text"] for n in notes.list_for_export(session_id)]
    assert shown == ["P1 speaks", "Facilitator"]
    assert len(notes.list_for_export(session_id, include_withdrawn=True)) == 3
    counts = {c.label: c.consent for c in notes.speaker_counts(session_id)}
    assert counts["P2"] == "withdrawn"  # still visible in review, marked


def test_interview_of_withdrawn_participant_is_left_out_of_exports(store, study):
    session_id = start_interview(store, study["id"], study["interview"], study["people"]["CUM-K02"])
    store.repos.notes.add(session_id, "a note")
    store.repos.participants.record_consent(study["people"]["CUM-K02"], "withdrawn", "2026-07-01")
    assert store.repos.notes.list_for_export(session_id) == []
