"""The one place that turns a value into a worksheet cell, safely.

- Text is always text: openpyxl writes any string starting with "=" as a formula and the
  seven error words ("#N/A", ...) as error cells, so those become a WriteOnlyCell forced
  to type "s". Every other string is handed to openpyxl as it is, which writes it as an
  inline string (type "inlineStr"): "+44 ...", "-x" and "@SUM(...)" stay text too. Plain
  strings avoid a cell object per value, which keeps the export within reach of a bare
  openpyxl loop.
- Characters XML cannot hold (control characters, lone surrogates) are written with the
  OOXML escape `_xHHHH_` that Excel decodes, and a literal `_xHHHH_` in the text has its
  underscore escaped (`_x005F_`), so Excel shows exactly the stored text and the import
  reads it back unchanged (`unescape_text`).
- Text longer than a cell holds is split into parts (`split_text`) by the sheet writer;
  a value that reaches a cell unsplit and too long raises, never truncates.
- Numbers are numbers, dates and times are Excel dates with openpyxl's date formats;
  integers beyond 2**53 and dates before 1900, which Excel cannot hold exactly, are text.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell

from exports.errors import ExportError

#: Excel's limit on the characters of one cell (counted in UTF-16 units).
EXCEL_MAX_TEXT = 32_767
#: Excel's limit on rows per sheet, header included.
EXCEL_MAX_ROWS = 1_048_576
EXACT_INTEGER_LIMIT = 2**53
#: A text limit meaning "no limit" (CSV): nothing is ever split.
UNLIMITED_TEXT = 2**62

# What XML 1.0 cannot carry, and a literal escape sequence Excel would decode.
_NEEDS_ESCAPE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_ERROR_WORDS = frozenset(ERROR_CODES)
# Openpyxl turns these into formula or error cells; they need a cell forced to text.
_RISKY_START = frozenset("=#")
# Characters that start a formula when a CSV file is opened in Excel (OWASP's list).
_CSV_FORMULA_START = re.compile("^'*[=+\\-@\t\r]")
_CSV_ESCAPED_START = re.compile("^'+[=+\\-@\t\r]")


def _escape_match(match: re.Match[str]) -> str:
    char = match.group(0)
    return "_x005F_" if char == "_" else f"_x{ord(char):04X}_"


def escape_text(text: str) -> str:
    """Text as OOXML stores it: unencodable characters and literal escapes escaped."""
    return _NEEDS_ESCAPE.sub(_escape_match, text)


def unescape_text(text: str) -> str:
    """The text a cell holds once Excel has decoded its `_xHHHH_` escapes."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _is_plain(text: str) -> bool:
    """Printable ASCII without escape look-alikes: one written character per character."""
    return text.isascii() and text.isprintable() and "_x" not in text


def _char_cost(char: str) -> int:
    """Cells a character takes once written: UTF-16 units, or its escape's length."""
    if _NEEDS_ESCAPE.match(char):
        return 7
    return 2 if ord(char) > 0xFFFF else 1


def text_cost(text: str) -> int:
    """How much of a cell's limit `text` uses (UTF-16 units, escapes counted whole)."""
    if _is_plain(text):
        return len(text)
    return len(escape_text(text).encode("utf-16-le")) // 2


def split_text(text: str, limit: int = EXCEL_MAX_TEXT) -> list[str]:
    """Text cut into parts that each fit one cell; joined they give `text` back.

    Parts never cut a character in two. The common case (fits) costs one length check.
    """
    if len(text) <= limit // 7 or text_cost(text) <= limit:
        return [text]
    if _is_plain(text):
        return [text[start : start + limit] for start in range(0, len(text), limit)]
    parts: list[str] = []
    start = 0
    used = 0
    for position, char in enumerate(text):
        cost = 7 if char == "_" and _NEEDS_ESCAPE.match(text, position) else _char_cost(char)
        if used + cost > limit:
            parts.append(text[start:position])
            start, used = position, 0
        used += cost
    parts.append(text[start:])
    return parts


def parts_needed(text: str, limit: int = EXCEL_MAX_TEXT) -> int:
    return len(split_text(text, limit))


class CellMaker:
    """Makes the cells of one worksheet: `make(value)` gives what `ws.append` should get."""

    def __init__(self, worksheet: Any, max_text: int = EXCEL_MAX_TEXT) -> None:
        self.worksheet = worksheet
        self.max_text = max_text

    def text(self, text: str) -> Any:
        """A string cell that can only ever be text."""
        if not text:
            return None
        if _is_plain(text):
            if len(text) > self.max_text:
                raise _too_long(text, self.max_text)
        else:
            if text_cost(text) > self.max_text:
                raise _too_long(text, self.max_text)
            text = escape_text(text)
        if text[0] in _RISKY_START or text in _ERROR_WORDS:
            cell = WriteOnlyCell(self.worksheet, value=text)
            cell.data_type = "s"
            return cell
        return text

    def text_cell(self, text: str) -> Cell:
        """A cell object holding text (for headers, which get a style)."""
        made = self.text(text)
        if isinstance(made, Cell):
            return made
        cell = WriteOnlyCell(self.worksheet, value=made)
        cell.data_type = "s"
        return cell

    def make(self, value: Any) -> Any:
        """The cell for a Python value (see the module docstring for the rules)."""
        kind = type(value)
        if kind is str:
            # The common case inline (this runs once per cell): short printable ASCII.
            if (
                value
                and value[0] not in _RISKY_START
                and value.isascii()
                and value.isprintable()
                and "_x" not in value
                and len(value) <= self.max_text
            ):
                return value
            return self.text(value)
        if value is None:
            return None
        if kind is int:
            return value if -EXACT_INTEGER_LIMIT < value < EXACT_INTEGER_LIMIT else str(value)
        if kind is float:
            return value if math.isfinite(value) else self.text(repr(value))
        if kind is bool:
            return value
        if kind is datetime or kind is date:
            if value.year < 1900 or getattr(value, "tzinfo", None) is not None:
                return self.text(value.isoformat())
            return value
        if kind is time:
            return value if value.tzinfo is None else self.text(value.isoformat())
        if kind is timedelta:
            return value
        if kind is list or kind is dict:
            return self.text(json.dumps(value, ensure_ascii=False))
        return self.text(str(value))


def _too_long(text: str, limit: int) -> ExportError:
    return ExportError(
        f"A value of {len(text):,} characters reached a cell that holds {limit:,} without "
        f"being split (it begins {text[:40]!r}); nothing was written. Please report this."
    )


# --- CSV --------------------------------------------------------------------------------------


def csv_text(value: Any) -> str:
    """A value as CSV text Excel opens without running anything.

    Text that Excel would read as a formula (starting with =, +, -, @, tab or return,
    after any apostrophes) gets one more leading apostrophe; `csv_unescape` takes it off,
    so the import reads back exactly what was exported. Numbers are written plainly.
    """
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return "'" + value if _CSV_FORMULA_START.match(value) else value
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int or kind is float:
        return repr(value)
    if kind is datetime:
        return value.isoformat(sep=" ")
    if kind is date or kind is time:
        return value.isoformat()
    if kind is timedelta:
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if kind is list or kind is dict:
        return csv_text(json.dumps(value, ensure_ascii=False))
    return csv_text(str(value))


def csv_unescape(text: str) -> str:
    """Undo `csv_text`'s protective apostrophe."""
    return text[1:] if _CSV_ESCAPED_START.match(text) else text
