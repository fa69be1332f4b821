"""`check` finds injected orphans and damage; a sound database passes."""

from __future__ import annotations

import pytest

from storage.check import check_database


def test_fresh_database_passes(store):
    assert check_database(store) == []


def test_demo_passes(demo_store):
    assert check_database(demo_store) == []


def test_orphan_answer_is_found(store):
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute(
        "INSERT INTO answers(id, created_at, updated_at, device_id, session_id, path, value) "
        "VALUES ('a-orphan', 'x', 'x', 'd', 'no-such-session', 'q1', '1')"
    )
    findings = check_database(store)
    assert [(f.table, f.row_id) for f in findings] == [("answers", "a-orphan")]
    assert "its session" in findings[0].message or "missing" in findings[0].message


def test_live_row_under_deleted_parent_is_found(store):
    repos = store.repos
    study = repos.studies.add("S")
    site = repos.studies.add_site(study, "Ward 3")
    person = repos.participants.add(study, "P01", site_id=site)
    store.conn.execute("UPDATE sites SET deleted = 1 WHERE id = ?", (site,))
    findings = check_database(store)
    assert [(f.table, f.row_id) for f in findings] == [("participants", person)]
    assert "its site" in findings[0].message


def test_session_linked_across_studies_is_found(store):
    repos = store.repos
    one, two = repos.studies.add("One"), repos.studies.add("Two")
    instrument = repos.instruments.add(one, "interview", "Guide", {})
    stranger = repos.participants.add(two, "P01")
    session = repos.sessions.start(one, instrument, participant_id=stranger)
    findings = check_database(store)
    assert [(f.table, f.row_id) for f in findings] == [("sessions", session)]


@pytest.mark.parametrize("definition", ["[1, 2]", '"text"'])
def test_bad_instrument_definition_is_found(store, definition):
    study = store.repos.studies.add("S")
    instrument = store.repos.instruments.add(study, "questionnaire", "Q", {})
    store.conn.execute(
        "UPDATE instruments SET definition = ? WHERE id = ?", (definition, instrument)
    )
    assert [f.row_id for f in check_database(store)] == [instrument]


def test_answer_of_a_deleted_session_is_not_a_fault(store):
    """After a merge, an answer edited on one laptop may outlive its deleted session."""
    repos = store.repos
    study = repos.studies.add("S")
    instrument = repos.instruments.add(study, "questionnaire", "Q", {})
    session = repos.sessions.start(study, instrument)
    repos.sessions.save_answer(session, "q1", 3)
    repos.sessions.delete(session)
    assert check_database(store) == []
