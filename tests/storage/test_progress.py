"""Targets and fieldwork progress: returned and complete against targets, counts over time."""

from __future__ import annotations

import sqlite3

import pytest

from storage import ValidationError
from storage.progress import session_counts, sessions_over_time, target_progress
from storage.repositories.targets import target_id
from storage.schema import USER_TABLES


@pytest.fixture
def fieldwork(store):
    repos = store.repos
    study = repos.studies.add("Schools survey")
    hexham = repos.studies.add_site(study, "Hexham")
    blyth = repos.studies.add_site(study, "Blyth")
    alnwick = repos.studies.add_site(study, "Alnwick")
    ann = repos.studies.add_fieldworker(study, "Ann")
    bob = repos.studies.add_fieldworker(study, "Bob")
    survey = repos.instruments.add(study, "questionnaire", "Schools survey", {})
    family = repos.instruments.get(survey)["family_id"]
    survey_v2 = repos.instruments.add(
        study, "questionnaire", "Schools survey v2", {}, family_id=family
    )
    guide = repos.instruments.add(study, "interview", "Head teacher interview", {})
    person = repos.participants.add(study, "H1", "school", blyth)
    plan = [
        (survey, hexham, None, ann, "complete", "2026-03-02"),
        (survey, hexham, None, ann, "verified", "2026-03-04"),
        (survey_v2, hexham, None, bob, "draft", "2026-03-17"),
        (survey, None, person, bob, "complete", "2026-03-10"),  # site from the participant
        (guide, alnwick, None, ann, "complete", "2026-04-01"),
    ]
    for instrument, site, participant, worker, status, day in plan:
        session = repos.sessions.start(
            study,
            instrument,
            site_id=site,
            participant_id=participant,
            fieldworker_id=worker,
            started_at=f"{day}T09:30:00.000Z",
        )
        repos.sessions.update(session, status=status)
    gone = repos.sessions.start(study, survey, site_id=hexham, started_at="2026-03-03T09:00:00Z")
    repos.sessions.delete(gone)
    repos.targets.set(study, hexham, family, 5)
    repos.targets.set(study, blyth, family, 1, notes="one per school")
    repos.targets.set(study, alnwick, family, 4)
    return {"study": study, "family": family, "sites": (hexham, blyth, alnwick)}


def test_targets_is_a_user_table_of_the_schema(store):
    assert "targets" in USER_TABLES
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(targets)")}
    assert {"id", "updated_at", "device_id", "deleted", "study_id", "site_id"} <= columns
    assert {"family_id", "target", "notes"} <= columns


def test_setting_a_target_again_replaces_it_and_is_audited(store, fieldwork):
    hexham = fieldwork["sites"][0]
    first = store.repos.targets.set(fieldwork["study"], hexham, fieldwork["family"], 7)
    assert first == target_id(hexham, fieldwork["family"])
    assert store.repos.targets.get(hexham, fieldwork["family"])["target"] == 7
    assert store.scalar("SELECT count(*) FROM targets WHERE site_id = ?", (hexham,)) == 1
    assert store.scalar("SELECT count(*) FROM audit WHERE table_name = 'targets'") == 4


def test_a_deleted_target_can_be_set_again(store, fieldwork):
    hexham = fieldwork["sites"][0]
    assert store.repos.targets.delete(hexham, fieldwork["family"])
    assert store.repos.targets.get(hexham, fieldwork["family"]) is None
    store.repos.targets.set(fieldwork["study"], hexham, fieldwork["family"], 2)
    assert store.repos.targets.get(hexham, fieldwork["family"])["target"] == 2


@pytest.mark.parametrize("bad", [-1, 2.5, True, "3"])
def test_targets_must_be_whole_numbers(store, fieldwork, bad):
    with pytest.raises(ValidationError, match="whole number"):
        store.repos.targets.set(fieldwork["study"], fieldwork["sites"][0], fieldwork["family"], bad)


def test_targets_must_stay_in_their_study(store, fieldwork):
    other = store.repos.studies.add("Other")
    with pytest.raises(ValidationError, match="same study"):
        store.repos.targets.set(other, fieldwork["sites"][0], fieldwork["family"], 1)


def test_one_live_target_per_site_and_instrument(store, fieldwork):
    hexham = fieldwork["sites"][0]
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO targets(id, created_at, updated_at, device_id, study_id, site_id, "
            "family_id, target) VALUES ('x', '', '', 'd', ?, ?, ?, 1)",
            (fieldwork["study"], hexham, fieldwork["family"]),
        )


def test_progress_against_targets_furthest_behind_first(store, fieldwork):
    rows = target_progress(store, fieldwork["study"])
    summary = [
        (r.site_name, r.instrument_name, r.target, r.returned, r.complete, r.still_to_come)
        for r in rows
    ]
    assert summary == [
        ("Alnwick", "Schools survey v2", 4, 0, 0, 4),
        ("Hexham", "Schools survey v2", 5, 3, 2, 3),
        ("Blyth", "Schools survey v2", 1, 1, 1, 0),
        ("Alnwick", "Head teacher interview", None, 1, 1, None),
    ]
    hexham = rows[1]
    assert hexham.drafts == 1 and hexham.percent_complete == pytest.approx(40.0)
    assert hexham.behind and not rows[2].behind and not rows[3].behind
    assert rows[2].notes == "one per school"


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("site", [("Alnwick", 0, 1, 0), ("Blyth", 0, 1, 0), ("Hexham", 1, 1, 1)]),
        ("instrument", [("Head teacher interview", 0, 1, 0), ("Schools survey v2", 1, 2, 1)]),
        ("status", [("complete", 0, 3, 0), ("draft", 1, 0, 0), ("verified", 0, 0, 1)]),
        ("fieldworker", [("Ann", 0, 2, 1), ("Bob", 1, 1, 0)]),
    ],
)
def test_session_counts_by_status(store, fieldwork, by, expected):
    counts = session_counts(store, fieldwork["study"], by)
    assert [(c.group, c.draft, c.complete, c.verified) for c in counts] == expected


def test_sessions_per_week_fill_empty_weeks(store, fieldwork):
    timeline = sessions_over_time(store, fieldwork["study"], "site")
    assert timeline.periods == [
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
    ]
    assert timeline.series == {
        "Alnwick": [0, 0, 0, 0, 1],
        "Blyth": [0, 1, 0, 0, 0],
        "Hexham": [2, 0, 1, 0, 0],
    }
    assert timeline.cumulative()["Hexham"] == [2, 2, 3, 3, 3]


def test_sessions_per_month(store, fieldwork):
    timeline = sessions_over_time(store, fieldwork["study"], "fieldworker", period="month")
    assert timeline.periods == ["2026-03-01", "2026-04-01"]
    assert timeline.series == {"Ann": [2, 1], "Bob": [2, 0]}


def test_unknown_grouping_or_period_is_refused(store, fieldwork):
    with pytest.raises(ValueError):
        session_counts(store, fieldwork["study"], "colour")
    with pytest.raises(ValueError):
        sessions_over_time(store, fieldwork["study"], "site", period="fortnight")


def test_empty_study_has_no_progress(store):
    study = store.repos.studies.add("Empty")
    assert target_progress(store, study) == []
    assert sessions_over_time(store, study, "site").periods == []
