"""Partnership profile: agreement per principle and partner organisation, and where they differ.

Works on any questionnaire whose groups hold statements on a scored scale (choices with a
`score` column, as the partnership assessment template has: 1 = strongly disagree to
4 = strongly agree; "don't know" has no score).

Definitions (documented in README and shown on the profile screen):

- A respondent's principle score is the mean of their scored answers to that principle's
  statements; don't know and missing answers are left out. A respondent with no scored
  answer in a principle does not count for it.
- An organisation's principle score is the mean of its respondents' principle scores.
  The organisation is the participant's organisation from the register; for anonymous
  responses, the answer to the questionnaire's `organisation` question.
- Spread of a principle: the range (highest minus lowest) of the organisation scores, over
  organisations with at least `MIN_RESPONDENTS` respondents for that principle (responses
  whose organisation is not stated never count); the population SD of the same scores is
  reported alongside.
- A principle is flagged "partners disagree" when its spread is at least `SPREAD_THRESHOLD`
  (1.0: one organisation on average a whole scale step from another, e.g. "agree" against
  "disagree"), whether the scores themselves are high or low.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from instruments.model import Choice
from instruments.statistics import Spread, choice_score, is_dont_know, scored_groups, spread
from storage.summaries import (
    SummaryFilter,
    Version,
    family_of,
    family_versions,
    iter_session_answers,
)
from storage.summary_stats import SessionReader, VersionRules

if TYPE_CHECKING:
    from storage.store import Store

SPREAD_THRESHOLD = 1.0
MIN_RESPONDENTS = 2
NOT_STATED = "Organisation not stated"
ORGANISATION_QUESTION = "organisation"


@dataclass(frozen=True)
class ScaleChoice:
    name: str
    label: str
    score: float | None  # None: don't know, or another unscored answer

    @property
    def is_dont_know(self) -> bool:
        return self.score is None


@dataclass
class OrganisationScore:
    """One organisation's answers to one principle."""

    organisation: str
    respondents: int = 0
    mean: float | None = None
    counts: dict[str, int] = field(default_factory=dict)  # choice name -> answers
    missing: int = 0
    counted: bool = False  # enough respondents to take part in the spread


@dataclass
class PrincipleProfile:
    path: str
    label: str
    statements: int
    organisations: list[OrganisationScore]
    mean: float | None
    spread: Spread | None
    flagged: bool

    def total_counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for organisation in self.organisations:
            for name, count in organisation.counts.items():
                totals[name] = totals.get(name, 0) + count
        return totals

    def score_of(self, organisation: str) -> OrganisationScore:
        return next(o for o in self.organisations if o.organisation == organisation)


@dataclass
class PartnershipProfile:
    family_id: str
    name: str
    summary_filter: SummaryFilter
    scale: list[ScaleChoice]
    organisations: list[str]
    respondents: dict[str, int]
    principles: list[PrincipleProfile]
    threshold: float = SPREAD_THRESHOLD
    min_respondents: int = MIN_RESPONDENTS

    @property
    def is_empty(self) -> bool:
        return not self.principles

    def ranked(self) -> list[PrincipleProfile]:
        """Principles from the widest spread between organisations to the narrowest."""
        return sorted(self.principles, key=lambda p: -(p.spread.range if p.spread else -1.0))

    def flagged(self) -> list[PrincipleProfile]:
        return [p for p in self.ranked() if p.flagged]


@dataclass
class _PrincipleFrame:
    path: str
    label: str
    statements: list[str]


