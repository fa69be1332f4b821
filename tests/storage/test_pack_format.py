"""The pack container: what is readable, and that any changed byte makes a pack refused."""

from __future__ import annotations

import hashlib
import json

import pytest

from pack_support import CHEAP_SCRYPT, FakeClock, install_clock, laptop, seed_study
from storage.errors import ValidationError
from storage.packs import (
    DamagedPackError,
    NewerPackError,
    NotAPackError,
    PackContentError,
    PackError,
    PassphraseRequiredError,
    WrongPassphraseError,
    make_pack,
    read_pack,
)
from storage.packs.format import FORMAT_VERSION, MAGIC, seal, unseal
from storage.schema import LATEST_VERSION

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def source(tmp_path, monkeypatch):
    install_clock(monkeypatch, FakeClock())
    store = laptop(tmp_path / "field.db", "dev-field-0001", "Laptop 3 - Durham team")
    seed_study(store, participants=1, sessions=1, questions=2)
    yield store
    store.close()


@pytest.fixture
def plain(source, tmp_path):
    return make_pack(source, tmp_path / "plain.fieldpack").path


@pytest.fixture
def encrypted(source, tmp_path):
    return make_pack(
        source, tmp_path / "secret.fieldpack", passphrase=PASSPHRASE, scrypt=CHEAP_SCRYPT
    ).path


def header_of(path) -> dict:
    data = path.read_bytes()
    assert data.startswith(MAGIC)
    return json.loads(data[len(MAGIC) : data.index(b"\n", len(MAGIC))])


def test_plain_pack_shows_its_manifest(source, plain):
    header = header_of(plain)
    assert header["format"] == "fieldnotes-pack" and header["format_version"] == FORMAT_VERSION
    assert header["encrypted"] is False
    manifest = header["manifest"]
    assert manifest["schema_version"] == LATEST_VERSION
    assert manifest["source_device_id"] == "dev-field-0001"
    assert manifest["source_label"] == "Laptop 3 - Durham team"
    assert manifest["source_database_id"] == source.database_id
    assert manifest["counts"]["sessions"] == 2 and manifest["counts"]["answers"] == 2
    assert len(manifest["payload_sha256"]) == 64 and manifest["pack_id"]
    assert read_pack(plain).manifest.pack_id == manifest["pack_id"]


def test_encrypted_pack_shows_only_format_version_and_key_parameters(source, encrypted):
    header = header_of(encrypted)
    assert set(header) == {
        "cipher",
        "encrypted",
        "format",
        "format_version",
        "kdf",
        "nonce",
        "salt",
    }
    data = encrypted.read_bytes()
    pack = read_pack(encrypted, PASSPHRASE)
    for secret in (
        "Durham",
        "DUR-001",
        "Aisha",
        "dev-field-0001",
        "Laptop 3",
        pack.pack_id,
        source.database_id,
        "answers",
        "sessions",
    ):
        assert secret.encode() not in data, secret
    assert pack.encrypted and pack.manifest.counts["answers"] == 2


def test_reading_needs_the_right_passphrase(encrypted):
    with pytest.raises(PassphraseRequiredError, match="secret.fieldpack is encrypted"):
        read_pack(encrypted)
    with pytest.raises(WrongPassphraseError) as refused:
        read_pack(encrypted, "correct horse battery stapler")
    assert str(refused.value) == (
        "wrong passphrase for secret.fieldpack, or the file was changed; nothing was merged."
    )


def test_an_empty_passphrase_is_refused_when_making(source, tmp_path):
    with pytest.raises(ValidationError):
        make_pack(source, tmp_path / "x.fieldpack", passphrase="")
    assert not (tmp_path / "x.fieldpack").exists()


@pytest.mark.parametrize("which", ["plain", "encrypted"])
def test_every_single_changed_byte_is_refused(which, request):
    path = request.getfixturevalue(which)
    original = path.read_bytes()
    passphrase = PASSPHRASE if which == "encrypted" else None
    for position in range(len(original)):
        for flip in (0x01, 0x80):
            changed = bytearray(original)
            changed[position] ^= flip
            with pytest.raises(PackError):
                unseal(bytes(changed), path, passphrase)
    assert unseal(original, path, passphrase).manifest.counts["answers"] == 2


