"""Damage and recovery: a truncated, overwritten or replaced database file.

For each kind of damage: opening it gives a clear message that names the file and lists the
backups, and leaves the file as it was; `fieldnotes check` says so in one line; restoring the
backup works from the GUI's dialog (gui/opening.py) and from `fieldnotes restore`, and the
damaged file is kept aside, byte for byte, never deleted.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_world import build_world

from storage import open_store
from storage.backups import backup_folder, list_backups
from storage.errors import DamagedDatabaseError, ForeignFileError, StorageError
from tests_support import PROJECT_ROOT

ANSWERS = 2000
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


def _truncate_half(data: bytes, path: Path) -> bytes:
    return data[: len(data) // 2]


def _truncate_to_header(data: bytes, path: Path) -> bytes:
    return data[:100]


def _empty(data: bytes, path: Path) -> bytes:
    return b""


def _overwrite_middle(data: bytes, path: Path) -> bytes:
    middle = (len(data) // 2) // 4096 * 4096
    return data[:middle] + b"\xa5" * 3 * 4096 + data[middle + 3 * 4096 :]


def _text_file(data: bytes, path: Path) -> bytes:
    return "Interview schedule, week 3 — not a database\n".encode() * 200


def _picture(data: bytes, path: Path) -> bytes:
    return PNG


def _other_programs_database(data: bytes, path: Path) -> bytes:
    other = path.with_name("address-book.sqlite")
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('A. Person', '0191 000 0000')")
    conn.commit()
    conn.close()
    return other.read_bytes()


DAMAGE: dict[str, Callable[[bytes, Path], bytes]] = {
    "truncated to half": _truncate_half,
    "truncated to its header": _truncate_to_header,
    "emptied": _empty,
    "overwritten in the middle": _overwrite_middle,
    "replaced by a text file": _text_file,
    "replaced by a picture": _picture,
    "replaced by another program's database": _other_programs_database,
}


def _answers(path: Path) -> int:
    with open_store(path) as store:
        return store.scalar("SELECT count(*) FROM answers WHERE deleted = 0")


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """A database with answers, opened once by the GUI's opening path (which takes the
    backup) and closed cleanly; tests damage copies of it."""
    from gui.opening import open_database_interactively

    with pytest.MonkeyPatch.context() as patch:  # module scope: before the per-test HOME
        patch.setenv("FIELDNOTES_DEVICE_ID", "damage-test-laptop")
        world = build_world(tmp_path_factory.mktemp("healthy") / "fieldnotes.db")
        path = Path(world.db)
        with open_store(path) as store:
            session = store.repos.sessions.start(world.study, world.form)
            with store.transaction():
                for number in range(ANSWERS):
                    store.repos.sessions.save_answer(session, f"q{number}", f"answer {number} é")
        opened = open_database_interactively(path, ask=lambda *a: False)
        assert opened is not None
        opened.close()
    return path


@pytest.fixture(params=list(DAMAGE), ids=lambda name: name.replace(" ", "-"))
def damaged(request, healthy, tmp_path) -> tuple[Path, Path, bytes]:
    """(database, its backup, the damaged bytes), in this test's own folder."""
    path = tmp_path / healthy.name
    shutil.copyfile(healthy, path)
    shutil.copytree(backup_folder(healthy), backup_folder(path))
    (backup,) = list_backups(path)
    bad = DAMAGE[request.param](path.read_bytes(), path)
    path.write_bytes(bad)
    return path, backup, bad


def _refusal(path: Path) -> StorageError:
    with pytest.raises(StorageError) as caught:
        open_store(path)
    return caught.value


def _cli(*arguments: str) -> tuple[int, str, str]:
    import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main.main(list(arguments))
    return status, out.getvalue(), err.getvalue()


def test_opening_says_what_is_wrong_lists_backups_and_changes_nothing(damaged):
    path, backup, bad = damaged
    error = _refusal(path)
    assert isinstance(error, DamagedDatabaseError | ForeignFileError)
    assert str(path) in str(error)
    assert str(backup) in str(error)
    assert error.backups == [backup]
    assert path.read_bytes() == bad, "a refused file must be left exactly as it was"


def test_check_command_explains_in_one_line(damaged):
    path, backup, _ = damaged
    status, out, err = _cli("check", "--db", str(path))
    assert status == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("fieldnotes check: ")
    assert backup.name in err and "Traceback" not in err


def test_the_gui_lists_the_backup_and_restores_it(damaged, qtbot):
    from gui.opening import OpenProblemDialog, describe_open_problem

    path, backup, bad = damaged
    problem = describe_open_problem(_refusal(path), path)
    assert problem.backups == (backup,)
    assert "Traceback" not in problem.message
    dialog = OpenProblemDialog(problem, path)
    qtbot.addWidget(dialog)
    assert dialog.backup_paths() == [backup]
    assert dialog.restore_button.isVisibleTo(dialog)
    assert dialog.restore_selected() is True
    assert _answers(path) == ANSWERS
    (aside,) = path.parent.glob(f"{path.name}.replaced-*")
    assert aside.read_bytes() == bad


def test_the_gui_open_path_retries_after_restoring(damaged):
    from gui.opening import open_database_interactively

    path, backup, _ = damaged
    titles: list[str] = []

    def restore(problem, where, parent) -> bool:
        from storage.backups import restore_backup

        titles.append(problem.title)
        restore_backup(where, problem.backups[0])
        return True

    store = open_database_interactively(path, ask=restore)
    assert store is not None
    try:
        assert store.scalar("SELECT count(*) FROM answers") == ANSWERS
    finally:
        store.close()
    assert len(titles) == 1 and titles[0] in {
        "The database is damaged",
        "Not a Fieldnotes database",
    }


def test_restore_command_puts_the_backup_back(damaged):
    path, backup, bad = damaged
    status, out, err = _cli("restore", "--db", str(path), "--backup", str(backup))
    assert (status, err) == (0, "")
    assert "kept as" in out
    assert _answers(path) == ANSWERS
    assert _cli("check", "--db", str(path))[0] == 0
    (aside,) = path.parent.glob(f"{path.name}.replaced-*")
    assert aside.read_bytes() == bad


def test_restore_through_the_installed_command_line(tmp_path):
    """The same, as a coordinator types it: a real process, exit status and one line."""
    world = build_world(tmp_path / "fieldnotes.db")
    path = Path(world.db)
    with open_store(path, backup_on_open=True):
        pass
    (backup,) = list_backups(path)
    path.write_bytes(_overwrite_middle(path.read_bytes(), path)[:9000])
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    run = [sys.executable, str(PROJECT_ROOT / "main.py")]
    check = subprocess.run(
        [*run, "check", "--db", str(path)], capture_output=True, text=True, env=env
    )
    assert check.returncode == 1 and "damaged" in check.stderr and backup.name in check.stderr
    restore = subprocess.run(
        [*run, "restore", "--db", str(path), "--backup", str(backup)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert restore.returncode == 0, restore.stderr
    again = subprocess.run(
        [*run, "check", "--db", str(path)], capture_output=True, text=True, env=env
    )
    assert again.returncode == 0, again.stderr


def test_a_damaged_backup_never_replaces_anything(damaged):
    path, backup, bad = damaged
    backup.write_bytes(b"garbage " * 1000)
    status, _, err = _cli("restore", "--db", str(path), "--backup", str(backup))
    assert status == 1 and "nothing was changed" in err
    assert path.read_bytes() == bad
