"""What packing and merging need to know about the user tables, read from the schema itself.

Columns, declared types and links come from PRAGMA table_info / foreign_key_list, so a
migration that adds a table or column is packed and merged without touching this package.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from storage.schema import USER_TABLES

STAMPS = ("id", "created_at", "updated_at", "device_id", "deleted")
IDENTITIES = "participant_identities"
AUDIT_COLUMNS = ("at", "device_id", "table_name", "row_id", "action", "changes")
AUDIT_ACTIONS = ("insert", "update", "delete", "restore")
# Columns computed from other values (relevance follows the other answers): a losing copy is
# not someone's work, so it is not kept as a conflict.
DERIVED = {("answers", "relevant")}
# updated_at and created_at: the stored form, so text order is time order (clock.py).
_D = "[0-9]"
TIMESTAMP_GLOB = f"{_D * 4}-{_D * 2}-{_D * 2}T{_D * 2}:{_D * 2}:{_D * 2}.{_D * 3}Z"


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[str, ...]
    types: dict[str, str]
    # (column, parent table) for every link to another user table
    links: tuple[tuple[str, str], ...]
    # how a row belongs to a study: "study" (own study_id), the link column through which its
    # owner row does (answers -> session_id), "all" for a table tied to no study (every row
    # goes in every pack), or None for the studies table itself
    owner: str | None

    def conflict_columns(self, present: tuple[str, ...]) -> tuple[str, ...]:
        """Columns whose losing values are kept: everything a person wrote, tombstone included."""
        skip = {"id", "created_at", "updated_at", "device_id"}
        return tuple(c for c in present if c not in skip and (self.name, c) not in DERIVED)


def table_infos(conn: sqlite3.Connection) -> dict[str, TableInfo]:
    """Every user table of this database, in dependency order (USER_TABLES' order)."""
    existing = {
        row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
    }
    infos: dict[str, TableInfo] = {}
    for name in USER_TABLES:
        if name not in existing:
            continue
        columns = conn.execute(f'PRAGMA main.table_info("{name}")').fetchall()
        names = tuple(row[1] for row in columns)
        not_null = {row[1] for row in columns if row[3]}
        links = tuple(
            (row[3], row[2])
            for row in conn.execute(f'PRAGMA main.foreign_key_list("{name}")').fetchall()
            if row[2] in USER_TABLES
        )
        if name == "studies":
            owner = None
        elif "study_id" in names:
            owner = "study"
        else:
            owner = next((column for column, _ in links if column in not_null), "all")
        infos[name] = TableInfo(
            name=name,
            columns=names,
            types={row[1]: row[2] or "" for row in columns},
            links=links,
            owner=owner,
        )
    return infos


def quoted(columns: tuple[str, ...] | list[str], prefix: str = "") -> str:
    """Column list for SQL; names come from the schema, quoted all the same."""
    return ", ".join(f'{prefix}"{column}"' for column in columns)


def text_form(conn: sqlite3.Connection, value: object) -> str | None:
    """A value as a TEXT column stores it (conflicts keep values as text), so a value read
    from a pack, a table or the audit trail compares the same way everywhere."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, float):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return conn.execute("SELECT CAST(? AS TEXT)", (value,)).fetchone()[0]
