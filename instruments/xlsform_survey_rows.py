"""The survey sheet of an XLSForm export: one row per question, in the reader's own terms.

The inverse of xlsform_survey: each question goes back to the row it was read from (so row
numbers, and names pyxform generates from them, survive a round trip), its type as it was
spelt, texts under `label::Language` headers, expressions disabled at import as they were
written, and other columns under their original headers. What the reader derives by
itself (a loop's repeat count, the constraint and hint implied by `percentage`, ...) is
left for it to derive again, so an import of the export gives the same definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from instruments.column_order import merged_order, text_column_order
from instruments.model import Instrument, Question
from instruments.sheet_rows import SheetRows
from instruments.types import SELECT_TYPES, ParsedType, parse_type

SURVEY = "survey"

# (model field, header base) for texts kept per language.
TRANSLATED_HEADERS: tuple[tuple[str, str], ...] = (
    ("labels", "label"),
    ("hints", "hint"),
    ("constraint_messages", "constraint_message"),
    ("required_messages", "required_message"),
)

# Single-valued fields, in the order their columns are written (header = field name).
SINGLE_FIELDS: tuple[str, ...] = (
    "required",
    "relevant",
    "constraint",
    "calculation",
    "default",
    "read_only",
    "appearance",
    "choice_filter",
    "repeat_count",
)

# Types written as '<type> <list name>' (select types and their file or external kinds).
_LISTED_TYPES = SELECT_TYPES | {
    "select_one_external",
    "select_one_from_file",
    "select_multiple_from_file",
    "osm",
}
_RE_BEGIN_WORD = re.compile(r"^begin(?P<sep>\s|_)(?P<word>looped group|lgroup|group|repeat|loop)")
_CONDITION_WORDS = {"true()": "yes"}


def translated_header(base: str, language: str) -> str:
    """`label` for the unsuffixed language, `label::French (fr)` otherwise."""
    return f"{base}::{language}" if language else base


def media_header(kind: str, language: str) -> str:
    return translated_header(f"media::{kind}", language)


def language_order(instrument: Instrument, used: Iterable[str]) -> list[str]:
    """The instrument's languages, then any language its texts use that it does not list."""
    return list(dict.fromkeys([*instrument.languages, *used]))


def _parsed_type(question: Question) -> ParsedType | None:
    """The question's type cell as read, if it still says what the question is."""
    if not question.raw_type:
        return None
    parsed = parse_type(question.raw_type)
    if (
        parsed is None
        or parsed.boundary == "end"
        or parsed.type != question.type
        or (parsed.list_name or None) != (question.list_name or None)
        or parsed.or_other != question.or_other
    ):
        return None
    return parsed


def type_cell(question: Question) -> str:
    """The type as it was spelt, or its plain XLSForm spelling for an edited question."""
    if _parsed_type(question) is not None:
        return question.raw_type
    if question.type in ("group", "repeat"):
        return f"begin_{question.type}"
    if question.type in _LISTED_TYPES:
        other = " or_other" if question.or_other else ""
        return f"{question.type} {question.list_name or ''}{other}".strip()
    return question.type


def end_type_cell(question: Question) -> str:
    """The end row of a group or repeat, spelt like its begin row ('end group', 'end_loop')."""
    match = _RE_BEGIN_WORD.match(question.raw_type) if _parsed_type(question) else None
    if match:
        return f"end{match['sep']}{match['word']}"
    return f"end_{question.type}"


def _single_value(question: Question, field_name: str, parsed: ParsedType | None) -> str | None:
    """A single-valued cell, or None when empty or when the reader derives it itself."""
    value = getattr(question, field_name) or question.disabled_expressions.get(field_name)
    if not value:
        return None
    if field_name in ("required", "read_only"):
        return _CONDITION_WORDS.get(value, value)
    if parsed is not None:
        if field_name == "repeat_count" and parsed.is_loop:
            return None  # one entry per choice of the looped list, counted again on import
        if field_name == "constraint" and value == parsed.implied_constraint:
            return None
    return value


