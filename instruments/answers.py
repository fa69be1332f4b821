"""What a stored answer looks like, and turning typed or imported text into one.

Entry screens, spreadsheet import and export all go through here, so a value means the
same thing everywhere. Stored values (JSON in `answers.value`):

- text, barcode, typed coordinates, attachments, select_one: a string (a choice's name);
- integer: int; decimal and range: int or float;
- select_multiple and rank: a list of choice names (rank in ranked order);
- date "YYYY-MM-DD", time "HH:MM:SS", dateTime "YYYY-MM-DDTHH:MM:SS" (local, as entered);
- acknowledge: "OK"; calculate/hidden/metadata: the value as computed (string or number).

Answer paths are question paths, with each enclosing repeat instance numbered from 1:
`household/member[2]/age`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

INTEGER_LIMIT = 2**53  # beyond this, spreadsheets and JSON readers lose digits
_INSTANCE = re.compile(r"^(?P<name>[^\[\]/]+)\[(?P<index>\d+)\]$")


class AnswerError(ValueError):
    """A value that does not fit its question; str() says why in a fieldworker's words."""


@dataclass(frozen=True)
class ChoiceSet:
    """The choice names a select accepts (after any filter), for validation."""

    names: tuple[str, ...]


def instance_path(question_path: str, indices: dict[str, int] | None = None) -> str:
    """The answer path of a question inside repeats: indices maps repeat path -> instance."""
    if not indices:
        return question_path
    parts = question_path.split("/")
    built: list[str] = []
    for position, part in enumerate(parts):
        prefix = "/".join(parts[: position + 1])
        built.append(f"{part}[{indices[prefix]}]" if prefix in indices else part)
    return "/".join(built)


def question_path_of(answer_path: str) -> tuple[str, list[int]]:
    """Split an answer path into the question path and the repeat instance numbers."""
    names: list[str] = []
    indices: list[int] = []
    for part in answer_path.split("/"):
        found = _INSTANCE.match(part)
        if found:
            names.append(found["name"])
            indices.append(int(found["index"]))
        else:
            names.append(part)
    return "/".join(names), indices


def coerce_answer(
    entry_type: str, raw: Any, choices: ChoiceSet | None = None, allow_other: bool = False
) -> Any:
    """Turn raw input (typed text, a spreadsheet cell, a widget value) into a stored value.

    Returns None for an empty answer. Raises AnswerError naming the problem.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    coerce = _COERCERS.get(entry_type, _text)
    value = coerce(raw)
    if choices is not None and entry_type in ("select_one", "select_multiple", "rank"):
        chosen = [value] if isinstance(value, str) else value
        unknown = [name for name in chosen if name not in choices.names]
        if unknown and not (allow_other and unknown == ["other"]):
            shown = ", ".join(repr(name) for name in unknown)
            raise AnswerError(f"{shown} is not one of the choices")
    return value


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date | time):
        return raw.isoformat()
    return str(raw)


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise AnswerError("a whole number is expected")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise AnswerError(f"{raw:g} is not a whole number")
        number = int(raw)
    else:
        text = str(raw).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise AnswerError(f"{str(raw).strip()!r} is not a whole number")
        number = int(Decimal(text))
    if abs(number) >= INTEGER_LIMIT:
        raise AnswerError(f"{number} is too large")
    return number


def _decimal(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError("a number is expected")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace(",", "")
        try:
            number = float(Decimal(text))
        except InvalidOperation:
            raise AnswerError(f"{str(raw).strip()!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise AnswerError("a finite number is expected")
    return int(number) if number.is_integer() and abs(number) < INTEGER_LIMIT else number


def _select_one(raw: Any) -> str:
    text = _text(raw).strip()
    if " " in text:
        raise AnswerError(f"{text!r} holds several choices; only one may be chosen")
    return text


def _select_multiple(raw: Any) -> list[str]:
    if isinstance(raw, list | tuple):
        names = [str(item).strip() for item in raw]
    else:
        names = _text(raw).split()
    unique: list[str] = []
    for name in names:
        if name and name not in unique:
            unique.append(name)
    return unique


def _date(raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t).date()):
        try:
            return parse(text).isoformat()
        except ValueError:
            continue
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise AnswerError(f"{text!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _time(raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.time().replace(microsecond=0).isoformat()
    if isinstance(raw, time):
        return raw.replace(microsecond=0).isoformat()
    text = str(raw).strip()
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        raise AnswerError(f"{text!r} is not a time (use HH:MM or HH:MM:SS)") from None
    return parsed.replace(microsecond=0, tzinfo=None).isoformat()


def _datetime(raw: Any) -> str:
    if isinstance(raw, datetime):
        return raw.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(raw, date):
        return datetime.combine(raw, time()).isoformat()
    text = str(raw).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise AnswerError(f"{text!r} is not a date and time (use YYYY-MM-DD HH:MM)") from None
    return parsed.replace(microsecond=0, tzinfo=None).isoformat()


def _acknowledge(raw: Any) -> str | None:
    text = _text(raw).strip().lower()
    if text in ("ok", "1", "true", "yes"):
        return "OK"
    if text in ("0", "false", "no"):
        return None
    raise AnswerError(f"{text!r} is not an acknowledgement (use OK)")


_COERCERS = {
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "range": _decimal,
    "select_one": _select_one,
    "select_multiple": _select_multiple,
    "rank": _select_multiple,
    "date": _date,
    "time": _time,
    "dateTime": _datetime,
    "acknowledge": _acknowledge,
}
