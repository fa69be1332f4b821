"""What an import changed or doubted: warnings and downgrades, each at a cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from instruments.errors import describe_location

if TYPE_CHECKING:
    from instruments.model import Instrument

EntryKind = Literal["warning", "downgrade"]


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One remark about the imported file, located so the author can find the cell."""

    kind: EntryKind
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        location = describe_location(self.sheet, self.row, self.column)
        return f"{location}: {self.message}" if location else self.message

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


@dataclass(slots=True)
class ImportReport:
    """Everything the import wants the user to know, in sheet order.

    Downgrades say how a question the laptop cannot capture as designed will be entered;
    warnings say what was ignored or disabled (unknown functions, calculation cycles, ...).
    """

    warnings: list[ReportEntry] = field(default_factory=list)
    downgrades: list[ReportEntry] = field(default_factory=list)

    def warn(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.warnings.append(ReportEntry("warning", message, sheet, row, column))

    def downgrade(self, message: str, *, row: int, column: str = "type") -> None:
        self.downgrades.append(ReportEntry("downgrade", message, "survey", row, column))

    @property
    def entries(self) -> list[ReportEntry]:
        """Downgrades then warnings, each group in the order they were found."""
        return [*self.downgrades, *self.warnings]

    def lines(self) -> list[str]:
        """One printable line per entry, for the CLI and the import dialog."""
        return [f"{entry.kind}: {entry}" for entry in self.entries]

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        return {
            "warnings": [entry.to_dict() for entry in self.warnings],
            "downgrades": [entry.to_dict() for entry in self.downgrades],
        }


class ImportResult(NamedTuple):
    """An imported instrument and the report that goes with it (unpacks as a pair)."""

    instrument: Instrument
    report: ImportReport
