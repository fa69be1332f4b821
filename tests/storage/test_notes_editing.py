"""Editing notes after the fact: order kept, split, merge, move, reorder, tallies, search, ticks."""

from __future__ import annotations

import pytest

from instruments.model import Topic
from storage import ValidationError
from storage.check import check_database
from storage.qualitative import FACILITATOR, RosterEntry, save_guide, start_focus_group
from storage.repositories.sessions import answer_id


@pytest.fixture
def group(store):
    repos = store.repos
    study_id = repos.studies.add("Northumberland children's services")
    people = []
    for number in range(1, 4):
        person = repos.participants.add(study_id, f"NOR-S0{number}", role="staff")
        repos.participants.record_consent(person, "given", "2026-06-01", "written form")
        people.append(person)
    guide = save_guide(
        store,
        study_id,
        "focus_group",
        "Practitioners",
        [Topic("", "Sharing information"), Topic("", "Transitions")],
    )
    session_id = start_focus_group(
        store, study_id, guide, [RosterEntry(p, f"P{i}") for i, p in enumerate(people, 1)]
    )
    return {"session": session_id, "people": people, "study": study_id}


def _texts(store, session_id):
    return [n["text"] for n in store.repos.notes.list(session_id)]


def _turn(store, group, text, who=0, topic="sharing_information", elapsed=None):
    return store.repos.notes.add(
        group["session"],
        text,
        topic=topic,
        speaker_id=group["people"][who],
        speaker_label=f"P{who + 1}",
        elapsed_ms=elapsed,
    )


def test_notes_keep_the_order_they_were_taken_in_across_topics(store, group):
    notes = store.repos.notes
    a = _turn(store, group, "one", topic="transitions")
    b = _turn(store, group, "two", topic="sharing_information")
    c = _turn(store, group, "three", topic="transitions")
    assert [n["id"] for n in notes.list(group["session"])] == [a, b, c]


def test_move_before_and_after_rewrite_one_row(store, group):
    ids = [_turn(store, group, text) for text in ("a", "b", "c", "d")]
    before = store.scalar("SELECT count(*) FROM audit WHERE table_name = 'notes'")
    store.repos.notes.move_before(ids[3], ids[0])
    assert _texts(store, group["session"]) == ["d", "a", "b", "c"]
    store.repos.notes.move_after(ids[0], ids[2])
    assert _texts(store, group["session"]) == ["d", "b", "c", "a"]
    assert store.scalar("SELECT count(*) FROM audit WHERE table_name = 'notes'") == before + 2


def test_many_moves_into_the_same_gap_renumber_and_keep_order(store, group):
    ids = [_turn(store, group, text) for text in ("a", "b", "c")]
    for _ in range(60):  # halving the gap 60 times runs out of room: renumbering kicks in
        store.repos.notes.move_after(ids[2], ids[0])
        store.repos.notes.move_after(ids[1], ids[0])
        ids[1], ids[2] = ids[2], ids[1]
    assert sorted(_texts(store, group["session"])[1:]) == ["b", "c"]
    assert _texts(store, group["session"])[0] == "a"
    positions = [n["position"] for n in store.repos.notes.list(group["session"])]
    assert all(b - a > 1e-7 for a, b in zip(positions, positions[1:], strict=False))


def test_split_keeps_speaker_topic_time_and_places_the_tail_next(store, group):
    first = _turn(store, group, "I agree. But the real problem is funding.", who=1, elapsed=5000)
    after = _turn(store, group, "Next turn")
    new_id = store.repos.notes.split(first, len("I agree. "))
    rows = store.repos.notes.list(group["session"])
    assert [r["text"] for r in rows] == [
        "I agree.",
        "But the real problem is funding.",
        "Next turn",
    ]
    tail = rows[1]
    assert tail["id"] == new_id
    assert (tail["speaker_label"], tail["topic"], tail["elapsed_ms"]) == (
        "P2",
        "sharing_information",
        5000,
    )
    assert rows[2]["id"] == after


@pytest.mark.parametrize("at", [0, 3, 100])
def test_split_at_an_edge_is_refused(store, group, at):
    note = _turn(store, group, "   Only words here" if at == 3 else "Only words here")
    with pytest.raises(ValidationError):
        store.repos.notes.split(note, at)


