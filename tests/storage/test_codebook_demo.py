"""The demo codebook: the same themes in each programme, coded by keyword, recurring across."""

from __future__ import annotations

import random

from storage.check import check_database
from storage.codebook import Codebook
from storage.connections import theme_matrix
from storage.demo_codebook import DEMO_CODES, add_codebook_demo


def test_demo_programmes_get_the_codebook_and_codings_that_pass_the_check(demo_store):
    """build_demo applies the codebook; applying it again adds nothing."""
    studies = demo_store.repos.studies.list()
    codes = demo_store.scalar("SELECT count(*) FROM codes WHERE deleted = 0")
    assert codes == len(DEMO_CODES) * len(studies)
    assert demo_store.scalar("SELECT count(*) FROM codings WHERE deleted = 0") > 50
    for study in studies:
        names = [node.name for node in Codebook(demo_store).tree(study["id"])]
        assert names[0] == "Information sharing" and len(names) == len(DEMO_CODES)
    assert check_database(demo_store) == []
    again = add_codebook_demo(demo_store, random.Random(1))
    assert again == {"codes": 0, "codings": 0}


def test_a_theme_recurs_across_the_three_programmes(demo_store):
    add_codebook_demo(demo_store, random.Random(1))
    ids = [study["id"] for study in demo_store.repos.studies.list()]
    matrix = theme_matrix(demo_store, ids, "studies")
    transitions = next(row for row in matrix.rows if row.name == "Loss of support at transitions")
    if demo_store.scalar("SELECT count(*) FROM notes WHERE deleted = 0"):
        assert all(matrix.value(transitions.key, study) > 0 for study in ids)
    coded = demo_store.rows(
        'SELECT c.start, c."end", n.text FROM codings c JOIN notes n ON n.id = c.note_id '
        "WHERE c.deleted = 0"
    )
    assert all(0 <= row["start"] < row["end"] <= len(row["text"]) for row in coded)
    assert all(row["text"][row["start"] : row["end"]].strip() for row in coded)


def test_without_notes_the_codebook_is_still_made(store):
    store.repos.studies.add("Empty study")
    added = add_codebook_demo(store, random.Random(1))
    assert added == {"codes": len(DEMO_CODES), "codings": 0}
