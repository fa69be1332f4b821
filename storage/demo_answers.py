"""Plausible answers for the demo's template questionnaires, drawn from a seeded generator.

Each organisation (or team) has a tendency per principle on the 1-4 agreement scale, so the
demo's partnership profiles show real patterns: some principles low for every partner,
others where one partner sees things very differently from the rest.
"""

from __future__ import annotations

import random
from typing import Any

from instruments.model import Instrument, Question
from instruments.templates.parts import AGREEMENT_LIST, DONT_KNOW

SCORE_NAMES = {4: "strongly_agree", 3: "agree", 2: "disagree", 1: "strongly_disagree"}
RATING_BY_SCORE = ("very_poor", "poor", "fair", "good", "very_good")


def agreement(rng: random.Random, tendency: float, dont_know_rate: float = 0.06) -> str:
    """One answer on the agreement scale around `tendency` (1-4)."""
    if rng.random() < dont_know_rate:
        return DONT_KNOW
    return SCORE_NAMES[min(4, max(1, round(rng.gauss(tendency, 0.55))))]


def _statement_groups(instrument: Instrument) -> list[Question]:
    return [
        question
        for question in instrument.questions
        if question.type == "group"
        and any(child.list_name == AGREEMENT_LIST for child in question.children)
    ]


def _statements(
    rng: random.Random,
    instrument: Instrument,
    tendencies: dict[str, float],
    blank_rate: float = 0.02,
) -> dict[str, Any]:
    """Every agreement statement, a few left blank (as on returned paper forms)."""
    answers: dict[str, Any] = {}
    for group in _statement_groups(instrument):
        tendency = tendencies.get(group.name, 2.8)
        for statement in group.children:
            if rng.random() >= blank_rate:
                answers[statement.path] = agreement(rng, tendency)
    return answers


def partnership_answers(
    rng: random.Random,
    instrument: Instrument,
    organisation: str,
    sector: str,
    role: str,
    tendencies: dict[str, float],
) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "about_you/organisation": organisation,
        "about_you/sector": sector,
        "about_you/role": role,
    }
    answers.update(_statements(rng, instrument, tendencies))
    if rng.random() < 0.3:
        answers["comments"] = rng.choice(
            (
                "Joint meetings are good but decisions still go back to each organisation.",
                "We were not involved when the pooled budget was agreed.",
                "Sharing records between the council and NHS systems is still hard.",
                "The partnership has helped front-line staff know each other by name.",
            )
        )
    return answers


def team_answers(
    rng: random.Random,
    instrument: Instrument,
    profession: str,
    employer: str,
    tendencies: dict[str, float],
) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "about_you/profession": profession,
        "about_you/employer": employer,
        "about_you/co_located": "yes" if rng.random() < 0.6 else "no",
    }
    if rng.random() < 0.92:
        answers["about_you/years_in_team"] = round(rng.uniform(0.25, 12.0) * 2) / 2
    answers.update(_statements(rng, instrument, tendencies))
    if rng.random() < 0.95:
        answers["contacts_week"] = max(0, round(rng.gauss(9, 5)))
    if rng.random() < 0.4:
        answers["improve"] = rng.choice(
            (
                "One shared record instead of two systems.",
                "Time to meet as a whole team, not only at allocation.",
                "Clearer rules on who leads when needs overlap.",
            )
        )
    return answers


def experience_answers(
    rng: random.Random,
    instrument: Instrument,
    respondent: str,
    services: tuple[str, ...],
    mean_wait: float,
    tendency: float,
) -> dict[str, Any]:
    """A client's or carer's answers; carers also say whether they feel supported."""
    answers: dict[str, Any] = {"respondent": respondent}
    if rng.random() < 0.9:
        answers["age_band"] = rng.choices(("under_65", "65_74", "75_84", "85_plus"), (1, 3, 4, 2))[
            0
        ]
    offered = {c.name for c in instrument.choice_lists.get("services", [])}
    used = [s for s in services if s in offered and rng.random() < 0.45]
    answers["services"] = used or [services[0]]
    if rng.random() < 0.85:
        answers["wait_weeks"] = min(104, round(rng.expovariate(1 / mean_wait)))
    if rng.random() < 0.9:
        answers["workers_month"] = rng.randint(1, 6)
    scores: list[int] = []
    for group in _statement_groups(instrument):
        for statement in group.children:
            value = agreement(rng, tendency, dont_know_rate=0.08)
            answers[statement.path] = value
            scores += [k for k, name in SCORE_NAMES.items() if name == value]
    if respondent == "carer":
        answers["carer_support"] = rng.choices(("yes", "partly", "no", DONT_KNOW), (3, 4, 3, 1))[0]
    mean = sum(scores) / len(scores) if scores else 2.5
    rating = min(4, max(0, round((mean - 1) * 4 / 3 + rng.gauss(0, 0.9))))
    answers["overall"] = DONT_KNOW if rng.random() < 0.04 else RATING_BY_SCORE[rating]
    if rng.random() < 0.35:
        answers["improve"] = rng.choice(
            (
                "Being told who my named worker is.",
                "Not having to repeat everything to each new person.",
                "A phone number that someone answers.",
                "Less waiting for the first visit.",
            )
        )
    return answers


def draft_of(rng: random.Random, answers: dict[str, Any]) -> dict[str, Any]:
    """The first part of a form: a draft stopped partway through entry."""
    paths = list(answers)
    keep = rng.randint(max(1, len(paths) // 5), max(1, len(paths) * 3 // 4))
    return {path: answers[path] for path in paths[:keep]}
