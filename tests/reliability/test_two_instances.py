"""Two instances on one database: two windows, or a window and a `fieldnotes merge`.

SQLite's WAL lets readers run beside one writer; BEGIN IMMEDIATE and a 5 s busy timeout make
a second writer wait its turn. Every write either process reports must be in the file, the
file must stay sound, and a writer that cannot wait longer gets a sentence, not a traceback.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_process import WriterProcess
from reliability_verify import Journal, verify_database
from reliability_world import build_world, seed_laptop

import storage.store
from storage import open_store
from storage.errors import DatabaseInUseError
from storage.packs import make_pack
from tests_support import PROJECT_ROOT

OPERATIONS = 120


@pytest.fixture
def world(tmp_path):
    return build_world(tmp_path / "shared.db")


@pytest.fixture
def pack(tmp_path) -> Path:
    laptop = tmp_path / "laptop.db"
    seed_laptop(laptop, "laptop-two", "M-two")
    with open_store(laptop) as source:
        return make_pack(source, tmp_path / "laptop.fieldpack").path


def _merged(db: str, pack_path: Path) -> bool:
    from storage.packs import read_pack

    pack_id = read_pack(pack_path).pack_id
    with open_store(db) as store:
        return bool(store.scalar("SELECT count(*) FROM imports WHERE pack_id = ?", (pack_id,)))


@pytest.mark.skipif(sys.platform == "win32", reason="the writers are read through select()")
def test_two_windows_and_a_merge_write_at_once_and_every_commit_is_there(world, tmp_path):
    writers = [
        WriterProcess(world.to_json(), "race", "a", 1, tmp_path, limit=OPERATIONS),
        WriterProcess(world.to_json(), "race", "b", 2, tmp_path, limit=OPERATIONS),
        WriterProcess(world.to_json(), "coordinator", "c", 3, tmp_path, limit=3),
    ]
    for writer in writers:
        assert writer.finish() == 0, writer.stderr()
    journal = Journal()
    for writer in writers:
        journal.add(writer.events)
    reported = verify_database(Path(world.db), journal)
    assert reported == sum(writer.done_count() for writer in writers)
    with open_store(world.db) as store:
        notes = store.scalar("SELECT count(*) FROM notes WHERE text LIKE '[N%'")
        groups = store.scalar("SELECT count(DISTINCT value) FROM answers WHERE path LIKE 'grp/%'")
        merges = store.scalar("SELECT count(*) FROM imports")
    assert notes == len(journal.of("note"))
    assert groups == len(journal.of("group"))
    assert merges == len(journal.of("merge")) == 3
    print(
        f"\n[reliability] two writers and a merge: {reported} reported commits, all there; "
        f"{journal.waits} waits for a busy database"
    )


def test_two_stores_in_one_process_see_each_other_and_lose_nothing(world):
    first, second = open_store(world.db), open_store(world.db)
    try:
        one = first.repos.sessions.start(world.study, world.form)
        two = second.repos.sessions.start(world.study, world.form)
        for number in range(100):
            first.repos.sessions.save_answer(one, f"q{number}", f"first {number}")
            second.repos.sessions.save_answer(two, f"q{number}", f"second {number}")
            second.repos.notes.add(world.interview, f"[N-two.{number}] from the second window")
        assert len(second.repos.sessions.answers(one)) == 100
        assert len(first.repos.sessions.answers(two)) == 100
        assert len(first.repos.notes.list(world.interview)) == 100
    finally:
        first.close()
        second.close()
    journal = Journal()
    assert verify_database(Path(world.db), journal) == 0


def test_a_writer_that_cannot_wait_longer_is_told_why(world, monkeypatch):
    monkeypatch.setattr(storage.store, "BUSY_TIMEOUT_MS", 300)
    holder, waiter = open_store(world.db), open_store(world.db)
    try:
        session = holder.repos.sessions.start(world.study, world.form)
        with holder.transaction():
            holder.repos.sessions.save_answer(session, "remark", "the window holding the lock")
            started = time.monotonic()
            with pytest.raises(DatabaseInUseError) as caught:
                waiter.repos.sessions.save_answer(session, "age", 44)
            waited = time.monotonic() - started
        assert waited >= 0.25
        assert "busy" in str(caught.value) and "another Fieldnotes window" in str(caught.value)
        assert not waiter.conn.in_transaction
        waiter.repos.sessions.save_answer(session, "age", 44)  # the retry, once it is free
        assert waiter.repos.sessions.answers(session) == {
            "remark": "the window holding the lock",
            "age": 44,
        }
    finally:
        holder.close()
        waiter.close()


def test_a_merge_that_cannot_wait_for_the_window_says_so_and_merges_nothing(
    world, pack, monkeypatch
):
    import main

    monkeypatch.setattr(storage.store, "BUSY_TIMEOUT_MS", 300)
    window = open_store(world.db)
    try:
        with window.transaction():
            window.repos.notes.add(world.interview, "typed while the coordinator merged")
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main.main(["merge", "--db", world.db, str(pack)])
    finally:
        window.close()
    said = err.getvalue()
    assert status == 1
    assert said.startswith("fieldnotes merge: ") and "busy" in said
    assert len(said.strip().splitlines()) == 1
    assert not _merged(world.db, pack)
    with open_store(world.db) as store:
        assert len(store.repos.notes.list(world.interview)) == 1


def test_a_merge_command_waits_for_the_window_then_merges(world, pack):
    window = open_store(world.db)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "FIELDNOTES_DEVICE_ID": "coordinator"}
    try:
        with window.transaction():
            window.repos.notes.add(world.interview, "typed while the coordinator merged")
            merge = subprocess.Popen(
                [
                    sys.executable,
                    str(PROJECT_ROOT / "main.py"),
                    "merge",
                    "--db",
                    world.db,
                    str(pack),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            time.sleep(1.5)  # longer than the command needs to reach its write
            assert merge.poll() is None, "the merge must wait for the window's write"
    finally:
        window.close()
    out, err = merge.communicate(timeout=60)
    assert merge.returncode == 0, err
    assert "1 pack(s) merged" in out
    assert _merged(world.db, pack)
    with open_store(world.db) as store:
        assert len(store.repos.notes.list(world.interview)) == 1
