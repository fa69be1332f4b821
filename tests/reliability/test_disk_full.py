"""A full disk during a write: a real SQLITE_FULL (PRAGMA max_page_count, DESIGN.md section 7).

What was saved before stays saved, the write that did not fit is wholly absent, the error is
a StorageError that says the disk is full (never a raw sqlite3 error), and the database is
sound and usable again once there is room.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from reliability_verify import database_dump, sqlite_integrity
from reliability_world import build_world, import_csv, seed_laptop

import storage
from storage import open_store
from storage.disk_full import DiskFullError, is_disk_full
from storage.errors import StorageError

BIG = "Quand le disque est plein — 磁盘已满. " * 60


def limit_growth(store, spare_pages: int = 2) -> None:
    """Let the database grow by at most `spare_pages` pages on this connection."""
    pages = store.scalar("PRAGMA page_count")
    store.conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


def lift_limit(store) -> None:
    store.conn.execute("PRAGMA max_page_count = 4294967294")


@pytest.fixture
def world(tmp_path):
    return build_world(tmp_path / "fieldnotes.db")


@pytest.fixture
def full_store(world):
    """The world's store, one session started, and the disk about to fill."""
    with open_store(world.db) as store:
        session = store.repos.sessions.start(world.study, world.form, world.site)
        limit_growth(store)
        yield store, session


def _message_is_clear(error: BaseException, path: str) -> None:
    assert isinstance(error, DiskFullError)
    text = str(error)
    assert "full" in text and str(Path(path).resolve()) in text and "not saved" in text
    assert is_disk_full(error.__cause__)


def test_autosave_keeps_every_answer_saved_before_the_disk_filled(world, full_store):
    store, session = full_store
    saved = 0
    with pytest.raises(StorageError) as caught:
        for number in range(10_000):
            store.repos.sessions.save_answer(session, f"q{number}", BIG)
            saved += 1
    _message_is_clear(caught.value, world.db)
    assert saved > 0
    answers = store.repos.sessions.answers(session)
    assert len(answers) == saved and f"q{saved}" not in answers
    lift_limit(store)
    store.repos.sessions.save_answer(session, f"q{saved}", BIG)
    assert len(store.repos.sessions.answers(session)) == saved + 1
    assert sqlite_integrity(Path(world.db)) == ["ok"]


def test_a_group_of_answers_that_does_not_fit_is_wholly_absent(full_store):
    store, session = full_store
    group = {f"grp/{k}": (BIG * 3, True) for k in range(8)}
    with pytest.raises(DiskFullError):
        store.repos.sessions.commit_answers(session, group)
    assert store.repos.sessions.answers(session) == {}
    assert not store.conn.in_transaction


def test_notes_saved_before_the_disk_filled_stay_and_the_next_one_says_so(world, full_store):
    store, _ = full_store
    limit_growth(store, spare_pages=40)
    saved: list[str] = []
    with pytest.raises(StorageError) as caught:
        for number in range(500):
            saved.append(store.repos.notes.add(world.interview, f"{number} {BIG}", kind="quote"))
    _message_is_clear(caught.value, world.db)
    assert saved
    assert [note["id"] for note in store.repos.notes.list(world.interview)] == saved
    lift_limit(store)
    store.repos.notes.add(world.interview, "after the space was freed")


def test_a_spreadsheet_import_that_does_not_fit_changes_nothing(world, tmp_path):
    from exports import import_responses

    source = import_csv(tmp_path / "returns.csv", "I-full", rows=400)
    with open_store(world.db) as store:
        before = database_dump(Path(world.db))
        limit_growth(store)
        with pytest.raises(StorageError) as caught:
            import_responses(store, world.form, source)
        assert "full" in str(caught.value)
        assert database_dump(Path(world.db)) == before


def test_a_merge_that_does_not_fit_changes_nothing(world, tmp_path):
    from storage.packs import make_pack, merge_packs

    laptop = tmp_path / "laptop.db"
    seed_laptop(laptop, "laptop-full", "M-full")
    with open_store(laptop) as source:
        for number in range(60):
            source.repos.notes.add(
                source.scalar(
                    "SELECT id FROM sessions WHERE instrument_id IN "
                    "(SELECT id FROM instruments WHERE kind = 'interview')"
                ),
                f"{number} {BIG}",
            )
        pack = make_pack(source, tmp_path / "laptop.fieldpack").path
    with open_store(world.db) as store:
        before = database_dump(Path(world.db))
        limit_growth(store)
        with pytest.raises(StorageError) as caught:
            merge_packs(store, [pack])
        assert "full" in str(caught.value) and "nothing was merged" in str(caught.value)
        assert database_dump(Path(world.db)) == before


def test_the_command_line_says_the_disk_is_full_in_one_line(world, corpus, monkeypatch):
    """`fieldnotes import-form` when the disk fills: exit 1, one clear line, nothing kept."""
    import main

    real_open = storage.open_store

    def open_on_a_full_disk(*args, **kwargs):
        opened = real_open(*args, **kwargs)
        limit_growth(opened, spare_pages=1)
        return opened

    monkeypatch.setattr(storage, "open_store", open_on_a_full_disk)
    before = database_dump(Path(world.db))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main.main(
            [
                "import-form",
                str(corpus / "large_cha.xlsx"),
                "--db",
                world.db,
                "--study",
                "Durham crash study",
            ]
        )
    said = err.getvalue()
    assert status == 1, said
    assert said.startswith("fieldnotes import-form: The disk holding ")
    assert len(said.strip().splitlines()) == 1 and "Traceback" not in said
    assert database_dump(Path(world.db)) == before


def test_disk_full_is_told_apart_from_other_errors():
    import errno
    import sqlite3

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))
    assert not is_disk_full(ValueError("database or disk is full"))
