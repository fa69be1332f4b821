"""Rotating backups: taken on open and before migrations, never of a damaged file."""

from __future__ import annotations

import sqlite3

import pytest

from storage import DamagedDatabaseError, open_store
from storage.backups import KEEP_BACKUPS, list_backups, restore_backup


def test_backup_on_open_copies_the_data(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        store.repos.studies.add("Northumberland")
    with open_store(path, backup_on_open=True):
        pass
    [backup] = list_backups(path)
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT name FROM studies").fetchall() == [("Northumberland",)]


def test_rotation_keeps_the_newest(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        made = [store.backup("open") for _ in range(KEEP_BACKUPS + 4)]
    kept = list_backups(path)
    assert len(kept) == KEEP_BACKUPS
    assert kept == sorted(made, key=lambda p: p.name, reverse=True)[:KEEP_BACKUPS]


def test_damaged_file_is_not_backed_up(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        for number in range(200):
            store.repos.studies.add(f"Study {number}")
        store.backup("open")
    good = list_backups(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError):
        open_store(path, backup_on_open=True)
    assert list_backups(path) == good


def test_restore_puts_backup_back_and_keeps_current_aside(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        store.repos.studies.add("Before")
        backup = store.backup("open")
        store.repos.studies.add("After")
    aside = restore_backup(path, backup)
    assert aside.exists()
    with open_store(path) as store:
        assert [s["name"] for s in store.repos.studies.list()] == ["Before"]


def test_restore_refuses_a_damaged_backup(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        store.repos.studies.add("Keep me")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ValueError, match="damaged"):
        restore_backup(path, bad)
    with open_store(path) as store:
        assert [s["name"] for s in store.repos.studies.list()] == ["Keep me"]


def test_close_checkpoints_so_the_db_file_alone_is_complete(tmp_path):
    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        store.repos.studies.add("Complete without WAL")
    copy = tmp_path / "copied.db"
    copy.write_bytes(path.read_bytes())  # the .db alone, as a USB copy would take it
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM studies").fetchall() == [("Complete without WAL",)]


def test_restore_onto_an_empty_path_says_nothing_was_there(tmp_path, capsys):
    from main import main

    path = tmp_path / "field.db"
    with open_store(path, create=True) as store:
        store.repos.studies.add("Kept")
        backup = store.backup("open")
    target = tmp_path / "new.db"
    assert restore_backup(target, backup) is None
    with open_store(target) as store:
        assert [s["name"] for s in store.repos.studies.list()] == ["Kept"]
    other = tmp_path / "other.db"
    assert main(["restore", "--db", str(other), "--backup", str(backup)]) == 0
    assert "there was no file there before" in capsys.readouterr().out
