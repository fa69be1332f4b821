"""XPath values and the conversions between them, as ODK's JavaRosa applies them.

Inside the evaluator a value is one of: ``str``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime`` or a ``list`` of those (the answers to one question across the
instances of a repeat, XPath's node-set). An unanswered question is ``""``, which is NaN
as a number. Dates count as days since 1970-01-01 when used as numbers, so they compare
and subtract the way ODK forms expect.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

Value = str | float | bool | date | datetime | list[Any]

EPOCH = date(1970, 1, 1)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
# XPath's Number, with the optional minus and surrounding space that number() accepts.
_NUMERIC_TEXT = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*", re.ASCII)
_ISO_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)
# Dates beyond year 9999 (or before year 1) do not exist in Python.
_LARGEST_DAY_COUNT = (date.max - EPOCH).days
_SMALLEST_DAY_COUNT = (date.min - EPOCH).days


def normalize(raw: Any) -> Value:
    """Turn what a context hands over into one of the evaluator's value types."""
    if raw is None:
        return ""
    if isinstance(raw, bool | str | date):
        return raw
    if isinstance(raw, int | float | Decimal):
        try:
            return float(raw)
        except OverflowError:  # an int too large for a float
            return math.inf if raw > 0 else -math.inf
    if isinstance(raw, list | tuple):
        return [normalize(item) for item in raw]
    if isinstance(raw, time):
        return raw.isoformat()
    return str(raw)


def to_boolean(value: Any) -> bool:
    """XPath ``boolean()``: non-zero numbers, non-empty strings and node-sets are true."""
    value = normalize(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not math.isnan(value) and abs(value) > 1e-12
    if isinstance(value, str):
        return value != ""
    if isinstance(value, list):
        return len(value) > 0
    return True  # a date


def to_number(value: Any) -> float:
    """XPath ``number()``: text that is not a plain decimal number is NaN; dates count days."""
    value = normalize(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return float(value) if _NUMERIC_TEXT.fullmatch(value) else math.nan
    if isinstance(value, list):
        return to_number(value[0]) if value else math.nan
    return days_since_epoch(value)


def to_string(value: Any) -> str:
    """XPath ``string()``: integral numbers without '.0', dates in ISO 8601."""
    value = normalize(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return to_string(value[0]) if value else ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds")
    return value.isoformat()


def format_number(number: float) -> str:
    """A number as XPath writes it: no exponent, no trailing '.0', 'NaN', 'Infinity'."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if abs(number) < 1e-12:
        return "0"
    nearest = round(number)
    if abs(number - nearest) < 1e-12:
        return str(int(nearest))
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def is_empty(value: Any) -> bool:
    """What ``coalesce()`` and ``once()`` treat as no value: nothing, '' or NaN."""
    value = normalize(value)
    if isinstance(value, list):
        return not value or is_empty(value[0])
    if isinstance(value, float):
        return math.isnan(value)
    return value == ""


def flatten(values: list[Value]) -> list[Value]:
    """Arguments with node-sets spread out, for functions such as sum(), max() and join()."""
    spread: list[Value] = []
    for value in values:
        if isinstance(value, list):
            spread.extend(value)
        else:
            spread.append(value)
    return spread


def is_date(value: Any) -> bool:
    return isinstance(value, date)


def days_since_epoch(moment: date) -> float:
    """Days since 1970-01-01, with the time of day as a fraction for a datetime."""
    if isinstance(moment, datetime):
        epoch = _EPOCH_NAIVE if moment.tzinfo is None else _EPOCH_UTC
        return (moment - epoch).total_seconds() / 86400.0
    return float((moment - EPOCH).days)


def parse_date_text(text: str) -> date | datetime | None:
    """An ISO 8601 date or date-time as XForms writes them, or None if the text is not one."""
    match = _ISO_DATE_TIME.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        microsecond = int((fraction or "0")[:6].ljust(6, "0"))
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            microsecond,
            tzinfo=_parse_zone(zone),
        )
    except ValueError:
        return None


def date_from_days(days: float, *, keep_time: bool) -> date | datetime | None:
    """The date ``days`` after 1970-01-01 (a datetime if ``keep_time``); None if out of range."""
    if not math.isfinite(days):
        return None
    whole = math.floor(days) if keep_time else math.trunc(days)
    if not _SMALLEST_DAY_COUNT <= whole <= _LARGEST_DAY_COUNT - 1:
        return None
    if not keep_time:
        return EPOCH + timedelta(days=whole)
    return _EPOCH_NAIVE + timedelta(days=days)


def _parse_zone(zone: str | None) -> timezone | None:
    if zone is None:
        return None
    if zone == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"not a time zone offset: {zone}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
