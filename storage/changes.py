"""What a write touched, so screens refresh only what cares (as Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    """Tables and row ids one operation wrote."""

    tables: set[str] = field(default_factory=set)
    row_ids: set[str] = field(default_factory=set)

    def add(self, table: str, row_id: str | None = None) -> Changes:
        self.tables.add(table)
        if row_id is not None:
            self.row_ids.add(row_id)
        return self

    def merge(self, other: Changes) -> Changes:
        self.tables |= other.tables
        self.row_ids |= other.row_ids
        return self

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))
