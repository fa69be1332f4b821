"""What an import did, or why it was refused: every rejected cell, with sheet, row, column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from storage.changes import Changes

#: Problems kept in the report; beyond this they are only counted (a wholly wrong file
#: could otherwise hold millions).
MAX_PROBLEMS_KEPT = 10_000


@dataclass(frozen=True)
class CellProblem:
    """One refused cell (or column, row is 1; or sheet, column is "")."""

    sheet: str
    row: int | None
    column: str
    letter: str
    value: Any
    why: str

    def __str__(self) -> str:
        where = self.sheet
        if self.letter and self.row:
            where += f"!{self.letter}{self.row}"
        elif self.row:
            where += f" row {self.row}"
        if self.column:
            where += f" ({self.column})"
        shown = ""
        if self.value is not None and self.value != "":
            text = str(self.value)
            shown = f" [{text[:60]}{'...' if len(text) > 60 else ''}]"
        return f"{where}: {self.why}{shown}"


@dataclass
class ImportReport:
    """The outcome of import_responses; `accepted` is False when nothing was written."""

    path: Path
    form: str = ""
    instrument_id: str = ""
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    sessions_added: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    answers_written: int = 0
    problems: list[CellProblem] = field(default_factory=list)
    problem_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    backup: Path | None = None
    cancelled: bool = False
    changes: Changes = field(default_factory=Changes)

    @property
    def accepted(self) -> bool:
        return not self.problem_count and not self.cancelled

    def refuse(
        self, sheet: str, row: int | None, position: int | None, column: str, value: Any, why: str
    ) -> None:
        """Record a refused cell (position is the 0-based column index, None for no cell)."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            letter = get_column_letter(position + 1) if position is not None else ""
            self.problems.append(CellProblem(sheet, row, column, letter, value, why))

    def summary(self) -> str:
        if self.cancelled:
            return f"Import of {self.path.name} cancelled; the database is unchanged."
        if self.problem_count:
            more = ""
            if self.problem_count > len(self.problems):
                more = f" (the first {len(self.problems):,} are listed)"
            return (
                f"Import of {self.path.name} refused: {self.problem_count:,} problem(s) in "
                f"{self.rows_read:,} rows{more}; the database is unchanged."
            )
        return (
            f"Imported {self.path.name} into {self.form}: {self.rows_read:,} rows, "
            f"{self.sessions_added:,} sessions added, {self.sessions_updated:,} updated, "
            f"{self.sessions_unchanged:,} unchanged, {self.answers_written:,} answers written."
        )
