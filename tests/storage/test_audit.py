"""Every repository write is recorded in the audit trail with old and new values."""

from __future__ import annotations

import json


def audit_rows(store, table, row_id):
    return store.rows(
        "SELECT action, changes, device_id FROM audit WHERE table_name = ? AND row_id = ? "
        "ORDER BY id",
        (table, row_id),
    )


def test_every_repository_write_lands_in_audit(store):
    repos = store.repos
    study = repos.studies.add("Durham access programme")
    site = repos.studies.add_site(study, "Stanley team", "integrated team")
    worker = repos.studies.add_fieldworker(study, "Aisha Rahman")
    person = repos.participants.add(study, "DUR-C01", role="client", site_id=site)
    identity = repos.participants.set_identity(person, "Margaret Lowther", "01388 555 0142")
    repos.participants.record_consent(person, "given", "2026-05-01", "written form", "AR")
    repos.participants.update(person, organisation="Age UK")
    instrument = repos.instruments.add(study, "questionnaire", "Team assessment", {"questions": []})
    session = repos.sessions.start(study, instrument, site, person, worker)
    repos.sessions.save_answer(session, "q1", 4)
    repos.sessions.save_answer(session, "q1", 5)
    member = repos.sessions.add_member(session, "P1", person)
    note = repos.notes.add(session, "Said the referral took weeks", kind="quote")
    repos.notes.update(note, kind="note")
    repos.notes.delete(note)
    repos.sessions.set_status(session, "complete")

    expected = {
        ("studies", study): ["insert"],
        ("sites", site): ["insert"],
        ("fieldworkers", worker): ["insert"],
        ("participants", person): ["insert", "update", "update"],
        ("participant_identities", identity): ["insert"],
        ("instruments", instrument): ["insert"],
        ("sessions", session): ["insert", "update"],
        ("session_members", member): ["insert"],
        ("notes", note): ["insert", "update", "delete"],
    }
    for (table, row_id), actions in expected.items():
        assert [r["action"] for r in audit_rows(store, table, row_id)] == actions, table

    answer_audit = store.rows("SELECT action, changes FROM audit WHERE table_name = 'answers'")
    assert [r["action"] for r in answer_audit] == ["insert", "update"]
    assert json.loads(answer_audit[1]["changes"])["value"] == ["4", "5"]


def test_audit_keeps_old_and_new_value(store):
    study = store.repos.studies.add("Old name")
    store.repos.studies.rename(study, "New name")
    update = audit_rows(store, "studies", study)[-1]
    assert json.loads(update["changes"]) == {"name": ["Old name", "New name"]}
    assert update["device_id"] == store.device.device_id


def test_unchanged_write_records_nothing(store):
    study = store.repos.studies.add("Same")
    assert store.repos.studies.rename(study, "Same") is False
    assert len(audit_rows(store, "studies", study)) == 1


def test_refused_write_leaves_no_audit_row(store):
    import pytest

    from storage import ValidationError

    study = store.repos.studies.add("S")
    store.repos.participants.add(study, "P01")
    before = store.scalar("SELECT count(*) FROM audit")
    with pytest.raises(ValidationError, match="already used"):
        store.repos.participants.add(study, "P01")
    assert store.scalar("SELECT count(*) FROM audit") == before
