"""The theme matrix and co-occurrence, checked against counts made by hand (coding_corpus)."""

from __future__ import annotations

import pytest

from storage.codebook import Codebook
from storage.codings import apply_codes, note_unit
from storage.connections import (
    cell_segments,
    co_occurrence,
    shared_units,
    theme_matrix,
    theme_rows,
)


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


def table(matrix, measure="segments"):
    return {
        row.name: [matrix.value(row.key, column.key, measure) for column in matrix.columns]
        + [matrix.row_total(row.key, measure)]
        for row in matrix.rows
    }


def test_codes_by_sites_with_subcodes_rolled_up(store, corpus):
    matrix = theme_matrix(store, [corpus.study], "sites")
    assert [c.label for c in matrix.columns] == ["East", "North", "South"]
    #                                   East North South Total
    assert table(matrix) == {
        "Information sharing": [0, 1, 3, 4],
        "Shared records": [0, 1, 2, 3],
        "Pooled budgets": [0, 2, 1, 3],
        "Culture and trust": [0, 0, 3, 3],
        "Transitions": [0, 1, 1, 2],
    }
    assert table(matrix, "participants") == {
        "Information sharing": [0, 1, 2, 3],
        "Shared records": [0, 1, 2, 3],
        "Pooled budgets": [0, 1, 1, 2],
        "Culture and trust": [0, 0, 2, 2],
        "Transitions": [0, 1, 1, 2],
    }
    assert matrix.maximum() == 3
    assert matrix.column_segments == {
        corpus.sites["North"]: 4,  # n1 PB, n1 SR, n3 TR, answer PB
        corpus.sites["South"]: 8,  # n4 IS, n4 SR, n5, n6, n7 x2, n8, n9
    }


def test_without_subcodes_a_theme_counts_its_own_codings_only(store, corpus):
    matrix = theme_matrix(store, [corpus.study], "sites", include_subcodes=False)
    assert table(matrix)["Information sharing"] == [0, 0, 1, 1]


def test_codes_by_roles(store, corpus):
    matrix = theme_matrix(store, [corpus.study], "roles")
    labels = [c.label for c in matrix.columns]
    assert labels == ["carer", "client", "staff", "(no participant role)"]
    #                                   carer client staff none Total
    assert table(matrix) == {
        "Information sharing": [2, 1, 1, 0, 4],
        "Shared records": [1, 1, 1, 0, 3],
        "Pooled budgets": [0, 2, 1, 0, 3],
        "Culture and trust": [0, 0, 2, 1, 3],
        "Transitions": [1, 1, 0, 0, 2],
    }
    assert table(matrix, "participants")["Culture and trust"] == [0, 0, 2, 0, 2]


def test_codes_by_instruments_and_by_programme(store, corpus):
    matrix = theme_matrix(store, [corpus.study], "instruments")
    assert [c.label for c in matrix.columns] == ["Group guide", "Interview guide", "Survey"]
    assert table(matrix)["Pooled budgets"] == [1, 1, 1, 3]
    by_study = theme_matrix(store, [corpus.study], "studies")
    assert table(by_study)["Transitions"] == [2, 2]


def test_codes_are_matched_by_name_across_programmes(store, corpus):
    other = store.repos.studies.add("Second programme")
    site = store.repos.studies.add_site(other, "North")
    guide = store.repos.instruments.add(other, "interview", "G", {"kind": "interview"})
    session = store.repos.sessions.start(other, guide, site_id=site)
    note = store.repos.notes.add(session, "Transitions again.")
    code = Codebook(store).add(other, "TRANSITIONS")
    apply_codes(store, note_unit(store, note), [code], 0, 11)
    matrix = theme_matrix(store, [corpus.study, other], "sites")
    assert [c.label for c in matrix.columns] == [
        "East",
        "North (Evaluation)",
        "South",
        "North (Second programme)",
    ]
    assert table(matrix)["Transitions"] == [0, 1, 1, 1, 3]
    assert len([row for row in matrix.rows if row.key == "transitions"]) == 1


def test_a_cell_lists_its_quotes(store, corpus):
    matrix = theme_matrix(store, [corpus.study], "sites")
    row = next(r for r in matrix.rows if r.name == "Information sharing")
    quotes = cell_segments(store, [corpus.study], row, "sites", corpus.sites["South"])
    assert sorted(q["text"] for q in quotes) == sorted(
        [
            "Information sharing between the teams is poor; the records are kept apart.",
            "the records are kept apart",
            "the same records",
        ]
    )
    assert {q["speaker"] for q in quotes} == {"P3", "P2"}
    trust = next(r for r in matrix.rows if r.name == "Culture and trust")
    none = cell_segments(store, [corpus.study], trust, "roles", "")
    assert [(q["text"], q["speaker"]) for q in none] == [("trust", "Facilitator")]
    assert len(cell_segments(store, [corpus.study], trust, "sites", None)) == 3


def test_withdrawn_participants_quotes_can_be_left_out(store, corpus):
    store.repos.participants.record_consent(corpus.people["P4"], "withdrawn", "2026-05-01")
    rows = theme_rows(store, [corpus.study])
    pooled = next(r for r in rows if r.name == "Pooled budgets")
    kept = cell_segments(store, [corpus.study], pooled, "sites", None, include_withheld=False)
    assert sorted(q["text"] for q in kept) == ["Budget cuts", "pooled budget"]
    assert len(cell_segments(store, [corpus.study], pooled, "sites", None)) == 3


def test_co_occurrence_in_the_same_note(store, corpus):
    result = co_occurrence(store, [corpus.study])
    keys = {row.name: row.key for row in result.rows}
    pairs = {frozenset((a.name, b.name)): n for a, b, n in result.pairs()}
    assert pairs == {
        frozenset({"Pooled budgets", "Shared records"}): 1,  # n1
        frozenset({"Information sharing", "Shared records"}): 1,  # n4
        frozenset({"Culture and trust", "Pooled budgets"}): 1,  # n7
    }
    assert result.value(keys["Pooled budgets"], keys["Pooled budgets"]) == 3
    assert result.value(keys["Culture and trust"], keys["Pooled budgets"]) == 1
    assert result.value(keys["Transitions"], keys["Pooled budgets"]) == 0
    rolled = co_occurrence(store, [corpus.study], include_subcodes=True)
    assert rolled.value("information sharing", "pooled budgets") == 1  # via n1's SR
    units = shared_units(store, [corpus.study], result.rows[2], result.rows[3])
    assert [u["unit_id"] for u in units] == [corpus.notes["n7"]]
    assert {s["code_name"] for s in units[0]["segments"]} == {"Pooled budgets", "Culture and trust"}
