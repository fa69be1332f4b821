"""Turning the raw rows of the survey and choices sheets into model objects.

Works on the row dicts pyxform's reader produced (cell text, one dict per sheet row, empty
rows kept so row numbers are Excel's), after pyxform has accepted the workbook. We build
from the raw rows rather than pyxform's expanded tree so that one survey row is one
question: no generated `_other` questions, no expanded loops, no meta group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pyxform.aliases import yes_no
from pyxform.parsing.parameters import parse as parse_parameters
from pyxform.parsing.sheet_headers import clean_text_values

from instruments.errors import FormError
from instruments.model import Choice, Question
from instruments.report import ImportReport
from instruments.types import SETTING_ROW_TYPES, ParsedType, parse_type
from instruments.xlsform_columns import TRANSLATED_FIELDS, SheetPlan

SURVEY = "survey"

# Bind values written as words, as pyxform converts them.
_TRUE_WORDS = frozenset({"yes", "true", "true()"})
_FALSE_WORDS = frozenset({"no", "false", "false()"})
_IDENTIFYING_WORDS = frozenset({"yes", "true", "1", "y"})
_RANGE_DEFAULTS = {"start": "1", "end": "10", "step": "1"}

_EXPRESSION_FIELDS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


def _as_condition(value: str) -> str | None:
    """'yes'/'true' -> 'true()', 'no'/'false' -> None (absent), else the expression."""
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return "true()"
    if word in _FALSE_WORDS:
        return None
    return value


def _as_expression(value: str) -> str:
    """A relevant or constraint cell: the words yes/no become true()/false()."""
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return "true()"
    if word in _FALSE_WORDS:
        return "false()"
    return value


def is_disabled(value: str) -> bool:
    return bool(yes_no.get(value.strip(), False))


def build_choice_lists(
    rows: Sequence[Mapping[str, str]] | None, plan: SheetPlan
) -> dict[str, list[Choice]]:
    """Choices grouped by list name in sheet order; rows without both are skipped."""
    lists: dict[str, list[Choice]] = {}
    for row in rows or ():
        if not row:
            continue
        list_name = name = None
        choice = Choice(name="")
        for column in plan.columns:
            value = row.get(column.header)
            if value is None:
                continue
            value = clean_text_values(value)
            if column.field == "list_name":
                list_name = value
            elif column.field == "name":
                name = value
            elif column.field == "labels":
                choice.labels[column.language or ""] = value
            elif column.field == "media":
                choice.media.setdefault(column.media_kind or "", {})[column.language or ""] = value
            else:
                choice.extra[column.header] = value
        if list_name is None or name is None:
            continue
        choice.name = name
        lists.setdefault(list_name, []).append(choice)
    return lists


@dataclass
class _Open:
    """A group or repeat whose end row has not been reached yet."""

    question: Question
    parsed: ParsedType


@dataclass
class SurveyBuild:
    """The question tree of a survey sheet, and settings written as survey rows."""

    questions: list[Question] = field(default_factory=list)
    settings_rows: dict[str, str] = field(default_factory=dict)


class SurveyBuilder:
    """Walks the survey rows once, nesting questions between begin and end rows."""

    def __init__(
        self,
        plan: SheetPlan,
        choice_lists: Mapping[str, list[Choice]],
        report: ImportReport,
        clean_whitespace: bool = True,
    ) -> None:
        self.plan = plan
        self.choice_lists = choice_lists
        self.report = report
        self.clean_whitespace = clean_whitespace
        self.type_header = plan.header_of("type") or "type"
        # (header, field) of the columns holding one value: type, name, relevant, ...
        self._single_fields = [
            (column.header, column.field)
            for column in plan.columns
            if column.field not in TRANSLATED_FIELDS and column.field != "extra"
        ]

    def build(self, rows: Sequence[Mapping[str, str]] | None) -> SurveyBuild:
        result = SurveyBuild()
        stack: list[_Open] = []
        for row_number, raw_row in enumerate(rows or (), start=2):
            if not raw_row:
                continue
            by_header, cells = self._cells(raw_row)
            if "disabled" in cells and is_disabled(cells.pop("disabled")):
                continue
            raw_type = cells.get("type")
            if not raw_type:
                continue
            if raw_type in SETTING_ROW_TYPES:
                result.settings_rows[SETTING_ROW_TYPES[raw_type]] = cells.get("name", "")
                continue
            parsed = parse_type(raw_type)
            if parsed is None:
                raise FormError(
                    f"Unknown question type '{raw_type}'.",
                    sheet=SURVEY,
                    row=row_number,
                    column=self.type_header,
                )
            if parsed.boundary == "end":
                self._close(stack, parsed, row_number)
                continue
            parent = stack[-1].question if stack else None
            question = self._question(parsed, cells, by_header, row_number, parent)
            (parent.children if parent else result.questions).append(question)
            if parsed.boundary == "begin":
                stack.append(_Open(question, parsed))
        if stack:
            unclosed = stack[-1].question
            raise FormError(
                f"'{unclosed.raw_type}' named '{unclosed.name}' has no matching end row.",
                sheet=SURVEY,
                row=unclosed.row,
                column=self.type_header,
            )
        return result

    def _cells(self, raw_row: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """The row's cleaned cells by header as written, and the single-valued ones by field."""
        by_header = {
            header: clean_text_values(value, strip_whitespace=self.clean_whitespace)
            for header, value in raw_row.items()
        }
        by_field = {
            field_name: by_header[header]
            for header, field_name in self._single_fields
            if header in by_header
        }
        return by_header, by_field

    def _close(self, stack: list[_Open], parsed: ParsedType, row_number: int) -> None:
        if not stack or stack[-1].parsed.row_type.removeprefix("begin_") != (
            parsed.row_type.removeprefix("end_")
        ):
            raise FormError(
                f"'{parsed.raw}' has no matching begin row.",
                sheet=SURVEY,
                row=row_number,
                column=self.type_header,
            )
        stack.pop().question.end_row = row_number

    def _question(
        self,
        parsed: ParsedType,
        cells: dict[str, str],
        by_header: Mapping[str, str],
        row_number: int,
        parent: Question | None,
    ) -> Question:
        name = cells.get("name", "")
        if not name and parsed.type == "note":
            name = f"generated_note_name_{row_number}"
        if parsed.type == "audit":
            name = "audit"
        question = Question(
            name=name,
            type=parsed.type,
            raw_type=parsed.raw,
            path=f"{parent.path}/{name}" if parent else name,
            row=row_number,
            list_name=parsed.list_name,
            or_other=parsed.or_other,
        )
        self._fill_texts(question, by_header)
        for field_name in _EXPRESSION_FIELDS:
            value = cells.get(field_name)
            if value:
                setattr(question, field_name, value)
        for field_name in ("relevant", "constraint"):
            value = getattr(question, field_name)
            if value:
                setattr(question, field_name, _as_expression(value))
        if cells.get("required"):
            question.required = _as_condition(cells["required"])
        if cells.get("read_only"):
            question.read_only = _as_condition(cells["read_only"])
        question.default = cells.get("default") or None
        question.appearance = cells.get("appearance") or None
        question.identifying = cells.get("identifying", "").strip().lower() in _IDENTIFYING_WORDS
        question.parameters = parse_parameters(cells.get("parameters", ""), row_number)
        if parsed.type == "range":
            question.parameters = {**_RANGE_DEFAULTS, **question.parameters}
        if parsed.implied_constraint and not question.constraint:
            question.constraint = parsed.implied_constraint
        if parsed.implied_hint and not question.hints:
            question.hints[""] = parsed.implied_hint
        if parsed.is_loop:
            question.repeat_count = str(len(self.choice_lists.get(parsed.list_name or "", [])))
        downgrade = parsed.downgrade
        if downgrade is not None:
            question.downgrade = downgrade.text
            self.report.downgrade(downgrade.text, row=row_number, column=self.type_header)
        return question

    def _fill_texts(self, question: Question, by_header: Mapping[str, str]) -> None:
        """Translated texts by language, media by kind, other columns by header."""
        for column in self.plan.columns:
            value = by_header.get(column.header)
            if value is None:
                continue
            if column.field == "labels":
                question.labels[column.language or ""] = value
            elif column.field == "hints":
                question.hints[column.language or ""] = value
            elif column.field == "constraint_messages":
                question.constraint_messages[column.language or ""] = value
            elif column.field == "required_messages":
                question.required_messages[column.language or ""] = value
            elif column.field == "media":
                kind = column.media_kind or ""
                question.media.setdefault(kind, {})[column.language or ""] = value
            elif column.field == "extra":
                question.extra[column.header] = value
