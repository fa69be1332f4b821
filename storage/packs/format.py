"""The field-pack container: magic line, small plain header, payload, whole-file checksum.

Layout (format version 1)::

    FIELDNOTES FIELD PACK\\n                  magic line
    {"format": ..., "format_version": 1, ...}\\n   header: one line of JSON, ASCII
    payload                                  see below
    SHA-256 of every byte above (32 bytes)   trailer

Without a passphrase the header also carries the manifest (readable by anyone, as a label on
the parcel) and the payload is the zlib-compressed body. With a passphrase the header holds
only the format, its version, the scrypt parameters, salt and nonce; the payload is
AES-256-GCM over (4-byte manifest length, manifest JSON, compressed body) with the header as
associated data, so nothing else is readable and a changed header byte fails the tag.

The trailer covers the whole file in both modes: any truncated or changed byte is refused,
and an encrypted pack that passes the checksum but not the tag can only mean a wrong
passphrase (or a deliberate change), which gives a message that says so.

Why zlib-compressed JSON lines and not a compressed SQLite file: it is read as a stream that
can be checked row by row before anything is written, it needs no SQLite parser on a file
from outside, it is independent of the SQLite and schema versions that wrote it, and JSON
keeps SQLite's value types (text, integer, real, null) exactly.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from storage.packs.errors import (
    DamagedPackError,
    NewerPackError,
    NotAPackError,
    PackContentError,
    PassphraseRequiredError,
    WrongPassphraseError,
)

MAGIC = b"FIELDNOTES FIELD PACK\n"
FORMAT_NAME = "fieldnotes-pack"
FORMAT_VERSION = 1
CIPHER = "AES-256-GCM"
DIGEST_SIZE = 32
MAX_HEADER = 1 << 20
SALT_SIZE = 16
NONCE_SIZE = 12


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost; the reader accepts a range, so a pack can never make it do too little
    (a weak key) or too much (a header that asks for gigabytes of memory)."""

    n: int = 2**15
    r: int = 8
    p: int = 1

    def check(self) -> bool:
        return (
            2**14 <= self.n <= 2**17
            and self.n & (self.n - 1) == 0
            and 8 <= self.r <= 16
            and 1 <= self.p <= 4
        )


DEFAULT_SCRYPT = ScryptParams()


