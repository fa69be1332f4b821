"""Every kind of bad pack is refused with a clear message and leaves the database as it was."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pytest

from pack_support import (
    CHEAP_SCRYPT,
    FakeClock,
    canonical,
    install_clock,
    laptop,
    reseal,
    seed_study,
)
from storage.errors import StorageError
from storage.packs import PackCancelled, PackError, make_pack, merge_packs
from storage.packs.format import MAGIC
from storage.schema import LATEST_VERSION

PASSPHRASE = "a long passphrase for the test"


@pytest.fixture
def setting(tmp_path, monkeypatch):
    """A coordinator holding a study, and a laptop's plain and encrypted packs of edits."""
    clock = install_clock(monkeypatch, FakeClock())
    coordinator = laptop(tmp_path / "coordinator.db", "dev-coord")
    seed = seed_study(coordinator)
    seed_pack = make_pack(coordinator, tmp_path / "seed.fieldpack").path
    with laptop(tmp_path / "a.db", "dev-a") as field:
        merge_packs(field, [seed_pack])
        clock.advance()
        field.repos.sessions.save_answer(seed["sessions"][0], "q1", 9)
        field.repos.participants.add(seed["study"], "DUR-100", role="carer")
        plain = make_pack(field, tmp_path / "field.fieldpack").path
        secret = make_pack(
            field, tmp_path / "secret.fieldpack", passphrase=PASSPHRASE, scrypt=CHEAP_SCRYPT
        ).path
    yield coordinator, seed, plain, secret, tmp_path
    coordinator.close()


def content(store) -> dict:
    dump = canonical(store)
    dump["imports"] = store.rows("SELECT * FROM imports ORDER BY id")
    dump["meta"] = store.rows("SELECT * FROM meta ORDER BY key")
    return dump


def files(store) -> dict[str, str]:
    found = {}
    for suffix in ("", "-wal"):
        path = store.path.with_name(store.path.name + suffix)
        if path.exists():
            found[suffix] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _flip(path: Path, out: Path, where: str) -> Path:
    data = bytearray(path.read_bytes())
    position = len(MAGIC) + 30 if where == "header" else len(data) // 2
    data[position] ^= 0x04
    out.write_bytes(bytes(data))
    return out


def _newer_format(path: Path, out: Path) -> Path:
    head = MAGIC + json.dumps({"format": "fieldnotes-pack", "format_version": 99}).encode()
    data = head + b"\n" + b"x" * 100
    out.write_bytes(data + hashlib.sha256(data).digest())
    return out


def _replace_in_section(table: str, old: str, new: str):
    def change(lines: list[bytes]) -> list[bytes]:
        inside, changed = False, []
        for line in lines:
            if line.startswith(b"{"):
                inside = json.loads(line)["table"] == table
            elif inside:
                line = line.replace(old.encode(), new.encode())
            changed.append(line)
        return changed

    return change


def _widen_a_row(lines: list[bytes]) -> list[bytes]:
    index = next(i for i, line in enumerate(lines) if b'"table":"sites"' in line.replace(b" ", b""))
    lines[index + 1] = lines[index + 1][:-1] + b',"extra"]'
    return lines


def _smuggle_identities(lines: list[bytes]) -> list[bytes]:
    section = {"table": "participant_identities", "columns": ["id"], "count": 0}
    return [json.dumps(section).encode(), *lines]


