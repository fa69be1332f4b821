"""Stamped, audited writes of user rows: the only code that inserts, updates or deletes them.

Every row a user creates carries a UUID, created/updated times and the writing device, and
every change is recorded in `audit` with old and new values, inside the caller's transaction.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from storage.changes import Changes
from storage.clock import new_id, stamp_after, utc_now
from storage.errors import ValidationError
from storage.schema import USER_TABLES

if TYPE_CHECKING:
    from storage.store import Store

_STAMPS = ("id", "created_at", "updated_at", "device_id", "deleted")


class RowWriter:
    """Writes user rows of one Store with stamps and audit."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._columns: dict[str, tuple[str, ...]] = {}

    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            info = self.store.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = tuple(row[1] for row in info)
        return self._columns[table]

    def _check(self, table: str, values: dict[str, Any]) -> None:
        if table not in USER_TABLES:
            raise ValueError(f"{table} is not a table of user rows")
        unknown = set(values) - set(self.columns(table)) - set(_STAMPS)
        if unknown:
            raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")

    def audit(
        self, table: str, row_id: str, action: str, changes: dict[str, Any], at: str | None = None
    ) -> None:
        """Record a change; `at` is the row's new updated_at when there is one, so the trail
        and the row agree on when (merges compare the two)."""
        self.store.conn.execute(
            "INSERT INTO audit(at, device_id, table_name, row_id, action, changes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                at or utc_now(),
                self.store.device.device_id,
                table,
                row_id,
                action,
                json.dumps(changes, ensure_ascii=False, default=str),
            ),
        )

    def insert(self, table: str, values: dict[str, Any], row_id: str | None = None) -> str:
        """Insert a new row; returns its id."""
        self._check(table, values)
        now = utc_now()
        row = dict(values)
        row["id"] = row_id or values.get("id") or new_id()
        row.update(created_at=now, updated_at=now, device_id=self.store.device.device_id, deleted=0)
        names = list(row)
        placeholders = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{name}"' for name in names)
        with self.store.transaction():
            try:
                self.store.conn.execute(
                    f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})",
                    [row[name] for name in names],
                )
            except Exception as error:
                raise _explain(error, table) from error
            self.audit(
                table, row["id"], "insert", {k: [None, v] for k, v in values.items()}, at=now
            )
        return row["id"]

    def update(self, table: str, row_id: str, values: dict[str, Any]) -> bool:
        """Change the given columns; returns False (and writes nothing) if nothing differs."""
        self._check(table, values)
        with self.store.transaction():
            current = self.store.row(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
            if current is None:
                raise ValidationError(f"There is no {table[:-1]} with id {row_id}.")
            diff = {k: [current[k], v] for k, v in values.items() if current[k] != v}
            if not diff:
                return False
            assignments = ", ".join(f'"{name}" = ?' for name in diff)
            stamp = stamp_after(utc_now(), current["updated_at"])
            try:
                self.store.conn.execute(
                    f"UPDATE {table} SET {assignments}, updated_at = ?, device_id = ? WHERE id = ?",
                    [values[name] for name in diff] + [stamp, self.store.device.device_id, row_id],
                )
            except Exception as error:
                raise _explain(error, table) from error
            self.audit(table, row_id, "update", diff, at=stamp)
        return True

    def delete(self, table: str, row_id: str) -> bool:
        """Tombstone a row (deleted = 1) so the deletion travels through merges."""
        with self.store.transaction():
            current = self.store.row(
                f"SELECT deleted, updated_at FROM {table} WHERE id = ?", (row_id,)
            )
            if current is None or current["deleted"]:
                return False
            stamp = stamp_after(utc_now(), current["updated_at"])
            self.store.conn.execute(
                f"UPDATE {table} SET deleted = 1, updated_at = ?, device_id = ? WHERE id = ?",
                (stamp, self.store.device.device_id, row_id),
            )
            self.audit(table, row_id, "delete", {"deleted": [0, 1]}, at=stamp)
        return True

    def changes(self, table: str, row_id: str) -> Changes:
        return Changes().add(table, row_id)


def _explain(error: Exception, table: str) -> Exception:
    """Turn SQLite constraint failures into sentences."""
    text = str(error)
    if "UNIQUE constraint failed: participants.study_id, participants.code" in text:
        return ValidationError("That participant code is already used in this study.", "code")
    if "FOREIGN KEY constraint failed" in text:
        return ValidationError(f"A {table[:-1]} refers to something that does not exist.")
    if "CHECK constraint failed" in text:
        return ValidationError(f"A value for {table} is not allowed ({text}).")
    if "NOT NULL constraint failed" in text:
        column = text.rsplit(".", 1)[-1]
        return ValidationError(f"{column.replace('_', ' ').capitalize()} is required.", column)
    return error
