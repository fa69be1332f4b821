"""What stops an edited instrument from being saved, as problems a designer can point at.

The import refuses a workbook at its first fault; a form being designed has many faults
at once (a blank label just added, a half-typed relevance), so these checks list them all,
each with the question position and field it belongs to. The rules are those of the
import and of pyxform (so a saved form exports as an XLSForm pyxform converts): names
that are XML names, unique among siblings, repeats unique anywhere, `${name}` naming one
question, expressions that parse with functions Fieldnotes evaluates, no calculation
cycles, select lists that exist with unique choice names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyxform.constants import RESERVED_NAMES_SURVEY_SHEET
from pyxform.parsing.expression import is_xml_tag
from pyxform.utils import default_is_dynamic

from instruments.design_tree import Position, iter_positions
from instruments.errors import FormError
from instruments.expressions import ExpressionSyntaxError, parse
from instruments.expressions.nodes import Reference, walk
from instruments.model import Choice, Instrument, Question
from instruments.types import SELECT_TYPES
from instruments.validation import (
    EXPRESSION_FIELDS,
    check_has_text,
    strongly_connected_cycles,
)
from instruments.xlsform_columns import SheetPlan

NAME_RULE = (
    "Names must begin with a letter or underscore. After the first character, names may "
    "contain letters, digits, underscores, hyphens, or periods."
)
_RE_LABEL_REFERENCE = re.compile(r"\$\{([^}\s]*)\}")
_NO_PLAN = SheetPlan((), ())


@dataclass(frozen=True, slots=True)
class DesignProblem:
    """One fault: where (question position and path, `()` for the form), which field, why.

    `offset` is the 0-based character where an expression's fault starts, if known.
    """

    position: Position
    path: str
    field: str
    message: str
    offset: int | None = None

    def __str__(self) -> str:
        where = self.path or "form"
        return f"{where}: {self.message}"


def name_problem(name: str) -> str | None:
    """Why a question (or form) name is not usable, or None."""
    if not name:
        return "A name is needed."
    if not is_xml_tag(name):
        return f"'{name}' is not a usable name. {NAME_RULE}"
    if name in RESERVED_NAMES_SURVEY_SHEET:
        return f"The name '{name}' is reserved for form metadata."
    return None


def expression_problem(text: str) -> tuple[str, int | None] | None:
    """Why an expression cannot be used (message, 0-based offset), or None if it can."""
    try:
        expression = parse(text)
    except ExpressionSyntaxError as error:
        return error.message, error.position
    unknown = expression.unknown_functions
    if unknown:
        names = ", ".join(f"{name}()" for name in sorted(unknown))
        verb = "is" if len(unknown) == 1 else "are"
        return f"{names} {verb} not available in Fieldnotes", None
    return None


def dollar_references(text: str) -> set[str]:
    """The names an expression quotes as `${name}` (pyxform checks these, not paths)."""
    return {node.name for node, _inside in walk(parse(text).tree) if isinstance(node, Reference)}


def expression_fields(question: Question) -> Iterator[tuple[str, str]]:
    """(field, text) of the question's expressions; a literal default is not one."""
    for field_name in EXPRESSION_FIELDS:
        text = getattr(question, field_name)
        if not text:
            continue
        if field_name == "default" and not default_is_dynamic(text, question.raw_type):
            continue
        yield field_name, text


def check_design(instrument: Instrument, taken_form_ids: Iterable[str] = ()) -> list[DesignProblem]:
    """Every problem of a questionnaire, form first, then questions in form order."""
    problems = list(_form_problems(instrument, set(taken_form_ids)))
    located = list(iter_positions(instrument.questions))
    problems += _question_problems(instrument, located)
    problems += _choice_list_problems(instrument, located)
    problems += _cycle_problems(located)
    order = {position: index for index, (position, _q) in enumerate(located)}
    problems.sort(key=lambda problem: -1 if not problem.position else order[problem.position])
    return problems


def check_guide(instrument: Instrument, taken_form_ids: Iterable[str] = ()) -> list[DesignProblem]:
    """Problems of an interview or focus-group guide: a title, titled topics."""
    problems = list(_form_problems(instrument, set(taken_form_ids)))
    if not instrument.topics:
        problems.append(DesignProblem((), "", "topics", "A guide needs at least one topic."))
    for index, topic in enumerate(instrument.topics):
        if not topic.title.strip():
            problems.append(
                DesignProblem((index,), f"topic {index + 1}", "title", "A topic needs a title.")
            )
    return problems


def _form_problems(instrument: Instrument, taken: set[str]) -> Iterator[DesignProblem]:
    if not instrument.title.strip():
        yield DesignProblem((), "", "title", "The form needs a title.")
    if not instrument.form_id.strip():
        yield DesignProblem((), "", "form_id", "The form needs a form id.")
    elif instrument.form_id in taken:
        yield DesignProblem(
            (), "", "form_id", f"The form id '{instrument.form_id}' is used by another instrument."
        )


