"""Reading a pack: check the container, then load every row into temporary staging tables,
checking its shape on the way, before a single row of the database is written.

Staging tables live in the connection's temp schema, kept in memory while a merge runs
(decrypted rows never spill to a temporary file). Merging then works set-wise in SQL between
the staging tables and the real ones, which keeps big packs fast.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.packs.errors import NewerPackError, PackCancelled, PackContentError
from storage.packs.format import Manifest, read_container
from storage.packs.tables import (
    AUDIT_ACTIONS,
    AUDIT_COLUMNS,
    IDENTITIES,
    STAMPS,
    TIMESTAMP_GLOB,
    TableInfo,
    quoted,
)
from storage.schema import LATEST_VERSION

if TYPE_CHECKING:
    from storage.store import Store

BATCH = 5000
CHUNK = 1 << 20
# No row is this long (a large questionnaire's definition is a few MB): a longer "line" is a
# forged pack trying to exhaust memory.
MAX_LINE = 256 << 20


@dataclass(frozen=True)
class Pack:
    """A pack whose container was checked: its manifest, and the body still compressed."""

    path: Path
    manifest: Manifest
    encrypted: bool
    body: bytes = field(repr=False)

    @property
    def pack_id(self) -> str:
        return self.manifest.pack_id


def read_pack(path: Path | str, passphrase: str | None = None) -> Pack:
    """Check a pack's format, checksum, passphrase and versions; refuse with a PackError.

    The rows themselves are checked when they are staged, still before anything is written.
    """
    path = Path(path)
    opened = read_container(path, passphrase)
    version = opened.manifest.schema_version
    if version > LATEST_VERSION:
        raise NewerPackError(path, "database schema", version, LATEST_VERSION)
    if version < 1:
        raise PackContentError(path, f"its database schema ({version}) is not one Fieldnotes made")
    return Pack(path, opened.manifest, opened.encrypted, opened.body)


@dataclass(frozen=True)
class StagedTable:
    table: str
    name: str  # the temp table, quoted
    columns: tuple[str, ...]
    count: int


@dataclass
class StagedPack:
    pack: Pack
    number: int
    tables: dict[str, StagedTable] = field(default_factory=dict)

    def drop(self, conn: sqlite3.Connection) -> None:
        for staged in self.tables.values():
            conn.execute(f"DROP TABLE IF EXISTS temp.{staged.name}")
        self.tables.clear()


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a value a pack holds")


def _lines(body: bytes, path: Path, digest: hashlib._Hash) -> Iterator[bytes]:
    """Decompressed lines of the body, hashed as they come out."""
    decompressor = zlib.decompressobj()
    view = memoryview(body)
    rest = b""
    for start in range(0, len(body), CHUNK):
        try:
            out = decompressor.decompress(view[start : start + CHUNK])
        except zlib.error:
            raise PackContentError(path, "its contents do not decompress") from None
        digest.update(out)
        pieces = (rest + out).split(b"\n")
        rest = pieces.pop()
        if len(rest) > MAX_LINE:
            raise PackContentError(path, "it holds a row too large to be real")
        yield from pieces
    if not decompressor.eof or decompressor.unused_data or rest:
        raise PackContentError(path, "its contents end in the middle of a row")


def stage_pack(
    store: Store,
    pack: Pack,
    number: int,
    infos: dict[str, TableInfo],
    tick: Callable[[int], None],
    cancelled: Callable[[], bool] | None = None,
) -> StagedPack:
    """Load a pack's rows into staging tables; any flaw raises PackContentError naming it."""
    staged = StagedPack(pack, number)
    manifest, path = pack.manifest, pack.path
    allowed = [t for t in infos if manifest.with_identities or t != IDENTITIES] + ["audit"]
    digest = hashlib.sha256()
    lines = _lines(pack.body, path, digest)
    try:
        for line in lines:
            table, columns, count = _section(line, path, infos, allowed, staged, manifest)
            name = f'"fn_stage_{number}_{table}"'
            types = infos[table].types if table != "audit" else {}
            definition = ", ".join(f'"{c}" {types.get(c, "TEXT")}' for c in columns)
            store.conn.execute(f"CREATE TEMP TABLE {name} ({definition})")
            staged.tables[table] = StagedTable(table, name, columns, count)
            insert = f"INSERT INTO temp.{name} VALUES ({', '.join('?' for _ in columns)})"
            remaining = count
            while remaining:
                if cancelled is not None and cancelled():
                    raise PackCancelled(path)
                size = min(BATCH, remaining)
                batch = [next(lines, None) for _ in range(size)]
                if batch[-1] is None:
                    raise PackContentError(path, f"its {table} section ends early")
                _insert(store.conn, insert, batch, table, len(columns), path)
                remaining -= size
                tick(size)
        if set(staged.tables) != set(manifest.counts):
            raise PackContentError(path, "its contents do not match its manifest")
        if digest.hexdigest() != manifest.payload_sha256:
            raise PackContentError(path, "its contents do not match the manifest's checksum")
        _check_staged(store.conn, staged, allowed, path)
    except BaseException:
        staged.drop(store.conn)
        raise
    return staged


