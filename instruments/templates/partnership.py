"""Partnership assessment: six principles of partnership working, statements of agreement.

The six groups follow the structure of the Partnership Assessment Tool (Hardy, Hudson and
Waddington, 2003); the statements are written for Fieldnotes, not taken from the tool.
Each principle is a group of statements on a four-point agreement scale with "don't know";
the partnership profile compares partner organisations principle by principle.
"""

from __future__ import annotations

from instruments.model import Instrument
from instruments.templates.parts import (
    AGREEMENT_LIST,
    agreement_scale,
    build_instrument,
    choice,
    group,
    note,
    select_one,
    statement,
    text,
)

NAME = "Partnership assessment"
DESCRIPTION = (
    "Staff of each partner organisation rate the partnership on six principles "
    "(the structure of Hardy, Hudson and Waddington's Partnership Assessment Tool, 2003): "
    '28 statements on a four-point agreement scale with "don\'t know", plus the '
    "respondent's organisation, sector and role."
)

# (group name, principle, [(statement name, statement)])
PRINCIPLES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "need",
        "Recognise and accept the need for partnership",
        (
            ("need_alone", "No partner could achieve these outcomes for local people alone."),
            ("need_gains", "Each partner can say what it gains from working together."),
            (
                "need_history",
                "Earlier joint work between the partners gives us a base to build on.",
            ),
            ("need_staff", "Staff at every level understand why the partnership matters."),
            ("need_members", "The partnership includes the organisations whose help it needs."),
        ),
    ),
    (
        "purpose",
        "Clarity and realism of purpose",
        (
            ("purpose_vision", "Partners describe what the partnership is for in similar words."),
            ("purpose_realistic", "Its aims are realistic for the time and money available."),
            ("purpose_priorities", "Partners agree on what should be achieved first."),
            ("purpose_fit", "Each partner's own objectives fit the partnership's aims."),
            ("purpose_written", "The aims are written down and known to front-line staff."),
        ),
    ),
    (
        "commitment",
        "Commitment and ownership",
        (
            ("commit_seniors", "Senior managers in every partner actively back the partnership."),
            ("commit_resources", "Partners provide the staff time and money they promised."),
            ("commit_plans", "The partnership's work is built into each partner's own plans."),
            ("commit_shared", "When something goes wrong, partners share the responsibility."),
            ("commit_frontline", "Front-line staff feel the partnership is theirs too."),
        ),
    ),
    (
        "trust",
        "Trust",
        (
            ("trust_open", "Partners are open with each other about problems and limits."),
            ("trust_valued", "Every partner's contribution is valued, however small."),
            ("trust_disagree", "Partners can disagree without harming the relationship."),
            ("trust_follow", "I rely on colleagues in other organisations to do what we agree."),
        ),
    ),
    (
        "arrangements",
        "Clear and robust partnership arrangements",
        (
            ("arrange_roles", "It is clear who does what in the partnership."),
            ("arrange_decisions", "The way decisions are made is understood and works well."),
            ("arrange_money", "Shared or aligned budgets are handled in a way all accept."),
            ("arrange_information", "Sharing information about people we support works well."),
            ("arrange_simple", "The partnership's procedures are kept as simple as they can be."),
        ),
    ),
    (
        "learning",
        "Monitor, measure and learn",
        (
            ("learn_review", "The partnership checks regularly whether it is meeting its aims."),
            ("learn_outcomes", "Success is judged by what changes for service users and carers."),
            ("learn_mistakes", "Partners learn from what went wrong and change how they work."),
            ("learn_share", "What the partnership achieves is recognised and shared."),
        ),
    ),
)

SECTOR_CHOICES = (
    ("nhs", "NHS"),
    ("local_authority", "Local authority"),
    ("voluntary", "Voluntary or community organisation"),
    ("independent", "Independent sector provider"),
    ("education", "School or education service"),
    ("other", "Other"),
)

ROLE_CHOICES = (
    ("frontline", "Front-line practitioner"),
    ("team_manager", "Team or service manager"),
    ("senior_manager", "Senior manager or director"),
    ("commissioner", "Commissioner"),
    ("board_member", "Board or elected member"),
    ("other", "Other"),
)


def build() -> Instrument:
    """A fresh partnership assessment (a new object every call, so callers may edit it)."""
    about = group(
        "about_you",
        "About you",
        [
            text(
                "organisation",
                "Which organisation do you work for?",
                required=True,
                hint="Your employer, e.g. the council's adult services or the NHS trust.",
            ),
            select_one("sector", "sector", "Which sector is your organisation in?", required=True),
            select_one("role", "partnership_role", "What is your role?", required=True),
        ],
    )
    principles = [
        group(name, principle, [statement(item, words) for item, words in statements])
        for name, principle, statements in PRINCIPLES
    ]
    questions = [
        about,
        note(
            "instructions",
            "Say how far you agree with each statement about the partnership as it is now. "
            'Choose "Don\'t know" if you cannot say.',
        ),
        *principles,
        text("comments", "Is there anything else you would like to say about the partnership?"),
    ]
    return build_instrument(
        "partnership_assessment",
        NAME,
        questions,
        {
            AGREEMENT_LIST: agreement_scale(),
            "sector": [choice(name, label) for name, label in SECTOR_CHOICES],
            "partnership_role": [choice(name, label) for name, label in ROLE_CHOICES],
        },
    )
