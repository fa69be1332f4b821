"""Where sheet modules send their rows: an .xlsx worksheet, a CSV file, or a row counter.

A sheet module describes its columns and appends rows of plain Python values; the writer
makes the cells (exports.cells), continues long texts in their part columns, continues a
sheet past Excel's row limit on `Name (2)`, and styles the header (bold, frozen,
autofilter, widths). Sheet modules never see openpyxl.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from exports.cells import UNLIMITED_TEXT, CellMaker, csv_text, split_text
from exports.errors import ExportError
from exports.options import CellLimits, SheetReport
from exports.sheet_names import SheetNames

EXCEL_MAX_COLUMNS = 16_384
_BOLD = Font(bold=True)
_WIDTHS = {
    "id": 38.0,
    "text": 40.0,
    "date": 12.0,
    "dateTime": 19.0,
    "time": 10.0,
    "duration": 10.0,
    "integer": 10.0,
    "decimal": 12.0,
    "option": 8.0,
    "about": 28.0,
}


@dataclass
class Column:
    """One column of a sheet, with what the Dictionary says about it.

    `parts` > 1 gives the column continuation columns `header (part 2)`, ... for texts
    longer than a cell holds.
    """

    header: str
    name: str
    label: str = ""
    type: str = "text"
    choices: str = ""
    relevance: str = ""
    constraint: str = ""
    required: str = ""
    parts: int = 1

    def physical_headers(self) -> list[str]:
        return [self.header] + [f"{self.header} (part {n})" for n in range(2, self.parts + 1)]

    @property
    def width(self) -> float:
        wanted = _WIDTHS.get(self.type, 16.0)
        return min(max(wanted, len(self.header) + 2.0), 60.0)


class SheetSink(Protocol):
    report: SheetReport

    def append(self, values: Sequence[Any]) -> None: ...

    def close(self) -> None: ...


class Book(Protocol):
    """What the workbook planner writes to: one call per sheet, in workbook order."""

    limits: CellLimits

    def sheet(self, name: str, columns: list[Column], first: bool = False) -> SheetSink: ...


def _split_plan(columns: list[Column]) -> list[tuple[int, int]]:
    return [(index, column.parts) for index, column in enumerate(columns) if column.parts > 1]


def _expand(values: Sequence[Any], plan: list[tuple[int, int]], limit: int) -> list[Any]:
    """Values with each split column's text spread over its part columns."""
    expanded: list[Any] = []
    start = 0
    for index, parts in plan:
        expanded.extend(values[start:index])
        value = values[index]
        pieces = split_text(value, limit) if isinstance(value, str) else [value]
        if len(pieces) > parts:
            raise ExportError(
                f"A text of {len(value):,} characters needs {len(pieces)} cells where "
                f"{parts} were planned; nothing was written. Please report this."
            )
        expanded.extend(pieces)
        expanded.extend([None] * (parts - len(pieces)))
        start = index + 1
    expanded.extend(values[start:])
    return expanded


class XlsxBook:
    """An openpyxl write-only workbook: every sheet streams to disk as rows arrive."""

    def __init__(self, limits: CellLimits, names: SheetNames) -> None:
        self.limits = limits
        self.names = names
        self.workbook = Workbook(write_only=True)
        self.sinks: list[XlsxSheet] = []

    def sheet(self, name: str, columns: list[Column], first: bool = False) -> XlsxSheet:
        sink = XlsxSheet(self, name, columns, 0 if first else None)
        self.sinks.append(sink)
        return sink

    def save(self, path: str) -> None:
        for sink in self.sinks:
            sink.close()
        self.workbook.save(path)

    def discard(self) -> None:
        """Close every sheet's temporary file and delete it, writing no workbook."""
        for worksheet in self.workbook.worksheets:
            writer = getattr(worksheet, "_writer", None)
            if writer is None:
                continue
            with contextlib.suppress(Exception):
                if not worksheet.closed:
                    worksheet.close()
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


