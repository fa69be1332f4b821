"""What an export is asked to do (ExportOptions) and what it did (ExportReport)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exports.cells import EXCEL_MAX_ROWS, EXCEL_MAX_TEXT


@dataclass(frozen=True)
class CellLimits:
    """Excel's limits; tests shrink them to see splitting without writing a million rows."""

    max_text: int = EXCEL_MAX_TEXT
    max_rows: int = EXCEL_MAX_ROWS


@dataclass(frozen=True)
class ExportOptions:
    """Filters and presentation of one export; the defaults are the command line's.

    Empty filter tuples mean "all". `date_from` and `date_to` are inclusive and compare
    with the session's start date (UTC). `deidentify` is for data leaving the team: no
    identities, no question flagged identifying, no free text of withdrawn participants;
    it cannot be combined with `with_identities`. Withdrawn participants' data is left
    out unless `include_withdrawn`.
    """

    studies: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[str, ...] = ()
    header_labels: bool = False
    value_labels: bool = False
    include_nonrelevant: bool = False
    with_identities: bool = False
    deidentify: bool = False
    include_withdrawn: bool = False
    language: str | None = None
    limits: CellLimits = field(default_factory=CellLimits)

    def filter_lines(self) -> list[tuple[str, str]]:
        """The filters in words, for the About sheet."""
        lines = [
            ("Studies", ", ".join(self.studies) or "all"),
            ("Instruments", ", ".join(self.instruments) or "all"),
            ("Sites", ", ".join(self.sites) or "all"),
            ("Sessions started from", self.date_from.isoformat() if self.date_from else "any"),
            ("Sessions started up to", self.date_to.isoformat() if self.date_to else "any"),
            ("Session status", ", ".join(self.statuses) or "any"),
        ]
        return lines


@dataclass
class SheetReport:
    """One logical sheet: its name, data rows, and the sheets it continued on."""

    name: str
    rows: int = 0
    continued_on: list[str] = field(default_factory=list)


@dataclass
class SplitColumn:
    """A column whose long texts are continued in `parts - 1` more columns."""

    sheet: str
    column: str
    parts: int


@dataclass
class ExportReport:
    """What an export wrote, for the GUI's message and the command's output."""

    path: Path | None = None
    sheets: list[SheetReport] = field(default_factory=list)
    split_columns: list[SplitColumn] = field(default_factory=list)
    unmatched_answers: int = 0
    deidentified: bool = False
    identities_included: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    #: The sheet a CSV export wrote (None for a workbook).
    csv_sheet: str | None = None
    #: Seconds spent per stage ("questionnaires", "save"), to see where time goes.
    timings: dict[str, float] = field(default_factory=dict)

    def rows(self, sheet: str) -> int:
        for report in self.sheets:
            if report.name == sheet:
                return report.rows
        raise KeyError(sheet)

    def summary(self) -> str:
        if self.cancelled:
            return "Export cancelled; no file was written."
        if self.csv_sheet is not None:
            rows = self.rows(self.csv_sheet)
            return f"Wrote {self.path}: sheet {self.csv_sheet!r}, {rows:,} rows."
        total = sum(sheet.rows for sheet in self.sheets)
        mode = "de-identified" if self.deidentified else "not de-identified"
        return (
            f"Wrote {self.path}: {len(self.sheets)} sheets, {total:,} rows, {mode}, "
            f"identities {'included' if self.identities_included else 'left out'}, "
            f"in {self.seconds:.1f} s."
        )
