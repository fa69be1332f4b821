"""Checks on an imported instrument that pyxform leaves to ODK Validate or to the phone.

- Structure: a question people see needs a label, hint or media (pyxform refuses this
  only when writing the XForm, a step we skip).
- Expressions: every relevant, constraint, required, calculation, dynamic default,
  choice_filter, repeat_count and read_only must parse, or the whole form is refused at
  that cell (ODK Validate would refuse it later, on a phone, far from the author).
- A valid call of a function Fieldnotes does not evaluate (pulldata, indexed-repeat,
  duration, cht:...) disables that expression, with a warning naming the cell.
- Calculations that depend on each other in a cycle are disabled, with a warning naming
  their rows.

Disabled expressions are set to None and kept, as written, in the question's
`disabled_expressions` under the field's name (e.g. {"calculation": "pulldata(...)"}).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyxform.utils import default_is_dynamic

from instruments.errors import FormError
from instruments.expressions import Expression, ExpressionSyntaxError, parse
from instruments.model import Instrument, Question
from instruments.report import ImportReport
from instruments.xlsform_columns import SheetPlan

SURVEY = "survey"

# Fields holding an expression, in the order a person reads the columns.
EXPRESSION_FIELDS: tuple[str, ...] = (
    "relevant",
    "required",
    "constraint",
    "read_only",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
)

# Types shown to the person entering data: they need something to show.
_VISIBLE_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "select_one",
        "select_multiple",
        "rank",
        "range",
        "date",
        "time",
        "dateTime",
        "note",
        "acknowledge",
        "geopoint",
        "geotrace",
        "geoshape",
        "image",
        "audio",
        "video",
        "file",
        "barcode",
        "osm",
        "trigger",
        "select_one_from_file",
        "select_multiple_from_file",
        "select_one_external",
    }
)


def check_instrument(instrument: Instrument, plan: SheetPlan, report: ImportReport) -> None:
    """Refuse what cannot work; disable, with a warning, what Fieldnotes cannot evaluate."""
    for _path, question in instrument.walk():
        check_has_text(question, plan)
    parsed = check_expressions(instrument, plan, report)
    disable_calculation_cycles(instrument, parsed, report)


def check_has_text(question: Question, plan: SheetPlan) -> None:
    """A visible question with no label, hint or media cannot be asked (pyxform agrees)."""
    if question.type not in _VISIBLE_TYPES:
        return
    if _any_text(question.labels) or _any_text(question.hints):
        return
    if any(_any_text(files) for files in question.media.values()):
        return
    if question.calculation or "trigger" in {k.strip().lower() for k in question.extra}:
        return  # pyxform treats an unlabelled calculated question as a calculation
    raise FormError(
        f"The survey element named '{question.name}' has no label or hint.",
        sheet=SURVEY,
        row=question.row,
        column=plan.header_of("labels") or "label",
    )


def _any_text(texts: dict[str, str]) -> bool:
    return any(text.strip() for text in texts.values())


def _expressions(question: Question) -> Iterator[tuple[str, str]]:
    for field_name in EXPRESSION_FIELDS:
        text = getattr(question, field_name)
        if not text:
            continue
        if field_name == "default" and not default_is_dynamic(text, question.raw_type):
            continue  # a literal default value, not an expression
        yield field_name, text


def column_of(field_name: str, plan: SheetPlan) -> str:
    """The header a field was read from; a constraint implied by the type is at 'type'."""
    return plan.header_of(field_name) or plan.header_of("type") or "type"


def check_expressions(
    instrument: Instrument, plan: SheetPlan, report: ImportReport
) -> dict[tuple[str, str], Expression]:
    """Parse every expression; refuse on a syntax error, disable unknown functions.

    Returns the parsed expressions still enabled, keyed by (question path, field).
    """
    parsed: dict[tuple[str, str], Expression] = {}
    for path, question in instrument.walk():
        for field_name, text in list(_expressions(question)):
            column = column_of(field_name, plan)
            try:
                expression = parse(text)
            except ExpressionSyntaxError as error:
                raise FormError(
                    f"{error.message} in {text!r}", sheet=SURVEY, row=question.row, column=column
                ) from error
            unknown = expression.unknown_functions
            if unknown:
                names = ", ".join(f"{name}()" for name in sorted(unknown))
                report.warn(
                    f"{names} is not available in Fieldnotes; this {field_name} is ignored "
                    f"(kept as written for export): {text}",
                    sheet=SURVEY,
                    row=question.row,
                    column=column,
                )
                disable(question, field_name)
                continue
            parsed[(path, field_name)] = expression
    return parsed


def disable(question: Question, field_name: str) -> None:
    """Treat an expression as absent, keeping its text for export."""
    question.disabled_expressions[field_name] = getattr(question, field_name)
    setattr(question, field_name, None)


def disable_calculation_cycles(
    instrument: Instrument,
    parsed: dict[tuple[str, str], Expression],
    report: ImportReport,
) -> None:
    """Disable calculations that depend on each other in a cycle, naming their rows."""
    calculated: dict[str, Question] = {}
    for path, question in instrument.walk():
        if (path, "calculation") in parsed:
            calculated.setdefault(question.name, question)
    graph = {
        name: sorted(
            ref for ref in parsed[(question.path, "calculation")].references if ref in calculated
        )
        for name, question in calculated.items()
    }
    for cycle in strongly_connected_cycles(graph):
        members = [calculated[name] for name in cycle]
        rows = ", ".join(f"{q.name} (row {q.row})" for q in members)
        report.warn(
            f"these calculations depend on each other in a cycle and are ignored: {rows}",
            sheet=SURVEY,
            row=members[0].row,
            column=None,
        )
        for question in members:
            disable(question, "calculation")


def strongly_connected_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The cycles of a dependency graph: components of 2+ nodes, or a node on itself.

    Tarjan's algorithm, iterative so a long chain of calculations cannot hit Python's
    recursion limit. Each cycle is listed in the graph's (form) order.
    """
    order = {name: position for position, name in enumerate(graph)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    cycles.append(sorted(component, key=order.__getitem__))
    cycles.sort(key=lambda cycle: order[cycle[0]])
    return cycles