class XlsxSheet:
    """One logical sheet; past the row limit it continues on `Name (2)`, `Name (3)`, ..."""

    def __init__(self, book: XlsxBook, name: str, columns: list[Column], index: int | None):
        self.book = book
        self.report = SheetReport(name)
        self.columns = columns
        self.headers = [h for column in columns for h in column.physical_headers()]
        if len(self.headers) > EXCEL_MAX_COLUMNS:
            raise ExportError(
                f"The sheet {name!r} would need {len(self.headers):,} columns; Excel holds "
                f"{EXCEL_MAX_COLUMNS:,}. Export fewer instruments or use --csv."
            )
        self._plan = _split_plan(columns)
        self._rows_per_sheet = book.limits.max_rows - 1
        self._finished: list[Any] = []
        self._open(name, index)

    def _open(self, title: str, index: int | None) -> None:
        worksheet = self.book.workbook.create_sheet(title, index)
        for position, column in enumerate(self.columns_widths(), start=1):
            worksheet.column_dimensions[get_column_letter(position)].width = column
        worksheet.freeze_panes = "A2"
        self.worksheet = worksheet
        self.maker = CellMaker(worksheet, self.book.limits.max_text)
        header = []
        for text in self.headers:
            cell = self.maker.text_cell(text)
            cell.font = _BOLD
            header.append(cell)
        worksheet.append(header)
        self._rows_here = 0

    def columns_widths(self) -> list[float]:
        widths: list[float] = []
        for column in self.columns:
            widths += [column.width] * column.parts
        return widths

    def _finish_current(self) -> None:
        last = get_column_letter(max(len(self.headers), 1))
        self.worksheet.auto_filter.ref = f"A1:{last}{self._rows_here + 1}"

    def _continue(self) -> None:
        self._finish_current()
        number = len(self.report.continued_on) + 2
        title = self.book.names.continuation(self.report.name, number)
        index = self.book.workbook.sheetnames.index(self.worksheet.title) + 1
        self.report.continued_on.append(title)
        self._open(title, index)

    def append(self, values: Sequence[Any]) -> None:
        if self._rows_here >= self._rows_per_sheet:
            self._continue()
        if self._plan:
            values = _expand(values, self._plan, self.book.limits.max_text)
        make = self.maker.make
        self.worksheet.append([make(value) for value in values])
        self._rows_here += 1
        self.report.rows += 1

    def close(self) -> None:
        self._finish_current()


class CountingSheet:
    """A sheet that is not wanted (CSV of another sheet): counts rows for the About sheet."""

    def __init__(self, name: str) -> None:
        self.report = SheetReport(name)

    def append(self, values: Sequence[Any]) -> None:
        self.report.rows += 1

    def close(self) -> None:
        pass


class CsvSheet:
    """The one sheet a CSV export writes; no cell or row limits apply."""

    def __init__(self, handle: TextIO, name: str, columns: list[Column]) -> None:
        self.report = SheetReport(name)
        self._writer = csv.writer(handle, lineterminator="\r\n")
        self._writer.writerow([csv_text(column.header) for column in columns])

    def append(self, values: Sequence[Any]) -> None:
        self._writer.writerow([csv_text(value) for value in values])
        self.report.rows += 1

    def close(self) -> None:
        pass


class CsvBook:
    """Writes the sheet called `wanted` to `handle` and only counts the others."""

    limits = CellLimits(max_text=UNLIMITED_TEXT, max_rows=UNLIMITED_TEXT)

    def __init__(self, handle: TextIO, wanted: str) -> None:
        self.handle = handle
        self.wanted = wanted
        self.found = False

    def sheet(self, name: str, columns: list[Column], first: bool = False) -> SheetSink:
        if name.lower() == self.wanted.lower() and not self.found:
            self.found = True
            return CsvSheet(self.handle, name, columns)
        return CountingSheet(name)
