"""Export and import test data: a study with every question type, two versions, repeats,
a withdrawn participant, an identifying question, injection strings and a long text.

`build_frame` makes the study, people and instruments; `add_sessions` the responses. A
second database with the same frame (and no sessions) is the target of round trips.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from instruments.model import Instrument

LONG_TEXT = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 600)[:33_000]
INJECTIONS = (
    "=1+1",
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-x",
    "@SUM(A1:A2)",
    "#N/A",
)
# Planted personal data: none of it may appear in a de-identified export.
IDENTITY_NAME = "Zelda Identityname"
IDENTITY_CONTACT = "zelda.identity@example.org"
IDENTIFYING_ANSWER = "Yolanda Questionname"
WITHDRAWN_NAME = "Wilma Withdrawnname"
WITHDRAWN_TEXT = "Withdrawn secret remark"
WITHDRAWN_NOTE = "Withdrawn interview words"
PLANTED = (
    IDENTITY_NAME,
    IDENTITY_CONTACT,
    IDENTIFYING_ANSWER,
    WITHDRAWN_NAME,
    WITHDRAWN_TEXT,
    WITHDRAWN_NOTE,
)


def _q(name: str, type_: str, path: str, label: str, **more) -> dict:
    return {"name": name, "type": type_, "path": path, "labels": {"": label}, **more}


def survey_definition(version: int) -> dict:
    """The wellbeing questionnaire, version 1 or 2 (2 drops old_question, adds new_question
    and a choice 'great')."""
    household = _q(
        "household",
        "repeat",
        "household",
        "Household members",
        children=[
            _q("member_name", "text", "household/member_name", "Member's name"),
            _q("member_age", "integer", "household/member_age", "Member's age"),
            _q(
                "visits",
                "repeat",
                "household/visits",
                "Visits",
                children=[_q("visit_reason", "text", "household/visits/visit_reason", "Why")],
            ),
        ],
    )
    questions = [
        _q("full_name", "text", "full_name", "Your full name", identifying=True),
        _q("age", "integer", "age", "Your age", constraint=". >= 0", required="yes"),
        _q("height", "decimal", "height", "Height (m)"),
        _q("visit_date", "date", "visit_date", "Date of visit"),
        _q("wake_time", "time", "wake_time", "Usual waking time"),
        _q("seen_at", "dateTime", "seen_at", "Seen at"),
        _q("mood", "select_one", "mood", "Your mood", list_name="moods"),
        _q("supports", "select_multiple", "supports", "Who supports you", list_name="supports"),
        _q("intro", "note", "intro", "Thank you"),
        _q(
            "home",
            "group",
            "home",
            "Home",
            children=[
                _q("rooms", "integer", "home/rooms", "Rooms"),
                _q("pets", "text", "home/pets", "Pets", relevant="${rooms} > 0"),
            ],
        ),
        _q("age_months", "calculate", "age_months", "", calculation="${age} * 12"),
        _q("comments", "text", "comments", "Any comments"),
    ]
    if version == 1:
        questions.append(_q("old_question", "text", "old_question", "Old question"))
    else:
        questions.append(_q("new_question", "text", "new_question", "New question"))
    questions.append(household)
    moods = [
        {"name": "good", "labels": {"": "Good"}},
        {"name": "ok", "labels": {"": "Okay"}},
        {"name": "poor", "labels": {"": "Poor"}},
    ]
    if version == 2:
        moods.append({"name": "great", "labels": {"": "Great"}})
    supports = [
        {"name": name, "labels": {"": name.title()}}
        for name in ("family", "friends", "services", "nobody")
    ]
    definition = Instrument.from_dict(
        {
            "kind": "questionnaire",
            "form_id": "wellbeing",
            "title": "Wellbeing survey",
            "version": f"v{version}",
            "questions": questions,
            "choice_lists": {"moods": moods, "supports": supports},
        }
    )
    return definition.to_dict()


def interview_definition() -> dict:
    return Instrument.from_dict(
        {
            "kind": "interview",
            "form_id": "staff_interview",
            "title": "Staff interview",
            "topics": [
                {"id": "role", "title": "Your role", "question": "Tell me about your role."},
                {"id": "change", "title": "Changes", "question": "What has changed?"},
            ],
        }
    ).to_dict()


def group_definition() -> dict:
    return Instrument.from_dict(
        {
            "kind": "focus_group",
            "form_id": "carers_group",
            "title": "Carers group",
            "topics": [{"id": "help", "title": "Getting help", "question": "How did help start?"}],
        }
    ).to_dict()


@dataclass
class Frame:
    study: str
    sites: dict[str, str]
    fieldworkers: dict[str, str]
    participants: dict[str, str]
    survey_v1: str
    survey_v2: str
    interview: str
    group: str
    sessions: dict[str, str] = field(default_factory=dict)


def build_frame(store) -> Frame:
    """The study and everything sessions hang on (the same names in every database)."""
    with store.transaction():
        return _build_frame(store)


def _build_frame(store) -> Frame:
    repos = store.repos
    study = repos.studies.add("Wellbeing study")
    sites = {name: repos.studies.add_site(study, name) for name in ("North ward", "South ward")}
    workers = {name: repos.studies.add_fieldworker(study, name) for name in ("Ann", "Bob")}
    people = {}
    for code, role in (("P01", "client"), ("P02", "carer"), ("P03", "client"), ("P04", "staff")):
        people[code] = repos.participants.add(study, code, role, sites["North ward"], "Org")
        repos.participants.record_consent(people[code], "given", "2026-02-01", "form", "Ann")
    repos.participants.set_identity(people["P01"], IDENTITY_NAME, IDENTITY_CONTACT)
    repos.participants.set_identity(people["P03"], WITHDRAWN_NAME, "07700 900 333")
    v1 = repos.instruments.add(
        study, "questionnaire", "Wellbeing survey", survey_definition(1), "wellbeing", "v1"
    )
    v2 = repos.instruments.add(
        study,
        "questionnaire",
        "Wellbeing survey",
        survey_definition(2),
        "wellbeing",
        "v2",
        family_id=v1,
    )
    interview = repos.instruments.add(
        study, "interview", "Staff interview", interview_definition(), "staff_interview"
    )
    group = repos.instruments.add(
        study, "focus_group", "Carers group", group_definition(), "carers_group"
    )
    return Frame(study, sites, workers, people, v1, v2, interview, group)


def add_sessions(store, frame: Frame) -> Frame:
    """Responses, interview notes and a focus group; P03 withdraws consent at the end."""
    with store.transaction():
        return _add_sessions(store, frame)


def _add_sessions(store, frame: Frame) -> Frame:
    repos = store.repos
    sessions = repos.sessions
    site, worker, people = frame.sites, frame.fieldworkers, frame.participants

    def start(key, instrument, participant, when, site_name="North ward"):
        session_id = sessions.start(
            frame.study,
            instrument,
            site[site_name],
            people.get(participant),
            worker["Ann"],
            started_at=when,
        )
        frame.sessions[key] = session_id
        return session_id

    s1 = start("s1", frame.survey_v1, "P01", "2026-03-01T09:00:00.000Z")
    for path, value in {
        "full_name": IDENTIFYING_ANSWER,
        "age": 42,
        "height": 1.72,
        "visit_date": "2026-03-01",
        "wake_time": "07:30:00",
        "seen_at": "2026-03-01T09:15:00",
        "mood": "good",
        "supports": ["family", "services"],
        "home/rooms": 3,
        "home/pets": "a cat",
        "age_months": 504,
        "comments": "Fine, thanks. Tab\there, line\nbreak, ctrl\x0bchar, _x0041_ literal",
        "old_question": "only in version 1",
        "household[1]/member_name": "Member one",
        "household[1]/member_age": 40,
        "household[1]/visits[1]/visit_reason": "checkup",
        "household[1]/visits[2]/visit_reason": "follow-up",
        "household[2]/member_name": "Member two",
        "household[2]/member_age": 12,
        # entry counts a repeat's entries as an answer at its own path (a third, empty one)
        "household": 3,
        "household[1]/visits": 2,
    }.items():
        sessions.save_answer(s1, path, value)
    sessions.set_status(s1, "complete")
    sessions.update(s1, ended_at="2026-03-01T09:40:00.000Z")

    s2 = start("s2", frame.survey_v2, "P02", "2026-03-02T10:00:00.000Z", "South ward")
    for path, value in {
        "age": 67,
        "mood": "great",
        "supports": [],
        "home/rooms": 0,
        "comments": INJECTIONS[0],
        "new_question": INJECTIONS[1],
        "household[1]/member_name": INJECTIONS[2],
        "household[2]/member_name": INJECTIONS[3],
        "household[3]/member_name": INJECTIONS[4],
        "household[4]/member_name": INJECTIONS[5],
        "household": 4,
    }.items():
        sessions.save_answer(s2, path, value)
    sessions.save_answer(s2, "home/pets", "hidden pet", relevant=False)

    s3 = start("s3", frame.survey_v2, "P03", "2026-03-03T10:00:00.000Z")
    sessions.save_answer(s3, "full_name", WITHDRAWN_NAME)
    sessions.save_answer(s3, "comments", WITHDRAWN_TEXT)
    sessions.save_answer(s3, "age", 80)

    s4 = start("s4", frame.survey_v2, None, "2026-03-04T10:00:00.000Z")
    sessions.save_answer(s4, "comments", LONG_TEXT)
    sessions.save_answer(s4, "height", 1.5)

    interview = start("i1", frame.interview, "P02", "2026-04-01T10:00:00.000Z")
    repos.notes.add(interview, "I coordinate the team.", topic="role")
    repos.notes.add(interview, INJECTIONS[0], kind="quote", topic="change")
    withdrawn_interview = start("i2", frame.interview, "P03", "2026-04-02T10:00:00.000Z")
    repos.notes.add(withdrawn_interview, WITHDRAWN_NOTE, topic="role")

    group = start("g1", frame.group, None, "2026-05-01T10:00:00.000Z")
    sessions.add_member(group, "F1", None, role="facilitator")
    sessions.add_member(group, "C1", people["P01"])
    repos.notes.add(group, "Welcome, everyone.", topic="help", speaker_label="F1", elapsed_ms=5000)
    repos.notes.add(
        group, "The GP sent us.", "quote", "help", people["P01"], "C1", elapsed_ms=3_725_000
    )
    repos.participants.record_consent(people["P03"], "withdrawn", "2026-06-01", "phone", "Ann")
    return frame


def workbook_xml(path: Path) -> dict[str, str]:
    """Every XML part of an .xlsx, by name (for checks no reader can soften)."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def sheet_rows(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows as openpyxl reads them back (padded to one width), by sheet name."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    found = {}
    try:
        for worksheet in workbook.worksheets:
            rows = list(worksheet.iter_rows(values_only=True))
            width = max((len(row) for row in rows), default=0)
            found[worksheet.title] = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    finally:
        workbook.close()
    return found


def has_formula(xml: str) -> bool:
    return re.search(r"<(\w+:)?f[ >/]", xml) is not None
