"""Which model field each XLSForm column header feeds, decided once per sheet.

Headers are interpreted with pyxform's own header parser (aliases such as `relevance`,
`constraint message`, `read only`, `bind:relevant`; `::` or, in old forms, `:` before a
language; case-insensitive names), so a header means to us what it means to pyxform.
Columns we do not model are kept by their header as written, for an export to write back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from pyxform import aliases
from pyxform.parsing.sheet_headers import process_header, to_snake_case
from pyxform.question import MultipleChoiceQuestion, Option

# Fields that hold one text per language.
TRANSLATED_FIELDS = frozenset(
    {"labels", "hints", "constraint_messages", "required_messages", "media"}
)

# pyxform header tokens -> model field, for single-valued survey columns.
_SURVEY_FIELDS: dict[tuple[str, ...], str] = {
    ("type",): "type",
    ("name",): "name",
    ("bind", "relevant"): "relevant",
    ("bind", "constraint"): "constraint",
    ("bind", "required"): "required",
    ("bind", "calculate"): "calculation",
    ("bind", "readonly"): "read_only",
    ("control", "appearance"): "appearance",
    ("control", "jr:count"): "repeat_count",
    ("choice_filter",): "choice_filter",
    ("default",): "default",
    ("parameters",): "parameters",
    ("disabled",): "disabled",
}

# pyxform header first tokens -> model field, for columns with a language suffix.
_SURVEY_TRANSLATED: dict[tuple[str, ...], str] = {
    ("label",): "labels",
    ("hint",): "hints",
    ("bind", "jr:constraintMsg"): "constraint_messages",
    ("bind", "jr:requiredMsg"): "required_messages",
}

_CHOICE_FIELDS: dict[tuple[str, ...], str] = {("list name",): "list_name", ("name",): "name"}

# Columns that are translatable in XLSForm though we keep them as extra columns.
_TRANSLATABLE_EXTRA = frozenset({"guidance_hint"})


@dataclass(frozen=True, slots=True)
class Column:
    """One header of a sheet: the model field it feeds, and its language or media kind."""

    header: str
    field: str
    language: str | None = None
    media_kind: str | None = None


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """The columns of one sheet, in sheet order, and where each field came from."""

    columns: tuple[Column, ...]
    languages: tuple[str, ...]

    def header_of(self, field_name: str) -> str | None:
        """The header as written that feeds a field (for messages naming the column)."""
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return None

    def fields(self) -> set[str]:
        return {column.field for column in self.columns}


def _language(tokens: Sequence[str], start: int) -> str:
    return "::".join(tokens[start:]) if len(tokens) > start else ""


@cache
def _survey_columns() -> frozenset[str]:
    return frozenset(MultipleChoiceQuestion.get_slot_names())


@cache
def _choice_columns() -> frozenset[str]:
    return frozenset(Option.get_slot_names())


def _plan_survey_header(header: str, tokens: tuple[str, ...]) -> Column:
    field_name = _SURVEY_FIELDS.get(tokens)
    if field_name:
        return Column(header, field_name)
    if tokens[0] == "media" and len(tokens) >= 2:
        return Column(header, "media", _language(tokens, 2), tokens[1])
    for prefix, translated in _SURVEY_TRANSLATED.items():
        if tokens[: len(prefix)] == prefix:
            return Column(header, translated, _language(tokens, len(prefix)))
    if to_snake_case(header) == "identifying":
        return Column(header, "identifying")
    if tokens[0] in _TRANSLATABLE_EXTRA:
        return Column(header, "extra", _language(tokens, 1))
    return Column(header, "extra")


def _plan_choice_header(header: str, tokens: tuple[str, ...]) -> Column:
    field_name = _CHOICE_FIELDS.get(tokens)
    if field_name:
        return Column(header, field_name)
    if tokens[0] == "label":
        return Column(header, "labels", _language(tokens, 1))
    if tokens[0] == "media" and len(tokens) >= 2:
        return Column(header, "media", _language(tokens, 2), tokens[1])
    return Column(header, "extra")


def _headers(sheet_header: Sequence[Mapping[str, object]] | None) -> list[str]:
    return list(sheet_header[0]) if sheet_header else []


def _plan(
    headers: Iterable[str],
    header_aliases: Mapping[str, object],
    known_columns: frozenset[str],
    plan_one: Callable[[str, tuple[str, ...]], Column],
) -> SheetPlan:
    headers = list(headers)
    use_double_colon = any("::" in header for header in headers)
    columns = []
    languages: dict[str, None] = {}
    for header in headers:
        _new, tokens = process_header(header, use_double_colon, header_aliases, known_columns)
        column = plan_one(header, tuple(tokens))
        columns.append(column)
        if column.language is not None:
            languages.setdefault(column.language)
    return SheetPlan(tuple(columns), tuple(languages))


def plan_survey(sheet_header: Sequence[Mapping[str, object]] | None) -> SheetPlan:
    """The column plan of the survey sheet, from pyxform's `survey_header`."""
    return _plan(
        _headers(sheet_header), aliases.survey_header, _survey_columns(), _plan_survey_header
    )


def plan_choices(sheet_header: Sequence[Mapping[str, object]] | None) -> SheetPlan:
    """The column plan of a choices-like sheet (choices, external_choices)."""
    return _plan(
        _headers(sheet_header), aliases.list_header, _choice_columns(), _plan_choice_header
    )


_SETTING_ALIASES = {
    "set_form_id": "form_id",
    "id_string": "form_id",
    "set_form_title": "form_title",
    "title": "form_title",
}


def normalised_settings(settings: Mapping[str, str]) -> dict[str, str]:
    """Settings keyed in snake case; an alias (`id_string`) only when the name is absent."""
    found: dict[str, str] = {}
    aliased: dict[str, str] = {}
    for header, value in settings.items():
        key = to_snake_case(header)
        if key in _SETTING_ALIASES:
            aliased.setdefault(_SETTING_ALIASES[key], value)
        else:
            found.setdefault(key, value)
    for key, value in aliased.items():
        found.setdefault(key, value)
    return found
