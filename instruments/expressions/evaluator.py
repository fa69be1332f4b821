"""Evaluate a parsed expression against a form's answers, with XPath 1.0's (and ODK's) rules.

Unanswered questions are '' (NaN as numbers), so ``${age} > 18`` is simply false until the
age is given; division by zero gives Infinity or NaN; node-sets (repeat answers) compare
true when any member does. Whatever goes wrong surfaces as ``EvaluationError`` only.
"""

from __future__ import annotations

import math
from typing import Any

from instruments.expressions.context import EvaluationContext
from instruments.expressions.errors import (
    EvaluationError,
    ExpressionSyntaxError,
    UnparsableAtEvaluation,
)
from instruments.expressions.nodes import (
    Binary,
    Call,
    Current,
    FilterPath,
    LocationPath,
    Negate,
    Node,
    Number,
    Reference,
    String,
    to_text,
)
from instruments.expressions.parser import (
    Expression,
    child_path_name,
    parse,
    question_path_name,
)
from instruments.expressions.registry import FUNCTIONS, Argument
from instruments.expressions.values import (
    Value,
    days_since_epoch,
    is_date,
    normalize,
    parse_date_text,
    to_boolean,
    to_number,
    to_string,
)

_ORDER_OPERATORS = frozenset({"<", "<=", ">", ">="})


def evaluate(expression: Expression | str, context: EvaluationContext) -> Value:
    """The value of ``expression`` for the answers in ``context``.

    Returns a str, float, bool, date, datetime or list (see ``values``); use ``to_boolean``
    for relevant/constraint/required. Raises only ``EvaluationError``; text that does not
    parse raises one that is also an ``ExpressionSyntaxError``.
    """
    if isinstance(expression, str):
        try:
            expression = parse(expression)
        except ExpressionSyntaxError as error:
            raise UnparsableAtEvaluation(error.message, error.position, error.source) from error
    if not isinstance(expression, Expression):
        kind = type(expression).__name__
        raise EvaluationError(f"evaluate() needs an Expression or its text, got {kind}")
    try:
        return _Evaluation(context).value(expression.tree)
    except EvaluationError:
        raise
    except Exception as error:  # the contract: nothing but EvaluationError escapes
        message = f"could not evaluate {expression.source!r}: {type(error).__name__}: {error}"
        raise EvaluationError(message) from error


class _Evaluation:
    """One evaluation run over one context."""

    def __init__(self, context: EvaluationContext) -> None:
        self.context = context

    def value(self, node: Node) -> Value:
        match node:
            case Number(value=number):
                return number
            case String(value=text):
                return text
            case Reference(name=name, last_saved=last_saved):
                if last_saved:
                    raise EvaluationError(f"${{last-saved#{name}}} references are not supported")
                return normalize(self.context.value(name))
            case Current():
                return normalize(self.context.current)
            case LocationPath():
                return self.path(node)
            case FilterPath(base=Call(name="instance")):
                raise EvaluationError("instance() lookups are not supported")
            case FilterPath():
                raise EvaluationError(f"the path {to_text(node)} is not supported")
            case Call():
                return self.call(node)
            case Negate():
                return self.negate(node)
            case Binary():
                return self.binary(node)
        raise EvaluationError(f"not an expression node: {node!r}")

    def path(self, path: LocationPath) -> Value:
        simple = all(not step.predicates and step.axis in (None, "child") for step in path.steps)
        if simple:
            name = question_path_name(path)
            if name is not None:
                return normalize(self.context.value(name))
            name = child_path_name(path)
            if name is not None:
                return normalize(self.context.child_value(name))
            if path.steps and all(step.test == ".." for step in path.steps):
                raise EvaluationError("'..' can only be used as the argument of position()")
        raise EvaluationError(f"the path {to_text(path)} is not supported")

    def call(self, call: Call) -> Value:
        if call.name == "instance":
            raise EvaluationError("instance() lookups are not supported")
        spec = FUNCTIONS.get(call.name)
        if spec is None:
            raise EvaluationError(f"unknown function {call.name}()")
        problem = spec.arity_problem(len(call.args))
        if problem is not None:
            raise EvaluationError(problem)
        args = [Argument(arg, self.value) for arg in call.args]
        return normalize(spec.implementation(args, self.context))

    def negate(self, node: Negate) -> float:
        signs = 0
        operand: Node = node
        while isinstance(operand, Negate):
            operand, signs = operand.operand, signs + 1
        number = to_number(self.value(operand))
        return -number if signs % 2 else number

    def binary(self, node: Binary) -> Value:
        """A chain of operators (``a + b - c``), walked along its left spine in a loop."""
        spine = [node]
        while isinstance(spine[-1].left, Binary):
            spine.append(spine[-1].left)
        result = self.value(spine[-1].left)
        for current in reversed(spine):
            result = self.apply(current, result)
        return result

    def apply(self, node: Binary, left: Value) -> Value:
        operator = node.operator
        if operator == "or":
            return to_boolean(left) or to_boolean(self.value(node.right))
        if operator == "and":
            return to_boolean(left) and to_boolean(self.value(node.right))
        right = self.value(node.right)
        if operator in ("=", "!=") or operator in _ORDER_OPERATORS:
            return compare(operator, left, right)
        if operator == "|":
            return _as_list(left) + _as_list(right)
        return arithmetic(operator, _number_against(left, right), _number_against(right, left))


