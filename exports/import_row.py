"""One row of an imported sheet, and reading its answers, each checked against its question.

A question may span several columns: parts of a split long text (`q (part 2)`, ...) and,
for a select_multiple, its `q/option` 1/0 columns beside (or instead of) its summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exports.import_columns import ColumnRole, SheetColumns
from exports.import_report import ImportReport
from exports.import_values import coerce_cell, option_flag, text_of
from exports.questionnaire_layout import FamilyLayout
from instruments.answers import AnswerError


@dataclass
class QuestionCells:
    """Where one question's value sits in a row: its part columns and option columns."""

    path: str
    parts: list[ColumnRole] = field(default_factory=list)
    options: list[ColumnRole] = field(default_factory=list)


@dataclass
class ImportRow:
    sheet: str
    number: int
    values: list[Any]
    report: ImportReport
    problems: int = 0

    def cell(self, role: ColumnRole | None) -> Any:
        if role is None or role.position >= len(self.values):
            return None
        return self.values[role.position]

    def refuse(self, role: ColumnRole | None, why: str, value: Any = None) -> None:
        self.problems += 1
        position = role.position if role is not None else None
        header = role.header if role is not None else ""
        self.report.refuse(self.sheet, self.number, position, header, value, why)


def plan_questions(columns: SheetColumns) -> list[QuestionCells]:
    plan: dict[str, QuestionCells] = {}
    for role in columns.roles:
        if role.spec is None:
            continue
        cells = plan.setdefault(role.spec.path, QuestionCells(role.spec.path))
        (cells.options if role.kind == "option" else cells.parts).append(role)
    for cells in plan.values():
        cells.parts.sort(key=lambda role: role.part)
    return list(plan.values())


def read_answers(
    row: ImportRow, plan: list[QuestionCells], layout: FamilyLayout, instrument_id: str | None
) -> tuple[dict[str, Any], dict[str, ColumnRole]]:
    """(question path -> value, question path -> its column) for the row's non-blank
    answers, each checked against its question in the row's version."""
    answers: dict[str, Any] = {}
    where: dict[str, ColumnRole] = {}
    shape = layout.shapes.get(instrument_id) if instrument_id else None
    instrument = layout.instruments.get(instrument_id) if instrument_id else None
    for cells in plan:
        raw = _joined(row, cells.parts)
        flags = _flags(row, cells.options)
        if raw is None and not flags:
            continue
        first = (cells.parts or cells.options)[0]
        if shape is None or instrument is None:
            continue
        question = shape.questions.get(cells.path)
        if question is None:
            version = layout.version_label(instrument_id or "")
            row.refuse(first, f"not a question of version {version} of the form", raw)
            continue
        value = None
        if raw is not None:
            try:
                value = coerce_cell(instrument, question, raw)
            except AnswerError as error:
                row.refuse(first, str(error), raw)
                continue
        if flags:
            chosen = [name for name, on in flags.items() if on]
            if value is None and raw is None:
                value = chosen
            elif isinstance(value, list) and {n for n in value if n in flags} != set(chosen):
                row.refuse(
                    first,
                    f"the {cells.path}/... columns say {' '.join(chosen) or 'nothing'}",
                    raw,
                )
                continue
        if value is not None:
            answers[cells.path] = value
            where[cells.path] = first
    return answers, where


def _flags(row: ImportRow, options: list[ColumnRole]) -> dict[str, bool]:
    flags: dict[str, bool] = {}
    for role in options:
        raw = row.cell(role)
        try:
            flag = option_flag(raw)
        except AnswerError as error:
            row.refuse(role, str(error), raw)
            continue
        if flag is not None:
            flags[role.choice] = flag
    return flags


def _joined(row: ImportRow, parts: list[ColumnRole]) -> Any:
    """A question's cell, or its parts' text joined when the export split a long text."""
    if len(parts) == 1:
        return row.cell(parts[0])
    pieces = [row.cell(role) for role in parts]
    if all(piece is None for piece in pieces):
        return None
    return "".join(
        text_of(piece) if not isinstance(piece, str) else piece
        for piece in pieces
        if piece is not None
    )
