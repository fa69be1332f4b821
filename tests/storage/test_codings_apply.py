"""Applying codes to notes and free-text answers: spans, several codes, memos, by speaker."""

from __future__ import annotations

import pytest

from storage import ValidationError
from storage.codebook import Codebook
from storage.codings import (
    answer_unit,
    apply_codes,
    code_speaker,
    codings_of,
    note_unit,
    remove_codes_in_span,
    remove_coding,
    set_memo,
    speakers_of,
    trimmed_span,
)


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


def test_several_codes_at_once_with_trimmed_span_and_no_duplicates(store, corpus):
    unit = note_unit(store, corpus.notes["n2"])
    start = unit.text.index("discharge")
    codes = [corpus.codes["TR"], corpus.codes["CT"]]
    first = apply_codes(store, unit, codes, start - 1, start + len("discharge"), " why? ")
    again = apply_codes(store, unit, codes, start, start + len("discharge"))
    assert first == again
    found = codings_of(store, unit)
    assert [(c["code_name"], unit.text[c["start"] : c["end"]], c["memo"]) for c in found] == [
        ("Culture and trust", "discharge", "why?"),
        ("Transitions", "discharge", "why?"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(3, 3, "Select some words"), (0, 999, "outside the text"), (4, 5, "Select some words")],
)
def test_bad_selections_are_refused(store, corpus, start, end, message):
    unit = note_unit(store, corpus.notes["n8"])  # "What about trust?"; 4..5 is a space
    with pytest.raises(ValidationError, match=message):
        apply_codes(store, unit, [corpus.codes["CT"]], start, end)


def test_reversed_selection_is_accepted():
    assert trimmed_span("  a b  ", 6, 1) == (2, 5)


def test_a_code_of_another_study_is_refused(store, corpus):
    other = store.repos.studies.add("Other")
    code = Codebook(store).add(other, "Foreign")
    with pytest.raises(ValidationError, match="another study"):
        apply_codes(store, note_unit(store, corpus.notes["n1"]), [code], 0, 3)


def test_remove_and_memo(store, corpus):
    unit = note_unit(store, corpus.notes["n1"])
    coding = next(c for c in codings_of(store, unit) if c["code_name"] == "Pooled budgets")
    assert set_memo(store, coding["id"], "  late every year ").touches("codings")
    assert store.scalar("SELECT memo FROM codings WHERE id = ?", (coding["id"],)) == (
        "late every year"
    )
    assert remove_coding(store, coding["id"]).touches("codings")
    assert not remove_coding(store, coding["id"]).tables
    with pytest.raises(ValidationError, match="no longer exists"):
        set_memo(store, coding["id"], "x")
    assert [c["code_name"] for c in codings_of(store, unit)] == ["Shared records"]
    remove_codes_in_span(store, unit, 0, len(unit.text))
    assert codings_of(store, unit) == []


def test_remove_only_chosen_codes_in_a_selection(store, corpus):
    unit = note_unit(store, corpus.notes["n7"])
    remove_codes_in_span(store, unit, 0, 10, [corpus.codes["CT"]])  # CT lies elsewhere
    assert len(codings_of(store, unit)) == 2
    remove_codes_in_span(store, unit, 0, len(unit.text), [corpus.codes["CT"]])
    assert [c["code_name"] for c in codings_of(store, unit)] == ["Pooled budgets"]


def test_code_every_turn_of_a_focus_group_speaker(store, corpus):
    group = corpus.sessions["group"]
    speakers = {row["name"]: row["turns"] for row in speakers_of(store, group)}
    assert speakers == {"P2": 2, "P4": 1, "Facilitator": 1}
    changes = code_speaker(store, group, [corpus.codes["TR"]], speaker_id=corpus.people["P2"])
    assert len(changes.row_ids) == 2
    for key in ("n6", "n9"):
        unit = note_unit(store, corpus.notes[key])
        whole = [c for c in codings_of(store, unit) if c["code_name"] == "Transitions"]
        assert [(c["start"], c["end"]) for c in whole] == [(0, len(unit.text))]
    assert not code_speaker(
        store, group, [corpus.codes["TR"]], speaker_id=corpus.people["P2"]
    ).tables
    by_label = code_speaker(store, group, [corpus.codes["PB"]], speaker_label="facilitator")
    assert len(by_label.row_ids) == 1


def test_only_free_text_answers_can_be_coded(store, corpus):
    unit = answer_unit(store, corpus.answers["comments"])
    assert unit.text == "Budget cuts hurt the team."
    with pytest.raises(ValidationError, match="free-text"):
        answer_unit(store, corpus.answers["agree"])
    found = codings_of(store, unit)
    assert [(c["code_name"], unit.text[c["start"] : c["end"]]) for c in found] == [
        ("Pooled budgets", "Budget cuts")
    ]
