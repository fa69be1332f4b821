"""Paged, filtered reads of sessions for the sessions list, which must stay instant at 100,000.

The list asks for the matching sessions' keys once (`session_keys`: SQLite rowids, in the
chosen order, held as a compact array) and then for rows a page at a time
(`session_page`), so it never holds the whole table. Rowids are used only while a list is
on screen; a session is named everywhere else by its UUID (`id`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.store import Store

#: Sort keys the list offers, and the column each sorts on (ties broken by rowid).
SORT_COLUMNS: dict[str, str] = {
    "started": "s.started_at",
    "instrument": "i.name",
    "site": "coalesce(st.name, '')",
    "participant": "coalesce(p.code, '')",
    "fieldworker": "coalesce(f.name, '')",
    "status": "s.status",
    "mode": "s.mode",
}

_JOINS = {
    "i": "JOIN instruments i ON i.id = s.instrument_id",
    "st": "LEFT JOIN sites st ON st.id = s.site_id",
    "p": "LEFT JOIN participants p ON p.id = s.participant_id",
    "f": "LEFT JOIN fieldworkers f ON f.id = s.fieldworker_id",
}


@dataclass(frozen=True)
class SessionFilter:
    """What the list narrows to; None or "" means any. Dates are UTC days, inclusive."""

    study_id: str | None = None
    instrument_id: str | None = None
    site_id: str | None = None
    fieldworker_id: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    participant_code: str = ""

    def where(self) -> tuple[str, list[Any], set[str]]:
        """The WHERE clause, its parameters, and the joins it needs."""
        # Not "s.deleted = 0": that reads every row; this lets the (study_id, started_at)
        # index answer the common query alone (tombstones are few).
        clauses = ["s.rowid NOT IN (SELECT rowid FROM sessions WHERE deleted = 1)"]
        parameters: list[Any] = []
        joins: set[str] = set()
        for column, value in (
            ("s.study_id", self.study_id),
            ("s.instrument_id", self.instrument_id),
            ("s.site_id", self.site_id),
            ("s.fieldworker_id", self.fieldworker_id),
            ("s.status", self.status),
        ):
            if value:
                clauses.append(f"{column} = ?")
                parameters.append(value)
        if self.date_from:
            clauses.append("s.started_at >= ?")
            parameters.append(date.fromisoformat(self.date_from).isoformat())
        if self.date_to:
            clauses.append("s.started_at < ?")
            parameters.append((date.fromisoformat(self.date_to) + timedelta(days=1)).isoformat())
        code = self.participant_code.strip()
        if code:
            clauses.append("p.code LIKE ? ESCAPE '\\'")
            parameters.append("%" + _escape_like(code) + "%")
            joins.add("p")
        return " AND ".join(clauses), parameters, joins


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _join_sql(needed: set[str]) -> str:
    return " ".join(_JOINS[alias] for alias in ("i", "st", "p", "f") if alias in needed)


def session_keys(
    store: Store,
    filters: SessionFilter,
    sort: str = "started",
    descending: bool = True,
    limit: int | None = None,
) -> array:
    """Rowids of the matching sessions in display order, in one query (8 bytes each);
    the first `limit` of them when a limit is given."""
    if sort not in SORT_COLUMNS:
        raise ValueError(f"cannot sort sessions by {sort!r}")
    where, parameters, joins = filters.where()
    order_column = SORT_COLUMNS[sort]
    alias = order_column.split(".")[0].removeprefix("coalesce(")
    if alias in _JOINS:
        joins.add(alias)
    direction = "DESC" if descending else "ASC"
    cursor = store.conn.execute(
        f"SELECT s.rowid FROM sessions s {_join_sql(joins)} WHERE {where} "
        f"ORDER BY {order_column} {direction}, s.rowid {direction}"
        + ("" if limit is None else f" LIMIT {int(limit)}"),
        parameters,
    )
    return array("q", [row[0] for row in cursor.fetchall()])


def session_page(store: Store, keys: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The list's rows for these rowids (a page), keyed by rowid; missing ones are left out."""
    if not keys:
        return {}
    marks = ", ".join("?" for _ in keys)
    rows = store.rows(
        "SELECT s.rowid AS rowid, s.id, s.study_id, s.instrument_id, s.started_at, s.ended_at, "
        "s.status, s.mode, s.verifies_session_id, i.name AS instrument_name, "
        "i.kind AS instrument_kind, i.version_number AS instrument_version, "
        "coalesce(st.name, '') AS site_name, coalesce(p.code, '') AS participant_code, "
        "coalesce(f.name, '') AS fieldworker_name "
        f"FROM sessions s {_join_sql({'i', 'st', 'p', 'f'})} WHERE s.rowid IN ({marks})",
        tuple(keys),
    )
    return {row["rowid"]: row for row in rows}


def session_key(store: Store, session_id: str) -> int | None:
    """The rowid of a session (to find it again in a list)."""
    return store.scalar("SELECT rowid FROM sessions WHERE id = ?", (session_id,))