def _question_problems(
    instrument: Instrument, located: list[tuple[Position, Question]]
) -> Iterator[DesignProblem]:
    by_name: dict[str, int] = {}
    for _position, question in located:
        by_name[question.name] = by_name.get(question.name, 0) + 1
    repeat_names: set[str] = set()
    siblings: dict[Position, set[str]] = {}
    for position, question in located:
        yield from _name_problems(position, question, siblings, repeat_names)
        try:
            check_has_text(question, _NO_PLAN)
        except FormError as error:
            yield DesignProblem(position, question.path, "labels", error.message)
        if question.type == "calculate" and not (
            question.calculation or question.disabled_expressions.get("calculation")
        ):
            yield DesignProblem(position, question.path, "calculation", "A calculation is needed.")
        yield from _expression_problems(position, question, by_name)


def _name_problems(
    position: Position,
    question: Question,
    siblings: dict[Position, set[str]],
    repeat_names: set[str],
) -> Iterator[DesignProblem]:
    problem = name_problem(question.name)
    if problem:
        yield DesignProblem(position, question.path, "name", problem)
        return
    seen = siblings.setdefault(position[:-1], set())
    duplicate = question.name in seen
    if duplicate:
        yield DesignProblem(
            position,
            question.path,
            "name",
            f"Another question in the same group is already named '{question.name}'.",
        )
    seen.add(question.name)
    if question.type == "repeat":
        if question.name in repeat_names and not duplicate:
            yield DesignProblem(
                position,
                question.path,
                "name",
                f"Another repeat is already named '{question.name}'; repeat names must be "
                "unique in the whole form.",
            )
        repeat_names.add(question.name)


def _expression_problems(
    position: Position, question: Question, by_name: dict[str, int]
) -> Iterator[DesignProblem]:
    for field_name, text in expression_fields(question):
        found = expression_problem(text)
        if found is not None:
            message, offset = found
            yield DesignProblem(position, question.path, field_name, message, offset)
            continue
        references = dollar_references(text)
        yield from _reference_problems(position, question, field_name, references, by_name)
    for field_name in ("labels", "hints"):
        texts = getattr(question, field_name)
        names = {m for text in texts.values() for m in _RE_LABEL_REFERENCE.findall(text)}
        yield from _reference_problems(position, question, field_name, names, by_name)


def _reference_problems(
    position: Position,
    question: Question,
    field_name: str,
    references: Iterable[str],
    by_name: dict[str, int],
) -> Iterator[DesignProblem]:
    for name in sorted(references):
        count = by_name.get(name, 0)
        if count == 0:
            message = f"There is no question named '{name}'."
        elif count > 1:
            message = f"'{name}' names {count} questions; a referenced name must be unique."
        else:
            continue
        yield DesignProblem(position, question.path, field_name, message)


def _choice_list_problems(
    instrument: Instrument, located: list[tuple[Position, Question]]
) -> Iterator[DesignProblem]:
    users: dict[str, list[tuple[Position, Question]]] = {}
    for position, question in located:
        if question.type not in SELECT_TYPES or question.downgrade is not None:
            continue  # a select from earlier answers or a file has no list here
        list_name = question.list_name or ""
        users.setdefault(list_name, []).append((position, question))
        if not list_name:
            yield DesignProblem(position, question.path, "choices", "A choice list is needed.")
        elif not instrument.choice_lists.get(list_name):
            yield DesignProblem(
                position, question.path, "choices", f"The choice list '{list_name}' is empty."
            )
    allow_duplicates = instrument.settings.get("allow_choice_duplicates", "").lower() in (
        "yes",
        "true",
        "true()",
    )
    for list_name, choices in instrument.choice_lists.items():
        multiple = any(q.type == "select_multiple" for _p, q in users.get(list_name, []))
        for message in _choice_faults(list_name, choices, multiple, allow_duplicates):
            for position, question in users.get(list_name, [])[:1] or [((), None)]:
                path = question.path if question is not None else ""
                yield DesignProblem(position, path, "choices", message)


def _choice_faults(
    list_name: str, choices: list[Choice], multiple: bool, allow_duplicates: bool
) -> Iterator[str]:
    seen: set[str] = set()
    for number, choice in enumerate(choices, start=1):
        if not choice.name.strip():
            yield f"Choice {number} of '{list_name}' has no name."
        elif choice.name in seen and not allow_duplicates:
            yield f"The choice name '{choice.name}' is used twice in '{list_name}'."
        elif multiple and " " in choice.name:
            yield (
                f"The choice name '{choice.name}' has a space; a select multiple cannot "
                "use it (its answers are separated by spaces)."
            )
        seen.add(choice.name)


def _cycle_problems(located: list[tuple[Position, Question]]) -> Iterator[DesignProblem]:
    calculated: dict[str, tuple[Position, Question]] = {}
    for position, question in located:
        if question.calculation and expression_problem(question.calculation) is None:
            calculated.setdefault(question.name, (position, question))
    graph = {
        name: sorted(
            ref for ref in parse(question.calculation or "").references if ref in calculated
        )
        for name, (_position, question) in calculated.items()
    }
    for cycle in strongly_connected_cycles(graph):
        names = ", ".join(cycle)
        for name in cycle:
            position, question = calculated[name]
            yield DesignProblem(
                position,
                question.path,
                "calculation",
                f"These calculations depend on each other in a cycle: {names}.",
            )
