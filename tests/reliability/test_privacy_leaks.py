"""Privacy: names, contacts and identity notes never leave the laptop unless asked for.

Every participant of the demo gets identity strings planted in every identity field
(participant_identities.full_name, contact, notes); the demo's own identities survive in the
audit trail as old values. None of them may appear in any export (de-identified or not) made
without identities, in any pack made without --with-identities (payload decompressed), in a
database that merged such a pack, in anything a command printed, or in any file the app wrote
under the temporary folders and the user's config and data folders, apart from the database
itself and its backups. Exports and packs made *with* identities are the control: they must
hold the strings, so the search is known to work.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from storage import open_store
from tests_support import PROJECT_ROOT

PLANTED_PREFIXES = (b"Qzfullname", b"qzcontact", b"Qzidentitynote")
WITH_IDENTITIES = "with-identities"


@pytest.fixture
def planted(tmp_path) -> tuple[Path, list[bytes]]:
    """The demo database with identities planted for every participant; (path, strings)."""
    from storage.demo import build_demo

    path = tmp_path / "fieldnotes.db"
    with open_store(path, create=True) as store:
        build_demo(store)
        identities = store.rows("SELECT full_name, contact, notes FROM participant_identities")
        strings = {value.encode() for row in identities for value in row.values() if value}
        with store.transaction():
            for number, person in enumerate(store.rows("SELECT id FROM participants")):
                store.repos.participants.set_identity(
                    person["id"],
                    full_name=f"Qzfullname{number} Plantedsurname",
                    contact=f"qzcontact{number}@leak.invalid, 14 Secret Row",
                    notes=f"Qzidentitynote{number}: lives with her daughter",
                )
    return path, sorted(strings) + list(PLANTED_PREFIXES)


def leaks(data: bytes, strings: list[bytes]) -> list[str]:
    return [s.decode() for s in strings if s in data]


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, with zip members (xlsx) and a plain pack's payload unpacked."""
    from storage.packs import PackError, read_pack

    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            data += b"".join(archive.read(name) for name in archive.namelist())
    if path.suffix == ".fieldpack":
        try:
            pack = read_pack(path, _PASSPHRASE if b'"encrypted":true' in data[:4096] else None)
        except PackError:
            return data
        data += zlib.decompress(pack.body)
    return data


_PASSPHRASE = "correct horse battery staple"


def _export(store, out: Path, **options) -> Path:
    from exports import ExportOptions, export_workbook

    export_workbook(store, out, ExportOptions(**options))
    return out


@pytest.mark.parametrize(
    "options",
    [{}, {"deidentify": True}, {"header_labels": True, "value_labels": True}],
    ids=["plain", "deidentified", "labels"],
)
def test_exports_without_identities_hold_none(planted, tmp_path, options):
    from openpyxl import load_workbook

    from exports import ExportOptions, export_sheet_csv

    path, strings = planted
    with open_store(path) as store:
        workbook = _export(store, tmp_path / "export.xlsx", **options)
        assert leaks(readable_bytes(workbook), strings) == []
        sheets = load_workbook(workbook, read_only=True).sheetnames
        for sheet in sheets:
            if sheet == "About":
                continue
            out = tmp_path / f"sheet-{len(sheet)}-{abs(hash(sheet))}.csv"
            export_sheet_csv(store, out, sheet, ExportOptions(**options))
            assert leaks(out.read_bytes(), strings) == [], f"sheet {sheet!r}"


def test_an_export_with_identities_holds_them(planted, tmp_path):
    """The control: the search finds the planted names when they are asked for."""
    path, _ = planted
    with open_store(path) as store:
        workbook = _export(store, tmp_path / f"{WITH_IDENTITIES}.xlsx", with_identities=True)
    found = leaks(readable_bytes(workbook), list(PLANTED_PREFIXES))
    assert found[:2] == ["Qzfullname", "qzcontact"]  # identity notes stay out even so


def test_packs_without_identities_hold_none_and_merge_none(planted, tmp_path):
    from storage.packs import make_pack, merge_into_path

    path, strings = planted
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(_PASSPHRASE, encoding="utf-8")
    with open_store(path) as store:
        plain = make_pack(store, tmp_path / "plain.fieldpack").path
        sealed = make_pack(store, tmp_path / "sealed.fieldpack", passphrase=_PASSPHRASE).path
        control = make_pack(
            store, tmp_path / f"{WITH_IDENTITIES}.fieldpack", with_identities=True
        ).path
    for pack in (plain, sealed):
        assert leaks(readable_bytes(pack), strings) == [], pack.name
    assert leaks(readable_bytes(control), list(PLANTED_PREFIXES))
    coordinator = tmp_path / "coordinator.db"
    merge_into_path(coordinator, [plain])
    assert leaks(coordinator.read_bytes(), strings) == []
    with open_store(coordinator) as merged:
        assert merged.scalar("SELECT count(*) FROM participant_identities") == 0
        assert merged.scalar("SELECT count(*) FROM participants") > 0


def _cli(*arguments: str) -> bytes:
    """Run a `fieldnotes` verb through its entry point; returns everything it printed."""
    import contextlib

    import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main.main(list(arguments))
    assert status == 0, err.getvalue()
    return (out.getvalue() + err.getvalue()).encode()


def _app(database: Path, folder: Path) -> bytes:
    """The app itself, as a process: opens the database, paints, closes; what it printed."""
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "FIELDNOTES_QUIT_AFTER_PAINT": "1",
    }
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), "--db", str(database)],
        capture_output=True,
        env=env,
        cwd=folder,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout + done.stderr


def _may_hold_identities(file: Path, database: Path) -> bool:
    """The database, its journal and backups, and outputs asked to carry identities."""
    name = file.name
    return (
        name in {database.name, f"{database.name}-wal", f"{database.name}-shm"}
        or file.parent.name == f"{database.name}.backups"
        or WITH_IDENTITIES in name
    )


def test_commands_and_the_app_write_identities_nowhere_else(
    planted, tmp_path, isolated_user_folders
):
    path, strings = planted
    work = tmp_path / "out"
    work.mkdir()
    printed = io.BytesIO()
    for arguments in (
        ["check"],
        ["export", "--out", str(work / "all.xlsx")],
        ["export", "--out", str(work / "deidentified.xlsx"), "--deidentify"],
        ["export", "--out", str(work / "participants.csv"), "--csv", "Participants"],
        ["pack", "--out", str(work / "laptop.fieldpack")],
    ):
        printed.write(_cli(*arguments, "--db", str(path)))
    printed.write(
        _cli("merge", "--db", str(work / "coordinator.db"), str(work / "laptop.fieldpack"))
    )
    printed.write(_app(path, work))
    assert leaks(printed.getvalue(), strings) == [], "a command printed personal data"
    searched = 0
    for root in (tmp_path, isolated_user_folders):
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            if _may_hold_identities(file, path):
                continue
            searched += 1
            assert leaks(readable_bytes(file), strings) == [], f"personal data in {file}"
    assert searched >= 6
