"""Date functions: today(), now(), date(), date-time(), decimal-date-time(), format-date().

Dates follow JavaRosa: ISO 8601 text or a count of days since 1970-01-01 converts to a date;
'' and NaN pass through unchanged, so an unanswered date question stays empty.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time

from instruments.expressions.context import EvaluationContext
from instruments.expressions.errors import EvaluationError
from instruments.expressions.registry import context_function, function
from instruments.expressions.values import (
    Value,
    date_from_days,
    days_since_epoch,
    parse_date_text,
    to_string,
)


@context_function("today", 0)
def _today(context: EvaluationContext) -> date:
    return _moment(context).date()


@context_function("now", 0)
def _now(context: EvaluationContext) -> datetime:
    return _moment(context)


def _moment(context: EvaluationContext) -> datetime:
    moment = context.now()
    if not isinstance(moment, datetime):
        raise EvaluationError(f"the context's now() gave {moment!r}, not a datetime")
    return moment


@function("date", 1)
def _date(value: Value) -> Value:
    return _to_date(value, keep_time=False)


@function("date-time", 1)
def _date_time(value: Value) -> Value:
    return _to_date(value, keep_time=True)


@function("decimal-date-time", 1)
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


function("format-date", 2)(_format_date)
function("format-date-time", 2)(_format_date)