def _section(
    line: bytes,
    path: Path,
    infos: dict[str, TableInfo],
    allowed: list[str],
    staged: StagedPack,
    manifest: Manifest,
) -> tuple[str, tuple[str, ...], int]:
    """Check a section line: a known table, once, with known columns and the manifest's count."""
    try:
        head = json.loads(line)
        table, columns, count = head["table"], tuple(head["columns"]), head["count"]
    except (ValueError, KeyError, TypeError):
        raise PackContentError(path, "a section of it is not readable") from None
    if table not in allowed:
        if table == IDENTITIES:
            raise PackContentError(path, "it holds identities its manifest says it leaves out")
        raise PackContentError(path, f"it holds a table this version does not know ({table!r})")
    if table in staged.tables:
        raise PackContentError(path, f"it holds the {table} section twice")
    expected = AUDIT_COLUMNS if table == "audit" else None
    known = set(infos[table].columns) if table != "audit" else set(AUDIT_COLUMNS)
    if (
        not all(isinstance(c, str) for c in columns)
        or len(set(columns)) != len(columns)
        or not set(columns) <= known
        or (expected is not None and columns != expected)
        or (expected is None and not set(STAMPS) <= set(columns))
    ):
        raise PackContentError(path, f"the columns of its {table} section are not right")
    if not isinstance(count, int) or count != manifest.counts.get(table):
        raise PackContentError(path, f"its {table} row count does not match its manifest")
    return table, columns, count


def _insert(
    conn: sqlite3.Connection,
    insert: str,
    batch: list[bytes | None],
    table: str,
    width: int,
    path: Path,
) -> None:
    try:
        rows = json.loads(b"[" + b",".join(batch) + b"]", parse_constant=_reject_constant)  # type: ignore[arg-type]
        if len(rows) != len(batch) or any(
            not isinstance(row, list) or len(row) != width for row in rows
        ):
            raise ValueError("rows of the wrong shape")
        conn.executemany(insert, rows)
    except (ValueError, OverflowError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise PackContentError(path, f"a row of its {table} section is not readable") from None


def _check_staged(
    conn: sqlite3.Connection, staged: StagedPack, allowed: list[str], path: Path
) -> None:
    """Stamps every merge decision rests on, one row per id, audit rows of the right kind."""
    for table, stage in staged.tables.items():
        if table == "audit":
            tables = ", ".join(f"'{t}'" for t in allowed if t != "audit")
            actions = ", ".join(f"'{a}'" for a in AUDIT_ACTIONS)
            bad = conn.execute(
                f"SELECT count(*) FROM temp.{stage.name} WHERE at IS NULL "
                f"OR at NOT GLOB '{TIMESTAMP_GLOB}' OR coalesce(device_id, '') = '' "
                f"OR table_name NOT IN ({tables}) OR coalesce(row_id, '') = '' "
                f"OR action NOT IN ({actions}) OR changes IS NULL OR NOT json_valid(changes)"
            ).fetchone()[0]
        else:
            bad = conn.execute(
                f"SELECT count(*) FROM temp.{stage.name} WHERE coalesce(id, '') = '' "
                "OR coalesce(device_id, '') = '' OR deleted IS NULL OR deleted NOT IN (0, 1) "
                f"OR created_at IS NULL OR created_at NOT GLOB '{TIMESTAMP_GLOB}' "
                f"OR updated_at IS NULL OR updated_at NOT GLOB '{TIMESTAMP_GLOB}'"
            ).fetchone()[0]
            try:
                conn.execute(
                    f'CREATE UNIQUE INDEX temp."fn_stage_{staged.number}_{table}_id" '
                    f"ON {stage.name}(id)"
                )
            except sqlite3.IntegrityError:
                raise PackContentError(path, f"it holds a row of {table} twice") from None
        if bad:
            raise PackContentError(path, f"{bad} row(s) of its {table} section are malformed")


def stage_columns(stage: StagedTable, prefix: str = "") -> str:
    return quoted(stage.columns, prefix)
