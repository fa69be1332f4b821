"""Search across notes and free-text answers: words, phrases, prefixes, filters, snippets."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import open_store
from storage.repositories.note_review import HIT_END, HIT_START
from storage.schema import apply_migrations
from storage.search import search
from storage.search_filters import SearchFilters, filter_choices
from storage.search_query import fts_expression, parse_query
from storage.snippets import make_snippet


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


def found(store, corpus, text, **filters):
    result = search(store, corpus.study, text, SearchFilters(**filters))
    names = {v: k for k, v in corpus.notes.items()} | {corpus.answers["comments"]: "answer"}
    return sorted(names[hit["unit_id"]] for hit in result.hits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("records", ["n1", "n4", "n6"]),
        ("RECORDS", ["n1", "n4", "n6"]),
        ("record*", ["n1", "n4", "n6"]),
        ('"pooled budget"', ["n1", "n7"]),
        ("budget", ["answer", "n1", "n7"]),
        ("budget records", ["n1"]),
        ("trust OR discharge", ["n2", "n3", "n7", "n8", "n9"]),
        ("trust -pooled", ["n8", "n9"]),
        ("trust NOT pooled", ["n8", "n9"]),
        ('"the records are"', ["n4"]),
        ("co-located", ["n9"]),
        ("agree", []),  # a choice answer is not free text
        ("nothing-here", []),
    ],
)
def test_words_phrases_prefixes_and_operators(store, corpus, text, expected):
    assert found(store, corpus, text) == expected


@pytest.mark.parametrize(
    ("filters", "text", "expected"),
    [
        ({"sources": ("note",)}, "budget", ["n1", "n7"]),
        ({"sources": ("answer",)}, "budget", ["answer"]),
        ({"site_ids": ("North",)}, "budget", ["answer", "n1"]),
        ({"site_ids": ("East",)}, "budget", []),
        ({"roles": ("staff",)}, "budget", ["n7"]),
        ({"roles": ("client", "carer")}, "records", ["n1", "n4"]),
        ({"speaker_ids": ("P2",)}, "records OR trust", ["n6", "n9"]),
        ({"code_ids": ("PB",)}, "records", ["n1"]),
        ({"code_ids": ("SR", "IS")}, "records", ["n1", "n4", "n6"]),
        ({"family_ids": ("survey",)}, "budget", ["answer"]),
        ({"family_ids": ("group",), "roles": ("staff",)}, "trust", ["n7", "n9"]),
    ],
)
def test_filters(store, corpus, filters, text, expected):
    lookup = corpus.sites | corpus.people | corpus.codes | corpus.families
    resolved = {
        key: tuple(lookup.get(value, value) for value in values) for key, values in filters.items()
    }
    assert found(store, corpus, text, **resolved) == expected


def test_hits_carry_snippet_and_context_and_open_their_note(store, corpus):
    result = search(store, corpus.study, "discharge")
    assert result.total == 2 and not result.window_limited
    hit = next(h for h in result.hits if h["note_id"] == corpus.notes["n3"])
    assert (
        hit["snippet"] == f"After {HIT_START}discharge{HIT_END} from hospital the support stopped."
    )
    assert hit["session_id"] == corpus.sessions["one"]
    assert (hit["speaker"], hit["role"], hit["site_name"]) == ("P1", "client", "North")
    interviewer = next(h for h in result.hits if h["note_id"] == corpus.notes["n2"])
    assert (interviewer["speaker"], interviewer["role"]) == ("Interviewer", "")
    answer = search(store, corpus.study, "cuts").hits[0]
    assert (answer["kind"], answer["answer_id"], answer["path"]) == (
        "answer",
        corpus.answers["comments"],
        "comments",
    )
    assert answer["snippet"].startswith(f"Budget {HIT_START}cuts{HIT_END}")


def test_search_stays_in_its_study_and_skips_deleted_notes(store, corpus):
    other = store.repos.studies.add("Other")
    assert search(store, other, "records").hits == []
    store.repos.notes.delete(corpus.notes["n6"])
    assert found(store, corpus, "records") == ["n1", "n4"]


def test_edited_answer_and_note_are_found_by_their_new_words(store, corpus):
    store.repos.sessions.save_answer(corpus.sessions["survey"], "comments", "Waiting lists grew.")
    store.repos.notes.update(corpus.notes["n8"], text="What about waiting lists?")
    assert found(store, corpus, "waiting") == ["answer", "n8"]
    assert found(store, corpus, "cuts") == []
    store.conn.execute("INSERT INTO answers_fts(answers_fts) VALUES ('integrity-check')")


def test_limit_and_empty_queries(store, corpus):
    assert len(search(store, corpus.study, "the", limit=2).hits) == 2
    assert search(store, corpus.study, "the", limit=2).total == 7  # n1 n3-n7, answer
    for text in ("", "   ", '"', "*", "AND", "OR OR", "-", "NOT"):
        assert search(store, corpus.study, text).hits == []


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(text=st.text(alphabet=st.sampled_from("ab \"*()-:^+ORANDNOTNEAR\\'é中"), max_size=30))
def test_whatever_a_user_types_never_raises(store, text):
    expression = fts_expression(text)
    store.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?", (expression or "x",))
    search(store, "no-such-study", text)


def test_parse_query_keeps_prefix_phrase_and_exclusions():
    assert fts_expression('"pooled budg"* -late') == '(("pooled budg"*)) NOT ("late")'
    assert fts_expression("a* bc*") == '("a" AND "bc"*)'
    assert parse_query("x OR y").highlight_words() == ["x", "y"]


def test_snippet_marks_accented_and_prefix_hits_and_cuts_long_text():
    query = parse_query("cafe budg*")
    text = " ".join(["word"] * 40 + ["Café", "budgets", "here"] + ["tail"] * 40)
    snippet = make_snippet(text, query, size=10)
    assert f"{HIT_START}Café{HIT_END} {HIT_START}budgets{HIT_END}" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.split()) <= 12


def test_filter_choices(store, corpus):
    choices = filter_choices(store, corpus.study)
    assert [label for _, label in choices["sites"]] == ["East", "North", "South"]
    assert [value for value, _ in choices["roles"]] == ["carer", "client", "staff"]
    assert {label for _, label in choices["instruments"]} == {
        "Group guide",
        "Interview guide",
        "Survey",
    }
    assert "P1 (client)" in [label for _, label in choices["speakers"]]


def test_upgrade_indexes_existing_free_text_answers(tmp_path):
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    apply_migrations(conn, target=3)
    stamp = "2026-01-01T00:00:00.000Z"
    conn.execute(
        "INSERT INTO studies(id, created_at, updated_at, device_id, name) "
        "VALUES ('s1', ?, ?, 'd', 'S')",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO instruments(id, created_at, updated_at, device_id, study_id, family_id, "
        "kind, name, definition) VALUES ('i1', ?, ?, 'd', 's1', 'i1', 'questionnaire', 'Q', "
        "'{}')",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO sessions(id, created_at, updated_at, device_id, study_id, instrument_id, "
        "started_at) VALUES ('x1', ?, ?, 'd', 's1', 'i1', ?)",
        (stamp, stamp, stamp),
    )
    for answer, value in (("a1", '"joint visits stopped"'), ("a2", '"agree"'), ("a3", "3")):
        conn.execute(
            "INSERT INTO answers(id, created_at, updated_at, device_id, session_id, path, value) "
            "VALUES (?, ?, ?, 'd', 'x1', ?, ?)",
            (answer, stamp, stamp, answer, value),
        )
    conn.close()
    with open_store(path) as upgraded:
        assert search(upgraded, "s1", "joint").hits[0]["answer_id"] == "a1"
        assert upgraded.scalar("SELECT count(*) FROM answers_fts") == 1


def test_common_words_are_ranked_among_recent_matches_and_the_window_widens(
    store, corpus, monkeypatch
):
    monkeypatch.setattr("storage.search.RANK_WINDOW", 2)
    monkeypatch.setattr("storage.search.EXACT_COUNT_LIMIT", 1)
    common = search(store, corpus.study, "the", SearchFilters(sources=("note",)), limit=2)
    assert common.window_limited and common.total is None
    assert len(common.hits) == 2
    # Of the six notes holding "the", n1, n4 and n6 are coded Shared records; the window of
    # the two newest (n6, n7) holds only one of them, so it widens until all are ranked.
    narrow = search(store, corpus.study, "the", SearchFilters(code_ids=(corpus.codes["SR"],)))
    assert sorted(hit["note_id"] for hit in narrow.hits) == sorted(
        [corpus.notes["n1"], corpus.notes["n4"], corpus.notes["n6"]]
    )
    oldest = search(
        store,
        corpus.study,
        "the",
        SearchFilters(code_ids=(corpus.codes["SR"],), speaker_ids=(corpus.people["P1"],)),
        limit=1,
    )
    assert [hit["note_id"] for hit in oldest.hits] == [corpus.notes["n1"]]


def test_early_ranking_skips_other_studies_and_deleted_notes(store, corpus, monkeypatch):
    """Notes of another study that rank higher are passed over, more candidates fetched."""
    monkeypatch.setattr("storage.search.EXACT_COUNT_LIMIT", 0)
    other = store.repos.studies.add("Other")
    guide = store.repos.instruments.add(other, "interview", "G", {"kind": "interview"})
    session = store.repos.sessions.start(other, guide)
    for _ in range(30):
        store.repos.notes.add(session, "records records records")
    deleted = store.repos.notes.add(corpus.sessions["one"], "records records records records")
    store.repos.notes.delete(deleted)
    result = search(store, corpus.study, "records", limit=3)
    assert sorted(found_ids(result, corpus)) == ["n1", "n4", "n6"]
    assert result.total is None and result.matches == 34


def test_site_filter_uses_the_speakers_site_when_the_session_has_none(store, corpus):
    guide = corpus.families["group"]
    session = store.repos.sessions.start(corpus.study, guide)  # no site
    store.repos.notes.add(session, "Waiting for the ramp", speaker_id=corpus.people["P2"])
    north = search(store, corpus.study, "ramp", SearchFilters(site_ids=(corpus.sites["North"],)))
    south = search(store, corpus.study, "ramp", SearchFilters(site_ids=(corpus.sites["South"],)))
    assert (len(north.hits), len(south.hits)) == (1, 0)
    assert north.hits[0]["site_name"] == "North"


def found_ids(result, corpus):
    names = {v: k for k, v in corpus.notes.items()}
    return [names.get(hit["unit_id"], "?") for hit in result.hits]
