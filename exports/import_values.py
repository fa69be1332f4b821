"""Turning imported cells into stored values, each checked against its question.

Answers go through instruments.answers.coerce_answer, the contract every screen uses.
Two additions for spreadsheets: a select_one cell may hold a choice's label instead of
its name, and computed values (calculate, hidden, metadata) keep numbers as numbers, as
the form engine stores them. Metadata cells (started, status, ...) are read here too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from instruments.answers import AnswerError, ChoiceSet, coerce_answer
from instruments.model import Instrument, Question
from instruments.types import METADATA_TYPES
from storage.clock import format_timestamp
from storage.repositories.sessions import MODES, STATUSES

COMPUTED_TYPES = frozenset({"calculate", "hidden"}) | METADATA_TYPES
_TRUE = {"1", "1.0", "true", "yes", "y", "x"}
_FALSE = {"0", "0.0", "false", "no", "n"}


def coerce_computed(raw: Any) -> Any:
    """A calculated or metadata value: numbers stay numbers, the rest is text."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else raw
    if isinstance(raw, datetime):
        return raw.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(raw, date | time):
        return raw.isoformat()
    text = str(raw)
    return text if text.strip() else None


def coerce_cell(instrument: Instrument, question: Question, raw: Any) -> Any:
    """The stored value of one answer cell; raises AnswerError saying what is wrong."""
    if question.type in COMPUTED_TYPES:
        return coerce_computed(raw)
    kind = question.entry_type
    choices = None
    if question.list_name and kind in ("select_one", "select_multiple", "rank"):
        offered = instrument.choices_for(question)
        choices = ChoiceSet(tuple(choice.name for choice in offered))
        if kind == "select_one" and isinstance(raw, str):
            raw = _name_for_label(raw, offered, instrument) or raw
    if kind in ("time",) and isinstance(raw, datetime):
        raw = raw.time()
    return coerce_answer(kind, raw, choices, allow_other=question.or_other)


def _name_for_label(raw: str, offered: list, instrument: Instrument) -> str | None:
    text = raw.strip()
    if any(choice.name == text for choice in offered):
        return None
    matches = {
        choice.name
        for choice in offered
        for label in choice.labels.values()
        if label.strip().lower() == text.lower()
    }
    return matches.pop() if len(matches) == 1 else None


def option_flag(raw: Any) -> bool | None:
    """A `q/option` cell: True (1), False (0), None (blank); AnswerError otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise AnswerError(f"{raw!r} is not 1 or 0")


def timestamp(raw: Any) -> str:
    """A started/ended cell as the stored UTC text (a value without a zone is UTC)."""
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime.combine(raw, time())
    else:
        text = str(raw).strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise AnswerError(
                f"{text!r} is not a date and time (use YYYY-MM-DD HH:MM:SS, in UTC)"
            ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    # Excel keeps times as fractions of a day: round back to the stored milliseconds.
    return format_timestamp(moment + timedelta(microseconds=500))


def status(raw: Any) -> str:
    text = str(raw).strip().lower()
    if text not in STATUSES:
        raise AnswerError(f"{text!r} is not a status (use {', '.join(STATUSES)})")
    return text


def mode(raw: Any) -> str:
    text = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
    if text not in MODES:
        raise AnswerError(f"{text!r} is not a mode (use {', '.join(MODES)})")
    return text


def text_of(raw: Any) -> str:
    """A name or code cell as text (a number typed as a code stays its digits)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()
