"""The function library of ODK XForms (JavaRosa) that Fieldnotes evaluates.

Each function is registered with how many arguments it takes, so the parser can refuse a
wrong count before a form is ever filled in. Arguments arrive unevaluated (``Argument``):
``if()``, ``coalesce()`` and ``once()`` evaluate only what they need, the way ODK does.
"""

from __future__ import annotations

import math
import random
import re
import string
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any

from instruments.expressions.context import EvaluationContext
from instruments.expressions.errors import EvaluationError
from instruments.expressions.nodes import LocationPath, Node, Step
from instruments.expressions.values import (
    Value,
    date_from_days,
    days_since_epoch,
    flatten,
    is_empty,
    normalize,
    parse_date_text,
    to_boolean,
    to_number,
    to_string,
)


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


def _values(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(*values)``: every argument evaluated first."""

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        def implementation(args: Sequence[Argument], context: EvaluationContext) -> Value:
            return fn(*[arg.value() for arg in args])

        _define(name, min_args, max_args, implementation)
        return fn

    return register


def _with_context(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(context, *values)``, for functions that read the form's surroundings."""

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        def implementation(args: Sequence[Argument], context: EvaluationContext) -> Value:
            return fn(context, *[arg.value() for arg in args])

        _define(name, min_args, max_args, implementation)
        return fn

    return register


def _lazy(name: str, min_args: int, max_args: int | None = _SAME) -> Callable[..., Any]:
    """Register ``fn(args, context)``, which evaluates its arguments itself (or not at all)."""

    def register(fn: Implementation) -> Implementation:
        _define(name, min_args, max_args, fn)
        return fn

    return register


def _define(name: str, min_args: int, max_args: int | None, fn: Implementation) -> None:
    FUNCTIONS[name] = FunctionSpec(name, min_args, min_args if max_args == _SAME else max_args, fn)


# --- logic -------------------------------------------------------------------------------


@_values("true", 0)
def _true() -> bool:
    return True


@_values("false", 0)
def _false() -> bool:
    return False


@_values("boolean", 1)
def _boolean(value: Value) -> bool:
    return to_boolean(value)


@_values("not", 1)
def _not(value: Value) -> bool:
    return not to_boolean(value)


@_values("boolean-from-string", 1)
def _boolean_from_string(value: Value) -> bool:
    text = to_string(value)
    return text.lower() == "true" or text == "1"


@_lazy("if", 3)
def _if(args: Sequence[Argument], context: EvaluationContext) -> Value:
    return args[1].value() if to_boolean(args[0].value()) else args[2].value()


@_lazy("coalesce", 2)
def _coalesce(args: Sequence[Argument], context: EvaluationContext) -> Value:
    first = args[0].value()
    return args[1].value() if is_empty(first) else first


@_lazy("once", 1)
def _once(args: Sequence[Argument], context: EvaluationContext) -> Value:
    current = normalize(context.current)
    return args[0].value() if is_empty(current) else current


# --- numbers -----------------------------------------------------------------------------


@_with_context("number", 0, 1)
def _number(context: EvaluationContext, *value: Value) -> float:
    return to_number(value[0] if value else context.current)


@_values("int", 1)
def _int(value: Value) -> float:
    number = to_number(value)
    return float(math.trunc(number)) if math.isfinite(number) else number


_ROUNDING_CONTEXT = Context(prec=400)  # room for every digit of any float


@_values("round", 1, 2)
def _round(value: Value, places: Value = 0.0) -> float:
    """Round half up (towards +infinity at .5), to ``places`` decimals, as JavaRosa does."""
    number = to_number(value)
    if not math.isfinite(number):
        return number
    digits = _to_index(places)
    if abs(digits) > 30:
        return math.nan
    mode = ROUND_HALF_UP if number >= 0 else ROUND_HALF_DOWN
    exact = Decimal(repr(number))
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=mode, context=_ROUNDING_CONTEXT)
    return float(rounded)


@_values("floor", 1)
def _floor(value: Value) -> float:
    number = to_number(value)
    return float(math.floor(number)) if math.isfinite(number) else number


