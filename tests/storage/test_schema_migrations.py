"""Schema creation and each migration step, including upgrades of older databases."""

from __future__ import annotations

import sqlite3

import pytest

from storage import open_store
from storage.backups import list_backups
from storage.schema import APPLICATION_ID, LATEST_VERSION, MIGRATIONS, apply_migrations

DESIGN_TABLES = {
    "meta",
    "studies",
    "sites",
    "fieldworkers",
    "participants",
    "participant_identities",
    "instruments",
    "sessions",
    "answers",
    "session_members",
    "notes",
    "codes",
    "codings",
    "conflicts",
    "imports",
    "audit",
}


def tables(conn: sqlite3.Connection) -> set[str]:
    return {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    }


def test_new_database_has_every_table_and_latest_version(store):
    assert DESIGN_TABLES <= tables(store.conn)
    assert store.schema_version == LATEST_VERSION
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_new_database_uses_wal_full_sync_and_foreign_keys(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_names_outside_tools_rely_on(store):
    notes = {row[1] for row in store.conn.execute("PRAGMA table_info(notes)")}
    identities = {row[1] for row in store.conn.execute("PRAGMA table_info(participant_identities)")}
    assert "speaker_id" in notes
    assert {"participant_id", "full_name", "contact", "notes"} <= identities


def test_user_rows_carry_merge_stamps(store):
    from storage.schema import USER_TABLES

    for table in USER_TABLES:
        columns = {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")}
        assert {"id", "created_at", "updated_at", "device_id", "deleted"} <= columns, table


def test_meta_records_database_identity(store):
    assert len(store.database_id) == 36
    assert store.meta("created_by_version")


@pytest.mark.parametrize("start_version", range(1, LATEST_VERSION))
def test_upgrade_from_each_older_version_keeps_data(tmp_path, start_version):
    """A database made by an older schema opens, is backed up, and upgrades with its data."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    apply_migrations(conn, target=start_version)
    stamp = "2026-01-01T00:00:00.000Z"
    conn.execute(
        "INSERT INTO studies(id, created_at, updated_at, device_id, name) "
        "VALUES ('s1', ?, ?, 'old-laptop', 'Old study')",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO instruments(id, created_at, updated_at, device_id, study_id, family_id, "
        "kind, name, definition) "
        "VALUES ('i1', ?, ?, 'old-laptop', 's1', 'i1', 'interview', 'Guide', '{}')",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO sessions(id, created_at, updated_at, device_id, study_id, instrument_id, "
        "started_at) VALUES ('x1', ?, ?, 'old-laptop', 's1', 'i1', ?)",
        (stamp, stamp, stamp),
    )
    conn.execute(
        "INSERT INTO notes(id, created_at, updated_at, device_id, session_id, position, text) "
        "VALUES ('n1', ?, ?, 'old-laptop', 'x1', 1, 'joint visits stopped after the merger')",
        (stamp, stamp),
    )
    conn.close()

    with open_store(path) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.repos.studies.get("s1")["name"] == "Old study"
        hits = store.rows("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'merger'")
        assert len(hits) == 1
    backups = list_backups(path)
    assert backups and "before-migration" in backups[0].name
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == start_version


def test_failed_migration_leaves_version_and_tables_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "half.db"
    conn = sqlite3.connect(path, isolation_level=None)
    apply_migrations(conn, target=1)

    def broken(connection):
        connection.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk gave up")

    monkeypatch.setattr("storage.schema.MIGRATIONS", [MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        apply_migrations(conn, target=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "half_done" not in tables(conn)
    conn.close()


def test_full_text_index_follows_note_edits(store):
    repos = store.repos
    study = repos.studies.add("S")
    instrument = repos.instruments.add(study, "interview", "Guide", {"topics": []})
    session = repos.sessions.start(study, instrument)
    note = repos.notes.add(session, "the pooled budget arrived late")
    assert store.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'pooled'") == 1
    repos.notes.update(note, text="information sharing improved")
    assert store.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'pooled'") == 0
    assert store.scalar("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'sharing'") == 1
