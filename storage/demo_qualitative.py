"""The demo's qualitative half: interview and focus-group guides, four interviews, two groups.

Only participants whose consent is given are interviewed or seated (the gate would refuse
anyone else). Called by build_demo inside its transaction; safe to call on its own too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from storage.clock import format_timestamp
from storage.demo_group_scripts import (
    CUMBRIA_CARERS,
    CUMBRIA_ROSTER,
    NORTHUMBERLAND_PRACTITIONERS,
    NORTHUMBERLAND_ROSTER,
)
from storage.demo_guides import CUMBRIA, DURHAM, GUIDES, NORTHUMBERLAND, guide_topics
from storage.demo_interview_scripts import (
    CUMBRIA_CARER,
    DURHAM_CARER,
    DURHAM_STAFF,
    NORTHUMBERLAND_STAFF,
    Script,
)
from storage.qualitative import (
    FACILITATOR,
    SEVERAL,
    RosterEntry,
    save_guide,
    start_focus_group,
    start_interview,
)
from storage.repositories.participants import may_record_data

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class InterviewPlan:
    study: str
    guide: str
    wanted: tuple[tuple[str, str], ...]  # (role, organisation hint), best first
    interviewer: str
    script: Script
    started: datetime
    status: str
    mode: str = "face_to_face"


@dataclass(frozen=True)
class GroupPlan:
    study: str
    guide: str
    roster: dict[str, tuple[str, ...]]
    facilitator: str
    note_taker: str
    site: str
    title: str
    script: Script
    started: datetime
    status: str


INTERVIEWS = (
    InterviewPlan(
        DURHAM,
        "Integrated team staff interview",
        (("staff", "County Durham NHS"), ("staff", "NHS"), ("staff", "")),
        "Aisha Rahman",
        DURHAM_STAFF,
        datetime(2026, 4, 21, 9, 30),
        "complete",
    ),
    InterviewPlan(
        DURHAM,
        "Client and carer experience interview",
        (("carer", ""), ("client", "")),
        "Tom Bell",
        DURHAM_CARER,
        datetime(2026, 5, 6, 14, 0),
        "complete",
    ),
    InterviewPlan(
        CUMBRIA,
        "Carer experience interview",
        (("carer", ""),),
        "Mei Chen",
        CUMBRIA_CARER,
        datetime(2026, 5, 19, 10, 15),
        "draft",
        "phone",
    ),
    InterviewPlan(
        NORTHUMBERLAND,
        "Locality practitioner interview",
        (("staff", ""),),
        "Daniel Okafor",
        NORTHUMBERLAND_STAFF,
        datetime(2026, 6, 2, 13, 30),
        "complete",
        "video",
    ),
)

GROUPS = (
    GroupPlan(
        CUMBRIA,
        "Carers' and service users' focus group",
        CUMBRIA_ROSTER,
        "Gareth Irving",
        "Mei Chen",
        "Carlisle community mental health team",
        "Carers' group, Carlisle",
        CUMBRIA_CARERS,
        datetime(2026, 6, 10, 10, 30),
        "complete",
    ),
    GroupPlan(
        NORTHUMBERLAND,
        "Multi-agency practitioners' focus group",
        NORTHUMBERLAND_ROSTER,
        "Siobhan Kerr",
        "Daniel Okafor",
        "Blyth locality",
        "Practitioners' group, Blyth hub",
        NORTHUMBERLAND_PRACTITIONERS,
        datetime(2026, 6, 17, 9, 45),
        "draft",
    ),
)


def add_qualitative_demo(store: Store, rng: random.Random) -> dict[str, int]:
    """Add the demo guides, interviews and focus groups; returns how many of each were made."""
    counts = {"guides": 0, "interviews": 0, "focus groups": 0, "notes": 0}
    with store.transaction():
        guide_ids: dict[str, str] = {}
        for name, (study, kind, topics) in GUIDES.items():
            study_row = store.repos.studies.by_name(study)
            if study_row is None:
                continue
            guide_ids[name] = save_guide(store, study_row["id"], kind, name, guide_topics(topics))
            counts["guides"] += 1
        taken: set[str] = set()
        for plan in INTERVIEWS:
            if plan.guide in guide_ids:
                made = _interview(store, rng, plan, guide_ids[plan.guide], taken)
                counts["interviews"] += int(made > 0)
                counts["notes"] += made
        for group in GROUPS:
            if group.guide in guide_ids:
                made = _group(store, rng, group, guide_ids[group.guide], taken)
                counts["focus groups"] += int(made > 0)
                counts["notes"] += made
    return counts


def _stamp(moment: datetime) -> str:
    return format_timestamp(moment)


def _pick(
    store: Store, study_id: str, wanted: tuple[tuple[str, str], ...], taken: set[str]
) -> dict[str, Any] | None:
    """The first consenting participant not yet used who fits a wanted (role, organisation)."""
    people = [
        person
        for person in store.repos.participants.list(study_id)
        if may_record_data(person) and person["id"] not in taken
    ]
    for role, hint in wanted:
        for person in people:
            if person["role"] == role and hint.lower() in person["organisation"].lower():
                taken.add(person["id"])
                return person
    return None


def _worker(store: Store, study_id: str, name: str) -> str | None:
    row = store.repos.studies.fieldworker_by_name(study_id, name)
    return row["id"] if row else None


def _finish(store: Store, session_id: str, status: str, started: datetime, ms: int) -> None:
    if status != "draft":
        ended = started + timedelta(milliseconds=ms + 300_000)
        store.repos.sessions.update(session_id, status=status, ended_at=_stamp(ended))


def _interview(
    store: Store, rng: random.Random, plan: InterviewPlan, guide_id: str, taken: set[str]
) -> int:
    study_id = store.repos.studies.by_name(plan.study)["id"]
    person = _pick(store, study_id, plan.wanted, taken)
    if person is None:
        return 0
    session_id = start_interview(
        store,
        study_id,
        guide_id,
        person["id"],
        interviewer_id=_worker(store, study_id, plan.interviewer),
        mode=plan.mode,
        started_at=_stamp(plan.started),
    )
    notes = store.repos.notes
    elapsed = 45_000
    for topic, kind, text in plan.script:
        elapsed += rng.randint(35, 150) * 1000
        quote = kind == "quote"
        notes.add(
            session_id,
            text,
            kind=kind,
            topic=topic,
            speaker_id=person["id"] if quote else None,
            speaker_label=person["code"] if quote else "",
            elapsed_ms=None if kind == "summary" else elapsed,
        )
    topics = list(dict.fromkeys(topic for topic, _kind, _text in plan.script if topic))
    covered = topics if plan.status != "draft" else topics[:-1]
    for topic in covered:
        notes.set_covered(session_id, topic, True)
        notes.set_covered(session_id, f"{topic}/question", True)
    _finish(store, session_id, plan.status, plan.started, elapsed)
    return len(plan.script)


def _group(
    store: Store, rng: random.Random, plan: GroupPlan, guide_id: str, taken: set[str]
) -> int:
    study_id = store.repos.studies.by_name(plan.study)["id"]
    people = []
    for roles in plan.roster.values():
        person = _pick(store, study_id, tuple((role, "") for role in roles), taken)
        if person is None:
            person = _pick(store, study_id, (("client", ""), ("carer", ""), ("staff", "")), taken)
        if person is not None:
            people.append(person)
    if len(people) < 2:
        return 0
    labels = [f"P{number}" for number in range(1, len(people) + 1)]
    site = store.repos.studies.site_by_name(study_id, plan.site)
    session_id = start_focus_group(
        store,
        study_id,
        guide_id,
        [
            RosterEntry(p["id"], label, f"Seat {n}")
            for n, (p, label) in enumerate(zip(people, labels, strict=True), start=1)
        ],
        facilitator_id=_worker(store, study_id, plan.facilitator),
        note_taker_id=_worker(store, study_id, plan.note_taker),
        site_id=site["id"] if site else None,
        started_at=_stamp(plan.started),
        title=plan.title,
    )
    elapsed = 90_000
    for who, topic, text in plan.script:
        elapsed += rng.randint(12, 70) * 1000
        _add_turn(store, session_id, who, topic, text, elapsed, people, labels)
    for topic in dict.fromkeys(topic for _who, topic, _text in plan.script):
        store.repos.notes.set_covered(session_id, topic, True)
    _finish(store, session_id, plan.status, plan.started, elapsed)
    return len(plan.script)


def _add_turn(
    store: Store,
    session_id: str,
    who: str,
    topic: str,
    text: str,
    elapsed: int,
    people: list[dict[str, Any]],
    labels: list[str],
) -> None:
    notes = store.repos.notes
    if who == "OBS":
        notes.add(session_id, text, kind="observation", topic=topic, elapsed_ms=elapsed)
    elif who == "SUM":
        notes.add(session_id, text, kind="summary", topic=topic)
    elif who in ("F", "SEV"):
        label = FACILITATOR if who == "F" else SEVERAL
        notes.add(session_id, text, topic=topic, speaker_label=label, elapsed_ms=elapsed)
    else:
        index = (int(who.strip("P*")) - 1) % len(people)
        notes.add(
            session_id,
            text,
            kind="quote" if who.endswith("*") else "note",
            topic=topic,
            speaker_id=people[index]["id"],
            speaker_label=labels[index],
            elapsed_ms=elapsed,
        )
