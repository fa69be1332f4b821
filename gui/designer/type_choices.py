"""The question types a designer offers, with the words a coordinator reads for each.

Only types the laptop captures as designed are offered for a new choice; a question
imported with another type (a GPS point, a photo) keeps it, shown with its downgrade.
"""

from __future__ import annotations

from instruments.types import CONTAINER_TYPES, DOWNGRADES

#: (type, label) in the order the type list shows them.
ANSWER_TYPES: tuple[tuple[str, str], ...] = (
    ("text", "Text"),
    ("integer", "Integer (whole number)"),
    ("decimal", "Decimal number"),
    ("select_one", "Select one"),
    ("select_multiple", "Select multiple"),
    ("rank", "Rank choices"),
    ("range", "Range (slider)"),
    ("date", "Date"),
    ("time", "Time"),
    ("dateTime", "Date and time"),
    ("note", "Note (no answer)"),
    ("acknowledge", "Acknowledge (tick)"),
    ("calculate", "Calculate"),
    ("hidden", "Hidden value"),
    ("start", "Start time (filled in)"),
    ("end", "End time (filled in)"),
    ("today", "Today's date (filled in)"),
    ("deviceid", "Device id (filled in)"),
    ("username", "Username (filled in)"),
)
CONTAINER_CHOICES: tuple[tuple[str, str], ...] = (
    ("group", "Group"),
    ("repeat", "Repeat (roster)"),
)
_LABELS = dict(ANSWER_TYPES + CONTAINER_CHOICES)


def type_label(question_type: str) -> str:
    """What a type is called on screen ('Integer (whole number)', 'geopoint (typed ...)')."""
    if question_type in _LABELS:
        return _LABELS[question_type]
    found = DOWNGRADES.get(question_type)
    return found.text if found else question_type


def short_type_label(question_type: str) -> str:
    """The type in a word or two, for a narrow column ('Integer', 'Select one')."""
    if question_type in _LABELS:
        return _LABELS[question_type].split(" (")[0]
    return question_type


def choices_for(question_type: str) -> list[tuple[str, str]]:
    """The types a question of this type may become: groups stay containers, others not."""
    if question_type in CONTAINER_TYPES:
        return list(CONTAINER_CHOICES)
    offered = list(ANSWER_TYPES)
    if question_type not in _LABELS:
        offered.append((question_type, type_label(question_type)))
    return offered
