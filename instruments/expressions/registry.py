"""How the function library is declared: each function with its argument count.

The parser asks a function's ``FunctionSpec`` whether a call has the right number of
arguments, so a wrong count is refused when the form is imported, not when it is filled
in. Arguments arrive unevaluated (``Argument``): ``if()``, ``coalesce()`` and ``once()``
evaluate only what they need, the way ODK does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from instruments.expressions.context import EvaluationContext
from instruments.expressions.nodes import Node
from instruments.expressions.values import Value


class Argument:
    """One argument of a call: its tree, and its value, computed on first use only."""

    __slots__ = ("node", "_compute", "_value", "_ready")

    def __init__(self, node: Node, compute: Callable[[Node], Value]) -> None:
        self.node = node
        self._compute = compute
        self._value: Value = ""
        self._ready = False

    def value(self) -> Value:
        if not self._ready:
            self._value = self._compute(self.node)
            self._ready = True
        return self._value


Implementation = Callable[[Sequence[Argument], EvaluationContext], Value]


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """A function of the library: its name, how many arguments it takes, what it does."""

    name: str
    min_args: int
    max_args: int | None  # None: any number from min_args up
    implementation: Implementation

    def arity_problem(self, count: int) -> str | None:
        """Why ``count`` arguments are wrong for this function, or None if they are right."""
        if count >= self.min_args and (self.max_args is None or count <= self.max_args):
            return None
        return f"{self.name}() takes {self._accepted()}, got {count}"

    def _accepted(self) -> str:
        low, high = self.min_args, self.max_args
        if high is None:
            return f"at least {_arguments(low)}"
        if low == high:
            return "no arguments" if low == 0 else _arguments(low)
        if high == low + 1:
            return f"{low} or {_arguments(high)}"
        return f"{low} to {_arguments(high)}"


def _arguments(count: int) -> str:
    return f"{count} argument" if count == 1 else f"{count} arguments"


FUNCTIONS: dict[str, FunctionSpec] = {}
_SAME = -1


def function(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(*values)`` as ``name``: every argument evaluated first.

    It takes ``min_args`` to ``max_args`` arguments: exactly ``min_args`` by default, any
    number from ``min_args`` up with ``None``. The two decorators below take the same counts.
    """

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        def implementation(args: Sequence[Argument], context: EvaluationContext) -> Value:
            return fn(*[arg.value() for arg in args])

        _define(name, min_args, max_args, implementation)
        return fn

    return register


def context_function(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(context, *values)``, for functions that read the form's surroundings."""

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        def implementation(args: Sequence[Argument], context: EvaluationContext) -> Value:
            return fn(context, *[arg.value() for arg in args])

        _define(name, min_args, max_args, implementation)
        return fn

    return register


def lazy_function(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(args, context)``, which evaluates its arguments itself (or not at all)."""

    def register(fn: Implementation) -> Implementation:
        _define(name, min_args, max_args, fn)
        return fn

    return register


def _define(name: str, min_args: int, max_args: int | None, fn: Implementation) -> None:
    FUNCTIONS[name] = FunctionSpec(name, min_args, min_args if max_args == _SAME else max_args, fn)
