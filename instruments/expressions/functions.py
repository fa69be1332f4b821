"""The function library of ODK XForms (JavaRosa) that Fieldnotes evaluates.

Logic, numbers, strings, select questions and node-sets live here; date functions in
``dates``. ``KNOWN_FUNCTIONS`` is every name registered, once both are imported.
"""

from __future__ import annotations

import math
import random
import re
import string
import uuid
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

import instruments.expressions.dates  # noqa: F401  (registers the date functions)
from instruments.expressions.context import EvaluationContext
from instruments.expressions.errors import EvaluationError
from instruments.expressions.nodes import LocationPath, Step
from instruments.expressions.registry import (
    FUNCTIONS,
    Argument,
    context_function,
    function,
    lazy_function,
)
from instruments.expressions.values import (
    Value,
    flatten,
    is_empty,
    normalize,
    to_boolean,
    to_number,
    to_string,
)

# --- logic -------------------------------------------------------------------------------


@function("true", 0)
def _true() -> bool:
    return True


@function("false", 0)
def _false() -> bool:
    return False


@function("boolean", 1)
def _boolean(value: Value) -> bool:
    return to_boolean(value)


@function("not", 1)
def _not(value: Value) -> bool:
    return not to_boolean(value)


@function("boolean-from-string", 1)
def _boolean_from_string(value: Value) -> bool:
    text = to_string(value)
    return text.lower() == "true" or text == "1"


@lazy_function("if", 3)
def _if(args: Sequence[Argument], context: EvaluationContext) -> Value:
    return args[1].value() if to_boolean(args[0].value()) else args[2].value()


@lazy_function("coalesce", 2)
def _coalesce(args: Sequence[Argument], context: EvaluationContext) -> Value:
    first = args[0].value()
    return args[1].value() if is_empty(first) else first


@lazy_function("once", 1)
def _once(args: Sequence[Argument], context: EvaluationContext) -> Value:
    current = normalize(context.current)
    return args[0].value() if is_empty(current) else current


# --- numbers -----------------------------------------------------------------------------


@context_function("number", 0, 1)
def _number(context: EvaluationContext, *value: Value) -> float:
    return to_number(value[0] if value else context.current)


@function("int", 1)
def _int(value: Value) -> float:
    number = to_number(value)
    return float(math.trunc(number)) if math.isfinite(number) else number


_ROUNDING_CONTEXT = Context(prec=400)  # room for every digit of any float


@function("round", 1, 2)
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


@function("floor", 1)
def _floor(value: Value) -> float:
    number = to_number(value)
    return float(math.floor(number)) if math.isfinite(number) else number


@function("ceiling", 1)
def _ceiling(value: Value) -> float:
    number = to_number(value)
    return float(math.ceil(number)) if math.isfinite(number) else number


@function("abs", 1)
def _abs(value: Value) -> float:
    return abs(to_number(value))


@function("pow", 2)
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

    function(name, 1)(apply)


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


@function("atan2", 2)
def _atan2(y: Value, x: Value) -> float:
    return math.atan2(to_number(y), to_number(x))


@function("pi", 0)
def _pi() -> float:
    return math.pi


@function("random", 0)
def _random() -> float:
    return random.random()


# --- strings -----------------------------------------------------------------------------


@context_function("string", 0, 1)
def _string(context: EvaluationContext, *value: Value) -> str:
    return to_string(value[0] if value else context.current)


@function("concat", 0, None)
def _concat(*values: Value) -> str:
    return "".join(to_string(value) for value in flatten(list(values)))


@function("join", 1, None)
def _join(separator: Value, *values: Value) -> str:
    return to_string(separator).join(to_string(value) for value in flatten(list(values)))


@context_function("string-length", 0, 1)
def _string_length(context: EvaluationContext, *value: Value) -> float:
    return float(len(to_string(value[0] if value else context.current)))