def compare(operator: str, left: Value, right: Value) -> bool:
    """XPath comparison; a node-set compares true when any of its members does."""
    if isinstance(left, list) or isinstance(right, list):
        if isinstance(left, bool) or isinstance(right, bool):
            return _compare_scalars(operator, to_boolean(left), to_boolean(right))
        return any(
            compare(operator, one, other) for one in _as_list(left) for other in _as_list(right)
        )
    return _compare_scalars(operator, left, right)


def _compare_scalars(operator: str, left: Value, right: Value) -> bool:
    if operator in _ORDER_OPERATORS:
        x, y = _number_against(left, right), _number_against(right, left)
        if operator == "<":
            return x < y
        if operator == "<=":
            return x <= y
        if operator == ">":
            return x > y
        return x >= y
    equal = _equal(left, right)
    return equal if operator == "=" else not equal


def _equal(left: Value, right: Value) -> bool:
    """JavaRosa's equality: as booleans, else as numbers (dates too), else as strings."""
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    numeric = isinstance(left, float) or isinstance(right, float)
    if is_date(left) or is_date(right):
        numeric = numeric or all(_date_like(value) for value in (left, right))
    if numeric:
        x, y = _number_against(left, right), _number_against(right, left)
        return x == y or abs(x - y) < 1e-12
    return to_string(left) == to_string(right)


def arithmetic(operator: str, x: float, y: float) -> float:
    """``+ - * div mod`` on numbers, with XPath's Infinity and NaN instead of exceptions."""
    if operator == "+":
        return x + y
    if operator == "-":
        return x - y
    if operator == "*":
        return x * y
    if operator == "div":
        if y == 0:
            if x == 0 or math.isnan(x):
                return math.nan
            return math.copysign(math.inf, x) * math.copysign(1.0, y)
        return x / y
    if operator == "mod":
        try:
            return math.fmod(x, y)
        except ValueError:  # x mod 0, Infinity mod y
            return math.nan
    raise EvaluationError(f"unknown operator {operator!r}")


def _number_against(value: Value, other: Value) -> float:
    """``value`` as a number; ISO date text counts as a date when compared with a date."""
    if isinstance(value, str) and is_date(other):
        parsed = parse_date_text(value)
        if parsed is not None:
            return days_since_epoch(parsed)
    return to_number(value)


def _date_like(value: Value) -> bool:
    return is_date(value) or (isinstance(value, str) and parse_date_text(value) is not None)


def _as_list(value: Any) -> list[Value]:
    return value if isinstance(value, list) else [value]