def test_a_changed_payload_byte_reads_as_damage(plain):
    data = bytearray(plain.read_bytes())
    data[len(data) // 2] ^= 0xFF
    plain.write_bytes(bytes(data))
    with pytest.raises(DamagedPackError) as refused:
        read_pack(plain)
    assert str(refused.value) == (
        "plain.fieldpack is damaged or was changed after it was made (checksum mismatch); "
        "nothing was merged."
    )


def test_tampering_that_fixes_up_the_checksum_still_fails_the_tag(encrypted):
    data = bytearray(encrypted.read_bytes())
    body_start = data.index(b"\n", len(MAGIC)) + 1
    for position in (body_start, (body_start + len(data)) // 2, len(data) - 33):
        changed = bytearray(data)
        changed[position] ^= 0x01
        changed[-32:] = hashlib.sha256(bytes(changed[:-32])).digest()
        encrypted.write_bytes(bytes(changed))
        with pytest.raises(WrongPassphraseError):
            read_pack(encrypted, PASSPHRASE)


@pytest.mark.parametrize("keep", [0, 5, len(MAGIC) + 3, 60, -200, -33, -1])
def test_truncated_packs_are_refused(plain, encrypted, keep):
    for path, passphrase in ((plain, None), (encrypted, PASSPHRASE)):
        data = path.read_bytes()
        path.write_bytes(data[:keep] if keep >= 0 else data[: len(data) + keep])
        with pytest.raises(PackError):
            read_pack(path, passphrase)


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200, b"participant,code\nDUR-001,x\n"],
    ids=["empty", "xlsx", "csv"],
)
def test_other_files_are_not_packs(tmp_path, content):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(content)
    with pytest.raises(NotAPackError) as refused:
        read_pack(path)
    assert str(refused.value) == "responses.xlsx is not a Fieldnotes field pack."


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    with pytest.raises(NotAPackError):
        read_pack(tmp_path)
    with pytest.raises(PackContentError, match="no such file"):
        read_pack(tmp_path / "nowhere.fieldpack")


def test_a_newer_format_asks_for_an_update(tmp_path):
    head = MAGIC + json.dumps({"format": "fieldnotes-pack", "format_version": 2}).encode() + b"\n"
    data = head + b"future payload"
    path = tmp_path / "future.fieldpack"
    path.write_bytes(data + hashlib.sha256(data).digest())
    with pytest.raises(NewerPackError, match="pack format 2.*Update Fieldnotes"):
        read_pack(path)


def test_a_newer_schema_asks_for_an_update(plain, tmp_path):
    from dataclasses import replace

    pack = read_pack(plain)
    newer = replace(pack.manifest, schema_version=LATEST_VERSION + 1)
    path = tmp_path / "newer.fieldpack"
    path.write_bytes(seal(newer, pack.body))
    with pytest.raises(NewerPackError, match=f"database schema {LATEST_VERSION + 1}.*Update"):
        read_pack(path)


@pytest.mark.parametrize(
    "kdf",
    [{"n": 2**10}, {"n": 2**22}, {"n": 3 * 2**14}, {"r": 1}, {"p": 64}],
    ids=["weak", "huge", "not-power-of-two", "small-r", "big-p"],
)
def test_weak_or_huge_key_parameters_are_refused(encrypted, kdf):
    """A header is rewritten (checksum fixed up) to ask for other scrypt costs: refused before
    any key is derived, so a pack can neither weaken the key nor exhaust memory."""
    data = encrypted.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : end])
    header["kdf"].update(kdf)
    head = MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n"
    rebuilt = head + data[end + 1 : -32]
    encrypted.write_bytes(rebuilt + hashlib.sha256(rebuilt).digest())
    with pytest.raises(DamagedPackError, match="outside the safe range"):
        read_pack(encrypted, PASSPHRASE)
