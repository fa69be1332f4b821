"""Counting and describing answers: frequency tables, number summaries, agreement scores.

Pure Python (no SQL, no Qt), fed one answer at a time so summaries stream over sessions.
Conventions that every summary, chart and export share:

- "Don't know" is an answer, but not a substantive one: it is counted on its own row and
  left out of "% of answered". A choice is a don't know if its name is one of
  `DONT_KNOW_NAMES` or its label reads "don't know" / "do not know".
- Missing means the question was relevant (or had no condition) but holds no answer; it is
  counted apart too. Non-relevant answers never reach these counters.
- "% of answered" divides by respondents with a substantive answer; "% of all" by every
  respondent counted for the question (answered + don't know + missing). For a
  select_multiple both are per respondent, so they may add up to more than 100.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from instruments.model import Choice, Instrument, Question

DONT_KNOW_NAMES = frozenset(
    {"dont_know", "don_t_know", "dontknow", "do_not_know", "dk", "not_sure", "unsure"}
)
_DONT_KNOW_LABEL = re.compile(r"^\s*(don['\u2019]?t|do not)\s+know\.?\s*$", re.IGNORECASE)

#: Choice column holding a choice's score on an agreement scale (see templates).
SCORE_COLUMN = "score"


def is_dont_know(choice: Choice) -> bool:
    """Is this choice a "don't know" (by its name, or by any of its labels)?"""
    if choice.name.lower() in DONT_KNOW_NAMES:
        return True
    return any(_DONT_KNOW_LABEL.match(label) for label in choice.labels.values())


def choice_score(choice: Choice) -> float | None:
    """The number in the choice's `score` column, or None (unscored, e.g. don't know)."""
    raw = choice.extra.get(SCORE_COLUMN, "").strip()
    try:
        score = float(raw)
    except ValueError:
        return None
    return score if math.isfinite(score) else None


def as_number(value: Any) -> float | None:
    """A stored answer as a number, or None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# --- frequencies --------------------------------------------------------------------------


@dataclass(frozen=True)
class FrequencyRow:
    """One choice's count; percentages are None when nothing is there to divide by."""

    name: str
    label: str
    count: int
    percent_of_answered: float | None
    percent_of_all: float | None


@dataclass(frozen=True)
class Frequencies:
    """A select question's frequency table, with don't know and missing kept apart."""

    rows: tuple[FrequencyRow, ...]
    answered: int
    dont_know: int
    missing: int
    multiple: bool = False

    @property
    def total(self) -> int:
        return self.answered + self.dont_know + self.missing

    def percent_of_all(self, count: int) -> float | None:
        return _percent(count, self.total)

    def count_of(self, name: str) -> int:
        return next((row.count for row in self.rows if row.name == name), 0)


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


class FrequencyCounter:
    """Counts one select question's answers, one respondent at a time."""

    def __init__(self, choices: Sequence[Choice], multiple: bool = False) -> None:
        self.multiple = multiple
        unknowing = [is_dont_know(choice) for choice in choices]
        self._choices = [c for c, dk in zip(choices, unknowing, strict=True) if not dk]
        self._dont_know = {c.name for c, dk in zip(choices, unknowing, strict=True) if dk}
        self._known = {choice.name for choice in self._choices}
        self._counts: Counter[str] = Counter()
        self._extra: dict[str, None] = {}  # values not in the choice list, in order seen
        self.answered = self.dont_know = self.missing = 0

    def add(self, value: Any) -> None:
        """One respondent's answer: a choice name, a list of names, or None (missing)."""
        if isinstance(value, str) and value.strip():  # the common case, kept fast
            if value in self._dont_know:
                self.dont_know += 1
                return
            self.answered += 1
            self._counts[value] += 1
            if value not in self._known:
                self._extra.setdefault(value, None)
            return
        names = [value] if isinstance(value, str) else list(value or ())
        names = [str(name) for name in names if str(name).strip()]
        if not names:
            self.missing += 1
            return
        substantive = [name for name in names if name not in self._dont_know]
        if not substantive:
            self.dont_know += 1
            return
        self.answered += 1
        for name in dict.fromkeys(substantive):
            self._counts[name] += 1
            if name not in self._known:
                self._extra.setdefault(name, None)

    def add_missing(self) -> None:
        self.missing += 1

    def result(self) -> Frequencies:
        total = self.answered + self.dont_know + self.missing
        listed = [(choice.name, choice.label()) for choice in self._choices]
        listed += [(name, name) for name in self._extra]
        rows = tuple(
            FrequencyRow(
                name,
                label,
                self._counts[name],
                _percent(self._counts[name], self.answered),
                _percent(self._counts[name], total),
            )
            for name, label in listed
        )
        return Frequencies(rows, self.answered, self.dont_know, self.missing, self.multiple)


