"""The demo's interviews and focus groups: enough to explore, and only people who consented."""

from __future__ import annotations

import random

from instruments.model import Instrument
from storage import open_store
from storage.check import check_database
from storage.demo_qualitative import add_qualitative_demo


def test_demo_has_interviews_and_focus_groups_across_the_programmes(demo_store):
    sessions = [
        s
        for s in demo_store.repos.sessions.list()
        if s["instrument_kind"] in ("interview", "focus_group")
    ]
    kinds = [s["instrument_kind"] for s in sessions]
    assert kinds.count("interview") >= 3
    assert kinds.count("focus_group") >= 2
    studies = {s["study_id"] for s in sessions}
    assert len(studies) == 3
    notes = [n for s in sessions for n in demo_store.repos.notes.list(s["id"])]
    assert len(notes) >= 100
    assert {"note", "quote", "observation", "summary"} <= {n["kind"] for n in notes}
    speakers = {n["speaker_id"] for n in notes if n["speaker_id"]}
    assert len(speakers) >= 6
    for session in sessions:
        definition = demo_store.repos.instruments.definition(session["instrument_id"])
        guide = Instrument.from_dict(definition)
        assert guide.kind == session["instrument_kind"] and guide.topics
        assert {n["topic"] for n in demo_store.repos.notes.list(session["id"])} - {""} <= {
            t.id for t in guide.topics
        }
    assert check_database(demo_store) == []


def test_everyone_recorded_in_the_demo_consented(demo_store):
    for session in demo_store.repos.sessions.list():
        if session["instrument_kind"] not in ("interview", "focus_group"):
            continue
        assert demo_store.repos.notes.consent_blocker(session["id"]) is None
        for note in demo_store.repos.notes.list(session["id"]):
            assert note["speaker_consent"] in ("", "given")
        members = demo_store.repos.sessions.members(session["id"])
        for member in members:
            person = demo_store.repos.participants.get(member["participant_id"])
            assert person["consent_status"] == "given"


def test_qualitative_demo_on_its_own_adds_nothing_without_the_studies(tmp_path):
    with open_store(tmp_path / "empty.db", create=True) as store:
        counts = add_qualitative_demo(store, random.Random(1))
        assert counts == {"guides": 0, "interviews": 0, "focus groups": 0, "notes": 0}
        assert store.scalar("SELECT count(*) FROM notes") == 0
