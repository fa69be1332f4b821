"""Summaries of a questionnaire: frequencies of selects, statistics of numbers, breakdowns.

A summary covers every version of an instrument (its family): questions are matched by
path, a session counts only for questions its own version asks, and choices are the union
of the versions' lists (the newest labels win). For each question and session the answer
is one of three things:

- a value;
- missing: no answer although the question applied (no condition, or its condition held);
- not relevant: stored with relevant = 0, or unanswered and its condition (or a group's)
  is false for that session's answers. Not-relevant answers are left out entirely.

Questions inside repeats are not summarised here (a session may hold many instances).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from instruments.form_engine import FormState
from instruments.model import Choice, Question
from instruments.statistics import Frequencies, FrequencyCounter, NumberCollector, NumberSummary
from storage.summaries import (
    NO_ROLE,
    NO_SITE,
    SessionAnswers,
    SummaryFilter,
    Version,
    family_versions,
    iter_session_answers,
)

if TYPE_CHECKING:
    from storage.store import Store

SELECT_KINDS = frozenset({"select_one", "select_multiple"})
NUMBER_KINDS = frozenset({"integer", "decimal", "range"})
NOT_ANSWERED = "Not answered"

Result = Frequencies | NumberSummary


@dataclass(frozen=True)
class Breakdown:
    """What to split a summary by: the site, the participant's role, or a select question."""

    kind: str  # "site", "role" or "question"
    path: str = ""

    @classmethod
    def site(cls) -> Breakdown:
        return cls("site")

    @classmethod
    def role(cls) -> Breakdown:
        return cls("role")

    @classmethod
    def question(cls, path: str) -> Breakdown:
        return cls("question", path)


@dataclass(frozen=True)
class SummaryQuestion:
    """A question as summarised across versions."""

    path: str
    label: str
    kind: str  # select_one, select_multiple or number
    choices: tuple[Choice, ...]
    section: str  # the enclosing group's label, "" at the top level
    version_ids: frozenset[str]

    @property
    def is_select(self) -> bool:
        return self.kind in SELECT_KINDS


@dataclass
class QuestionSummary:
    question: SummaryQuestion
    overall: Result
    by_group: dict[str, Result] = field(default_factory=dict)
    not_relevant: int = 0


@dataclass
class QuestionnaireSummary:
    family_id: str
    name: str
    summary_filter: SummaryFilter
    breakdown: Breakdown | None
    sessions: int
    versions: list[Version]
    groups: list[str]
    group_sizes: dict[str, int]
    questions: list[QuestionSummary]

    def question(self, path: str) -> QuestionSummary:
        return next(q for q in self.questions if q.question.path == path)


# --- which questions ------------------------------------------------------------------------


def _walk_outside_repeats(
    questions: list[Question], section: str = ""
) -> Iterable[tuple[Question, str]]:
    for question in questions:
        if question.type == "repeat":
            continue
        if question.type == "group":
            yield from _walk_outside_repeats(question.children, question.label() or question.name)
            continue
        yield question, section


def _kind(question: Question) -> str | None:
    if question.downgrade is not None:
        return None
    if question.type in SELECT_KINDS:
        return question.type
    if question.type in NUMBER_KINDS:
        return "number"
    return None


def summary_questions(versions: list[Version]) -> list[SummaryQuestion]:
    """Summarisable questions of a family, newest version's order first, newest labels."""
    found: dict[str, dict[str, Any]] = {}
    for version in versions:  # newest first
        instrument = version.instrument
        for question, section in _walk_outside_repeats(instrument.questions):
            kind = _kind(question)
            if kind is None:
                continue
            entry = found.setdefault(
                question.path,
                {
                    "label": question.label() or question.name,
                    "kind": kind,
                    "section": section,
                    "choices": {},
                    "versions": set(),
                },
            )
            entry["versions"].add(version.instrument_id)
            for choice in instrument.choices_for(question) if kind != "number" else ():
                entry["choices"].setdefault(choice.name, choice)
    return [
        SummaryQuestion(
            path,
            entry["label"],
            entry["kind"],
            tuple(entry["choices"].values()),
            entry["section"],
            frozenset(entry["versions"]),
        )
        for path, entry in found.items()
    ]


# --- one session's answers ------------------------------------------------------------------


class VersionRules:
    """Which questions of one version have a relevance condition (own or a group's)."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.conditional: set[str] = set()
        self._mark(version.instrument.questions, False)

    def _mark(self, questions: list[Question], inherited: bool) -> None:
        for question in questions:
            conditional = inherited or bool(question.relevant)
            if conditional:
                self.conditional.add(question.path)
            self._mark(question.children, conditional)


class SessionReader:
    """Reads one session's answers as value / missing / not relevant."""

    def __init__(self, session: SessionAnswers, rules: VersionRules) -> None:
        self.session = session
        self.rules = rules
        self._form: FormState | None = None

    def state(self, path: str) -> tuple[str, Any]:
        """("value", v), ("missing", None) or ("not_relevant", None)."""
        stored = self.session.answers.get(path)
        if stored is not None:
            value, relevant = stored
            if not relevant:
                return "not_relevant", None
            if value not in (None, "", []):
                return "value", value
        if path in self.rules.conditional:
            if self._form is None:
                self._form = FormState(self.rules.version.instrument, self.session.values())
            if not self._form.is_relevant(path):
                return "not_relevant", None
        return "missing", None


