"""The demo's questionnaires: the three templates in use, with answers, versions and targets.

Durham and Northumberland run the "Partnership assessment" among staff of at least four
partner organisations each; Durham and Cumbria run the team assessment; Durham and
Cumbria ask clients and carers about their experience, Cumbria on two versions of that
questionnaire. Some sessions are drafts, a few answers are missing or "don't know", one
respondent later withdrew consent, and each site has targets to chase.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument
from instruments.templates import PARTNERSHIP_ASSESSMENT, SERVICE_EXPERIENCE, TEAM_ASSESSMENT
from instruments.templates.parts import choice, statement
from storage.clock import format_timestamp
from storage.demo_answers import draft_of, experience_answers, partnership_answers, team_answers
from storage.errors import ValidationError
from storage.template_instruments import add_from_template

if TYPE_CHECKING:
    from storage.store import Store

DURHAM = "Durham integrated teams"
CUMBRIA = "Cumbria older people's mental health"
NORTHUMBERLAND = "Northumberland children's services"

# Partner organisations of each partnership (at least four), and how many consenting staff.
EXTRA_PEOPLE: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    DURHAM: (
        ("DUR-M", "staff", "Tees, Esk and Wear Valleys NHS Foundation Trust", 4),
        ("DUR-V", "voluntary organisation", "Age UK County Durham", 4),
        ("DUR-S", "staff", "Durham County Council adult services", 4),
        ("DUR-N", "staff", "County Durham NHS community health", 4),
    ),
    NORTHUMBERLAND: (
        ("NOR-V", "voluntary organisation", "Barnardo's North East", 4),
        ("NOR-P", "public-sector team", "Northumbria Healthcare school nursing", 4),
        ("NOR-S", "staff", "Northumberland children's social care", 4),
        ("NOR-H", "school", "First and middle schools", 4),
    ),
}

SECTORS = {
    "Durham County Council adult services": "local_authority",
    "County Durham NHS community health": "nhs",
    "Age UK County Durham": "voluntary",
    "Tees, Esk and Wear Valleys NHS Foundation Trust": "nhs",
    "First and middle schools": "education",
    "Northumberland children's social care": "local_authority",
    "Northumbria Healthcare school nursing": "nhs",
    "Barnardo's North East": "voluntary",
    "Cumbria Partnership NHS Trust": "nhs",
    "Cumbria County Council social care": "local_authority",
}

PRINCIPLES = ("need", "purpose", "commitment", "trust", "arrangements", "learning")
ASPECTS = ("goals", "roles", "communication", "decisions", "support")


def _scores(*values: float, names: tuple[str, ...] = PRINCIPLES) -> dict[str, float]:
    return dict(zip(names, values, strict=True))


# Organisation -> principle (group name) -> tendency on the 1-4 scale.
TENDENCIES: dict[str, dict[str, float]] = {
    "Durham County Council adult services": _scores(3.4, 3.1, 3.4, 3.3, 2.3, 2.9),
    "County Durham NHS community health": _scores(3.3, 2.9, 3.1, 3.0, 2.2, 2.8),
    "Age UK County Durham": _scores(3.5, 2.7, 1.8, 1.9, 2.0, 2.5),
    "Tees, Esk and Wear Valleys NHS Foundation Trust": _scores(3.0, 2.7, 2.6, 2.5, 2.1, 2.3),
    "Durham Community Action": _scores(3.2, 2.5, 2.2, 2.4, 2.0, 2.4),
    "First and middle schools": _scores(2.6, 2.0, 2.4, 2.9, 1.9, 2.3),
    "Northumberland children's social care": _scores(3.5, 3.4, 3.4, 3.0, 2.8, 3.1),
    "Northumbria Healthcare school nursing": _scores(3.2, 2.9, 2.9, 3.1, 2.4, 2.8),
    "Barnardo's North East": _scores(3.4, 2.7, 2.5, 2.8, 2.3, 3.0),
}
TEAM_TENDENCIES = _scores(3.0, 2.6, 2.4, 2.9, 2.7, names=ASPECTS)
ROLE_ANSWER = {
    "staff": "frontline",
    "school": "senior_manager",
    "public-sector team": "team_manager",
}


@dataclass
class _Built:
    counts: dict[str, int]

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount


def add_questionnaire_demo(store: Store, rng: random.Random) -> dict[str, int]:
    """Add the template questionnaires, their sessions and targets to the demo studies."""
    built = _Built({})
    with store.transaction():
        studies = {}
        for name in (DURHAM, CUMBRIA, NORTHUMBERLAND):
            study = store.repos.studies.by_name(name)
            if study is None:
                raise ValidationError(f"The demo study {name!r} is missing.")
            studies[name] = study["id"]
        for name, groups in EXTRA_PEOPLE.items():
            for prefix, role, organisation, at_least in groups:
                _ensure_people(store, studies[name], prefix, role, organisation, at_least, rng)
        for name in (DURHAM, NORTHUMBERLAND):
            _partnership(store, studies[name], rng, built, anonymous=name == DURHAM)
        for name in (DURHAM, CUMBRIA):
            _team(store, studies[name], rng, built)
        _experience(store, studies[DURHAM], rng, built, versions=1)
        _experience(store, studies[CUMBRIA], rng, built, versions=2)
    return dict(built.counts)


# --- people --------------------------------------------------------------------------------


def _ensure_people(
    store: Store,
    study_id: str,
    prefix: str,
    role: str,
    organisation: str,
    at_least: int,
    rng: random.Random,
) -> None:
    """Add people of `organisation` until `at_least` of them have given consent."""
    repos = store.repos
    present = [
        p
        for p in repos.participants.list(study_id)
        if p["organisation"] == organisation and p["consent_status"] == "given"
    ]
    sites = [s["id"] for s in repos.studies.sites(study_id)]
    number = 1
    for _ in range(at_least - len(present)):
        while repos.participants.by_code(study_id, f"{prefix}{number:02d}"):
            number += 1
        participant = repos.participants.add(
            study_id, f"{prefix}{number:02d}", role, rng.choice(sites), organisation
        )
        day = f"2026-0{rng.randint(2, 3)}-{rng.randint(1, 28):02d}"
        repos.participants.record_consent(participant, "given", day, "written form", "Fieldworker")


def _respondents(store: Store, study_id: str, roles: tuple[str, ...]) -> list[dict[str, Any]]:
    """Participants of these roles who may have answered: consent given, or later withdrawn."""
    people = [
        p
        for p in store.repos.participants.list(study_id)
        if p["role"] in roles and p["consent_status"] in ("given", "withdrawn")
    ]
    withdrawn = [p for p in people if p["consent_status"] == "withdrawn"][:1]
    return [p for p in people if p["consent_status"] == "given"] + withdrawn


# --- sessions ------------------------------------------------------------------------------


def _moment(rng: random.Random, first: date, days: int) -> str:
    day = first + timedelta(days=rng.randint(0, days))
    if day.weekday() >= 5:
        day += timedelta(days=7 - day.weekday())
    at = datetime(day.year, day.month, day.day, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
    return format_timestamp(at)


def _record(
    store: Store,
    study_id: str,
    instrument_id: str,
    answers: dict[str, Any],
    rng: random.Random,
    built: _Built,
    *,
    started_at: str,
    site_id: str | None,
    participant_id: str | None = None,
    mode: str = "paper",
    hidden: dict[str, Any] | None = None,
) -> str:
    """One session with its answers; about one in ten is a draft, some are verified."""
    repos = store.repos
    fieldworkers = [f["id"] for f in repos.studies.fieldworkers(study_id)]
    roll = rng.random()
    status = "draft" if roll < 0.1 else "verified" if roll < 0.25 else "complete"
    if status == "draft":
        answers = draft_of(rng, answers)
    session = repos.sessions.start(
        study_id,
        instrument_id,
        site_id=site_id,
        participant_id=participant_id,
        fieldworker_id=rng.choice(fieldworkers),
        mode=mode,
        started_at=started_at,
    )
    for path, value in answers.items():
        repos.sessions.save_answer(session, path, value)
    for path, value in (hidden or {}).items():
        repos.sessions.save_answer(session, path, value, relevant=False)
    ended = format_timestamp(
        datetime.fromisoformat(started_at.replace("Z", "+00:00")) + timedelta(minutes=25)
    )
    repos.sessions.update(session, status=status, ended_at=None if status == "draft" else ended)
    built.add("questionnaire sessions")
    built.add("answers", len(answers) + len(hidden or {}))
    return session


def _targets(store: Store, study_id: str, instrument_id: str, target: int, built: _Built) -> None:
    family = store.repos.instruments.get(instrument_id)["family_id"]
    for site in store.repos.studies.sites(study_id):
        store.repos.targets.set(study_id, site["id"], family, target)
        built.add("targets")


def _partnership(
    store: Store, study_id: str, rng: random.Random, built: _Built, anonymous: bool
) -> None:
    instrument_id = add_from_template(store, study_id, PARTNERSHIP_ASSESSMENT)
    built.add("questionnaires")
    instrument = _definition(store, instrument_id)
    roles = ("staff", "school", "public-sector team", "voluntary organisation")
    for person in _respondents(store, study_id, roles):
        organisation = person["organisation"]
        answers = partnership_answers(
            rng,
            instrument,
            organisation,
            SECTORS.get(organisation, "other"),
            ROLE_ANSWER.get(person["role"], "team_manager"),
            TENDENCIES.get(organisation, {}),
        )
        started = _moment(rng, date(2026, 3, 2), 80)
        _record(
            store,
            study_id,
            instrument_id,
            answers,
            rng,
            built,
            started_at=started,
            site_id=person["site_id"],
            participant_id=person["id"],
            mode="online",
        )
    if anonymous:
        # Postal returns with no participant: the organisation is only in the answers.
        sites = [s["id"] for s in store.repos.studies.sites(study_id)]
        for organisation in ("Durham Community Action", "Age UK County Durham"):
            answers = partnership_answers(
                rng, instrument, organisation, "voluntary", "frontline", TENDENCIES[organisation]
            )
            _record(
                store,
                study_id,
                instrument_id,
                answers,
                rng,
                built,
                started_at=_moment(rng, date(2026, 3, 16), 60),
                site_id=rng.choice(sites),
            )
    _targets(store, study_id, instrument_id, 6, built)


def _team(store: Store, study_id: str, rng: random.Random, built: _Built) -> None:
    instrument_id = add_from_template(store, study_id, TEAM_ASSESSMENT)
    built.add("questionnaires")
    instrument = _definition(store, instrument_id)
    professions = (
        "social_worker",
        "community_nurse",
        "occupational_therapist",
        "mental_health_nurse",
        "support_worker",
        "physiotherapist",
    )
    for person in _respondents(store, study_id, ("staff", "public-sector team")):
        sector = SECTORS.get(person["organisation"], "other")
        employer = sector if sector in ("nhs", "local_authority", "voluntary") else "other"
        profession = "social_worker" if employer == "local_authority" else rng.choice(professions)
        shift = {"nhs": 0.0, "local_authority": 0.3, "voluntary": -0.3}.get(employer, 0.0)
        tendencies = {k: v + shift for k, v in TEAM_TENDENCIES.items()}
        answers = team_answers(rng, instrument, profession, employer, tendencies)
        _record(
            store,
            study_id,
            instrument_id,
            answers,
            rng,
            built,
            started_at=_moment(rng, date(2026, 4, 6), 60),
            site_id=person["site_id"],
            participant_id=person["id"],
            mode="online",
        )
    _targets(store, study_id, instrument_id, 4, built)


SERVICES = {
    DURHAM: ("home_care", "community_nurse", "social_worker", "occupational_therapy"),
    CUMBRIA: ("memory_service", "mental_health_nurse", "day_centre", "social_worker"),
}
MEAN_WAIT = {DURHAM: 4.0, CUMBRIA: 7.0}
EXPERIENCE_TENDENCY = {DURHAM: 2.9, CUMBRIA: 2.6}


def _experience(
    store: Store, study_id: str, rng: random.Random, built: _Built, versions: int
) -> None:
    """Clients, carers and anonymous postal returns; with versions=2, half on version 2."""
    first_id = add_from_template(store, study_id, SERVICE_EXPERIENCE)
    built.add("questionnaires")
    ids = [first_id] + ([_second_version(store, study_id, first_id)] if versions == 2 else [])
    definitions = {instrument_id: _definition(store, instrument_id) for instrument_id in ids}
    study = store.repos.studies.get(study_id)["name"]
    sites = [s["id"] for s in store.repos.studies.sites(study_id)]
    people: list[tuple[dict[str, Any] | None, str]] = [
        (p, p["role"]) for p in _respondents(store, study_id, ("client", "carer"))
    ]
    people += [(None, rng.choice(("client", "carer", "helper"))) for _ in range(10)]
    for index, (person, respondent) in enumerate(people):
        instrument_id = ids[index % len(ids)]
        first_day = date(2026, 3, 9) if instrument_id == first_id else date(2026, 5, 4)
        answers = experience_answers(
            rng,
            definitions[instrument_id],
            respondent,
            SERVICES[study],
            MEAN_WAIT[study],
            EXPERIENCE_TENDENCY[study],
        )
        # A client who first ticked "carer": the carers' answer is kept, marked not relevant.
        hidden = {"carer_support": "partly"} if respondent == "client" and index % 4 == 1 else None
        _record(
            store,
            study_id,
            instrument_id,
            answers,
            rng,
            built,
            started_at=_moment(rng, first_day, 100 // len(ids)),
            site_id=person["site_id"] if person else rng.choice(sites),
            participant_id=person["id"] if person else None,
            mode=rng.choice(("face_to_face", "paper", "phone")),
            hidden=hidden,
        )
    _targets(store, study_id, first_id, 8, built)


def _second_version(store: Store, study_id: str, first_id: str) -> str:
    """Version 2: one more statement and one more service, as revised after a pilot."""
    first = store.repos.instruments.get(first_id)
    instrument = _definition(store, first_id)
    instrument.version = instrument.settings["version"] = "2"
    told_wait = statement("told_wait", "I was told how long I would have to wait.")
    told_wait.path = "experience/told_wait"
    instrument.find("experience").children.append(told_wait)
    instrument.choice_lists["services"].append(choice("phone_line", "Telephone support line"))
    return store.repos.instruments.add(
        study_id,
        "questionnaire",
        first["name"],
        instrument.to_dict(),
        form_id=first["form_id"],
        version="2",
        family_id=first["family_id"],
        change_summary="added a statement on waiting and a telephone support line",
    )


def _definition(store: Store, instrument_id: str) -> Instrument:
    return Instrument.from_dict(store.repos.instruments.definition(instrument_id))
