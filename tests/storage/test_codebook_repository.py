"""The codebook: hierarchical codes; rename, move, merge (codings move), delete (shown first)."""

from __future__ import annotations

import pytest

from storage import ValidationError
from storage.check import check_database
from storage.codebook import PALETTE, Codebook
from storage.codings import apply_codes, note_unit


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


def live_codings(store, code_id: str) -> int:
    return store.scalar(
        "SELECT count(*) FROM codings WHERE code_id = ? AND deleted = 0", (code_id,)
    )


def test_tree_is_depth_first_with_paths(store, corpus):
    nodes = Codebook(store).tree(corpus.study)
    assert [(n.name, n.depth) for n in nodes] == [
        ("Information sharing", 0),
        ("Shared records", 1),
        ("Pooled budgets", 0),
        ("Culture and trust", 0),
        ("Transitions", 0),
    ]
    assert nodes[1].path == ("Information sharing", "Shared records")
    assert nodes[1].parent_name == "Information sharing"


def test_add_gives_palette_colour_and_refuses_duplicates_and_bad_colours(store, corpus):
    codebook = Codebook(store)
    code = codebook.get(codebook.add(corpus.study, "Carers", description=" Informal care "))
    assert code["colour"] in PALETTE
    assert code["description"] == "Informal care"
    with pytest.raises(ValidationError, match="already has a code called 'Pooled budgets'"):
        codebook.add(corpus.study, "pooled BUDGETS")
    with pytest.raises(ValidationError, match="not a colour"):
        codebook.add(corpus.study, "Other", colour="blue")
    with pytest.raises(ValidationError, match="must not be empty"):
        codebook.add(corpus.study, "   ")
    assert codebook.get(codebook.add(corpus.study, "Hex", colour="A1B2C3"))["colour"] == "#a1b2c3"


def test_rename_and_edit_notes_are_audited(store, corpus):
    codebook = Codebook(store)
    changes = codebook.update(
        corpus.codes["PB"], name="Pooled and aligned budgets", inclusion="Section 75"
    )
    assert changes.touches("codes")
    code = codebook.get(corpus.codes["PB"])
    assert (code["name"], code["inclusion"]) == ("Pooled and aligned budgets", "Section 75")
    assert not codebook.update(corpus.codes["PB"], inclusion="Section 75").tables
    audit = store.scalar(
        "SELECT count(*) FROM audit WHERE table_name = 'codes' AND row_id = ? "
        "AND action = 'update'",
        (corpus.codes["PB"],),
    )
    assert audit == 1
    with pytest.raises(ValidationError, match="already has a code"):
        codebook.rename(corpus.codes["PB"], "Transitions")


def test_move_under_another_and_before_a_sibling_and_never_inside_itself(store, corpus):
    codebook = Codebook(store)
    codes = corpus.codes
    codebook.move(codes["TR"], codes["CT"])
    assert codebook.get(codes["TR"])["parent_id"] == codes["CT"]
    codebook.move(codes["PB"], None, before_id=codes["IS"])
    assert [n.name for n in codebook.tree(corpus.study) if n.depth == 0] == [
        "Pooled budgets",
        "Information sharing",
        "Culture and trust",
    ]
    with pytest.raises(ValidationError, match="inside itself"):
        codebook.move(codes["IS"], codes["SR"])
    with pytest.raises(ValidationError, match="inside itself"):
        codebook.move(codes["IS"], codes["IS"])


def test_merge_moves_codings_children_and_joins_memos_of_twins(store, corpus):
    codebook = Codebook(store)
    codes = corpus.codes
    twin = store.row(
        "SELECT id FROM codings WHERE code_id = ? AND note_id = ?",
        (codes["SR"], corpus.notes["n4"]),
    )
    store.repos.writer.update("codings", twin["id"], {"memo": "kept apart"})
    # The same span of n4 coded with IS: make an SR coding on exactly the IS span.
    text = store.repos.notes.get(corpus.notes["n4"])["text"]
    [same_span] = apply_codes(
        store, note_unit(store, corpus.notes["n4"]), [codes["SR"]], 0, len(text), "whole note"
    )
    before = live_codings(store, codes["IS"]) + live_codings(store, codes["SR"])
    assert before == 1 + 4

    changes = codebook.merge(codes["SR"], codes["IS"])

    assert changes.touches("codings", "codes")
    assert codebook.get(codes["SR"])["deleted"] == 1
    # 4 SR codings moved, but the one on the exact span of the IS coding became one coding.
    assert live_codings(store, codes["SR"]) == 0
    assert live_codings(store, codes["IS"]) == 4
    merged_memo = store.scalar(
        "SELECT memo FROM codings WHERE code_id = ? AND note_id = ? AND start = 0 AND deleted = 0",
        (codes["IS"], corpus.notes["n4"]),
    )
    assert merged_memo == "whole note"
    assert store.row("SELECT deleted FROM codings WHERE id = ?", (same_span,))["deleted"] == 1
    assert check_database(store) == []


def test_merge_takes_the_subcodes_along_and_refuses_into_own_subcode(store, corpus):
    codebook = Codebook(store)
    codes = corpus.codes
    with pytest.raises(ValidationError, match="own subcodes"):
        codebook.merge(codes["IS"], codes["SR"])
    codebook.merge(codes["IS"], codes["CT"])
    assert codebook.get(codes["SR"])["parent_id"] == codes["CT"]
    with pytest.raises(ValidationError, match="two different"):
        codebook.merge(codes["CT"], codes["CT"])


def test_delete_shows_what_goes_first_then_removes_code_subcodes_and_codings(store, corpus):
    codebook = Codebook(store)
    codes = corpus.codes
    nodes, segments = codebook.deletion_preview(codes["IS"])
    assert [n.name for n in nodes] == ["Information sharing", "Shared records"]
    assert sorted(s["text"] for s in segments) == sorted(
        [
            "shared the records",
            "Information sharing between the teams is poor; the records are kept apart.",
            "the records are kept apart",
            "the same records",
        ]
    )
    changes = codebook.delete(codes["IS"])
    assert {codes["IS"], codes["SR"]} <= changes.row_ids
    assert live_codings(store, codes["IS"]) + live_codings(store, codes["SR"]) == 0
    assert [n.name for n in codebook.tree(corpus.study)] == [
        "Pooled budgets",
        "Culture and trust",
        "Transitions",
    ]
    assert check_database(store) == []
    with pytest.raises(ValidationError, match="no longer exists"):
        codebook.delete(codes["IS"])


def test_counts_per_code(store, corpus):
    counts = Codebook(store).counts(corpus.study)
    assert (counts[corpus.codes["PB"]].segments, counts[corpus.codes["PB"]].units) == (3, 3)
    assert counts[corpus.codes["PB"]].participants == 2  # P1 twice (note, answer), P4
    assert counts[corpus.codes["CT"]].participants == 2  # the facilitator is nobody
    assert corpus.codes["TR"] in counts and counts[corpus.codes["TR"]].segments == 2