@_values("ceiling", 1)
def _ceiling(value: Value) -> float:
    number = to_number(value)
    return float(math.ceil(number)) if math.isfinite(number) else number


@_values("abs", 1)
def _abs(value: Value) -> float:
    return abs(to_number(value))


@_values("pow", 2)
def _pow(base: Value, exponent: Value) -> float:
    """Java's Math.pow: NaN for a negative base with a fractional power, infinity on overflow."""
    x, y = to_number(base), to_number(exponent)
    try:
        return math.pow(x, y)
    except ValueError:
        return math.inf if x == 0 else math.nan
    except OverflowError:
        odd_power = abs(math.fmod(y, 2)) == 1
        return -math.inf if x < 0 and odd_power else math.inf


def _unary_math(name: str, fn: Callable[[float], float]) -> None:
    """Register a one-argument math function with Java's NaN/infinity results, not exceptions."""

    def apply(value: Value) -> float:
        x = to_number(value)
        try:
            return fn(x)
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf

    _values(name, 1)(apply)


def _logarithm(fn: Callable[[float], float]) -> Callable[[float], float]:
    def log(x: float) -> float:
        if x == 0:
            return -math.inf
        return fn(x)

    return log


for _name, _fn in (
    ("sqrt", math.sqrt),
    ("exp", math.exp),
    ("exp10", lambda x: math.pow(10.0, x)),
    ("log", _logarithm(math.log)),
    ("log10", _logarithm(math.log10)),
    ("sin", math.sin),
    ("cos", math.cos),
    ("tan", math.tan),
    ("asin", math.asin),
    ("acos", math.acos),
    ("atan", math.atan),
):
    _unary_math(_name, _fn)
del _name, _fn


@_values("atan2", 2)
def _atan2(y: Value, x: Value) -> float:
    return math.atan2(to_number(y), to_number(x))


@_values("pi", 0)
def _pi() -> float:
    return math.pi


@_values("random", 0)
def _random() -> float:
    return random.random()


# --- strings -----------------------------------------------------------------------------


@_with_context("string", 0, 1)
def _string(context: EvaluationContext, *value: Value) -> str:
    return to_string(value[0] if value else context.current)


@_values("concat", 0, None)
def _concat(*values: Value) -> str:
    return "".join(to_string(value) for value in flatten(list(values)))


@_values("join", 1, None)
def _join(separator: Value, *values: Value) -> str:
    return to_string(separator).join(to_string(value) for value in flatten(list(values)))


@_with_context("string-length", 0, 1)
def _string_length(context: EvaluationContext, *value: Value) -> float:
    return float(len(to_string(value[0] if value else context.current)))


@_with_context("normalize-space", 0, 1)
def _normalize_space(context: EvaluationContext, *value: Value) -> str:
    return " ".join(to_string(value[0] if value else context.current).split())


@_values("substr", 2, 3)
def _substr(value: Value, start: Value, end: Value | None = None) -> str:
    """XForms substr(): 0-based start, exclusive end; negative positions count from the end."""
    text = to_string(value)
    length = len(text)
    first = _to_index(start)
    last = length if end is None else _to_index(end)
    if first < 0:
        first += length
    if last < 0:
        last += length
    first, last = min(max(0, first), length), min(max(0, last), length)
    return text[first:last] if first <= last else ""


@_values("substring-before", 2)
def _substring_before(value: Value, part: Value) -> str:
    text, sought = to_string(value), to_string(part)
    found = text.find(sought)
    return text[:found] if found >= 0 else ""


@_values("substring-after", 2)
def _substring_after(value: Value, part: Value) -> str:
    text, sought = to_string(value), to_string(part)
    found = text.find(sought)
    return text[found + len(sought) :] if found >= 0 else ""


@_values("contains", 2)
def _contains(value: Value, part: Value) -> bool:
    return to_string(part) in to_string(value)


@_values("starts-with", 2)
def _starts_with(value: Value, prefix: Value) -> bool:
    return to_string(value).startswith(to_string(prefix))


