"""Client and carer experience questionnaire: joined-up care as people who receive it see it.

Short enough for a postal or doorstep questionnaire. Carers get one extra question (a
relevance condition), so summaries meet non-relevant answers in real use.
"""

from __future__ import annotations

from instruments.model import Choice, Instrument
from instruments.statistics import SCORE_COLUMN
from instruments.templates.parts import (
    AGREEMENT_LIST,
    DONT_KNOW,
    agreement_scale,
    build_instrument,
    choice,
    group,
    integer,
    select_multiple,
    select_one,
    statement,
    text,
)

NAME = "Client and carer experience questionnaire"
DESCRIPTION = (
    "People who use the services, and their carers: services used, waiting time, how "
    "joined-up the help felt (5 statements), support for carers and an overall rating."
)

STATEMENTS = (
    ("explained", "Staff explained what would happen next."),
    ("told_once", "I only had to tell my story once."),
    ("joined_up", "The different workers knew what each other was doing."),
    ("involved", "I was involved in decisions about care (mine or the person I look after)."),
    ("contact", "I knew who to contact if things changed."),
)

RESPONDENTS = (
    ("client", "I use the service"),
    ("carer", "I care for someone who uses the service"),
    ("helper", "I am filling this in for someone who uses the service"),
)

AGE_BANDS = (
    ("under_65", "Under 65"),
    ("65_74", "65 to 74"),
    ("75_84", "75 to 84"),
    ("85_plus", "85 or over"),
)

SERVICES = (
    ("home_care", "Help at home (home care)"),
    ("community_nurse", "Community or district nurse"),
    ("social_worker", "Social worker"),
    ("occupational_therapy", "Occupational therapist"),
    ("memory_service", "Memory service"),
    ("mental_health_nurse", "Community mental health nurse"),
    ("day_centre", "Day centre or day hospital"),
    ("short_breaks", "Respite or short breaks"),
)

# (name, label, score): scores mark an ordered scale, so charts colour it low to high.
RATINGS = (
    ("very_good", "Very good", "5"),
    ("good", "Good", "4"),
    ("fair", "Neither good nor poor", "3"),
    ("poor", "Poor", "2"),
    ("very_poor", "Very poor", "1"),
    (DONT_KNOW, "Don't know", ""),
)

CARER_SUPPORT = (
    ("yes", "Yes", "3"),
    ("partly", "Partly", "2"),
    ("no", "No", "1"),
    (DONT_KNOW, "Don't know", ""),
)


def scored(name: str, label: str, score: str) -> Choice:
    return choice(name, label, **({SCORE_COLUMN: score} if score else {}))


def build() -> Instrument:
    """A fresh client and carer experience questionnaire."""
    questions = [
        select_one("respondent", "respondent", "Who is answering?", required=True),
        select_one(
            "age_band",
            "age_band",
            "How old is the person who uses the service?",
        ),
        select_multiple(
            "services",
            "services",
            "Which of these services have you (or the person you look after) used this year?",
            hint="Choose all that apply.",
        ),
        integer(
            "wait_weeks",
            "About how many weeks passed between first asking for help and the first visit?",
            0,
            104,
        ),
        integer(
            "workers_month",
            "How many different workers visited in the last month?",
            0,
            60,
        ),
        group(
            "experience",
            "How joined-up was the help?",
            [statement(name, words) for name, words in STATEMENTS],
        ),
        select_one(
            "carer_support",
            "carer_support",
            "Do you get enough support in your caring role?",
            relevant="${respondent} = 'carer'",
        ),
        select_one(
            "overall",
            "rating",
            "Overall, how would you rate the help you have had?",
            required=True,
        ),
        text("improve", "What one thing would have made the help better?"),
    ]
    return build_instrument(
        "service_experience",
        NAME,
        questions,
        {
            "respondent": [choice(name, label) for name, label in RESPONDENTS],
            "age_band": [choice(name, label) for name, label in AGE_BANDS],
            "services": [choice(name, label) for name, label in SERVICES],
            AGREEMENT_LIST: agreement_scale(),
            "carer_support": [scored(*row) for row in CARER_SUPPORT],
            "rating": [scored(*row) for row in RATINGS],
        },
    )