CASES = {
    "truncated": lambda s, p, o: o.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]) and o,
    "corrupted": lambda s, p, o: _flip(p, o, "body"),
    "tampered header": lambda s, p, o: _flip(p, o, "header"),
    "not a pack": lambda s, p, o: o.write_bytes(b"PK\x03\x04" + b"\x00" * 300) and o,
    "newer format": lambda s, p, o: _newer_format(p, o),
    "newer schema": lambda s, p, o: reseal(p, o, lambda x: x, schema_version=LATEST_VERSION + 1),
    "malformed row": lambda s, p, o: reseal(p, o, _widen_a_row),
    "hidden identities": lambda s, p, o: reseal(p, o, _smuggle_identities),
    "wrong checksum inside": lambda s, p, o: reseal(p, o, lambda x: x, payload_sha256="0" * 64),
    "dangling link": lambda s, p, o: reseal(
        p, o, _replace_in_section("sessions", s["form"], str(uuid.uuid4()))
    ),
}
MESSAGES = {
    "truncated": "is damaged or was changed after it was made (checksum mismatch)",
    "corrupted": "is damaged or was changed after it was made (checksum mismatch)",
    "tampered header": "is damaged or was changed",
    "not a pack": "is not a Fieldnotes field pack.",
    "newer format": "was made by a newer version of Fieldnotes (pack format 99",
    "newer schema": f"(database schema {LATEST_VERSION + 1}",
    "malformed row": "a row of its sites section is not readable",
    "hidden identities": "holds identities its manifest says it leaves out",
    "wrong checksum inside": "do not match the manifest's checksum",
    "dangling link": "refer to instruments this database does not have",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_pack_is_refused_and_nothing_changes(setting, case):
    coordinator, seed, plain, _, tmp_path = setting
    bad = CASES[case](seed, plain, tmp_path / "bad.fieldpack")
    before, on_disk = content(coordinator), files(coordinator)
    with pytest.raises(StorageError) as refused:
        merge_packs(coordinator, [bad])
    message = str(refused.value)
    assert message.startswith("bad.fieldpack") and MESSAGES[case] in message
    assert "\n" not in message
    assert content(coordinator) == before
    assert files(coordinator) == on_disk  # refused before the backup and the transaction


def test_wrong_or_missing_passphrase_changes_nothing(setting):
    coordinator, _, _, secret, _ = setting
    before, on_disk = content(coordinator), files(coordinator)
    with pytest.raises(PackError, match="wrong passphrase for secret.fieldpack"):
        merge_packs(coordinator, [secret], passphrase="not the passphrase")
    with pytest.raises(PackError, match="secret.fieldpack is encrypted"):
        merge_packs(coordinator, [secret])
    assert content(coordinator) == before and files(coordinator) == on_disk
    (report,) = merge_packs(coordinator, [secret], passphrase=PASSPHRASE)
    assert report.added["participants"] == 1


def test_one_bad_pack_among_several_stops_them_all(setting):
    coordinator, seed, plain, secret, tmp_path = setting
    change = _replace_in_section("sessions", seed["form"], str(uuid.uuid4()))
    bad = reseal(plain, tmp_path / "late.fieldpack", change, pack_id=str(uuid.uuid4()))
    before = content(coordinator)
    with pytest.raises(PackError, match="^late.fieldpack"):
        merge_packs(coordinator, [secret, plain, bad], passphrase=PASSPHRASE)
    assert content(coordinator) == before


def test_cancelling_a_merge_changes_nothing(setting):
    coordinator, _, plain, _, _ = setting
    before = content(coordinator)
    calls = []

    def cancel_after_staging() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(PackCancelled, match="nothing was merged"):
        merge_packs(coordinator, [plain], cancelled=cancel_after_staging)
    assert content(coordinator) == before
    assert coordinator.scalar("SELECT count(*) FROM temp.sqlite_master") == 0


def test_progress_runs_to_the_total(setting):
    coordinator, _, plain, _, _ = setting
    seen: list[tuple[int, int]] = []
    merge_packs(coordinator, [plain], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_merge_takes_a_backup_first(setting):
    coordinator, _, plain, _, _ = setting
    from storage.backups import list_backups

    before = len(list_backups(coordinator.path))
    merge_packs(coordinator, [plain])
    backups = list_backups(coordinator.path)
    assert len(backups) == before + 1 and "before-merge" in backups[0].name
    merge_packs(coordinator, [plain])  # nothing to apply: no backup
    assert len(list_backups(coordinator.path)) == before + 1


def _drop_section_rows(table: str):
    def change(lines: list[bytes]) -> list[bytes]:
        kept, inside = [], False
        for line in lines:
            if line.startswith(b"{"):
                inside = json.loads(line)["table"] == table
            elif inside:
                continue
            kept.append(line)
        return kept

    return change


def test_links_may_land_in_an_earlier_pack_of_the_same_merge(setting):
    _, _, plain, _, tmp_path = setting
    partial = reseal(
        plain,
        tmp_path / "no-instruments.fieldpack",
        _drop_section_rows("instruments"),
        pack_id=str(uuid.uuid4()),
    )
    with laptop(tmp_path / "alone.db", "dev-coord") as alone:
        with pytest.raises(PackError, match="refer to instruments this database does not have"):
            merge_packs(alone, [partial])
        assert alone.scalar("SELECT count(*) FROM sessions") == 0
    with laptop(tmp_path / "together.db", "dev-coord") as together:
        merge_packs(together, [plain, partial])
        assert together.scalar("SELECT count(*) FROM instruments") == 2