@_values("ends-with", 2)
def _ends_with(value: Value, suffix: Value) -> bool:
    return to_string(value).endswith(to_string(suffix))


@_values("translate", 3)
def _translate(value: Value, source: Value, target: Value) -> str:
    """Replace each character of ``source`` by the one at the same place in ``target``."""
    sources, targets = to_string(source), to_string(target)
    mapping: dict[str, str] = {}
    for index, char in enumerate(sources):
        mapping.setdefault(char, targets[index] if index < len(targets) else "")
    return "".join(mapping.get(char, char) for char in to_string(value))


@_values("regex", 2)
def _regex(value: Value, pattern: Value) -> bool:
    """Whether the whole value matches, as Java's Pattern.matches() decides."""
    return _compile(to_string(pattern)).fullmatch(to_string(value)) is not None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as error:
        raise EvaluationError(f"invalid regular expression {pattern!r}: {error}") from error


_UUID_ALPHABET = string.ascii_letters + string.digits
_LONGEST_RANDOM_TEXT = 4096


@_values("uuid", 0, 1)
def _uuid(length: Value | None = None) -> str:
    if length is None:
        return str(uuid.uuid4())
    size = _to_index(length)
    if size > _LONGEST_RANDOM_TEXT:
        raise EvaluationError(f"uuid() length must be at most {_LONGEST_RANDOM_TEXT}, got {size}")
    return "".join(random.choice(_UUID_ALPHABET) for _ in range(max(size, 0)))


# --- select questions --------------------------------------------------------------------


@_values("selected", 2)
def _selected(answer: Value, choice: Value) -> bool:
    """Whether a select_multiple answer (names separated by spaces) includes ``choice``."""
    return to_string(choice).strip() in to_string(answer).split()


@_values("count-selected", 1)
def _count_selected(answer: Value) -> float:
    return float(len(to_string(answer).split()))


@_values("selected-at", 2)
def _selected_at(answer: Value, index: Value) -> str:
    chosen = to_string(answer).split()
    position = _to_index(index)
    return chosen[position] if 0 <= position < len(chosen) else ""


@_with_context("jr:choice-name", 2)
def _choice_name(context: EvaluationContext, choice: Value, question: Value) -> str:
    """The label of a chosen value; the question is named in a string: '${q}' or '/data/q'."""
    reference = to_string(question).strip()
    if reference.startswith("${") and reference.endswith("}"):
        name = reference[2:-1]
    else:
        name = reference.rstrip("/").rsplit("/", 1)[-1]
    label = context.choice_label(name, to_string(choice))
    return "" if label is None else to_string(label)


# --- node-sets (repeats) -----------------------------------------------------------------


def _nodes(value: Value) -> list[Value]:
    """A node-set as a list; a single question's value is a node-set of one."""
    return value if isinstance(value, list) else [value]


@_values("sum", 1)
def _sum(values: Value) -> float:
    numbers = (to_number(value) for value in _nodes(values))
    return float(sum(number for number in numbers if not math.isnan(number)))


@_values("count", 1)
def _count(values: Value) -> float:
    return float(len(_nodes(values)))


@_values("count-non-empty", 1)
def _count_non_empty(values: Value) -> float:
    return float(sum(1 for value in _nodes(values) if to_string(value) != ""))


def _extreme(pick: Callable[[list[float]], float], values: Sequence[Value]) -> float:
    numbers = [to_number(value) for value in flatten(list(values))]
    present = [number for number in numbers if not math.isnan(number)]
    return pick(present) if present else math.nan


@_values("max", 1, None)
def _max(*values: Value) -> float:
    return _extreme(max, values)


@_values("min", 1, None)
def _min(*values: Value) -> float:
    return _extreme(min, values)


@_lazy("position", 0, 1)
def _position(args: Sequence[Argument], context: EvaluationContext) -> float:
    """The 1-based index of the current repeat instance: position(..) in XLSForms."""
    if args and args[0].node != _PARENT:
        raise EvaluationError("position() supports only '..' as its argument")
    return float(context.position())


