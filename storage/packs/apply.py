"""Applying one staged pack inside the merge transaction: audit rows, then each table.

Most rows are new or unchanged, so the work is set-wise: new rows go in with one
INSERT ... SELECT, identical rows are skipped in SQL, and only rows that differ come up to
Python, where the rule decides (newer updated_at, then larger device_id, then content) and
the losing values become conflict candidates. Updates are plain UPDATEs (never
INSERT OR REPLACE, which would delete rows and break the notes' search index).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.packs.conflicts import Candidate, candidates_for
from storage.packs.errors import PackContentError
from storage.packs.stage import StagedTable
from storage.packs.tables import AUDIT_COLUMNS, TableInfo, quoted


@dataclass
class Applied:
    """What applying one pack did, gathered for its report and the conflict pass."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    extra: dict[str, set[str]] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)

    def count(self, table: str, added: int = 0, updated: int = 0) -> None:
        if added:
            self.added[table] = self.added.get(table, 0) + added
        if updated:
            self.updated[table] = self.updated.get(table, 0) + updated


def version_key(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[str, str, str]:
    """The total order of a row's versions: newer, then larger device id, then content
    (two copies with one stamp but different content can only meet after a rename below,
    and every laptop must still choose the same one)."""
    content = [row[c] for c in columns if c not in ("updated_at", "device_id")]
    return row["updated_at"], row["device_id"], json.dumps(content, ensure_ascii=False)


def incoming_wins(
    incoming: dict[str, Any], local: dict[str, Any], columns: tuple[str, ...]
) -> bool:
    return version_key(incoming, columns) > version_key(local, columns)


def apply_audit(conn: sqlite3.Connection, stage: StagedTable) -> int:
    """Add audit rows not already here. Their local ids are new; an audit row is the same
    event when (at, device_id, table_name, row_id, action, changes) all match."""
    columns = quoted(AUDIT_COLUMNS)
    match = " AND ".join(f'a."{c}" = s."{c}"' for c in AUDIT_COLUMNS)
    cursor = conn.execute(
        f"INSERT INTO main.audit({columns}) SELECT {quoted(AUDIT_COLUMNS, 's.')} "
        f"FROM temp.{stage.name} s WHERE NOT EXISTS (SELECT 1 FROM main.audit a WHERE {match}) "
        "ORDER BY s.at, s.rowid"
    )
    return cursor.rowcount


def differing_pairs(
    conn: sqlite3.Connection, table: str, stage: StagedTable
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(incoming, local) for staged rows whose id is here with any column different."""
    columns = stage.columns
    same = " AND ".join(f's."{c}" IS t."{c}"' for c in columns if c != "id")
    rows = conn.execute(
        f"SELECT {quoted(columns, 's.')}, {quoted(columns, 't.')} FROM temp.{stage.name} s "
        f'CROSS JOIN main."{table}" t ON t.id = s.id WHERE NOT ({same})'
    ).fetchall()
    width = len(columns)
    return [
        (dict(zip(columns, row[:width], strict=True)), dict(zip(columns, row[width:], strict=True)))
        for row in rows
    ]


def update_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """Overwrite whole rows with their winning versions (id stays)."""
    if not rows:
        return
    assigned = [c for c in columns if c != "id"]
    assignments = ", ".join(f'"{c}" = ?' for c in assigned)
    conn.executemany(
        f'UPDATE main."{table}" SET {assignments} WHERE id = ?',
        [[row[c] for c in assigned] + [row["id"]] for row in rows],
    )


def insert_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    if rows:
        marks = ", ".join("?" for _ in columns)
        conn.executemany(
            f'INSERT INTO main."{table}" ({quoted(columns)}) VALUES ({marks})',
            [[row[c] for c in columns] for row in rows],
        )


def apply_table(
    conn: sqlite3.Connection, info: TableInfo, stage: StagedTable, applied: Applied
) -> None:
    """The general case: match by id, newer wins, losers become conflict candidates."""
    table, columns = info.name, stage.columns
    pairs = differing_pairs(conn, table, stage)
    added = conn.execute(
        f'INSERT INTO main."{table}" ({quoted(columns)}) SELECT {quoted(columns, "s.")} '
        f"FROM temp.{stage.name} s WHERE NOT EXISTS "
        f'(SELECT 1 FROM main."{table}" t WHERE t.id = s.id)'
    ).rowcount
    winners = []
    for incoming, local in pairs:
        if incoming_wins(incoming, local, columns):
            winners.append(incoming)
            applied.candidates += candidates_for(info, columns, incoming, local, conn)
        else:
            applied.candidates += candidates_for(info, columns, local, incoming, conn)
    update_rows(conn, table, columns, winners)
    applied.count(table, added=added, updated=len(winners))


def check_links(
    conn: sqlite3.Connection,
    infos: dict[str, TableInfo],
    tables: dict[str, StagedTable],
    earlier: list[dict[str, StagedTable]],
    path: Path,
    source: str,
) -> None:
    """Before anything is written: every link a pack's rows make must land on a row that is
    here already, in this pack, or in a pack merged before it in the same run. (Foreign keys
    are deferred during the merge, so rows may then go in in any order.)"""
    for table, stage in tables.items():
        if table == "audit":
            continue
        for column, parent in infos[table].links:
            if column not in stage.columns:
                continue
            homes = [f'main."{parent}"'] + [
                f"temp.{staged[parent].name}" for staged in [*earlier, tables] if parent in staged
            ]
            missing = " AND ".join(
                f'NOT EXISTS (SELECT 1 FROM {home} p WHERE p.id = s."{column}")' for home in homes
            )
            found = conn.execute(
                f'SELECT s."{column}" FROM temp.{stage.name} s WHERE s."{column}" IS NOT NULL '
                f"AND {missing} LIMIT 1"
            ).fetchone()
            if found:
                raise PackContentError(
                    path,
                    f"its {table} refer to {parent} this database does not have "
                    f"({column} = {found[0]}); merge the earlier packs from {source} first",
                )
