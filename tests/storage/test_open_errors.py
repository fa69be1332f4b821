"""Damaged, foreign, newer and missing files get a clear message and are never changed."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from storage import (
    DamagedDatabaseError,
    ForeignFileError,
    NewerSchemaError,
    NoDatabaseError,
    open_store,
)
from storage.schema import LATEST_VERSION


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database_with_backup(path):
    with open_store(path, create=True) as store:
        study = store.repos.studies.add("Cumbria")
        for number in range(300):
            store.repos.participants.add(study, f"CUM-{number:03d}", role="client")
        backup = store.backup("open")
    return backup


def test_missing_file_without_create(tmp_path):
    with pytest.raises(NoDatabaseError, match="There is no database at"):
        open_store(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_text_file_is_refused_as_foreign(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, eggs\n")
    before = digest(path)
    with pytest.raises(ForeignFileError, match="not an SQLite database file"):
        open_store(path)
    assert digest(path) == before


def test_other_programs_sqlite_file_is_refused_as_foreign(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    before = digest(path)
    with pytest.raises(ForeignFileError, match="made by another program"):
        open_store(path)
    assert digest(path) == before


def test_newer_schema_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.db"
    with open_store(path, create=True) as store:
        store.conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of Fieldnotes"):
        open_store(path)
    assert digest(path) == before


def test_overwritten_middle_is_damaged_and_lists_backups(tmp_path):
    path = tmp_path / "field.db"
    backup = make_database_with_backup(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError) as caught:
        open_store(path)
    assert caught.value.backups == [backup]
    assert str(backup) in str(caught.value)
    assert "fieldnotes restore" in str(caught.value)


def test_truncated_file_is_damaged(tmp_path):
    path = tmp_path / "field.db"
    make_database_with_backup(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        open_store(path)


def test_header_overwritten_with_backups_is_called_damaged(tmp_path):
    path = tmp_path / "field.db"
    backup = make_database_with_backup(path)
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError) as caught:
        open_store(path)
    assert caught.value.backups == [backup]


def test_folder_is_refused(tmp_path):
    with pytest.raises(ForeignFileError, match="folder"):
        open_store(tmp_path)
