"""Team assessment of inter-professional working, for integrated health and social care teams.

Members of one team rate five aspects of working across professions on the same agreement
scale as the partnership assessment, so the same summaries (and a profile by employer)
apply; profession, employer, time in the team and co-location allow breakdowns.
"""

from __future__ import annotations

from instruments.model import Instrument
from instruments.templates.parts import (
    AGREEMENT_LIST,
    agreement_scale,
    build_instrument,
    choice,
    decimal,
    group,
    integer,
    select_one,
    statement,
    text,
)

NAME = "Team assessment of inter-professional working"
DESCRIPTION = (
    "Members of an integrated team rate shared goals, roles, communication, decisions and "
    'support (20 statements, four-point agreement scale with "don\'t know"), with '
    "profession, employer, time in the team and weekly contact across professions."
)

ASPECTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "goals",
        "Shared goals",
        (
            ("goals_agreed", "The team has agreed goals for the people it supports."),
            ("goals_known", "I could explain the team's goals to a new colleague."),
            ("goals_before_targets", "Team goals come before my own service's targets."),
            ("goals_reviewed", "We review together whether we are meeting our goals."),
        ),
    ),
    (
        "roles",
        "Roles and responsibilities",
        (
            ("roles_clear", "I know what each profession in the team is responsible for."),
            ("roles_overlap", "Where our roles overlap, we have agreed who does what."),
            ("roles_respected", "My professional skills are understood by colleagues."),
            ("roles_flexible", "Colleagues step outside their usual tasks when a person needs it."),
        ),
    ),
    (
        "communication",
        "Communication",
        (
            ("comm_records", "Information recorded by one profession is available to the others."),
            ("comm_meetings", "Team meetings are a good use of my time."),
            ("comm_informal", "It is easy to catch a colleague from another profession."),
            ("comm_language", "We avoid jargon that other professions do not share."),
        ),
    ),
    (
        "decisions",
        "Decision making",
        (
            ("decide_joint", "Decisions about people's care are made jointly."),
            ("decide_heard", "My view is taken into account whatever my profession."),
            ("decide_conflict", "Disagreements between professions are settled constructively."),
            ("decide_users", "People who use the service take part in decisions about them."),
        ),
    ),
    (
        "support",
        "Support and learning",
        (
            ("support_supervision", "I get the professional supervision I need."),
            ("support_learning", "I learn from colleagues in other professions."),
            ("support_training", "The team trains together."),
            ("support_morale", "Morale in the team is good."),
        ),
    ),
)

PROFESSIONS = (
    ("social_worker", "Social worker"),
    ("community_nurse", "Community or district nurse"),
    ("mental_health_nurse", "Mental health nurse"),
    ("occupational_therapist", "Occupational therapist"),
    ("physiotherapist", "Physiotherapist"),
    ("support_worker", "Support worker or care assistant"),
    ("administrator", "Administrator"),
    ("manager", "Team manager"),
    ("other", "Other"),
)

EMPLOYERS = (
    ("local_authority", "Local authority"),
    ("nhs", "NHS"),
    ("voluntary", "Voluntary or community organisation"),
    ("other", "Other"),
)

YES_NO = (("yes", "Yes"), ("no", "No"))


def build() -> Instrument:
    """A fresh team assessment."""
    about = group(
        "about_you",
        "About you",
        [
            select_one("profession", "profession", "What is your profession?", required=True),
            select_one("employer", "employer", "Who employs you?", required=True),
            decimal(
                "years_in_team",
                "How long have you worked in this team?",
                0,
                50,
                hint="In years; 0.5 for six months.",
            ),
            select_one("co_located", "yes_no", "Does the team share one office?"),
        ],
    )
    aspects = [
        group(name, aspect, [statement(item, words) for item, words in statements])
        for name, aspect, statements in ASPECTS
    ]
    questions = [
        about,
        *aspects,
        integer(
            "contacts_week",
            "In a typical week, how many times do you discuss a person's care with a "
            "colleague from another profession?",
            0,
            200,
        ),
        text("improve", "What one change would most improve how the team works together?"),
    ]
    return build_instrument(
        "team_assessment",
        NAME,
        questions,
        {
            AGREEMENT_LIST: agreement_scale(),
            "profession": [choice(name, label) for name, label in PROFESSIONS],
            "employer": [choice(name, label) for name, label in EMPLOYERS],
            "yes_no": [choice(name, label) for name, label in YES_NO],
        },
    )
