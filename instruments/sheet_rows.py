"""The rows of one worksheet to write, and the one place that writes them as text cells.

Writers build `SheetRows` (plain data, easy to test); `write_workbook` puts them in an .xlsx
with every value as a text cell. openpyxl would otherwise write a string that starts with
'=' as a formula (DESIGN.md section 7), turning a label into a broken calculation.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class SheetRows:
    """One sheet: its headers, then data rows from sheet row 2 (None is a blank row)."""

    name: str
    headers: list[str] = field(default_factory=list)
    rows: list[dict[str, str] | None] = field(default_factory=list)

    def place(self, row_number: int, cells: dict[str, str]) -> None:
        """Put a row at an Excel row number (>= 2), leaving blank rows before it."""
        index = row_number - 2
        if index < len(self.rows):
            raise ValueError(f"row {row_number} of {self.name} is already written")
        self.rows.extend([None] * (index - len(self.rows)))
        self.rows.append(cells)

    @property
    def next_row(self) -> int:
        """The Excel row number the next appended row would take."""
        return len(self.rows) + 2


def write_workbook(sheets: Sequence[SheetRows], path: str | PathLike[str]) -> Path:
    """Write the sheets to an .xlsx in streaming mode, every value a text cell."""
    from openpyxl import Workbook

    path = Path(path)
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([_text_cell(worksheet, header) for header in sheet.headers])
        for row in sheet.rows:
            if row is None:
                worksheet.append([])
            else:
                worksheet.append([_text_cell(worksheet, row.get(h)) for h in sheet.headers])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook.save(partial)
        partial.replace(path)  # a failed write never leaves half a workbook at `path`
    finally:
        partial.unlink(missing_ok=True)
    return path


def _text_cell(worksheet: Any, value: str | None) -> Any:
    """A cell that holds `value` as text, never as a formula (None stays an empty cell).

    Control characters an .xlsx cannot hold (pasted into a label, never read from a
    workbook) are left out rather than failing the whole export.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    cell = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell
