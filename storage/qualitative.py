"""Interviews and focus groups as a whole: starting one, its guide and roster, typed guides.

The screens read a session through `session_context` and `roster` and start one through
`start_interview` / `start_focus_group`, so the rules (guide kind, consent of everyone who
will be recorded, unique roster labels) are checked here and not in a dialog.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument, Topic
from storage.errors import ValidationError
from storage.repositories.notes import ConsentError
from storage.repositories.participants import may_record_data

if TYPE_CHECKING:
    from storage.store import Store

GUIDE_KINDS = ("interview", "focus_group")
# Speakers of a focus group who are not roster participants (stored as speaker_label only).
FACILITATOR, SEVERAL, UNKNOWN = "Facilitator", "Several", "Unknown"
GROUP_LABELS = (FACILITATOR, SEVERAL, UNKNOWN)
INTERVIEWER = "Interviewer"
_NOT_SLUG = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class RosterMember:
    """One person in a focus group: their short label (P1), seat and consent."""

    member_id: str
    label: str
    seat: str
    participant_id: str | None
    code: str
    role: str
    consent_status: str
    consent_date: str | None

    @property
    def may_speak(self) -> bool:
        """Whether turns may be recorded for this member (the consent gate)."""
        return self.participant_id is None or self.consent_status == "given"


@dataclass(frozen=True)
class SessionContext:
    """Everything a session's header and guide panel show, read once."""

    session: dict[str, Any]
    kind: str
    guide: Instrument
    participant: dict[str, Any] | None
    site_name: str
    interviewer: str
    note_taker: str
    study_name: str

    @property
    def session_id(self) -> str:
        return self.session["id"]

    @property
    def topics(self) -> list[Topic]:
        return sorted(self.guide.topics, key=lambda topic: (topic.order, topic.title))

    def topic_title(self, topic_id: str) -> str:
        for topic in self.guide.topics:
            if topic.id == topic_id:
                return topic.title
        return topic_id or "Free notes"


@dataclass(frozen=True)
class RosterEntry:
    """A participant to seat in a new focus group."""

    participant_id: str
    label: str
    seat: str = ""


def session_context(store: Store, session_id: str) -> SessionContext:
    repos = store.repos
    session = repos.sessions.get(session_id)
    if session is None or session["deleted"]:
        raise ValidationError(f"There is no session with id {session_id}.")
    instrument = repos.instruments.get(session["instrument_id"]) or {}
    guide = Instrument.from_dict(repos.instruments.definition(session["instrument_id"]))
    participant = repos.participants.get(session["participant_id"] or "")
    study = repos.studies.get(session["study_id"]) or {}
    sites = {row["id"]: row["name"] for row in repos.studies.sites(session["study_id"])}
    workers = {row["id"]: row["name"] for row in repos.studies.fieldworkers(session["study_id"])}
    return SessionContext(
        session=session,
        kind=instrument.get("kind", guide.kind),
        guide=guide,
        participant=participant,
        site_name=sites.get(session["site_id"] or "", ""),
        interviewer=workers.get(session["fieldworker_id"] or "", ""),
        note_taker=workers.get(session["note_taker_id"] or "", ""),
        study_name=study.get("name", ""),
    )


def label_order(label: str) -> tuple:
    """P2 before P10: numbers in a label compare as numbers."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(label))


def roster(store: Store, session_id: str) -> list[RosterMember]:
    """A focus group's members in the order they were seated (P2 before P10), with consent."""
    rows = sorted(
        store.repos.sessions.members(session_id),
        key=lambda row: (row["created_at"], label_order(row["label"])),
    )
    members = []
    for row in rows:
        person = store.repos.participants.get(row["participant_id"] or "") or {}
        members.append(
            RosterMember(
                member_id=row["id"],
                label=row["label"],
                seat=row["seat"],
                participant_id=row["participant_id"],
                code=person.get("code", ""),
                role=person.get("role", ""),
                consent_status=person.get("consent_status", ""),
                consent_date=person.get("consent_date"),
            )
        )
    return members


def next_label(taken: Sequence[str]) -> str:
    """The next free short label P1, P2, ..."""
    used = {label.strip().upper() for label in taken}
    number = 1
    while f"P{number}" in used:
        number += 1
    return f"P{number}"


def _guide_row(store: Store, study_id: str, instrument_id: str, kind: str) -> dict[str, Any]:
    row = store.repos.instruments.get(instrument_id)
    if row is None or row["deleted"] or row["study_id"] != study_id:
        raise ValidationError("Choose a guide of this study.")
    if row["kind"] != kind:
        wanted = "an interview" if kind == "interview" else "a focus-group"
        raise ValidationError(f"{row['name']!r} is not {wanted} guide.")
    return row


def _participant_of(store: Store, study_id: str, participant_id: str) -> dict[str, Any]:
    person = store.repos.participants.get(participant_id)
    if person is None or person["deleted"] or person["study_id"] != study_id:
        raise ValidationError("Choose a participant of this study.")
    return person


def start_interview(
    store: Store,
    study_id: str,
    instrument_id: str,
    participant_id: str,
    interviewer_id: str | None = None,
    site_id: str | None = None,
    mode: str = "face_to_face",
    started_at: str | None = None,
    title: str = "",
) -> str:
    """Open an interview session; refused unless the participant's consent is given."""
    with store.transaction():
        _guide_row(store, study_id, instrument_id, "interview")
        person = _participant_of(store, study_id, participant_id)
        if not may_record_data(person):
            raise ConsentError(person)
        return store.repos.sessions.start(
            study_id,
            instrument_id,
            site_id=site_id or person["site_id"],
            participant_id=participant_id,
            fieldworker_id=interviewer_id,
            mode=mode,
            started_at=started_at,
            title=title,
        )


def start_focus_group(
    store: Store,
    study_id: str,
    instrument_id: str,
    members: Sequence[RosterEntry],
    facilitator_id: str | None = None,
    note_taker_id: str | None = None,
    site_id: str | None = None,
    mode: str = "face_to_face",
    started_at: str | None = None,
    title: str = "",
) -> str:
    """Open a focus group with its roster, all or nothing; every member needs consent given."""
    if len(members) < 2:
        raise ValidationError("A focus group needs at least two participants on its roster.")
    with store.transaction():
        _guide_row(store, study_id, instrument_id, "focus_group")
        seen: set[str] = set()
        for entry in members:
            person = _participant_of(store, study_id, entry.participant_id)
            if entry.participant_id in seen:
                raise ValidationError(f"{person['code']} is on the roster twice.")
            seen.add(entry.participant_id)
            if not may_record_data(person):
                raise ConsentError(person)
        session_id = store.repos.sessions.start(
            study_id,
            instrument_id,
            site_id=site_id,
            fieldworker_id=facilitator_id,
            note_taker_id=note_taker_id,
            mode=mode,
            started_at=started_at,
            title=title,
        )
        for entry in members:
            store.repos.sessions.add_member(
                session_id, entry.label, entry.participant_id, entry.seat.strip()
            )
        return session_id


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("_", text.lower()).strip("_") or "topic"


def build_guide(kind: str, title: str, topics: Sequence[Topic]) -> Instrument:
    """A guide from typed topics: ids made from titles (unique), order as given."""
    if kind not in GUIDE_KINDS:
        raise ValidationError("A guide is for an interview or a focus group.")
    title = title.strip()
    if not title:
        raise ValidationError("A guide's title must not be empty.")
    kept = [topic for topic in topics if topic.title.strip()]
    if not kept:
        raise ValidationError("A guide needs at least one topic with a title.")
    taken: set[str] = set()
    built = []
    for order, topic in enumerate(kept, start=1):
        topic_id = base = _slug(topic.id or topic.title)
        number = 2
        while topic_id in taken:
            topic_id, number = f"{base}_{number}", number + 1
        taken.add(topic_id)
        built.append(
            Topic(
                id=topic_id,
                title=topic.title.strip(),
                question=topic.question.strip(),
                prompts=[p.strip() for p in topic.prompts if p.strip()],
                probes=[p.strip() for p in topic.probes if p.strip()],
                order=order,
            )
        )
    return Instrument(kind=kind, form_id=_slug(title), title=title, topics=built)


def save_guide(store: Store, study_id: str, kind: str, title: str, topics: Sequence[Topic]) -> str:
    """Store a typed guide as an instrument of the study; returns its id."""
    guide = build_guide(kind, title, topics)
    return store.repos.instruments.add(
        study_id, kind, guide.title, guide.to_dict(), form_id=guide.form_id
    )
