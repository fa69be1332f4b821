"""The demo: three evaluation programmes with sites, people and their data.

A new user opens it and sees a working study at once; tests use it as realistic material.
Built in one transaction, so an interrupted build leaves nothing behind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storage.demo_codebook import add_codebook_demo
from storage.demo_qualitative import add_qualitative_demo
from storage.demo_questionnaires import add_questionnaire_demo
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store

DEMO_MARKER = "demo_built_at"


@dataclass(frozen=True)
class Programme:
    study: str
    description: str
    sites: tuple[tuple[str, str], ...]
    fieldworkers: tuple[tuple[str, str], ...]
    # (code prefix, role, organisation, how many)
    people: tuple[tuple[str, str, str, int], ...]


PROGRAMMES = (
    Programme(
        study="Durham integrated teams",
        description=(
            "Evaluation of integrated older people's and physical disability teams in County "
            "Durham: partnership and team assessment questionnaires, semi-structured interviews."
        ),
        sites=(
            ("Chester-le-Street integrated team", "integrated team"),
            ("Derwentside integrated team", "integrated team"),
            ("Durham Dales integrated team", "integrated team"),
        ),
        fieldworkers=(
            ("Aisha Rahman", "research officer"),
            ("Tom Bell", "practitioner-researcher"),
        ),
        people=(
            ("DUR-C", "client", "", 5),
            ("DUR-K", "carer", "", 3),
            ("DUR-S", "staff", "Durham County Council adult services", 3),
            ("DUR-N", "staff", "County Durham NHS community health", 3),
            ("DUR-V", "voluntary organisation", "Age UK County Durham", 1),
        ),
    ),
    Programme(
        study="Cumbria older people's mental health",
        description=(
            "Experiences of clients, carers and staff of older people's mental-health services "
            "in Cumbria: questionnaires, interviews and focus groups."
        ),
        sites=(
            ("Carlisle community mental health team", "mental health team"),
            ("Kendal memory service", "memory service"),
            ("Workington day hospital", "day hospital"),
        ),
        fieldworkers=(("Gareth Irving", "research nurse"), ("Mei Chen", "research assistant")),
        people=(
            ("CUM-C", "client", "", 4),
            ("CUM-K", "carer", "", 4),
            ("CUM-S", "staff", "Cumbria Partnership NHS Trust", 3),
            ("CUM-A", "public-sector team", "Cumbria County Council social care", 1),
        ),
    ),
    Programme(
        study="Northumberland children's services",
        description=(
            "Reorganisation of children's services in Northumberland: questionnaires to schools "
            "and agencies, then case studies and focus groups."
        ),
        sites=(
            ("Hexham locality", "locality"),
            ("Blyth locality", "locality"),
            ("Alnwick locality", "locality"),
        ),
        fieldworkers=(("Siobhan Kerr", "evaluation lead"), ("Daniel Okafor", "research officer")),
        people=(
            ("NOR-H", "school", "First and middle schools", 3),
            ("NOR-S", "staff", "Northumberland children's social care", 3),
            ("NOR-P", "public-sector team", "Northumbria Healthcare school nursing", 2),
            ("NOR-V", "voluntary organisation", "Barnardo's North East", 1),
            ("NOR-F", "carer", "", 2),
        ),
    ),
)

# A few real-looking identities, kept in participant_identities only.
IDENTITIES = (
    ("Margaret Lowther", "01388 555 0142, 14 Front Street, Stanhope"),
    ("Brian Armstrong", "07700 900 318"),
    ("Eileen Nicholson", "eileen.nicholson@example.org"),
    ("Kathleen Graham", "01228 555 0199"),
    ("Robert Hetherington", "07700 900 774, Flat 2, Priestpopple, Hexham"),
    ("Janet Swinburne", "janet.s@example.net"),
)


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in self.counts.items())


def build_demo(store: Store, seed: int = 2026) -> DemoSummary:
    """Create the demo studies in `store`; refuses if they are already there."""
    repos = store.repos
    existing = [p.study for p in PROGRAMMES if repos.studies.by_name(p.study)]
    if existing:
        raise ValidationError(
            f"The demo is already in this database (study {existing[0]!r}); nothing was added."
        )
    rng = random.Random(seed)
    summary = DemoSummary()
    with store.transaction():
        identities = iter(IDENTITIES)
        for programme in PROGRAMMES:
            study_id = repos.studies.add(programme.study, programme.description)
            site_ids = [repos.studies.add_site(study_id, n, k) for n, k in programme.sites]
            for name, role in programme.fieldworkers:
                repos.studies.add_fieldworker(study_id, name, role)
            for prefix, role, organisation, how_many in programme.people:
                for number in range(1, how_many + 1):
                    participant_id = repos.participants.add(
                        study_id,
                        f"{prefix}{number:02d}",
                        role=role,
                        site_id=rng.choice(site_ids),
                        organisation=organisation,
                    )
                    _demo_consent(repos, participant_id, rng)
                    if role in ("client", "carer") and rng.random() < 0.5:
                        identity = next(identities, None)
                        if identity:
                            repos.participants.set_identity(
                                participant_id, identity[0], identity[1]
                            )
        summary.counts.update(add_questionnaire_demo(store, rng))
        summary.counts.update(add_qualitative_demo(store, rng))
        summary.counts.update(add_codebook_demo(store, rng))
        store.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, datetime('now')) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (DEMO_MARKER,),
        )
    for table in ("studies", "sites", "fieldworkers", "participants", "participant_identities"):
        summary.counts[table] = store.scalar(f"SELECT count(*) FROM {table} WHERE deleted = 0")
    return summary


def _demo_consent(repos, participant_id: str, rng: random.Random) -> None:
    roll = rng.random()
    day = f"2026-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
    if roll < 0.82:
        repos.participants.record_consent(
            participant_id, "given", day, "written form", "Fieldworker"
        )
    elif roll < 0.9:
        repos.participants.record_consent(
            participant_id, "withdrawn", day, "phone call", "Fieldworker"
        )
    elif roll < 0.95:
        repos.participants.record_consent(
            participant_id, "refused", day, "in person", "Fieldworker"
        )
