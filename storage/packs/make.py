"""Making a pack: choose the rows, stream them compressed, seal the file, remember the mark.

The rows are read in one read transaction (a consistent snapshot; the write lock stays free,
so autosave on the same database is never blocked), and the file appears under its name only
once complete (written beside it, synced, then renamed).
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.clock import new_id, utc_now
from storage.errors import ValidationError
from storage.packs.collect import (
    RowPicker,
    Scope,
    Since,
    record_destination,
    resolve_studies,
    since_for,
)
from storage.packs.errors import PackCancelled
from storage.packs.format import DEFAULT_SCRYPT, FORMAT_VERSION, Manifest, ScryptParams, seal
from storage.packs.tables import table_infos
from storage.store import APP_VERSION

if TYPE_CHECKING:
    from storage.store import Store

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# Level 6 (zlib's default) costs about twice level 1's time for packs about a fifth smaller;
# packs travel by e-mail, so smaller wins.
COMPRESSION_LEVEL = 6


@dataclass(frozen=True)
class PackReport:
    """What a pack holds, for the dialog and the command line."""

    path: Path
    pack_id: str
    counts: dict[str, int]
    encrypted: bool
    with_identities: bool
    bytes: int
    studies: list[str] = field(default_factory=list)
    for_label: str | None = None
    since: str | None = None

    def __str__(self) -> str:
        rows = ", ".join(
            f"{n:,} {table.replace('_', ' ')}"
            for table, n in self.counts.items()
            if n and table != "audit"
        )
        lines = [
            f"Wrote {self.path} ({_size(self.bytes)}, "
            f"{'encrypted' if self.encrypted else 'NOT encrypted'}), pack {self.pack_id}.",
            f"Studies: {', '.join(self.studies) or 'none'}.",
            f"Rows: {rows or 'none'}; {self.counts.get('audit', 0):,} audit entries.",
        ]
        if self.for_label and self.since:
            lines.append(f"For {self.for_label}: only what changed since {self.since}.")
        elif self.for_label:
            lines.append(f"For {self.for_label}: everything (no earlier pack for it covers this).")
        if not self.with_identities:
            lines.append("Names and contacts of participants are left out.")
        elif self.encrypted:
            lines.append("Names and contacts of participants ARE included.")
        else:
            lines.append(
                "Names and contacts of participants ARE included and the pack is NOT "
                "encrypted: keep it off e-mail and shared drives, or make it again with a "
                "passphrase."
            )
        return "\n".join(lines)


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def make_pack(
    store: Store,
    out_path: Path | str,
    *,
    studies: list[str] | None = None,
    passphrase: str | None = None,
    for_label: str | None = None,
    with_identities: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    scrypt: ScryptParams = DEFAULT_SCRYPT,
) -> PackReport:
    """Write a field pack of the chosen studies (names or ids; None: all) to `out_path`.

    With `for_label`, only rows changed since the last pack made for that label go in, and
    this pack becomes the new mark once written. Identities only with `with_identities`.
    """
    out = Path(out_path)
    if passphrase is not None and not passphrase:
        raise ValidationError("A passphrase must not be empty.")
    label = for_label.strip() if for_label is not None else None
    if label is not None and not label:
        raise ValidationError("A destination label (--for) must not be empty.")
    chosen = resolve_studies(store, studies)
    scope = Scope(None if not studies else tuple(sorted(s["id"] for s in chosen)), with_identities)
    since = since_for(store, label, scope) if label else None
    picker = RowPicker(store, table_infos(store.conn), scope, since)
    own = not store.conn.in_transaction
    if own:
        store.conn.execute("BEGIN")
    try:
        counts = picker.pick()
        mark = Since(utc_now(), int(store.scalar("SELECT coalesce(max(id), 0) FROM main.audit")))
        body, digest = _compress(picker.sections(), sum(counts.values()), progress, cancelled, out)
    finally:
        picker.drop()
        if own and store.conn.in_transaction:
            store.conn.execute("COMMIT")
    manifest = Manifest(
        pack_id=new_id(),
        format_version=FORMAT_VERSION,
        schema_version=store.schema_version,
        created_at=mark.made_at,
        source_device_id=store.device.device_id,
        source_label=store.device.label,
        source_database_id=store.database_id,
        app_version=APP_VERSION,
        payload_sha256=digest,
        counts=counts,
        studies=chosen,
        with_identities=with_identities,
        for_label=label,
        since=since.made_at if since else None,
    )
    data = seal(manifest, body, passphrase, scrypt)
    _write_atomically(out, data)
    if label:
        record_destination(store, label, scope, mark, manifest.pack_id)
    return PackReport(
        path=out,
        pack_id=manifest.pack_id,
        counts=counts,
        encrypted=passphrase is not None,
        with_identities=with_identities,
        bytes=len(data),
        studies=[s["name"] for s in chosen],
        for_label=label,
        since=manifest.since,
    )


def _compress(
    pieces: Iterator[tuple[bytes, int]],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
    out: Path,
) -> tuple[bytes, str]:
    """Compressed body and the SHA-256 of its uncompressed bytes (the manifest's checksum)."""
    compressor = zlib.compressobj(COMPRESSION_LEVEL)
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    done = 0
    for piece, rows in pieces:
        if cancelled is not None and cancelled():
            raise PackCancelled(out, making=True)
        digest.update(piece)
        chunks.append(compressor.compress(piece))
        done += rows
        if progress is not None and rows:
            progress(done, total)
    chunks.append(compressor.flush())
    return b"".join(chunks), digest.hexdigest()


def _write_atomically(out: Path, data: bytes) -> None:
    """Write beside the target, sync, then rename: a pack is whole or absent."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