@context_function("normalize-space", 0, 1)
def _normalize_space(context: EvaluationContext, *value: Value) -> str:
    return " ".join(to_string(value[0] if value else context.current).split())


@function("substr", 2, 3)
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


@function("substring-before", 2)
def _substring_before(value: Value, part: Value) -> str:
    text, sought = to_string(value), to_string(part)
    found = text.find(sought)
    return text[:found] if found >= 0 else ""


@function("substring-after", 2)
def _substring_after(value: Value, part: Value) -> str:
    text, sought = to_string(value), to_string(part)
    found = text.find(sought)
    return text[found + len(sought) :] if found >= 0 else ""


@function("contains", 2)
def _contains(value: Value, part: Value) -> bool:
    return to_string(part) in to_string(value)


@function("starts-with", 2)
def _starts_with(value: Value, prefix: Value) -> bool:
    return to_string(value).startswith(to_string(prefix))


@function("ends-with", 2)
def _ends_with(value: Value, suffix: Value) -> bool:
    return to_string(value).endswith(to_string(suffix))


@function("translate", 3)
def _translate(value: Value, source: Value, target: Value) -> str:
    """Replace each character of ``source`` by the one at the same place in ``target``."""
    sources, targets = to_string(source), to_string(target)
    mapping: dict[str, str] = {}
    for index, char in enumerate(sources):
        mapping.setdefault(char, targets[index] if index < len(targets) else "")
    return "".join(mapping.get(char, char) for char in to_string(value))


@function("regex", 2)
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


@function("uuid", 0, 1)
def _uuid(length: Value | None = None) -> str:
    if length is None:
        return str(uuid.uuid4())
    size = _to_index(length)
    if size > _LONGEST_RANDOM_TEXT:
        raise EvaluationError(f"uuid() length must be at most {_LONGEST_RANDOM_TEXT}, got {size}")
    return "".join(random.choice(_UUID_ALPHABET) for _ in range(max(size, 0)))


# --- select questions --------------------------------------------------------------------


@function("selected", 2)
def _selected(answer: Value, choice: Value) -> bool:
    """Whether a select_multiple answer (names separated by spaces) includes ``choice``."""
    return to_string(choice).strip() in to_string(answer).split()


@function("count-selected", 1)
def _count_selected(answer: Value) -> float:
    return float(len(to_string(answer).split()))


@function("selected-at", 2)
def _selected_at(answer: Value, index: Value) -> str:
    chosen = to_string(answer).split()
    position = _to_index(index)
    return chosen[position] if 0 <= position < len(chosen) else ""


@context_function("jr:choice-name", 2)
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


@function("sum", 1)
def _sum(values: Value) -> float:
    numbers = (to_number(value) for value in _nodes(values))
    return float(sum(number for number in numbers if not math.isnan(number)))


@function("count", 1)
def _count(values: Value) -> float:
    return float(len(_nodes(values)))


@function("count-non-empty", 1)
def _count_non_empty(values: Value) -> float:
    return float(sum(1 for value in _nodes(values) if to_string(value) != ""))


def _extreme(pick: Callable[[list[float]], float], values: Sequence[Value]) -> float:
    numbers = [to_number(value) for value in flatten(list(values))]
    present = [number for number in numbers if not math.isnan(number)]
    return pick(present) if present else math.nan


@function("max", 1, None)
def _max(*values: Value) -> float:
    return _extreme(max, values)


@function("min", 1, None)
def _min(*values: Value) -> float:
    return _extreme(min, values)


@lazy_function("position", 0, 1)
def _position(args: Sequence[Argument], context: EvaluationContext) -> float:
    """The 1-based index of the current repeat instance: position(..) in XLSForms."""
    if args and args[0].node != _PARENT:
        raise EvaluationError("position() supports only '..' as its argument")
    return float(context.position())


_PARENT = LocationPath(absolute=False, steps=(Step(test=".."),))


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