def partnership_profile(
    store: Store, instrument_id: str, summary_filter: SummaryFilter | None = None
) -> PartnershipProfile:
    """The profile of an instrument's family (all versions) over the filtered sessions."""
    family_id = family_of(store, instrument_id)
    summary_filter = replace(summary_filter or SummaryFilter(), family_id=family_id)
    versions = family_versions(store, family_id)
    frames, choices = _frames(versions)
    scale = [
        ScaleChoice(c.name, c.label(), None if is_dont_know(c) else choice_score(c))
        for c in choices
    ]
    scores = {item.name: item.score for item in scale}
    rules = {v.instrument_id: VersionRules(v) for v in versions}
    asked = {v.instrument_id: {path for path, _ in v.instrument.walk()} for v in versions}
    organisation_paths = {
        v.instrument_id: next(
            (p for p, q in v.instrument.walk() if q.name == ORGANISATION_QUESTION), None
        )
        for v in versions
    }
    respondents: dict[str, int] = {}
    # principle path -> organisation -> (respondent means, counts, missing)
    gathered: dict[str, dict[str, tuple[list[float], dict[str, int], list[int]]]] = {
        frame.path: {} for frame in frames
    }
    for session in iter_session_answers(store, summary_filter):
        if session.instrument_id not in rules:
            continue
        reader = SessionReader(session, rules[session.instrument_id])
        organisation = _organisation(reader, organisation_paths[session.instrument_id])
        respondents[organisation] = respondents.get(organisation, 0) + 1
        for frame in frames:
            means, counts, missing = gathered[frame.path].setdefault(organisation, ([], {}, [0]))
            own: list[float] = []
            for path in frame.statements:
                if path not in asked[session.instrument_id]:
                    continue
                state, value = reader.state(path)
                if state == "missing":
                    missing[0] += 1
                if state != "value":
                    continue
                name = str(value)
                counts[name] = counts.get(name, 0) + 1
                if scores.get(name) is not None:
                    own.append(scores[name])
            if own:
                means.append(statistics.fmean(own))
    organisations = sorted(respondents, key=lambda o: (o == NOT_STATED, -respondents[o], o))
    principles = [_principle(frame, gathered[frame.path], organisations) for frame in frames]
    return PartnershipProfile(
        family_id, versions[0].name, summary_filter, scale, organisations, respondents, principles
    )


def _frames(versions: list[Version]) -> tuple[list[_PrincipleFrame], list[Choice]]:
    """Principles (scored groups) across versions, newest first, and the scale's choices."""
    frames: dict[str, _PrincipleFrame] = {}
    choices: dict[str, Choice] = {}
    for version in versions:
        instrument = version.instrument
        for group in scored_groups(instrument):
            frame = frames.setdefault(group.path, _PrincipleFrame(group.path, group.label, []))
            for question in group.statements:
                if question.path not in frame.statements:
                    frame.statements.append(question.path)
                for choice in instrument.choices_for(question):
                    choices.setdefault(choice.name, choice)
    unscored = [c for c in choices.values() if is_dont_know(c) or choice_score(c) is None]
    scored = [c for c in choices.values() if c not in unscored]
    return list(frames.values()), scored + unscored


def _organisation(reader: SessionReader, question_path: str | None) -> str:
    if reader.session.organisation.strip():
        return " ".join(reader.session.organisation.split())
    if question_path:
        state, value = reader.state(question_path)
        if state == "value" and str(value).strip():
            return " ".join(str(value).split())
    return NOT_STATED


def _principle(
    frame: _PrincipleFrame,
    by_organisation: dict[str, tuple[list[float], dict[str, int], list[int]]],
    organisations: list[str],
) -> PrincipleProfile:
    scores: list[OrganisationScore] = []
    everyone: list[float] = []
    for organisation in organisations:
        means, counts, missing = by_organisation.get(organisation, ([], {}, [0]))
        everyone += means
        scores.append(
            OrganisationScore(
                organisation,
                respondents=len(means),
                mean=statistics.fmean(means) if means else None,
                counts=dict(counts),
                missing=missing[0],
                counted=len(means) >= MIN_RESPONDENTS and organisation != NOT_STATED,
            )
        )
    found = spread([s.mean for s in scores if s.counted and s.mean is not None])
    return PrincipleProfile(
        frame.path,
        frame.label,
        len(frame.statements),
        scores,
        statistics.fmean(everyone) if everyone else None,
        found,
        found is not None and found.range >= SPREAD_THRESHOLD - 1e-9,
    )
