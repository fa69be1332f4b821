"""Render an instrument as an XLSForm workbook (survey, choices, settings) with openpyxl.

Written so the templates can leave the app as XLSForms that pyxform (and so KoboToolbox
and ODK) accept. It covers what templates use: groups and repeats, selects, numbers,
text, notes, labels and hints in any language, relevance, constraints, required,
appearance and extra choice columns (such as `score`). A general XLSForm writer may
replace it.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from instruments.model import Instrument, Question
from instruments.types import SELECT_TYPES

# (model field, XLSForm header) for single-valued survey columns, in sheet order.
_PLAIN_COLUMNS = (
    ("required", "required"),
    ("relevant", "relevant"),
    ("constraint", "constraint"),
    ("appearance", "appearance"),
    ("calculation", "calculation"),
    ("default", "default"),
    ("read_only", "read_only"),
    ("choice_filter", "choice_filter"),
    ("repeat_count", "repeat_count"),
)

# (model field, XLSForm header stem) for columns with one text per language.
_TRANSLATED_COLUMNS = (
    ("labels", "label"),
    ("hints", "hint"),
    ("constraint_messages", "constraint_message"),
    ("required_messages", "required_message"),
)


def write_xlsform(instrument: Instrument, path: str | PathLike[str]) -> Path:
    """Write `instrument` as an .xlsx XLSForm at `path`; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = list(_survey_rows(instrument.questions))
    survey_headers = ["type", "name"] + _remaining_headers(rows, ("type", "name"))
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    _write_sheet(survey, survey_headers, rows)
    choice_rows = [
        {"list_name": list_name, "name": item.name}
        | {_language_header("label", lang): text for lang, text in item.labels.items()}
        | dict(item.extra)
        for list_name, items in instrument.choice_lists.items()
        for item in items
    ]
    choice_headers = ["list_name", "name"] + _remaining_headers(choice_rows, ("list_name", "name"))
    _write_sheet(workbook.create_sheet("choices"), choice_headers, choice_rows)
    settings = _settings(instrument)
    _write_sheet(workbook.create_sheet("settings"), list(settings), [settings])
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    target = Path(path)
    workbook.save(target)
    return target


def _settings(instrument: Instrument) -> dict[str, str]:
    settings = {"form_title": instrument.title, "form_id": instrument.form_id}
    if instrument.version:
        settings["version"] = instrument.version
    if instrument.default_language:
        settings["default_language"] = instrument.default_language
    for key, value in instrument.settings.items():
        settings.setdefault(key, value)
    return settings


def _type_cell(question: Question) -> str:
    if question.type in ("group", "repeat"):
        return f"begin_{question.type}"
    if question.type in SELECT_TYPES and question.list_name:
        other = " or_other" if question.or_other else ""
        return f"{question.type} {question.list_name}{other}"
    return question.raw_type or question.type


def _survey_rows(questions: list[Question]) -> Iterator[dict[str, str]]:
    """One dict per survey row, with an end row after each group or repeat."""
    for question in questions:
        row = {"type": _type_cell(question), "name": question.name}
        for field_name, header in _TRANSLATED_COLUMNS:
            for language, text in getattr(question, field_name).items():
                row[_language_header(header, language)] = text
        for field_name, header in _PLAIN_COLUMNS:
            value = getattr(question, field_name)
            if value:
                row[header] = value
        if question.parameters:
            row["parameters"] = " ".join(f"{k}={v}" for k, v in question.parameters.items())
        if question.identifying:
            row["identifying"] = "yes"
        row.update(question.extra)
        yield row
        if question.type in ("group", "repeat"):
            yield from _survey_rows(question.children)
            yield {"type": f"end_{question.type}"}


def _remaining_headers(rows: list[dict[str, str]], first: tuple[str, ...]) -> list[str]:
    """Every other header the rows use, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        for header in row:
            if header not in first:
                seen.setdefault(header, None)
    return list(seen)


def _language_header(stem: str, language: str) -> str:
    return f"{stem}::{language}" if language else stem


def _write_sheet(sheet, headers: list[str], rows: list[dict[str, str]]) -> None:
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    sheet.freeze_panes = "A2"
