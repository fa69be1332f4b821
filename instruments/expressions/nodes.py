"""The parsed form of an expression: small immutable nodes, and how to write them back as text.

Parentheses leave no node behind, so two texts that differ only in spacing or redundant
brackets give equal trees; ``to_text`` writes the canonical text of a tree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric literal; always finite and not negative (a minus sign is a ``Negate``)."""

    value: float


@dataclass(frozen=True, slots=True)
class String:
    value: str


@dataclass(frozen=True, slots=True)
class Reference:
    """``${name}``, or ``${last-saved#name}`` (the value saved in the previous submission)."""

    name: str
    last_saved: bool = False


@dataclass(frozen=True, slots=True)
class Current:
    """``.``: the question being validated or calculated."""


@dataclass(frozen=True, slots=True)
class Step:
    """One path step (``q``, ``..``, ``@id``, ``*``, ``text()``, ``axis::q``) and its predicates."""

    test: str
    axis: str | None = None
    predicates: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class LocationPath:
    """``/data/group/q``, ``../q``, ``./q`` or a bare ``q``."""

    absolute: bool
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class FilterPath:
    """A value followed by predicates or path steps: ``instance('x')/root/item[name = 1]``."""

    base: Node
    predicates: tuple[Node, ...] = ()
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; ``name`` keeps its prefix (``jr:choice-name``)."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Binary:
    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node


Node = Number | String | Reference | Current | LocationPath | FilterPath | Call | Binary | Negate

#: Binding strength of binary operators, weakest first (XPath 1.0, section 3).
PRECEDENCE: dict[str, int] = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
    "|": 8,
}
NEGATE_PRECEDENCE = 7
_PRIMARY_PRECEDENCE = 9

#: The step that ``//`` abbreviates.
DESCENDANT_STEP = Step(test="node()", axis="descendant-or-self")


def children(node: Node) -> Iterator[tuple[Node, bool]]:
    """Direct sub-expressions of ``node``, each with whether it sits inside a predicate."""
    match node:
        case Binary(left=left, right=right):
            yield left, False
            yield right, False
        case Negate(operand=operand):
            yield operand, False
        case Call(args=args):
            for arg in args:
                yield arg, False
        case FilterPath(base=base, predicates=predicates, steps=steps):
            yield base, False
            for predicate in predicates:
                yield predicate, True
            for step in steps:
                for predicate in step.predicates:
                    yield predicate, True
        case LocationPath(steps=steps):
            for step in steps:
                for predicate in step.predicates:
                    yield predicate, True


def walk(node: Node) -> Iterator[tuple[Node, bool]]:
    """Every node of the tree, each with whether it sits inside a predicate.

    Iterative, so a long chain such as ``${a1} + ${a2} + ... + ${a300}`` costs no recursion.
    """
    pending: list[tuple[Node, bool]] = [(node, False)]
    while pending:
        current, in_predicate = pending.pop()
        yield current, in_predicate
        found = [(child, in_predicate or inside) for child, inside in children(current)]
        pending.extend(reversed(found))


def to_text(node: Node) -> str:
    """Canonical text of a tree; parsing it gives an equal tree back.

    Raises ``ValueError`` for trees no text can produce (a negative or non-finite number,
    a string holding both kinds of quote).
    """
    match node:
        case Number(value=value):
            return _number_literal(value)
        case String(value=value):
            return _quote(value)
        case Reference(name=name, last_saved=last_saved):
            return "${" + ("last-saved#" if last_saved else "") + name + "}"
        case Current():
            return "."
        case LocationPath(absolute=absolute, steps=steps):
            body = "/".join(_step_text(step) for step in steps)
            return "/" + body if absolute else body
        case FilterPath(base=base, predicates=predicates, steps=steps):
            text = to_text(base)
            if not isinstance(base, Number | String | Reference | Call):
                text = f"({text})"  # a path, '.' or an operation cannot take predicates itself
            text += "".join(f"[{to_text(p)}]" for p in predicates)
            return text + "".join("/" + _step_text(step) for step in steps)
        case Call(name=name, args=args):
            return f"{name}({', '.join(to_text(arg) for arg in args)})"
        case Binary():
            return _binary_text(node)
        case Negate(operand=operand):
            return "-" + _wrap(operand, NEGATE_PRECEDENCE, strict=False)
    raise TypeError(f"not an expression node: {node!r}")


def _binary_text(node: Binary) -> str:
    """Text of a chain of operators, walking its left spine without recursion."""
    spine = [node]
    while isinstance(spine[-1].left, Binary):
        spine.append(spine[-1].left)
    text = to_text(spine[-1].left)
    below: Node = spine[-1].left
    for current in reversed(spine):
        strength = PRECEDENCE[current.operator]
        if precedence(below) < strength:
            text = f"({text})"
        text = f"{text} {current.operator} {_wrap(current.right, strength, strict=True)}"
        below = current
    return text


def precedence(node: Node) -> int:
    """How tightly a node holds together when written out."""
    if isinstance(node, Binary):
        return PRECEDENCE[node.operator]
    if isinstance(node, Negate):
        return NEGATE_PRECEDENCE
    return _PRIMARY_PRECEDENCE


def _wrap(node: Node, strength: int, *, strict: bool) -> str:
    """Text of an operand, bracketed when it binds more loosely than its operator needs.

    ``strict`` is for right operands: the operators are left-associative, so an equally
    strong right operand needs brackets too.
    """
    text = to_text(node)
    inner = precedence(node)
    needs_brackets = inner < strength or (strict and inner == strength)
    return f"({text})" if needs_brackets else text


def _step_text(step: Step) -> str:
    if step.axis is None:
        text = step.test
    elif step.axis == "attribute":
        text = "@" + step.test
    else:
        text = f"{step.axis}::{step.test}"
    return text + "".join(f"[{to_text(p)}]" for p in step.predicates)


def _number_literal(value: float) -> str:
    """The exact digits of a number literal: XPath has no exponent notation."""
    if not math.isfinite(value) or math.copysign(1.0, value) < 0:
        raise ValueError(f"a number literal must be finite and not negative: {value}")
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


_SINGLE_QUOTES = "'\u2018\u2019"
_DOUBLE_QUOTES = '"\u201c\u201d'


def _quote(value: str) -> str:
    has_single = any(c in _SINGLE_QUOTES for c in value)
    has_double = any(c in _DOUBLE_QUOTES for c in value)
    if has_single and has_double:
        raise ValueError(f"XPath cannot write a string holding both kinds of quote: {value!r}")
    return f'"{value}"' if has_single else f"'{value}'"