_PARENT = LocationPath(absolute=False, steps=(Step(test=".."),))


# --- dates -------------------------------------------------------------------------------


@_with_context("today", 0)
def _today(context: EvaluationContext) -> date:
    return _moment(context).date()


@_with_context("now", 0)
def _now(context: EvaluationContext) -> datetime:
    return _moment(context)


def _moment(context: EvaluationContext) -> datetime:
    moment = context.now()
    if not isinstance(moment, datetime):
        raise EvaluationError(f"the context's now() gave {moment!r}, not a datetime")
    return moment


@_values("date", 1)
def _date(value: Value) -> Value:
    return _to_date(value, keep_time=False)


@_values("date-time", 1)
def _date_time(value: Value) -> Value:
    return _to_date(value, keep_time=True)


@_values("decimal-date-time", 1)
def _decimal_date_time(value: Value) -> Value:
    moment = _to_date(value, keep_time=True)
    return moment if isinstance(moment, str | float) else days_since_epoch(moment)


def _to_date(value: Value, *, keep_time: bool) -> Value:
    """JavaRosa's date conversion: ISO text or a day count; '' and NaN pass through."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, datetime):
        return value if keep_time else value.date()
    if isinstance(value, date):
        return datetime.combine(value, time()) if keep_time else value
    if isinstance(value, str):
        if not value.strip():
            return ""
        parsed = parse_date_text(value)
        if parsed is None:
            raise EvaluationError(f"{value!r} is not a date")
        return _to_date(parsed, keep_time=keep_time)
    if isinstance(value, bool):
        raise EvaluationError(f"the boolean {to_string(value)} is not a date")
    if math.isnan(value):
        return value
    converted = date_from_days(value, keep_time=keep_time)
    if converted is None:
        raise EvaluationError(f"{to_string(value)} days from 1970-01-01 is not a date")
    return converted


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DATE_FIELDS: dict[str, Callable[[datetime], str]] = {
    "Y": lambda m: f"{m.year:04d}",
    "y": lambda m: f"{m.year % 100:02d}",
    "m": lambda m: f"{m.month:02d}",
    "n": lambda m: str(m.month),
    "b": lambda m: _MONTHS[m.month - 1],
    "d": lambda m: f"{m.day:02d}",
    "e": lambda m: str(m.day),
    "H": lambda m: f"{m.hour:02d}",
    "h": lambda m: str(m.hour),
    "M": lambda m: f"{m.minute:02d}",
    "S": lambda m: f"{m.second:02d}",
    "3": lambda m: f"{m.microsecond // 1000:03d}",
    "a": lambda m: _WEEKDAYS[m.weekday()],
}


def _format_date(value: Value, pattern: Value) -> str:
    """format-date(): JavaRosa's %Y %y %m %n %b %d %e %H %h %M %S %3 %a codes."""
    moment = _to_date(value, keep_time=True)
    if not isinstance(moment, datetime):
        return ""  # no date: '' or NaN
    text, out, index = to_string(pattern), [], 0
    while index < len(text):
        char = text[index]
        if char != "%":
            out.append(char)
            index += 1
            continue
        code = text[index + 1 : index + 2]
        if code not in _DATE_FIELDS:
            raise EvaluationError(f"format-date() does not know the code %{code}")
        out.append(_DATE_FIELDS[code](moment))
        index += 2
    return "".join(out)


_values("format-date", 2)(_format_date)
_values("format-date-time", 2)(_format_date)


# --- helpers -----------------------------------------------------------------------------


def _to_index(value: Value) -> int:
    """A number used as a position or count, truncated and clamped as Java's intValue() does."""
    number = to_number(value)
    if math.isnan(number):
        return 0
    largest = 2**31 - 1
    if number >= largest:
        return largest
    if number <= -largest - 1:
        return -largest - 1
    return math.trunc(number)


KNOWN_FUNCTIONS: frozenset[str] = frozenset(FUNCTIONS)
