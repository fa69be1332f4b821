"""The command-line contract: exit codes, one-line reasons, no GUI for a verb."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from main import VERBS, __version__, main
from tests_support import PROJECT_ROOT


def run_cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_check_exit_zero_in_a_real_process(tmp_path):
    db = tmp_path / "demo.db"
    built = run_cli("demo", "--db", str(db))
    assert built.returncode == 0, built.stderr
    assert "participants" in built.stdout
    checked = run_cli("check", "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    assert "no problems" in checked.stdout
    assert "PySide6" not in (built.stderr + checked.stderr)


def test_check_reports_an_injected_orphan(tmp_path, capsys):
    db = tmp_path / "f.db"
    assert main(["demo", "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO notes(id, created_at, updated_at, device_id, session_id, position, text)"
            " VALUES ('orphan-note', 'x', 'x', 'd', 'gone', 1, 'lost words')"
        )
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "notes orphan-note" in err
    assert "1 problem(s) found" in err


def test_failure_is_one_line_without_traceback(tmp_path):
    missing = tmp_path / "nowhere.db"
    result = run_cli("check", "--db", str(missing))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "There is no database at" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def test_damaged_database_message_lists_backups(tmp_path, capsys):
    db = tmp_path / "f.db"
    assert main(["demo", "--db", str(db)]) == 0
    from storage import open_store

    with open_store(db) as store:
        backup = store.backup("open")
    data = bytearray(db.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xff" * 8192
    db.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(backup) in err


def test_restore_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "f.db"
    assert main(["demo", "--db", str(db)]) == 0
    from storage import open_store

    with open_store(db) as store:
        backup = store.backup("open")
    db.write_bytes(b"garbage" * 1000)
    assert main(["restore", "--db", str(db), "--backup", str(backup)]) == 0
    assert main(["check", "--db", str(db)]) == 0


def test_db_flag_before_or_after_the_verb(tmp_path):
    db = tmp_path / "f.db"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["check", "--db", str(db)]) == 0


def test_readme_documents_every_verb():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for verb in VERBS:
        assert f"fieldnotes {verb}" in readme, verb
