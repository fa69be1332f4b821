"""The database the reliability tests write to: a study as a fieldworker's laptop holds it.

One study with a site, a fieldworker, a consenting participant, a questionnaire (the target
of autosave and spreadsheet imports) and an interview (the target of notes and transcripts).
`World` is what a writer process needs to know about it, passed as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from instruments.model import Instrument

FORM_ID = "crash_form"
QUESTIONS = ("marker", "remark", "age")
IMPORT_ROWS = 12
TRANSCRIPT_TURNS = 10
GROUP_SIZE = 4


@dataclass(frozen=True)
class World:
    """Ids of the rows every writer uses."""

    db: str
    study: str
    site: str
    fieldworker: str
    participant: str
    form: str
    guide: str
    interview: str

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> World:
        return cls(**json.loads(text))


def questionnaire() -> dict[str, Any]:
    return Instrument.from_dict(
        {
            "kind": "questionnaire",
            "form_id": FORM_ID,
            "title": "Crash questionnaire",
            "questions": [
                {"name": "marker", "type": "text", "path": "marker", "labels": {"": "Marker"}},
                {"name": "remark", "type": "text", "path": "remark", "labels": {"": "Remark"}},
                {"name": "age", "type": "integer", "path": "age", "labels": {"": "Age"}},
            ],
        }
    ).to_dict()


def interview_guide() -> dict[str, Any]:
    return Instrument.from_dict(
        {
            "kind": "interview",
            "form_id": "crash_guide",
            "title": "Crash interview",
            "topics": [{"id": "access", "title": "Access", "question": "How did help start?"}],
        }
    ).to_dict()


def build_world(db: Path) -> World:
    """Create the database and its study; returns the ids writers need."""
    from storage import open_store

    with open_store(db, create=True) as store:
        repos = store.repos
        study = repos.studies.add("Durham crash study")
        site = repos.studies.add_site(study, "Stanley integrated team", "team")
        worker = repos.studies.add_fieldworker(study, "Aisha Rahman")
        person = repos.participants.add(study, "DUR-001", "client", site)
        repos.participants.record_consent(person, "given", "2026-02-01", "written", "AR")
        form = repos.instruments.add(study, "questionnaire", "Crash questionnaire", questionnaire())
        guide = repos.instruments.add(study, "interview", "Crash interview", interview_guide())
        interview = repos.sessions.start(study, guide, site, person, worker)
    return World(str(db), study, site, worker, person, form, guide, interview)


def import_csv(path: Path, marker: str, rows: int = IMPORT_ROWS) -> Path:
    """A responses file as typed from paper returns: every row carries `marker`."""
    lines = ["marker,remark,age"]
    lines += [f"{marker},Réponse {n} — 中文 ok,{20 + n}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def transcript_bytes(marker: str, turns: int = TRANSCRIPT_TURNS) -> bytes:
    """An interview transcript, `Name: words`; every turn carries `marker`."""
    speakers = ("Interviewer", "DUR-001")
    lines = [
        f"[00:{n // 60:02d}:{n % 60:02d}] {speakers[n % 2]}: {marker} turn {n}, "
        "we waited six weeks for the referral."
        for n in range(turns)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def seed_laptop(db: Path, device_id: str, marker: str) -> list[str]:
    """Another laptop's database (its own study), as a pack source; returns its session ids."""
    from storage import open_store
    from storage.device import Device

    with open_store(db, create=True, device=Device(device_id, f"Laptop {marker}")) as store:
        repos = store.repos
        with store.transaction():
            study = repos.studies.add(f"Laptop study {marker}")
            site = repos.studies.add_site(study, "Consett team")
            person = repos.participants.add(study, f"CON-{marker}", "carer", site)
            repos.participants.record_consent(person, "given", "2026-02-02", "verbal", "BT")
            form = repos.instruments.add(study, "questionnaire", "Laptop form", questionnaire())
            sessions = []
            for number in range(3):
                session = repos.sessions.start(study, form, site, person)
                for question in QUESTIONS[:2]:
                    repos.sessions.save_answer(session, question, f"{marker} {number}")
                sessions.append(session)
            guide = repos.instruments.add(study, "interview", "Laptop guide", interview_guide())
            interview = repos.sessions.start(study, guide, site, person)
            for number in range(3):
                repos.notes.add(interview, f"{marker} note {number}", kind="quote")
            sessions.append(interview)
    return sessions