@dataclass(frozen=True)
class Manifest:
    """What a pack holds and where it comes from; readable without a passphrase only when the
    pack is not encrypted."""

    pack_id: str
    schema_version: int
    created_at: str
    source_device_id: str
    source_label: str
    source_database_id: str
    app_version: str
    payload_sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    studies: list[dict[str, str]] = field(default_factory=list)
    with_identities: bool = False
    for_label: str | None = None
    since: str | None = None
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any, path: Path) -> Manifest:
        """Check every field's type: a manifest is the first thing trusted from a pack."""
        text = {
            "pack_id",
            "created_at",
            "source_device_id",
            "source_label",
            "source_database_id",
            "app_version",
            "payload_sha256",
        }
        problem = None
        if not isinstance(data, dict):
            problem = "its manifest is not an object"
        elif missing := (text | {"schema_version", "counts"}) - set(data):
            problem = f"its manifest lacks {', '.join(sorted(missing))}"
        elif any(not isinstance(data[key], str) for key in text) or not data["pack_id"]:
            problem = "its manifest has a field of the wrong kind"
        elif not _is_int(data["schema_version"]) or not isinstance(data["counts"], dict):
            problem = "its manifest has a field of the wrong kind"
        elif any(not isinstance(k, str) or not _is_int(v) for k, v in data["counts"].items()):
            problem = "its manifest's row counts are not numbers"
        elif not isinstance(data.get("studies", []), list) or not all(
            isinstance(s, dict) and isinstance(s.get("id"), str) and isinstance(s.get("name"), str)
            for s in data.get("studies", [])
        ):
            problem = "its manifest's list of studies is not readable"
        elif any(not isinstance(data.get(key), str | None) for key in ("for_label", "since")):
            problem = "its manifest has a field of the wrong kind"
        if problem:
            raise PackContentError(path, problem)
        known = {f for f in cls.__dataclass_fields__}
        values = {key: value for key, value in data.items() if key in known}
        values["with_identities"] = bool(values.get("with_identities", False))
        return cls(**values)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _passphrase_bytes(passphrase: str) -> bytes:
    """NFC first, so the same passphrase typed on macOS and Windows gives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p)
    return kdf.derive(_passphrase_bytes(passphrase))


def _header_line(header: dict[str, Any]) -> bytes:
    text = json.dumps(header, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii") + b"\n"


def seal(
    manifest: Manifest,
    body: bytes,
    passphrase: str | None = None,
    scrypt: ScryptParams = DEFAULT_SCRYPT,
) -> bytes:
    """The whole file for a compressed body: header, payload (encrypted if asked), trailer."""
    manifest_json = json.dumps(manifest.to_json(), sort_keys=True, ensure_ascii=False)
    header: dict[str, Any] = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION}
    if passphrase is None:
        header.update(encrypted=False, manifest=manifest.to_json())
        head = MAGIC + _header_line(header)
        payload = body
    else:
        if not passphrase:
            raise ValueError("an empty passphrase protects nothing")
        salt, nonce = os.urandom(SALT_SIZE), os.urandom(NONCE_SIZE)
        header.update(
            encrypted=True,
            cipher=CIPHER,
            kdf={"name": "scrypt", "n": scrypt.n, "r": scrypt.r, "p": scrypt.p},
            salt=base64.b64encode(salt).decode("ascii"),
            nonce=base64.b64encode(nonce).decode("ascii"),
        )
        head = MAGIC + _header_line(header)
        encoded = manifest_json.encode("utf-8")
        inner = struct.pack(">I", len(encoded)) + encoded + body
        key = derive_key(passphrase, salt, scrypt)
        payload = AESGCM(key).encrypt(nonce, inner, head)
    return head + payload + hashlib.sha256(head + payload).digest()


@dataclass(frozen=True)
class Opened:
    """A container whose checksum (and tag) held: its manifest and still-compressed body."""

    header: dict[str, Any]
    manifest: Manifest
    body: bytes
    encrypted: bool


def unseal(data: bytes, path: Path, passphrase: str | None = None) -> Opened:
    """Check a pack's bytes in the order that gives the truest message, then open them."""
    if not data.startswith(MAGIC):
        raise NotAPackError(path)
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise DamagedPackError(path, "its header is incomplete")
    head = data[: end + 1]
    try:
        header = json.loads(data[len(MAGIC) : end].decode("ascii"))
    except ValueError:
        raise DamagedPackError(path, "its header is not readable") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise DamagedPackError(path, "its header is not readable")
    version = header.get("format_version")
    if not _is_int(version) or version < 1:
        raise DamagedPackError(path, "its header is not readable")
    if version > FORMAT_VERSION:
        raise NewerPackError(path, "pack format", version, FORMAT_VERSION)
    if len(data) < len(head) + DIGEST_SIZE:
        raise DamagedPackError(path, "it is truncated")
    payload = data[len(head) : -DIGEST_SIZE]
    if hashlib.sha256(data[:-DIGEST_SIZE]).digest() != data[-DIGEST_SIZE:]:
        raise DamagedPackError(path)
    if header.get("encrypted") is True:
        manifest_data, body = _decrypt(header, head, payload, path, passphrase)
        encrypted = True
    elif header.get("encrypted") is False:
        manifest_data, body, encrypted = header.get("manifest"), payload, False
    else:
        raise DamagedPackError(path, "its header is not readable")
    manifest = Manifest.from_json(manifest_data, path)
    if manifest.format_version != version:
        raise PackContentError(path, "its manifest and header disagree on the format version")
    return Opened(header, manifest, body, encrypted)


def _decrypt(
    header: dict[str, Any], head: bytes, payload: bytes, path: Path, passphrase: str | None
) -> tuple[Any, bytes]:
    kdf = header.get("kdf")
    try:
        if header.get("cipher") != CIPHER or not isinstance(kdf, dict) or kdf["name"] != "scrypt":
            raise ValueError
        params = ScryptParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise DamagedPackError(path, "its encryption header is not readable") from None
    if not params.check() or len(salt) != SALT_SIZE or len(nonce) != NONCE_SIZE:
        raise DamagedPackError(path, "its encryption parameters are outside the safe range")
    if not passphrase:
        raise PassphraseRequiredError(path)
    try:
        inner = AESGCM(derive_key(passphrase, salt, params)).decrypt(nonce, payload, head)
    except InvalidTag:
        raise WrongPassphraseError(path) from None
    if len(inner) < 4:
        raise PackContentError(path, "its encrypted contents are incomplete")
    (length,) = struct.unpack(">I", inner[:4])
    try:
        manifest_data = json.loads(inner[4 : 4 + length].decode("utf-8"))
    except ValueError:
        raise PackContentError(path, "its manifest is not readable") from None
    return manifest_data, inner[4 + length :]


def read_container(path: Path | str, passphrase: str | None = None) -> Opened:
    """Read and check a pack file; every refusal is a PackError naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise NotAPackError(path) from None
    except FileNotFoundError:
        raise PackContentError(path, "there is no such file") from None
    except OSError as error:
        raise PackContentError(path, f"it cannot be read ({error.strerror or error})") from None
    return unseal(data, path, passphrase)
