"""Small builders for template questionnaires, so each template reads like its survey sheet.

Templates are ordinary instruments: the same Question and Choice objects an XLSForm import
makes, with labels in the unlabelled language "" and required written as `true()` (what an
import of `required = yes` gives), so a template survives a round trip through XLSForm.
"""

from __future__ import annotations

from collections.abc import Sequence

from instruments.model import Choice, Instrument, Question
from instruments.statistics import SCORE_COLUMN

REQUIRED = "true()"

#: The choice name every template uses for "don't know" (summaries show it apart).
DONT_KNOW = "dont_know"

AGREEMENT_LIST = "agreement"


def choice(name: str, label: str, **extra: str) -> Choice:
    return Choice(name, {"": label}, extra=dict(extra))


def agreement_scale() -> list[Choice]:
    """Four points of agreement, scored 4 (strongly agree) to 1, plus an unscored don't know."""
    return [
        choice("strongly_agree", "Strongly agree", **{SCORE_COLUMN: "4"}),
        choice("agree", "Agree", **{SCORE_COLUMN: "3"}),
        choice("disagree", "Disagree", **{SCORE_COLUMN: "2"}),
        choice("strongly_disagree", "Strongly disagree", **{SCORE_COLUMN: "1"}),
        choice(DONT_KNOW, "Don't know"),
    ]


def _question(
    name: str,
    type_: str,
    label: str,
    *,
    list_name: str | None = None,
    required: bool = False,
    hint: str = "",
    relevant: str | None = None,
    constraint: str | None = None,
    constraint_message: str = "",
    appearance: str | None = None,
) -> Question:
    question = Question(name=name, type=type_, labels={"": label}, list_name=list_name)
    if hint:
        question.hints[""] = hint
    if required:
        question.required = REQUIRED
    question.relevant = relevant
    question.constraint = constraint
    if constraint_message:
        question.constraint_messages[""] = constraint_message
    question.appearance = appearance
    return question


def select_one(name: str, list_name: str, label: str, **options) -> Question:
    return _question(name, "select_one", label, list_name=list_name, **options)


def select_multiple(name: str, list_name: str, label: str, **options) -> Question:
    return _question(name, "select_multiple", label, list_name=list_name, **options)


def statement(name: str, label: str) -> Question:
    """One agreement statement: required, answered on the agreement scale."""
    return select_one(name, AGREEMENT_LIST, label, required=True, appearance="likert")


def integer(name: str, label: str, low: int, high: int, *, hint: str = "", **options) -> Question:
    """A whole number with the plausible range as its constraint."""
    return _question(
        name,
        "integer",
        label,
        hint=hint,
        constraint=f". >= {low} and . <= {high}",
        constraint_message=f"Enter a number from {low} to {high}.",
        **options,
    )


def decimal(name: str, label: str, low: float, high: float, *, hint: str = "", **options):
    return _question(
        name,
        "decimal",
        label,
        hint=hint,
        constraint=f". >= {low:g} and . <= {high:g}",
        constraint_message=f"Enter a number from {low:g} to {high:g}.",
        **options,
    )


def text(name: str, label: str, **options) -> Question:
    return _question(name, "text", label, **options)


def note(name: str, label: str) -> Question:
    return _question(name, "note", label)


def group(name: str, label: str, children: Sequence[Question], **options) -> Question:
    question = _question(name, "group", label, **options)
    question.children = list(children)
    return question


def build_instrument(
    form_id: str,
    title: str,
    questions: Sequence[Question],
    choice_lists: dict[str, list[Choice]],
    version: str = "1",
) -> Instrument:
    """An instrument with every question's path filled in ('group/name')."""
    _set_paths(questions, "")
    return Instrument(
        kind="questionnaire",
        form_id=form_id,
        title=title,
        version=version,
        languages=[""],
        settings={"form_title": title, "form_id": form_id, "version": version},
        questions=list(questions),
        choice_lists=choice_lists,
    )


def _set_paths(questions: Sequence[Question], prefix: str) -> None:
    for question in questions:
        question.path = f"{prefix}/{question.name}" if prefix else question.name
        _set_paths(question.children, question.path)
