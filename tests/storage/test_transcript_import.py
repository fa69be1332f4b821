"""Importing a transcript into a session: names mapped, unknown names reported, all or nothing."""

from __future__ import annotations

import pytest

from instruments.model import Topic
from storage import ValidationError
from storage.qualitative import (
    FACILITATOR,
    INTERVIEWER,
    RosterEntry,
    save_guide,
    start_focus_group,
    start_interview,
)
from storage.transcript_parse import read_transcript
from storage.transcripts import (
    import_transcript,
    speaker_targets,
    suggest_mapping,
)

MESSY = (
    "\ufeffCarers' focus group — Carlisle\r\n"
    "\r\n"
    "[00:00:05] Moderator: Welcome, everyone.\r\n"
    "P1: We waited seven months.\r\n"
    "Nobody rang.\r\n"
    "\r\n"
    "\r\n"
    "CUM-K02 [00:01:10]: The folder goes everywhere with me.\r\n"
    "Mrs Armstrong: I'd add one thing.\r\n"
    "All: Yes!\r\n"
).encode()


@pytest.fixture
def group(store):
    repos = store.repos
    study_id = repos.studies.add("Cumbria older people's mental health")
    people = []
    for number in (1, 2, 3):
        person = repos.participants.add(study_id, f"CUM-K0{number}", role="carer")
        repos.participants.record_consent(person, "given", "2026-06-01", "written form")
        people.append(person)
    guide = save_guide(store, study_id, "focus_group", "Carers", [Topic("", "Waiting")])
    session_id = start_focus_group(
        store, study_id, guide, [RosterEntry(p, f"P{i}") for i, p in enumerate(people, 1)]
    )
    return {"session": session_id, "people": people, "study": study_id}


def test_suggestions_match_labels_codes_and_usual_words(store, group):
    transcript = read_transcript(MESSY)
    guesses = suggest_mapping(store, group["session"], transcript.names)
    shown = {name: target.label if target else None for name, target in guesses.items()}
    assert shown == {
        "Moderator": FACILITATOR,
        "P1": "P1",
        "CUM-K02": "P2",
        "Mrs Armstrong": None,
        "All": "Several",
    }


def test_import_appends_turns_with_speakers_times_and_reports(store, group):
    existing = store.repos.notes.add(group["session"], "Live note", speaker_label=FACILITATOR)
    transcript = read_transcript(MESSY)
    mapping = suggest_mapping(store, group["session"], transcript.names)
    report = import_transcript(store, group["session"], transcript, mapping, topic="waiting")
    rows = store.repos.notes.list(group["session"])
    assert rows[0]["id"] == existing
    imported = [
        (r["kind"], r["speaker_label"], r["speaker_id"], r["text"], r["elapsed_ms"], r["topic"])
        for r in rows[1:]
    ]
    p1, p2 = group["people"][0], group["people"][1]
    assert imported == [
        ("note", "", None, "Carers' focus group — Carlisle", None, "waiting"),
        ("quote", FACILITATOR, None, "Welcome, everyone.", 5000, "waiting"),
        ("quote", "P1", p1, "We waited seven months.\nNobody rang.", None, "waiting"),
        ("quote", "P2", p2, "The folder goes everywhere with me.", 70_000, "waiting"),
        ("quote", "Mrs Armstrong", None, "I'd add one thing.", None, "waiting"),
        ("quote", "Several", None, "Yes!", None, "waiting"),
    ]
    assert report.turns == 5
    assert report.preamble_kept
    assert report.kept_as_text == ["Mrs Armstrong"]
    assert report.encoding == "utf-8 (with byte-order mark)"
    assert "Imported 5 turns" in str(report)


def test_user_mapping_of_an_unknown_name(store, group):
    transcript = read_transcript(MESSY)
    mapping = suggest_mapping(store, group["session"], transcript.names)
    p3 = next(t for t in speaker_targets(store, group["session"]) if t.label == "P3")
    mapping["Mrs Armstrong"] = p3
    report = import_transcript(store, group["session"], transcript, mapping)
    assert report.kept_as_text == []
    row = next(r for r in store.repos.notes.list(group["session"]) if r["text"].startswith("I'd"))
    assert (row["speaker_label"], row["speaker_id"]) == ("P3", group["people"][2])


def test_a_refused_turn_imports_nothing(store, group):
    transcript = read_transcript(MESSY)
    mapping = suggest_mapping(store, group["session"], transcript.names)
    store.repos.participants.record_consent(group["people"][1], "withdrawn", "2026-06-20")
    before = store.scalar("SELECT count(*) FROM notes")
    with pytest.raises(ValidationError, match="Nothing was imported: line 8 .*withdrew consent"):
        import_transcript(store, group["session"], transcript, mapping)
    assert store.scalar("SELECT count(*) FROM notes") == before


def test_withdrawn_members_are_not_offered_as_targets(store, group):
    store.repos.participants.record_consent(group["people"][2], "withdrawn", "2026-06-20")
    labels = [t.label for t in speaker_targets(store, group["session"])]
    assert labels == ["P1", "P2", FACILITATOR, "Several", "Unknown"]


def test_interview_transcript_maps_interviewer_and_participant(store):
    repos = store.repos
    study_id = repos.studies.add("Durham integrated teams")
    worker = repos.studies.add_fieldworker(study_id, "Aisha Rahman")
    person = repos.participants.add(study_id, "DUR-N01", role="staff")
    repos.participants.record_consent(person, "given", "2026-04-01")
    guide = save_guide(store, study_id, "interview", "Staff", [Topic("", "Role")])
    session_id = start_interview(store, study_id, guide, person, interviewer_id=worker)
    transcript = read_transcript(b"I: How long in the team?\r\nR: Eight years.\r\n")
    mapping = suggest_mapping(store, session_id, transcript.names)
    assert {n: t.label for n, t in mapping.items() if t} == {"I": INTERVIEWER, "R": "DUR-N01"}
    import_transcript(store, session_id, transcript, mapping)
    rows = store.repos.notes.list(session_id)
    assert [(r["speaker_label"], r["speaker_id"]) for r in rows] == [
        (INTERVIEWER, None),
        ("DUR-N01", person),
    ]


def test_a_transcript_of_names_without_words_is_refused(store):
    from storage.transcript_parse import read_transcript
    from storage.transcripts import import_transcript

    study = store.repos.studies.add("S")
    guide = store.repos.instruments.add(study, "interview", "Guide", {})
    session = store.repos.sessions.start(study, guide)
    parsed = read_transcript(b"Interviewer: \r\nP1:\n")
    with pytest.raises(ValidationError, match="no spoken text"):
        import_transcript(store, session, parsed, {})
    assert store.repos.notes.list(session) == []