# --- breakdown groups -------------------------------------------------------------------------


def _group_keys(reader: SessionReader, breakdown: Breakdown, labels: dict[str, str]) -> list[str]:
    session = reader.session
    if breakdown.kind == "site":
        return [session.site_name or NO_SITE]
    if breakdown.kind == "role":
        return [session.role or NO_ROLE]
    state, value = reader.state(breakdown.path)
    if state != "value":
        return [NOT_ANSWERED]
    names = [value] if isinstance(value, str) else [str(v) for v in value]
    return list(dict.fromkeys(labels.get(name, name) for name in names)) or [NOT_ANSWERED]


def _group_order(breakdown: Breakdown, seen: set[str], labels: dict[str, str]) -> list[str]:
    if breakdown.kind == "question":
        listed = [label for label in dict.fromkeys(labels.values()) if label in seen]
        rest = sorted(seen - set(listed) - {NOT_ANSWERED})
        return listed + rest + ([NOT_ANSWERED] if NOT_ANSWERED in seen else [])
    last = NO_SITE if breakdown.kind == "site" else NO_ROLE
    return sorted(seen - {last}, key=str.casefold) + ([last] if last in seen else [])


# --- the summary ------------------------------------------------------------------------------


class _Accumulator:
    def __init__(self, question: SummaryQuestion) -> None:
        self.question = question
        self.overall = self._new()
        self.groups: dict[str, FrequencyCounter | NumberCollector] = {}
        self.not_relevant = 0

    def _new(self) -> FrequencyCounter | NumberCollector:
        if self.question.is_select:
            return FrequencyCounter(self.question.choices, self.question.kind == "select_multiple")
        return NumberCollector()

    def add(self, state: str, value: Any, groups: list[str]) -> None:
        if state == "not_relevant":
            self.not_relevant += 1
            return
        given = value if state == "value" else None
        self.overall.add(given)
        for group in groups:
            counter = self.groups.get(group)
            if counter is None:
                counter = self.groups[group] = self._new()
            counter.add(given)

    def result(self, groups: list[str]) -> QuestionSummary:
        by_group = {g: (self.groups.get(g) or self._new()).result() for g in groups}
        return QuestionSummary(self.question, self.overall.result(), by_group, self.not_relevant)


def summarise(
    store: Store, summary_filter: SummaryFilter, breakdown: Breakdown | None = None
) -> QuestionnaireSummary:
    """Summarise the filtered sessions of `summary_filter.family_id`, one pass over the rows."""
    if not summary_filter.family_id:
        raise ValueError("A summary needs an instrument (family_id) to summarise.")
    versions = family_versions(store, summary_filter.family_id)
    if not versions:
        raise KeyError(summary_filter.family_id)
    questions = summary_questions(versions)
    rules = {version.instrument_id: VersionRules(version) for version in versions}
    accumulators = [_Accumulator(question) for question in questions]
    labels = _breakdown_labels(questions, breakdown)
    group_sizes: dict[str, int] = {}
    sessions = 0
    for session in iter_session_answers(store, summary_filter):
        version_rules = rules.get(session.instrument_id)
        if version_rules is None:
            continue
        sessions += 1
        reader = SessionReader(session, version_rules)
        groups = _group_keys(reader, breakdown, labels) if breakdown else []
        for group in groups:
            group_sizes[group] = group_sizes.get(group, 0) + 1
        for accumulator in accumulators:
            if session.instrument_id in accumulator.question.version_ids:
                state, value = reader.state(accumulator.question.path)
                accumulator.add(state, value, groups)
    ordered = _group_order(breakdown, set(group_sizes), labels) if breakdown else []
    return QuestionnaireSummary(
        family_id=summary_filter.family_id,
        name=versions[0].name,
        summary_filter=summary_filter,
        breakdown=breakdown,
        sessions=sessions,
        versions=versions,
        groups=ordered,
        group_sizes={g: group_sizes[g] for g in ordered},
        questions=[accumulator.result(ordered) for accumulator in accumulators],
    )


def _breakdown_labels(
    questions: list[SummaryQuestion], breakdown: Breakdown | None
) -> dict[str, str]:
    """Choice name -> label of the breakdown question (empty for site and role)."""
    if breakdown is None or breakdown.kind != "question":
        return {}
    for question in questions:
        if question.path == breakdown.path and question.is_select:
            return {choice.name: choice.label() for choice in question.choices}
    raise ValueError(f"{breakdown.path!r} is not a select question of this questionnaire.")


def breakdown_choices(versions: list[Version]) -> list[tuple[str, str]]:
    """(path, label) of the select questions a summary can be broken down by."""
    return [(q.path, q.label) for q in summary_questions(versions) if q.is_select]
