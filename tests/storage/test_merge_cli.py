"""`fieldnotes pack` and `fieldnotes merge`: exit codes, one-line reasons, nothing half-done."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from main import main
from pack_support import laptop, seed_study
from tests_support import PROJECT_ROOT


@pytest.fixture
def field_db(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "dev-a")
    monkeypatch.setenv("FIELDNOTES_DEVICE_LABEL", "Laptop A")
    path = tmp_path / "field.db"
    with laptop(path, "dev-a", "Laptop A") as store:
        seed = seed_study(store)
        store.repos.participants.set_identity(seed["participants"][0], "Jean Armstrong")
    return path


def test_pack_then_merge_into_a_new_database(field_db, tmp_path, monkeypatch, capsys):
    out = tmp_path / "to-coordinator.fieldpack"
    assert main(["pack", "--db", str(field_db), "--out", str(out), "--for", "coordinator"]) == 0
    printed = capsys.readouterr().out
    assert "Wrote" in printed and "NOT encrypted" in printed and "left out" in printed

    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "dev-coord")
    coordinator = tmp_path / "office" / "study.db"
    assert main(["merge", "--db", str(coordinator), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "from Laptop A (device dev-a)" in printed and "12 answers" in printed
    assert "1 pack(s) merged" in printed
    assert main(["merge", "--db", str(coordinator), str(out)]) == 0
    assert "already merged" in capsys.readouterr().out
    with laptop(coordinator, "dev-coord") as store:
        assert store.scalar("SELECT count(*) FROM answers") == 12
        assert store.scalar("SELECT count(*) FROM participant_identities") == 0


def test_passphrase_file_and_identities(field_db, tmp_path, capsys):
    secret = tmp_path / "passphrase.txt"
    secret.write_text("walk the fells at dawn\n", encoding="utf-8")
    out = tmp_path / "names.fieldpack"
    args = ["pack", "--db", str(field_db), "--out", str(out), "--with-identities"]
    assert main([*args, "--passphrase-file", str(secret)]) == 0
    assert "ARE included" in capsys.readouterr().out
    coordinator = tmp_path / "coordinator.db"

    assert main(["merge", "--db", str(coordinator), str(out)]) == 1
    error = capsys.readouterr().err
    assert (
        error.startswith("fieldnotes merge: names.fieldpack is encrypted")
        and error.count("\n") == 1
    )
    assert not coordinator.exists()

    merge = ["merge", "--db", str(coordinator), str(out), "--passphrase-file"]
    assert main([*merge, str(secret)]) == 0
    with laptop(coordinator, "dev-coord") as store:
        assert store.scalar("SELECT full_name FROM participant_identities") == "Jean Armstrong"

    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    assert main([*merge, str(empty)]) == 1
    assert "is empty" in capsys.readouterr().err


def test_unknown_study_is_refused(field_db, tmp_path, capsys):
    out = tmp_path / "x.fieldpack"
    assert main(["pack", "--db", str(field_db), "--out", str(out), "--study", "Nowhere"]) == 1
    assert "no study called 'Nowhere'" in capsys.readouterr().err
    assert not out.exists()


def test_a_refused_pack_names_the_file_and_merges_nothing(field_db, tmp_path):
    good = tmp_path / "good.fieldpack"
    assert main(["pack", "--db", str(field_db), "--out", str(good)]) == 0
    bad = tmp_path / "bad.fieldpack"
    data = bytearray(good.read_bytes())
    data[len(data) // 3] ^= 0x20
    bad.write_bytes(bytes(data))
    coordinator = tmp_path / "coordinator.db"
    env = dict(os.environ, FIELDNOTES_DEVICE_ID="dev-coord")
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "merge", "--db", str(coordinator)]
        + [str(good), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "fieldnotes merge: bad.fieldpack is damaged or was changed after it was made "
        "(checksum mismatch); nothing was merged.\n"
    )
    assert result.stdout == "" and not coordinator.exists()
