"""Hostile transcripts: random bytes, odd encodings and damaged transcripts never crash the
transcript import, and a refused import (unreadable, or a speaker without consent) changes
nothing. Outcomes allowed: a ValidationError (TranscriptError, ConsentError) with the
database as it was, or every turn appended and `fieldnotes check` clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_mutations import damaged_bytes, examples
from reliability_verify import database_dump
from reliability_world import build_world, transcript_bytes

from storage.errors import ValidationError

HOSTILE = settings(
    max_examples=examples(40),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STAMPS = st.sampled_from(["", "[00:12:31] ", "(12:31) ", "#00:12:31-5# ", "99:99:99 ", "1:2:3 "])
NAMES = st.sampled_from(
    ["Interviewer", "DUR-001", "WIT-009", "P1", "Unknown", "Several", "R", "", "A" * 60, "Zoë"]
)
LINE = st.builds(
    lambda stamp, name, text: f"{stamp}{name}: {text}", STAMPS, NAMES, st.text(max_size=60)
)


@pytest.fixture
def interview(tmp_path):
    """(store, interview session, withdrawn participant id) on a fresh laptop database."""
    from storage import open_store

    world = build_world(tmp_path / "fieldnotes.db")
    with open_store(world.db) as store:
        repos = store.repos
        withdrawn = repos.participants.add(world.study, "WIT-009", "carer", world.site)
        repos.participants.record_consent(withdrawn, "withdrawn", "2026-03-01", "letter", "AR")
        yield store, world.interview, withdrawn


def import_or_refuse(interview, data: bytes, blame_withdrawn: bool) -> str:
    from storage.check import check_database
    from storage.transcript_parse import read_transcript
    from storage.transcripts import SpeakerTarget, import_transcript, suggest_mapping

    store, session, withdrawn = interview
    before = database_dump(Path(store.path))
    notes_before = len(store.repos.notes.list(session))
    try:
        parsed = read_transcript(data)
        mapping = suggest_mapping(store, session, parsed.names)
        if blame_withdrawn and parsed.names:
            mapping[parsed.names[0]] = SpeakerTarget("WIT-009", withdrawn)
        report = import_transcript(store, session, parsed, mapping)
    except ValidationError as error:
        assert str(error).strip()
        assert not store.conn.in_transaction
        assert database_dump(Path(store.path)) == before, "a refused import changed the database"
        return "refused"
    notes = store.repos.notes.list(session)
    assert all(note["speaker_id"] != withdrawn for note in notes), (
        "a turn of a participant who withdrew consent was imported"
    )
    if blame_withdrawn and any(turn.speaker == parsed.names[0] for turn in parsed.turns):
        raise AssertionError("a transcript with turns of a withdrawn participant was imported")
    added = len(notes) - notes_before
    assert added == report.turns + int(report.preamble_kept)
    assert check_database(store) == []
    return "imported"


@HOSTILE
@given(data=st.binary(max_size=4096), blame=st.booleans())
def test_random_bytes(interview, data, blame):
    import_or_refuse(interview, data, blame)


@HOSTILE
@given(
    lines=st.lists(LINE | st.text(max_size=40), max_size=20),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
    ending=st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\u2028"]),
    blame=st.booleans(),
)
def test_transcripts_in_any_encoding_and_line_ending(interview, lines, encoding, ending, blame):
    data = ending.join(lines).encode(encoding, errors="replace")
    import_or_refuse(interview, data, blame)


@HOSTILE
@given(data=damaged_bytes(transcript_bytes("T-hostile", turns=30)), blame=st.booleans())
def test_damaged_transcripts(interview, data, blame):
    import_or_refuse(interview, data, blame)


def test_a_withdrawn_speaker_refuses_the_whole_transcript(interview):
    """Not only the first turn: the refusal rolls back turns already appended."""
    from storage.transcript_parse import read_transcript
    from storage.transcripts import SpeakerTarget, import_transcript, suggest_mapping

    store, session, withdrawn = interview
    parsed = read_transcript(transcript_bytes("T-late", turns=12))
    mapping = suggest_mapping(store, session, parsed.names)
    mapping[parsed.names[-1]] = SpeakerTarget("WIT-009", withdrawn)
    before = database_dump(Path(store.path))
    with pytest.raises(ValidationError, match="withdrew consent"):
        import_transcript(store, session, parsed, mapping)
    assert database_dump(Path(store.path)) == before
