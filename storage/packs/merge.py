"""Merging packs: check every pack whole, back up, then apply them all in one transaction.

Order of work, so a refused pack changes nothing: read each container (format, checksum,
passphrase, versions), stage each pack's rows (shape, stamps, manifest counts and checksum),
and only then take a backup and open the one transaction that applies them. Anything that
fails inside it (a link to a row this database lacks, a constraint) rolls all of it back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from storage.clock import new_id, utc_now
from storage.device import Device
from storage.errors import StorageError
from storage.packs import keys
from storage.packs.apply import Applied, apply_audit, apply_table, check_links
from storage.packs.conflicts import record, refresh
from storage.packs.errors import PackCancelled, PackContentError
from storage.packs.stage import Pack, StagedPack, read_pack, stage_pack
from storage.packs.tables import IDENTITIES, TableInfo, table_infos

if TYPE_CHECKING:
    from storage.store import Store

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class MergeReport:
    """What one pack brought, for the coordinator to read."""

    path: Path
    pack_id: str
    source_device_id: str
    source_label: str
    added: dict[str, int]
    updated: dict[str, int]
    conflicts: int
    skipped_already_merged: bool
    pack_created_at: str = ""
    merged_at: str = ""
    clashes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        source = f"{self.source_label or 'an unnamed laptop'} (device {self.source_device_id})"
        if self.skipped_already_merged:
            when = f"on {self.merged_at}" if self.merged_at else "(it was given twice)"
            return (
                f"{self.path.name}: pack {self.pack_id} from {source} was already merged "
                f"{when}; nothing to do."
            )
        lines = [
            f"{self.path.name}: merged pack {self.pack_id} from {source}, "
            f"made {self.pack_created_at}.",
            f"  Added: {_counts(self.added) or 'nothing new'}.",
            f"  Updated: {_counts(self.updated) or 'nothing'}.",
            f"  Conflicts kept for review: {self.conflicts}.",
        ]
        lines += [f"  Note: {clash}." for clash in self.clashes]
        return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    """Counts as a person reads them, audit entries last."""
    ordered = sorted(counts.items(), key=lambda item: item[0] == "audit")
    return ", ".join(
        f"{n:,} {'audit entries' if table == 'audit' else table.replace('_', ' ')}"
        for table, n in ordered
        if n
    )


def merge_packs(
    store: Store,
    paths: Sequence[Path | str | Pack],
    passphrase: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[MergeReport]:
    """Merge packs (paths, or packs already read) into `store`, all or nothing.

    A pack merged before (its id is in `imports`) is skipped and reported as such.
    Returns one report per pack, in the order given.
    """
    packs = [p if isinstance(p, Pack) else read_pack(p, passphrase) for p in paths]
    reports: list[MergeReport | None] = [None] * len(packs)
    pending: list[tuple[int, Pack]] = []
    for index, pack in enumerate(packs):
        earlier = store.scalar("SELECT imported_at FROM imports WHERE pack_id = ?", (pack.pack_id,))
        if earlier is None and all(p.pack_id != pack.pack_id for _, p in pending):
            pending.append((index, pack))
        else:
            reports[index] = _skipped(pack, earlier or "")
    if pending:
        _merge_pending(store, pending, reports, progress, cancelled)
    return [report for report in reports if report is not None]


def _merge_pending(
    store: Store,
    pending: list[tuple[int, Pack]],
    reports: list[MergeReport | None],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    conn = store.conn
    infos = table_infos(conn)
    total = 2 * sum(sum(pack.manifest.counts.values()) for _, pack in pending)
    done = 0

    def tick(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(min(done, total), total)

    outer = conn.in_transaction
    temp_store = conn.execute("PRAGMA temp_store").fetchone()[0]
    if not outer:  # decrypted rows stay in memory, never in a temporary file
        conn.execute("PRAGMA temp_store = MEMORY")
    staged: list[tuple[int, StagedPack]] = []
    try:
        for number, (index, pack) in enumerate(pending):
            staged.append((index, stage_pack(store, pack, number, infos, tick, cancelled)))
        for number, (_, pack_rows) in enumerate(staged):
            pack, earlier = pack_rows.pack, [s.tables for _, s in staged[:number]]
            source = pack.manifest.source_label or pack.manifest.source_device_id
            check_links(conn, infos, pack_rows.tables, earlier, pack.path, source)
        if store.scalar("SELECT EXISTS (SELECT 1 FROM studies) OR EXISTS (SELECT 1 FROM imports)"):
            store.backup("before-merge")
        try:
            with store.transaction():
                conn.execute("PRAGMA defer_foreign_keys = ON")
                for index, pack_rows in staged:
                    reports[index] = _apply(store, infos, pack_rows, tick, cancelled)
        except sqlite3.IntegrityError as error:  # a deferred constraint failing at COMMIT
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StorageError(f"The merge was refused ({error}); nothing was merged.") from error
    finally:
        for _, pack_rows in staged:
            pack_rows.drop(conn)
        if not outer:
            conn.execute(f"PRAGMA temp_store = {int(temp_store)}")


def _apply(
    store: Store,
    infos: dict[str, TableInfo],
    staged: StagedPack,
    tick: Callable[[int], None],
    cancelled: Cancelled | None,
) -> MergeReport:
    conn, pack = store.conn, staged.pack
    manifest = pack.manifest
    applied = Applied()
    import_id = new_id()
    try:
        if "audit" in staged.tables:
            applied.count("audit", added=apply_audit(conn, staged.tables["audit"]))
            tick(staged.tables["audit"].count)
        for table, info in infos.items():
            if cancelled is not None and cancelled():
                raise PackCancelled(pack.path)
            stage = staged.tables.get(table)
            if stage is None:
                continue
            if table == "participants":
                keys.apply_participants(conn, info, stage, applied)
            elif table == IDENTITIES:
                keys.apply_identities(conn, info, stage, applied)
            else:
                apply_table(conn, info, stage, applied)
            tick(stage.count)
    except sqlite3.IntegrityError as error:
        raise PackContentError(
            pack.path, f"its rows break a rule of this database ({error})"
        ) from error
    except sqlite3.OperationalError as error:
        raise StorageError(
            f"Merging {pack.path.name} stopped ({error}); nothing was merged."
        ) from error
    record(conn, applied.candidates, import_id)
    tables = {t: s.name for t, s in staged.tables.items() if t != "audit"}
    refresh(conn, infos, tables, applied.extra)
    conflicts = store.scalar("SELECT count(*) FROM conflicts WHERE import_id = ?", (import_id,))
    now = utc_now()
    counts = {
        "added": applied.added,
        "updated": applied.updated,
        "conflicts": conflicts,
        "pack_created_at": manifest.created_at,
        "source_database_id": manifest.source_database_id,
    }
    conn.execute(
        "INSERT INTO imports(id, pack_id, source_device_id, source_label, imported_at, counts) "
        "VALUES (?, ?, ?, ?, ?, json(?))",
        (
            import_id,
            manifest.pack_id,
            manifest.source_device_id,
            manifest.source_label,
            now,
            _json(counts),
        ),
    )
    return MergeReport(
        path=pack.path,
        pack_id=manifest.pack_id,
        source_device_id=manifest.source_device_id,
        source_label=manifest.source_label,
        added=applied.added,
        updated=applied.updated,
        conflicts=conflicts,
        skipped_already_merged=False,
        pack_created_at=manifest.created_at,
        merged_at=now,
        clashes=applied.clashes,
    )


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _skipped(pack: Pack, merged_at: str) -> MergeReport:
    manifest = pack.manifest
    return MergeReport(
        path=pack.path,
        pack_id=manifest.pack_id,
        source_device_id=manifest.source_device_id,
        source_label=manifest.source_label,
        added={},
        updated={},
        conflicts=0,
        skipped_already_merged=True,
        pack_created_at=manifest.created_at,
        merged_at=merged_at,
    )


def merge_into_path(
    db_path: Path | str,
    paths: Sequence[Path | str],
    passphrase: str | None = None,
    *,
    device: Device | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[MergeReport]:
    """Merge packs into the database at `db_path`, creating it if there is none (a
    coordinator's first merge). Every pack is checked before the database is created, and a
    database created here is removed again if the merge is refused."""
    from storage.store import open_store

    packs = [read_pack(p, passphrase) for p in paths]
    target = Path(db_path).expanduser().resolve()
    created = not target.exists()
    store = open_store(target, create=True, device=device)
    try:
        return merge_packs(store, packs, progress=progress, cancelled=cancelled)
    except BaseException:
        store.close()
        if created:
            for suffix in ("", "-wal", "-shm"):
                target.with_name(target.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        store.close()
