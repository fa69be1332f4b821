"""Values a merge overwrote, kept for review; and putting one back.

The rule (the same on every laptop, so packs merged in any order leave the same rows):

- A row's versions are ordered by (updated_at, device_id, then the row's content as a
  tie-break); the greatest wins, whole. A version that loses leaves each differing column
  value as a *candidate*: (table, row, column, lost value, the losing version's stamp).
- A conflict is identified by (table, row, column, lost value). If the same value lost more
  than once, the newest losing stamp is kept, so it does not matter which merge saw it first.
- A candidate is reported only if it is real work that was overwritten without being seen:
  not when the audit trail shows that someone, after the losing version was written, changed
  that column *from* that value (they saw it and replaced it: ordinary editing on one laptop,
  or a laptop editing what the coordinator sent it). Audit rows travel with their rows.
- After every merge the open conflicts of the rows it touched are brought up to date: the
  kept value and device are the row's current ones; a conflict whose lost value is the
  current value again, or that the audit trail now shows was seen and replaced, is removed.

Re-merging adds nothing: the same candidates meet their own rows. Differences between orders
remain only in ids, created_at and import_id (which merge happened to see the loss).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.changes import Changes
from storage.clock import new_id, utc_now
from storage.errors import ValidationError
from storage.packs.tables import TableInfo, table_infos, text_form

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class Candidate:
    table: str
    row_id: str
    column: str
    value: Any
    updated_at: str
    device_id: str


def candidates_for(
    info: TableInfo,
    columns: tuple[str, ...],
    winner: dict[str, Any],
    loser: dict[str, Any],
    conn: sqlite3.Connection,
    row_id: str | None = None,
) -> list[Candidate]:
    """Every column where the losing version's value differs from the winner's."""
    found = []
    for column in info.conflict_columns(columns):
        if text_form(conn, loser[column]) != text_form(conn, winner[column]):
            found.append(
                Candidate(
                    info.name,
                    row_id or loser["id"],
                    column,
                    loser[column],
                    loser["updated_at"],
                    loser["device_id"],
                )
            )
    return found


def record(conn: sqlite3.Connection, candidates: list[Candidate], import_id: str) -> None:
    """Add candidates, one open conflict per (table, row, column, lost value)."""
    now = utc_now()
    for candidate in candidates:
        lost = text_form(conn, candidate.value)
        stamp = (candidate.updated_at, candidate.device_id)
        existing = conn.execute(
            "SELECT id, lost_updated_at, lost_device_id, resolved_at FROM conflicts "
            "WHERE table_name = ? AND row_id = ? AND column_name = ? AND lost_value IS ?",
            (candidate.table, candidate.row_id, candidate.column, lost),
        ).fetchall()
        open_ones = [row for row in existing if row[3] is None]
        if open_ones:
            conflict_id, updated_at, device_id, _ = open_ones[0]
            if stamp > (updated_at, device_id):
                conn.execute(
                    "UPDATE conflicts SET lost_updated_at = ?, lost_device_id = ? WHERE id = ?",
                    (*stamp, conflict_id),
                )
            continue
        if any(stamp <= (row[1], row[2]) for row in existing):
            continue  # already reviewed and resolved by someone
        conn.execute(
            "INSERT INTO conflicts(id, created_at, table_name, row_id, column_name, kept_value, "
            "lost_value, kept_device_id, lost_device_id, lost_updated_at, import_id) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?, '', ?, ?, ?)",
            (
                new_id(),
                now,
                candidate.table,
                candidate.row_id,
                candidate.column,
                lost,
                candidate.device_id,
                candidate.updated_at,
                import_id,
            ),
        )


def refresh(
    conn: sqlite3.Connection,
    infos: dict[str, TableInfo],
    staged: dict[str, str],
    extra: dict[str, set[str]],
) -> None:
    """Bring open conflicts of touched rows up to date (see the module's rule).

    `staged`: table -> temp table holding the ids a pack touched; `extra`: further row ids
    (renamed participants, identities re-keyed).
    """
    for table, info in infos.items():
        found = []
        if table in staged:
            found += conn.execute(
                "SELECT id, row_id, column_name, lost_value, lost_updated_at FROM conflicts "
                "WHERE resolved_at IS NULL AND table_name = ? "
                f"AND row_id IN (SELECT id FROM temp.{staged[table]})",
                (table,),
            ).fetchall()
        for row_id in sorted(extra.get(table, ())):
            found += conn.execute(
                "SELECT id, row_id, column_name, lost_value, lost_updated_at FROM conflicts "
                "WHERE resolved_at IS NULL AND table_name = ? AND row_id = ?",
                (table, row_id),
            ).fetchall()
        for conflict_id, row_id, column, lost, lost_at in dict.fromkeys(found):
            if column not in info.columns:
                continue
            current = conn.execute(
                f'SELECT "{column}", device_id FROM main."{table}" WHERE id = ?', (row_id,)
            ).fetchone()
            if current is None:
                continue
            kept = text_form(conn, current[0])
            if kept == lost or _seen_and_replaced(conn, table, row_id, column, lost, lost_at):
                conn.execute("DELETE FROM conflicts WHERE id = ?", (conflict_id,))
            else:
                conn.execute(
                    "UPDATE conflicts SET kept_value = ?, kept_device_id = ? WHERE id = ?",
                    (kept, current[1], conflict_id),
                )


def _seen_and_replaced(
    conn: sqlite3.Connection, table: str, row_id: str, column: str, lost: str | None, since: str
) -> bool:
    """Did someone, after `since`, change `column` from `lost` to something else?"""
    for (changes,) in conn.execute(
        "SELECT changes FROM audit WHERE table_name = ? AND row_id = ? AND at >= ?",
        (table, row_id, since),
    ):
        try:
            pair = json.loads(changes).get(column)
        except (ValueError, AttributeError):
            continue
        if isinstance(pair, list) and len(pair) == 2:
            before, after = text_form(conn, pair[0]), text_form(conn, pair[1])
            if before == lost and after != lost:
                return True
    return False


# --- the conflicts screen's core ----------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """One kept value, with both sides and where the losing one came from."""

    id: str
    created_at: str
    table_name: str
    row_id: str
    column_name: str
    kept_value: str | None
    lost_value: str | None
    kept_device_id: str
    lost_device_id: str
    lost_updated_at: str
    import_id: str | None
    resolved_at: str | None
    resolution: str
    source_label: str


def list_conflicts(
    store: Store,
    *,
    include_resolved: bool = False,
    table: str | None = None,
    row_id: str | None = None,
) -> list[Conflict]:
    """Conflicts (open ones unless asked), oldest first, with the pack's source label."""
    clauses, parameters = [], []
    if not include_resolved:
        clauses.append("c.resolved_at IS NULL")
    if table:
        clauses.append("c.table_name = ?")
        parameters.append(table)
    if row_id:
        clauses.append("c.row_id = ?")
        parameters.append(row_id)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.rows(
        "SELECT c.id, c.created_at, c.table_name, c.row_id, c.column_name, c.kept_value, "
        "c.lost_value, c.kept_device_id, c.lost_device_id, c.lost_updated_at, c.import_id, "
        "c.resolved_at, c.resolution, coalesce(i.source_label, '') AS source_label "
        f"FROM conflicts c LEFT JOIN imports i ON i.id = c.import_id {where} "
        "ORDER BY c.created_at, c.table_name, c.row_id, c.column_name, c.id",
        tuple(parameters),
    )
    return [Conflict(**row) for row in rows]


def _typed(text: str | None, declared: str) -> Any:
    """A kept text back to its column's type, as SQLite's affinity would store it."""
    if text is None:
        return None
    kind = declared.upper()
    try:
        if "INT" in kind:
            return int(text)
        if any(word in kind for word in ("REAL", "FLOA", "DOUB")):
            return float(text)
    except ValueError:
        return text
    return text


def _open_conflict(store: Store, conflict_id: str) -> dict[str, Any]:
    conflict = store.row("SELECT * FROM conflicts WHERE id = ?", (conflict_id,))
    if conflict is None:
        raise ValidationError(f"There is no conflict with id {conflict_id}.")
    if conflict["resolved_at"]:
        raise ValidationError(
            f"That conflict was already resolved ({conflict['resolution']}, "
            f"{conflict['resolved_at']})."
        )
    return conflict


def restore_conflict(store: Store, conflict_id: str) -> Changes:
    """Put the losing value back as a new, audited write, and mark the conflict resolved."""
    with store.transaction():
        conflict = _open_conflict(store, conflict_id)
        table, row_id, column = conflict["table_name"], conflict["row_id"], conflict["column_name"]
        info = table_infos(store.conn).get(table)
        if info is None or column not in info.columns:
            raise ValidationError(f"{table}.{column} no longer exists; nothing was restored.")
        value = _typed(conflict["lost_value"], info.types[column])
        writer = store.repos.writer
        if column == "deleted" and value == 1:
            writer.delete(table, row_id)
        else:
            writer.update(table, row_id, {column: value})
        store.conn.execute(
            "UPDATE conflicts SET resolved_at = ?, resolution = 'restored' WHERE id = ?",
            (utc_now(), conflict_id),
        )
    return Changes().add(table, row_id).add("conflicts", conflict_id)


def dismiss_conflict(store: Store, conflict_id: str) -> Changes:
    """Keep the current value: the conflict is marked resolved and leaves the open list."""
    with store.transaction():
        _open_conflict(store, conflict_id)
        store.conn.execute(
            "UPDATE conflicts SET resolved_at = ?, resolution = 'kept' WHERE id = ?",
            (utc_now(), conflict_id),
        )
    return Changes().add("conflicts", conflict_id)
