"""Coded spans stay on their words when the text around, inside or after them is edited."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.coding_offsets import adjust_codings_for_note_edit, adjust_span, adjust_spans
from storage.codings import codings_of, note_unit

TEXT = "The pooled budget arrived late, said the manager."
WORDS = "pooled budget"
START = TEXT.index(WORDS)
END = START + len(WORDS)


def moved(new_text: str) -> str | None:
    span = adjust_span(START, END, TEXT, new_text)
    return None if span is None else new_text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("new_text", "expected"),
    [
        # before the span
        ("Sadly, the pooled budget arrived late, said the manager.", "pooled budget"),
        ("pooled budget arrived late, said the manager.", "pooled budget"),
        ("Our pooled budget arrived late, said the manager.", "pooled budget"),
        # inside the span
        ("The pooled health budget arrived late, said the manager.", "pooled health budget"),
        ("The pooled budgets arrived late, said the manager.", "pooled budgets"),
        ("The shared budget arrived late, said the manager.", "shared budget"),
        ("The pooled  budget arrived late, said the manager.", "pooled  budget"),
        # after the span
        ("The pooled budget arrived very late, said the manager.", "pooled budget"),
        ("The pooled budget", "pooled budget"),
        ("The pooled budget arrived late, said the new manager in March.", "pooled budget"),
        # at its edges: typed text stays outside
        ("The very pooled budget arrived late, said the manager.", "pooled budget"),
        ("The pooled budget really arrived late, said the manager.", "pooled budget"),
        # its words deleted
        ("The arrived late, said the manager.", None),
        ("", None),
        # unchanged
        (TEXT, "pooled budget"),
    ],
)
def test_span_follows_its_words(new_text, expected):
    assert moved(new_text) == expected


def test_edits_before_inside_and_after_at_once():
    new_text = "Sadly the pooled (joint) budget arrived, said the manager."
    assert moved(new_text) == "pooled (joint) budget"


def test_span_keeps_its_words_when_the_same_word_appears_earlier():
    text = "budget talk. The pooled budget arrived."
    start = text.index("pooled budget")
    new_text = "budget talk, more budget talk. The pooled budget arrived."
    span = adjust_span(start, start + len("pooled budget"), text, new_text)
    assert span == (new_text.index("pooled budget"), new_text.index("pooled budget") + 13)


def test_invalid_spans_give_none():
    assert adjust_span(5, 5, TEXT, TEXT) is None
    assert adjust_span(0, len(TEXT) + 1, TEXT, TEXT) is None
    assert adjust_spans([(START, END), (-1, 3)], TEXT, TEXT + "!") == [(START, END), None]


def test_non_ascii_text_is_counted_in_characters():
    text = "Café staff – “pooled budget” 中文 arrived."
    start = text.index("pooled budget")
    new_text = "Über café staff – “pooled budget” 中文 arrived."
    span = adjust_span(start, start + 13, text, new_text)
    assert span is not None and new_text[span[0] : span[1]] == "pooled budget"


_word = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
_sentence = st.lists(_word, min_size=0, max_size=8).map(" ".join)


@given(before=_sentence, after=_sentence, new_before=_sentence, new_after=_sentence)
def test_edits_outside_the_span_never_change_its_words(before, after, new_before, new_after):
    """Whatever is typed before and after a coded phrase, the span still holds the phrase."""
    phrase = "ZZpooled ZZbudget"
    old = f"{before} {phrase} {after}"
    new = f"{new_before} {phrase} {new_after}"
    start = old.index(phrase)
    span = adjust_span(start, start + len(phrase), old, new)
    assert span is not None
    assert new[span[0] : span[1]] == phrase


@given(
    text=st.text(max_size=40), new=st.text(max_size=40), a=st.integers(0, 40), b=st.integers(0, 40)
)
def test_any_edit_gives_a_valid_span_or_none(text, new, a, b):
    start, end = sorted((a, b))
    span = adjust_span(start, end, text, new)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(new)
        assert new[span[0] : span[1]].strip()


def test_codings_of_an_edited_note_follow_and_gone_words_lose_their_coding(store):
    """NoteRepository.update moves the codings itself, in the edit's transaction."""
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    corpus = build_corpus(store)
    note_id = corpus.notes["n1"]
    new = "Sadly the pooled health budget arrived late and nobody shared anything."
    changes = store.repos.notes.update(note_id, text=new)
    assert changes.touches("notes")
    found = {
        c["code_name"]: new[c["start"] : c["end"]]
        for c in codings_of(store, note_unit(store, note_id))
    }
    assert found == {"Pooled budgets": "pooled health budget", "Shared records": "shared anything"}
    store.repos.notes.update(note_id, text="Sadly the pooled health budget arrived late.")
    remaining = codings_of(store, note_unit(store, note_id))
    assert [c["code_name"] for c in remaining] == ["Pooled budgets"]
    deleted = store.scalar(
        "SELECT count(*) FROM codings WHERE note_id = ? AND deleted = 1", (note_id,)
    )
    assert deleted == 1


def test_adjusting_by_hand_reports_the_codings_it_moved(store):
    from coding_corpus import build_corpus

    corpus = build_corpus(store)
    note_id = corpus.notes["n1"]
    old = store.repos.notes.get(note_id)["text"]
    changes = adjust_codings_for_note_edit(store, note_id, old, "Prefix. " + old)
    assert changes.touches("codings")
