"""How one question's stored answer becomes the cells of its column(s).

A select_multiple fills a summary column (the chosen names separated by spaces) and one
`q/option` column per choice holding 1 or 0 (all blank when unanswered). Dates and times
become Python dates, which the sheet writer stores as Excel dates. Everything else goes
out as stored: numbers stay numbers, text stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from exports.cells import text_cost
from exports.options import ExportOptions
from exports.questionnaire_layout import LIST_TYPES, QuestionSpec
from exports.sheet_writer import Column

#: Separator of choice labels in a summary cell (labels hold spaces, names do not).
LABEL_SEPARATOR = "; "

Emit = Callable[[Any], Any]


def _as_date(value: Any) -> Any:
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _as_time(value: Any) -> Any:
    if type(value) is str:
        try:
            parsed = time.fromisoformat(value)
        except ValueError:
            return value
        return value if parsed.tzinfo is not None else parsed
    return value


def _as_datetime(value: Any) -> Any:
    if type(value) is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return value if parsed.tzinfo is not None else parsed
    return value


def _choice_labels(spec: QuestionSpec, options: ExportOptions) -> dict[str, str]:
    return {c.name: spec.choice_label(c, options.language) for c in spec.choices}


def value_cells(spec: QuestionSpec, options: ExportOptions) -> tuple[Emit | None, int]:
    """(emit, width): emit(value) gives one cell, or `width` cells for a select_multiple.

    emit is None when the stored value goes out unchanged (the common, fast case).
    """
    kind = spec.entry_type
    if kind == "date":
        return _as_date, 1
    if kind == "time":
        return _as_time, 1
    if kind == "dateTime":
        return _as_datetime, 1
    labels = _choice_labels(spec, options) if options.value_labels else None
    if kind == "select_one" and labels:
        return (lambda value: labels.get(value, value) if type(value) is str else value), 1
    if kind in LIST_TYPES:
        flags = len(spec.choices) if kind == "select_multiple" else 0
        return _list_cells(spec, labels), 1 + flags
    return None, 1


def _list_cells(spec: QuestionSpec, labels: dict[str, str] | None) -> Emit:
    names = [choice.name for choice in spec.choices]
    positions = {name: position for position, name in enumerate(names)}
    flags_wanted = spec.entry_type == "select_multiple"
    blanks = [None] * len(names) if flags_wanted else []

    def summary(chosen: list[Any]) -> str | None:
        if labels:
            text = LABEL_SEPARATOR.join(labels.get(str(n), str(n)) for n in chosen)
        else:
            text = " ".join(str(n) for n in chosen)
        return text or None

    def emit(value: Any) -> list[Any]:
        if type(value) is not list:
            return [value, *blanks]
        if not flags_wanted:
            return [summary(value)]
        flags = [0] * len(names)
        for name in value:
            position = positions.get(name)
            if position is not None:
                flags[position] = 1
        return [summary(value), *flags]

    return emit


def label_expansion(spec: QuestionSpec, options: ExportOptions) -> float:
    """How many times longer than its stored JSON a value of `spec` can get in a cell.

    Only choice labels make a cell longer than the stored value; the long-value scan
    divides its byte threshold by this so it cannot miss one.
    """
    if not options.value_labels or spec.entry_type not in ("select_one", *LIST_TYPES):
        return 1.0
    worst = 1.0
    for choice in spec.choices:
        label = spec.choice_label(choice, options.language)
        worst = max(worst, (text_cost(label) + 2) / (len(choice.name.encode("utf-8")) + 2))
    return worst


def _dictionary_type(spec: QuestionSpec) -> str:
    question = spec.question
    shown = question.type
    if question.downgrade:
        shown += f" (entered as {spec.entry_type})"
    return shown


def question_columns(
    spec: QuestionSpec, name: str, options: ExportOptions, parts: int = 1
) -> list[Column]:
    """The Column(s) of one question: header, Dictionary facts, width."""
    question = spec.question
    label = spec.label(options.language)
    choices = "; ".join(
        f"{choice.name}={spec.choice_label(choice, options.language)}" for choice in spec.choices
    )
    main = Column(
        header=label if options.header_labels else name,
        name=name,
        label=label,
        type=_dictionary_type(spec),
        choices=choices,
        relevance=question.relevant or "",
        constraint=question.constraint or "",
        required=question.required or "",
        parts=parts,
    )
    columns = [main]
    if spec.entry_type == "select_multiple":
        for choice in spec.choices:
            choice_label = spec.choice_label(choice, options.language)
            columns.append(
                Column(
                    header=f"{label}/{choice_label}"
                    if options.header_labels
                    else f"{name}/{choice.name}",
                    name=f"{name}/{choice.name}",
                    label=f"{label}/{choice_label}",
                    type="option",
                    choices="1=chosen; 0=not chosen",
                    relevance=main.relevance,
                )
            )
    return columns
