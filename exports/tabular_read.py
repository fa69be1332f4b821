"""Reading a spreadsheet for the import: .xlsx/.xlsm sheets or one CSV file, row by row.

Rows stream (openpyxl read-only; csv module), so a large file is never held in memory.
Cells come back as Python values: text with Excel's `_xHHHH_` escapes decoded, numbers,
dates and times; CSV cells are text with the export's protective apostrophe removed
(exports.cells.csv_unescape). Rows with no value at all are skipped.
"""

from __future__ import annotations

import contextlib
import csv
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exports.cells import csv_unescape, unescape_text
from exports.errors import DataImportError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
# What openpyxl, zipfile, zlib and the XML parsers raise on a damaged or truncated file
# (lxml's and ElementTree's parse errors are SyntaxErrors), at opening or mid-sheet.
DAMAGED_FILE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    EOFError,
    SyntaxError,
    AttributeError,
    IndexError,
)


def _damaged(path: Path, error: Exception) -> DataImportError:
    return DataImportError(
        f"{path.name} is damaged or not a complete Excel workbook ({type(error).__name__}: "
        f"{str(error)[:80]}); nothing was imported. Open it in Excel and save it again."
    )


def _guarded(path: Path, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """Rows, with a damaged file's low-level errors turned into one clear refusal."""
    try:
        yield from rows
    except DataImportError:
        raise
    except UnicodeDecodeError as error:
        raise DataImportError(
            f"{path.name} is not UTF-8 text; save it from Excel as 'CSV UTF-8' and try again."
        ) from error
    except (csv.Error, *DAMAGED_FILE_ERRORS) as error:
        raise _damaged(path, error) from error


@dataclass
class TableSheet:
    """One sheet: its name, header row, and a way to read its data rows."""

    name: str
    headers: list[str]
    row_count: int  # data rows, or 0 when the file does not say
    _reader: Any
    path: Path

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row number, values) for each data row that holds anything."""
        return _guarded(self.path, self._reader())


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_text(str(value)).strip()


def _xlsx_value(value: Any) -> Any:
    if type(value) is str:
        value = unescape_text(value)
        return value if value.strip() else None
    return value


def _count_rows(path: Path, member: str) -> int:
    """Rows of a sheet whose file does not declare its size (streaming writers, ours too),
    counted in the compressed XML without parsing it: only for the progress bar."""
    if not member:
        return 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as sheet:
            count, tail = 0, b""
            while chunk := sheet.read(1 << 20):
                block = tail + chunk
                count += block.count(b"<row ")
                tail = block[-4:]
            return count
    except (KeyError, OSError, zipfile.BadZipFile):
        return 0


def _xlsx_sheets(path: Path, workbook: Any) -> list[TableSheet]:
    sheets = []
    for worksheet in workbook.worksheets:
        if not hasattr(worksheet, "iter_rows"):
            continue
        rows = worksheet.iter_rows(values_only=True)
        first = next(rows, None)
        headers = [_header_text(value) for value in first or ()]
        while headers and not headers[-1]:
            headers.pop()
        declared = worksheet.max_row if isinstance(worksheet.max_row, int) else 0
        if not declared:
            declared = _count_rows(path, getattr(worksheet, "_worksheet_path", ""))

        def read(worksheet: Any = worksheet) -> Iterator[tuple[int, list[Any]]]:
            for number, values in enumerate(worksheet.iter_rows(min_row=2, values_only=True), 2):
                cleaned = [_xlsx_value(value) for value in values]
                if any(value is not None for value in cleaned):
                    yield number, cleaned

        sheets.append(TableSheet(worksheet.title, headers, max(declared - 1, 0), read, path))
    return sheets


class _Semicolons(csv.excel):
    delimiter = ";"


class _Tabs(csv.excel):
    delimiter = "\t"


def _csv_dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the delimiter the header line uses most (Kobo writes ';')."""
    header = sample.split("\n", 1)[0]
    counts = {",": header.count(","), ";": header.count(";"), "\t": header.count("\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    if not counts[best] or best == ",":
        return csv.excel
    return _Semicolons if best == ";" else _Tabs


def _csv_sheet(path: Path) -> TableSheet:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            dialect = _csv_dialect(sample)
            headers = [_header_text(csv_unescape(h)) for h in next(csv.reader(handle, dialect), [])]
            count = sum(1 for _ in csv.reader(handle, dialect))
    except UnicodeDecodeError as error:
        raise DataImportError(
            f"{path.name} is not UTF-8 text; save it from Excel as 'CSV UTF-8' and try again."
        ) from error
    except csv.Error as error:
        raise DataImportError(f"{path.name} is not a readable CSV file ({error}).") from error
    while headers and not headers[-1]:
        headers.pop()

    def read() -> Iterator[tuple[int, list[Any]]]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, dialect)
            next(reader, None)
            for number, values in enumerate(reader, 2):
                cleaned = [csv_unescape(v) if v.strip() else None for v in values]
                if any(value is not None for value in cleaned):
                    yield number, cleaned

    return TableSheet(path.stem, headers, count, read, path)


@contextlib.contextmanager
def open_table_file(path: Path | str) -> Iterator[list[TableSheet]]:
    """The sheets of a spreadsheet or CSV file; refuses other files with a clear message."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise DataImportError(f"There is no file at {path}.")
    if path.stat().st_size == 0:
        raise DataImportError(f"{path.name} is empty (0 bytes): there is nothing to import.")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield [_csv_sheet(path)]
        return
    if suffix not in SPREADSHEET_SUFFIXES:
        raise DataImportError(
            f"{path.name}: import reads .xlsx or .csv files (save an .xls or .ods as .xlsx)."
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as error:
        raise DataImportError(f"{path.name} could not be read as an Excel workbook.") from error
    except DAMAGED_FILE_ERRORS as error:
        raise _damaged(path, error) from error
    try:
        try:
            sheets = _xlsx_sheets(path, workbook)
        except DAMAGED_FILE_ERRORS as error:
            raise _damaged(path, error) from error
        yield sheets
    finally:
        workbook.close()