def test_merge_joins_into_the_earlier_and_deletes_the_later(store, group):
    a = _turn(store, group, "We tried joint visits", who=0)
    b = _turn(store, group, "and it worked.", who=2)
    store.repos.notes.merge(b, a)  # order of arguments does not matter
    rows = store.repos.notes.list(group["session"])
    assert [(r["id"], r["text"], r["speaker_label"]) for r in rows] == [
        (a, "We tried joint visits and it worked.", "P1")
    ]
    assert store.repos.notes.get(b)["deleted"] == 1


def test_coded_spans_follow_their_text_through_split_and_merge(store, group):
    note = _turn(store, group, "Waiting lists. Hospital discharge on a Friday.")
    code = store.repos.writer.insert(
        "codes", {"study_id": group["study"], "name": "Discharge", "position": 0}
    )
    start = note_text_start = "Waiting lists. Hospital discharge on a Friday.".index("Hospital")
    coding = store.repos.writer.insert(
        "codings", {"code_id": code, "note_id": note, "start": start, "end": start + 18}
    )
    new_id = store.repos.notes.split(note, len("Waiting lists. "))
    moved = store.row('SELECT note_id, start, "end" FROM codings WHERE id = ?', (coding,))
    assert moved == {"note_id": new_id, "start": 0, "end": 18}
    assert store.repos.notes.get(new_id)["text"][0:18] == "Hospital discharge"
    store.repos.notes.merge(note, new_id)
    moved = store.row('SELECT note_id, start, "end" FROM codings WHERE id = ?', (coding,))
    merged = store.repos.notes.get(note)["text"]
    assert moved["note_id"] == note
    assert merged[moved["start"] : moved["end"]] == "Hospital discharge"
    assert note_text_start == moved["start"]
    assert check_database(store) == []


def test_move_to_topic_and_tallies(store, group):
    notes = store.repos.notes
    a = _turn(store, group, "Schools re-type referrals", who=0)
    _turn(store, group, "Adult services at sixteen", who=1, topic="transitions")
    notes.add(group["session"], "Nods", kind="observation", topic="transitions")
    notes.add(group["session"], "Eighteen is a cliff edge.", kind="summary", topic="transitions")
    notes.move_to_topic([a], "transitions")
    tallies = notes.topic_tallies(group["session"])
    assert set(tallies) == {"transitions"}
    tally = tallies["transitions"]
    assert (tally.notes, tally.observations, len(tally.speakers)) == (2, 1, 2)
    assert tally.summaries == ["Eighteen is a cliff edge."]


def test_speaker_counts_count_turns_and_words(store, group):
    notes = store.repos.notes
    _turn(store, group, "one two three", who=0)
    _turn(store, group, "four", who=0)
    _turn(store, group, "five six", who=1)
    notes.add(group["session"], "Welcome all", speaker_label=FACILITATOR)
    notes.add(group["session"], "Laughter", kind="observation")
    counts = [(c.label, c.turns, c.words) for c in notes.speaker_counts(group["session"])]
    assert counts == [("P1", 2, 4), ("Facilitator", 1, 2), ("P2", 1, 2)]


def test_search_within_a_session_only(store, group):
    _turn(store, group, "The huddle on Tuesday mornings helps.")
    _turn(store, group, "Nothing about meetings here.")
    other = store.repos.sessions.start(
        group["study"], store.repos.sessions.get(group["session"])["instrument_id"]
    )
    store.repos.notes.add(other, "Another huddle elsewhere")
    hits = store.repos.notes.search(group["session"], "hudd tues")
    assert [h["text"] for h in hits] == ["The huddle on Tuesday mornings helps."]
    assert "\x02huddle\x03" in hits[0]["snippet"]
    assert store.repos.notes.search(group["session"], "  ?!  ") == []


def test_covered_ticks_are_answers_that_merge_per_tick(store, group):
    notes = store.repos.notes
    session = group["session"]
    notes.set_covered(session, "transitions", True)
    notes.set_covered(session, "transitions/prompt/0", True)
    notes.set_covered(session, "sharing_information", True)
    notes.set_covered(session, "sharing_information", False)
    assert notes.covered(session) == {"transitions", "transitions/prompt/0"}
    row = store.row("SELECT id, value FROM answers WHERE path = '_covered/sharing_information'")
    assert row == {"id": answer_id(session, "_covered/sharing_information"), "value": "false"}