class SurveyRows:
    """Builds the survey sheet; its headers are chosen once every row is known."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.sheet = SheetRows(SURVEY)
        # text header -> its language; each question's text headers, field by field
        self.language_of: dict[str, str] = {}
        self.text_sequences: list[list[str]] = []
        self.singles: set[str] = set()
        self.extra_orders: list[list[str]] = []

    def build(self) -> SheetRows:
        self._place(self.instrument.questions)
        return self.sheet

    def _claim(self, wanted: int | None) -> int:
        """The question's own row when it is still free, else the next row."""
        next_row = self.sheet.next_row
        return wanted if wanted is not None and wanted >= next_row else next_row

    def _place(self, questions: Sequence[Question]) -> None:
        for question in questions:
            row = self._claim(question.row)
            self.sheet.place(row, self._cells(question, row))
            if question.is_container:
                self._place(question.children)
                end_row = self._claim(question.end_row)
                self.sheet.place(end_row, {"type": end_type_cell(question)})

    def _texts(
        self, cells: dict[str, str], texts: dict[str, str], header_of: Callable[[str], str]
    ) -> None:
        """Texts by language under their headers, remembering the order the row had them."""
        sequence = []
        for language, text in texts.items():
            header = header_of(language)
            cells[header] = text
            self.language_of[header] = language
            sequence.append(header)
        self.text_sequences.append(sequence)

    def _cells(self, question: Question, row: int) -> dict[str, str]:
        parsed = _parsed_type(question)
        cells = {"type": type_cell(question)}
        if not (question.type == "note" and question.name == f"generated_note_name_{row}"):
            cells["name"] = question.name  # a nameless note gets its name from its row again
        for field_name, base in TRANSLATED_HEADERS:
            texts = getattr(question, field_name)
            if field_name == "hints" and parsed and texts == {"": parsed.implied_hint}:
                continue  # the reader adds the type's own hint again
            self._texts(cells, texts, lambda language, base=base: translated_header(base, language))
        for kind, files in question.media.items():
            self._texts(cells, files, lambda language, kind=kind: media_header(kind, language))
        if len(question.media) > 1:  # kinds keep the order of their first columns
            self.text_sequences.append(
                [media_header(kind, next(iter(files))) for kind, files in question.media.items()]
            )
        for field_name in SINGLE_FIELDS:
            value = _single_value(question, field_name, parsed)
            if value is not None:
                cells[field_name] = value
                self.singles.add(field_name)
        if question.parameters:
            cells["parameters"] = " ".join(f"{k}={v}" for k, v in question.parameters.items())
            self.singles.add("parameters")
        if question.identifying:
            cells["identifying"] = "yes"
            self.singles.add("identifying")
        if question.extra:
            self.extra_orders.append(list(question.extra))
            for header, value in question.extra.items():
                cells.setdefault(header, value)
        return cells

    def headers(
        self,
        languages: Sequence[str],
        default_language: str | None,
        listed_elsewhere: Iterable[str] = (),
    ) -> list[str]:
        """Every header: type, name, texts, expressions, then other columns.

        Text columns keep each question's order and bring languages in `languages` order
        (see column_order); with `default_language` (the settings do not name one), its
        label column is the first label column, which is how the reader finds it again.
        """
        default_label = None
        if default_language is not None:
            default_label = translated_header("label", default_language)
        texts = text_column_order(
            self.text_sequences,
            self.language_of,
            languages,
            placeholder=lambda language: translated_header("hint", language),
            default_label=default_label,
            is_label=lambda header: header.split("::")[0] == "label",
            listed_elsewhere=listed_elsewhere,
        )
        singles = (*SINGLE_FIELDS, "parameters", "identifying")
        return [
            "type",
            "name",
            *texts,
            *(name for name in singles if name in self.singles),
            *(header for header in merged_order(self.extra_orders) if header not in texts),
        ]
