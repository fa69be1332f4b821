"""The demo's interview and focus-group guides: topics with main question, prompts, probes."""

from __future__ import annotations

from instruments.model import Topic

DURHAM = "Durham integrated teams"
CUMBRIA = "Cumbria older people's mental health"
NORTHUMBERLAND = "Northumberland children's services"

# (id, title, main question, prompts, probes)
GuideTopics = tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...]

STAFF_GUIDE: GuideTopics = (
    (
        "role",
        "Your role and the team",
        "Could you tell me about your role and how long you have worked in the integrated team?",
        (
            "Professional background",
            "Who else is in the team",
            "What changed when the team came together",
        ),
        ("Can you give an example?",),
    ),
    (
        "information",
        "Sharing information",
        "How do you find out what others in the team know about a client?",
        ("Record systems and access", "Meetings and huddles", "Consent and information governance"),
        ("What happens when information is missing?",),
    ),
    (
        "management",
        "Joint management and decisions",
        "How are decisions made in the team, and who manages whom?",
        ("Line management and supervision", "Disagreements about a case", "Escalation"),
        ("Can you think of a recent disagreement?",),
    ),
    (
        "budget",
        "Pooled budget and resources",
        "What difference, if any, does the pooled budget make to your work?",
        ("Equipment", "Packages of care", "Who pays"),
        ("How long did that take?",),
    ),
    (
        "culture",
        "Culture and trust",
        "How would you describe relationships between health and social care staff in the team?",
        ("Attitudes to risk", "Professional identity", "Joint training"),
        ("Has that changed over time?",),
    ),
    (
        "outcomes",
        "Difference for clients",
        "What difference has integration made for the people you support?",
        ("Speed of response", "Continuity", "Evidence of outcomes"),
        ("What would you change?",),
    ),
)

CLIENT_CARER_GUIDE: GuideTopics = (
    (
        "first_contact",
        "Getting help in the first place",
        "How did you first come into contact with the service?",
        ("Who referred you", "How long it took", "What you knew about the service"),
        ("What happened before that?",),
    ),
    (
        "assessment",
        "Assessment",
        "Tell me about being assessed.",
        ("How many people came", "Repeating your story", "Carer's assessment"),
        ("Was anything missed?",),
    ),
    (
        "discharge",
        "Hospital stays and coming home",
        "If there has been a hospital stay, what was coming home like?",
        ("Notice of discharge", "Care in place", "Reablement and after"),
        ("Who did you contact?",),
    ),
    (
        "together",
        "Do services work together?",
        "Do the people helping you seem to work together?",
        ("One contact or many", "Information passed on", "Who coordinates"),
        ("Can you give an example?",),
    ),
    (
        "waiting",
        "Waiting",
        "Have you had to wait for anything, and what happened meanwhile?",
        ("Assessments", "Equipment and adaptations", "Respite"),
        ("How did you manage?",),
    ),
    (
        "change",
        "What would make a difference",
        "If you could change one thing, what would it be?",
        ("For you", "For the person you care for"),
        (),
    ),
)

LOCALITY_GUIDE: GuideTopics = (
    (
        "reorganisation",
        "The reorganisation",
        "How has the move to locality working changed your job?",
        ("Who you work alongside", "Co-location", "Earlier reorganisations"),
        ("What has stayed the same?",),
    ),
    (
        "information",
        "Sharing information",
        "How does information about a child and family reach you?",
        ("Case systems", "Schools' safeguarding records", "Safeguarding hub"),
        ("How quickly?",),
    ),
    (
        "thresholds",
        "Thresholds and early help",
        "How do partners understand the thresholds for early help and social care?",
        ("Schools' view", "Capacity", "Early help assessments"),
        ("An example of a disagreement?",),
    ),
    (
        "transitions",
        "Transitions",
        "What happens to young people at points of transition?",
        ("Starting and changing school", "Child to adult services at 18", "Mental health services"),
        ("When does planning start?",),
    ),
    (
        "schools",
        "Working with schools",
        "How do you work with schools in the locality?",
        ("First, middle and high schools", "Academies", "Safeguarding leads"),
        (),
    ),
    ("next", "What next", "What would most improve joint working in the next year?", (), ()),
)

CARERS_GROUP_GUIDE: GuideTopics = (
    (
        "getting_help",
        "Getting help in the first place",
        "How did you or your relative first get help?",
        ("The GP", "A crisis", "Private assessment"),
        (),
    ),
    (
        "waiting",
        "Waiting lists",
        "What happened while you waited?",
        ("Contact while waiting", "Voluntary sector", "Diagnosis and social care"),
        ("How long?",),
    ),
    (
        "hospital",
        "Hospital and coming home",
        "What was it like when your relative came home from hospital?",
        ("Medication", "Care packages", "Being asked if you can cope"),
        (),
    ),
    (
        "joined",
        "Working together",
        "Do the NHS and the council work together for you?",
        ("Sharing information", "Keeping your own records"),
        (),
    ),
    ("improve", "One thing to change", "If you could change one thing, what would it be?", (), ()),
)

PRACTITIONERS_GROUP_GUIDE: GuideTopics = (
    (
        "locality",
        "The locality hubs",
        "Has the move to locality hubs changed your work?",
        ("Co-location", "Who was consulted"),
        (),
    ),
    (
        "sharing",
        "Sharing information",
        "How is information shared between agencies?",
        ("Systems", "Confidence about the law", "Families' trust"),
        (),
    ),
    (
        "thresholds",
        "Thresholds and early help",
        "How do you find the thresholds?",
        ("Referrals returned", "Capacity", "Voluntary sector waiting lists"),
        (),
    ),
    (
        "transitions",
        "Transitions",
        "What happens at school changes and at eighteen?",
        ("Three-tier schools", "Adult services"),
        ("Can you give an example?",),
    ),
    (
        "trust",
        "Culture and trust",
        "How would you describe trust between agencies?",
        ("Individuals and organisations", "Staff turnover"),
        (),
    ),
    ("future", "What next", "What would make the biggest difference next year?", (), ()),
)


GUIDES = {
    "Integrated team staff interview": (DURHAM, "interview", STAFF_GUIDE),
    "Client and carer experience interview": (DURHAM, "interview", CLIENT_CARER_GUIDE),
    "Carer experience interview": (CUMBRIA, "interview", CLIENT_CARER_GUIDE),
    "Locality practitioner interview": (NORTHUMBERLAND, "interview", LOCALITY_GUIDE),
    "Carers' and service users' focus group": (CUMBRIA, "focus_group", CARERS_GROUP_GUIDE),
    "Multi-agency practitioners' focus group": (
        NORTHUMBERLAND,
        "focus_group",
        PRACTITIONERS_GROUP_GUIDE,
    ),
}


def guide_topics(topics: GuideTopics) -> list[Topic]:
    """The typed-in form of a guide's topics, as the guide editor would give them."""
    return [
        Topic(id=key, title=title, question=question, prompts=list(prompts), probes=list(probes))
        for key, title, question, prompts, probes in topics
    ]
