"""Reading and checking a workbook with pyxform, and saying where its refusals are.

pyxform is the reference XLSForm converter: its workbook reader already copes with messy
real-world files (upper-case sheet names, a missing settings sheet, non-breaking spaces,
formulas, `label::English (en)`), and its checks define what a valid XLSForm is. We run
its reader and its checks (not ODK Validate, which needs Java), and turn each
PyXFormError into a FormError that names the sheet, row and column where we can find them.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from instruments.errors import FormError, unreadable_workbook
from instruments.report import ImportReport

_RE_ROW_PREFIX = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
_RE_SHEET_COLUMN = re.compile(r"On the '([^']+)' sheet, the '([^']+)' value")
_RE_UNKNOWN_TYPE = re.compile(r"^Unknown question type '(.*)'\.$", re.DOTALL)
_RE_DUPLICATE_HEADER = re.compile(r"^Duplicate column header: (.*)$", re.DOTALL)
_RE_CHOICE_WITH_SPACE = re.compile(r"See \[(.*)\] in \[(.*)\]")

# pyxform warnings about phone-only concerns that mean nothing on a laptop.
_IRRELEVANT_WARNINGS = ("max-pixels",)


def load_definition(path: Path) -> DefinitionData:
    """Read the workbook's sheets into pyxform's row dicts (strings, rows kept in place)."""
    if not path.is_file():
        raise FormError(f"{path.name}: no such file")
    if path.stat().st_size == 0:
        raise FormError(f"{path.name} is empty (0 bytes), so it holds no form")
    if path.suffix.lower() in {".xlsx", ".xlsm"} and not zipfile.is_zipfile(path):
        raise FormError(f"{path.name} is not an Excel workbook (.xlsx): it cannot be opened")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it drops; none affects a form.
            warnings.simplefilter("ignore", UserWarning)
            return get_xlsform(str(path))
    except PyXFormError as error:
        raise translate_error(error, None, path) from error
    except Exception as error:  # zlib, XML and openpyxl errors from a damaged file
        raise unreadable_workbook(path.name, error) from error


def check_with_pyxform(definition: DefinitionData, path: Path, report: ImportReport) -> None:
    """Run pyxform's own checks; refuse what it refuses, keep its warnings in the report."""
    # pyxform may drop a duplicate id column from the settings rows: give it copies.
    settings = [dict(row) for row in definition.settings] if definition.settings else None
    settings_header = (
        [dict(row) for row in definition.settings_header] if definition.settings_header else None
    )
    checked = replace(definition, settings=settings, settings_header=settings_header)
    found: list[str] = []
    try:
        json_form = workbook_to_json(
            checked, fallback_form_name=definition.fallback_form_name, warnings=found
        )
        create_survey_element_from_dict(json_form)
    except PyXFormError as error:
        raise translate_error(error, definition, path) from error
    for message in found:
        if any(word in message for word in _IRRELEVANT_WARNINGS):
            continue
        row, text = _split_row(message)
        match = _RE_SHEET_COLUMN.search(text)
        sheet = match.group(1) if match else ("survey" if row is not None else None)
        report.warn(text, sheet=sheet, row=row, column=match.group(2) if match else None)


def _split_row(message: str) -> tuple[int | None, str]:
    match = _RE_ROW_PREFIX.match(message)
    if match is None:
        return None, message.strip()
    return int(match.group(1)), message[match.end() :].strip()


def translate_error(
    error: PyXFormError, definition: DefinitionData | None, path: Path
) -> FormError:
    """A FormError with pyxform's message and the sheet, row and column we can derive."""
    message = str(error).strip()
    if message.startswith("Argument 'definition' was not recognized"):
        return FormError(f"{path.name} could not be read as an XLSForm workbook ({message})")
    context = error.context or {}
    row, message = _split_row(message)
    if row is None and isinstance(context.get("row"), int):
        row = context["row"]
    sheet = context.get("sheet") or context.get("sheet_name")
    column = context.get("column")
    match = _RE_SHEET_COLUMN.search(message)
    if match:
        sheet = sheet or match.group(1)
        column = column or match.group(2)
    if row is not None:
        return FormError(message, sheet=sheet or "survey", row=row, column=column)
    return _locate(message, definition, path, sheet, column)


def _locate(
    message: str,
    definition: DefinitionData | None,
    path: Path,
    sheet: str | None,
    column: str | None,
) -> FormError:
    """Find the cell behind a pyxform message that does not say where it is."""
    survey = definition.survey if definition else None
    match = _RE_UNKNOWN_TYPE.match(message)
    if match:
        row = _find_row(survey, "type", match.group(1))
        return FormError(message, sheet="survey", row=row, column="type")
    if message.startswith("This section has not been included"):
        row = _find_row(survey, "type", "include")
        return FormError(
            f"{message} (the obsolete 'include' type needs a second workbook)",
            sheet="survey",
            row=row,
            column="type",
        )
    match = _RE_DUPLICATE_HEADER.match(message)
    if match:
        sheet_name, letters = _find_duplicate_header(path, match.group(1))
        where = f" (columns {letters})" if letters else ""
        return FormError(message + where, sheet=sheet_name, row=1, column=match.group(1))
    if "choices sheet" in message and "external_choices" not in message:
        return FormError(message, sheet="choices", column=column)
    if "external_choices sheet" in message:
        return FormError(message, sheet="external_choices", column=column)
    match = _RE_CHOICE_WITH_SPACE.search(message)
    if match and definition is not None:
        row = _find_choice_row(definition.choices, match.group(2), match.group(1))
        return FormError(message, sheet="choices", row=row, column="name")
    if "sheet named 'survey'" in message:
        return FormError(message, sheet="survey")
    return FormError(message, sheet=sheet, column=column)


def _find_row(rows: Sequence[Mapping[str, str]] | None, column: str, value: str) -> int | None:
    """The sheet row of the first data row whose column (any header case) holds value."""
    for index, row in enumerate(rows or (), start=2):
        for header, cell in row.items():
            if header.strip().lower() == column and cell == value:
                return index
    return None


def _find_choice_row(
    rows: Sequence[Mapping[str, str]] | None, list_name: str, name: str
) -> int | None:
    for index, row in enumerate(rows or (), start=2):
        values = {header.strip().lower().replace(" ", "_"): cell for header, cell in row.items()}
        if values.get("list_name") == list_name and values.get("name") == name:
            return index
    return None


def _find_duplicate_header(path: Path, header: str) -> tuple[str | None, str]:
    """Which sheet has the header twice, and the column letters (pyxform does not say)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None, ""
    try:
        for worksheet in workbook.worksheets:
            first = next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
            positions = [
                index
                for index, value in enumerate(first, start=1)
                if isinstance(value, str) and value.strip() == header
            ]
            if len(positions) > 1:
                letters = [get_column_letter(index) for index in positions]
                return worksheet.title.lower(), f"{', '.join(letters[:-1])} and {letters[-1]}"
    finally:
        workbook.close()
    return None, ""