def frequencies(
    values: Iterable[Any], choices: Sequence[Choice], multiple: bool = False
) -> Frequencies:
    """The frequency table of a list of answers (None = missing)."""
    counter = FrequencyCounter(choices, multiple)
    for value in values:
        counter.add(value)
    return counter.result()


# --- numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberSummary:
    """n, mean, median, min, max and sample SD of the answers given; missing counted apart."""

    n: int
    missing: int
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    sd: float | None = None
    values: tuple[float, ...] = field(default=(), repr=False)


class NumberCollector:
    """Collects one number question's answers (the median needs them all)."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.missing = 0

    def add(self, value: Any) -> None:
        number = as_number(value)
        if number is None:
            self.missing += 1
        else:
            self.values.append(number)

    def add_missing(self) -> None:
        self.missing += 1

    def result(self) -> NumberSummary:
        return describe_numbers(self.values, self.missing)


def describe_numbers(values: Sequence[float], missing: int = 0) -> NumberSummary:
    """Summary statistics of `values` (already numbers)."""
    if not values:
        return NumberSummary(0, missing)
    ordered = tuple(sorted(values))
    return NumberSummary(
        n=len(ordered),
        missing=missing,
        mean=statistics.fmean(ordered),
        median=statistics.median(ordered),
        minimum=ordered[0],
        maximum=ordered[-1],
        sd=statistics.stdev(ordered) if len(ordered) > 1 else None,
        values=ordered,
    )


def histogram(values: Sequence[float], bins: int = 8) -> list[tuple[float, float, int]]:
    """(low, high, count) bins of equal width covering the values.

    Whole numbers get whole-number bins with inclusive ends (0-4, 5-9, ...), or one bar per
    value when there are few; other numbers get half-open bins [low, high).
    """
    if not values:
        return []
    low, high = float(min(values)), float(max(values))
    integers = all(float(v).is_integer() for v in values)
    if integers and high - low + 1 <= bins:
        return [(v, v, sum(1 for x in values if x == v)) for v in _whole_range(low, high)]
    width = (high - low) / bins or 1.0
    if integers:
        width = float(math.ceil(width))
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) // width), bins - 1)] += 1
    found = []
    for index in range(bins):
        start, end = low + index * width, low + (index + 1) * width
        if start > high:
            break
        if integers:
            end = max(end - 1, high) if index == bins - 1 else end - 1
        found.append((start, end, counts[index]))
    return found


def _whole_range(low: float, high: float) -> list[float]:
    return [float(v) for v in range(int(low), int(high) + 1)]


# --- agreement scales and spread -----------------------------------------------------------


@dataclass(frozen=True)
class ScoredGroup:
    """A group of statements answered on a scored scale (a principle of partnership)."""

    path: str
    label: str
    statements: tuple[Question, ...]


def scored_groups(instrument: Instrument) -> list[ScoredGroup]:
    """Groups holding select_one statements whose choices carry scores, in form order."""
    found: list[ScoredGroup] = []
    for path, question in instrument.walk():
        if question.type != "group":
            continue
        statements = tuple(
            child
            for child in question.children
            if child.type == "select_one" and _is_scored(instrument, child)
        )
        if statements:
            found.append(ScoredGroup(path, question.label() or question.name, statements))
    return found


def _is_scored(instrument: Instrument, question: Question) -> bool:
    return any(choice_score(c) is not None for c in instrument.choices_for(question))


@dataclass(frozen=True)
class Spread:
    """How far apart some group means are: their range and population SD."""

    range: float
    sd: float


def spread(means: Sequence[float]) -> Spread | None:
    """Range and population SD of the means; None with fewer than two."""
    if len(means) < 2:
        return None
    return Spread(max(means) - min(means), statistics.pstdev(means))
