"""The demo's questionnaires, and questionnaires made from templates."""

from __future__ import annotations

import pytest

from instruments.model import Instrument
from instruments.templates import PARTNERSHIP_ASSESSMENT, TEMPLATES
from storage import ValidationError
from storage.check import check_database
from storage.partnership_profile import partnership_profile
from storage.progress import target_progress
from storage.summaries import SummaryFilter
from storage.summary_stats import summarise
from storage.template_instruments import add_from_template

STUDIES_WITH_PARTNERSHIP = ("Durham integrated teams", "Northumberland children's services")


def _instrument(store, study_name: str, name: str) -> dict:
    study = store.repos.studies.by_name(study_name)
    return next(i for i in store.repos.instruments.list(study["id"]) if i["name"] == name)


@pytest.mark.parametrize("study_name", STUDIES_WITH_PARTNERSHIP)
def test_partnership_assessment_answered_by_four_or_more_partners(demo_store, study_name):
    instrument = _instrument(demo_store, study_name, "Partnership assessment")
    profile = partnership_profile(demo_store, instrument["id"])
    assert len(profile.principles) == 6
    counted = {o.organisation for p in profile.principles for o in p.organisations if o.counted}
    assert len(counted) >= 4
    assert any(p.flagged for p in profile.principles)
    assert any(not p.flagged for p in profile.principles)


def test_demo_has_the_three_templates_and_a_second_version_in_use(demo_store):
    names = {i["name"] for i in demo_store.repos.instruments.list()}
    assert set(TEMPLATES) <= names
    rows = demo_store.rows(
        "SELECT i.family_id, i.version_number, count(s.id) AS sessions FROM instruments i "
        "JOIN sessions s ON s.instrument_id = i.id AND s.deleted = 0 "
        "GROUP BY i.id HAVING i.family_id IN (SELECT family_id FROM instruments "
        "WHERE version_number = 2)"
    )
    assert sorted(r["version_number"] for r in rows) == [1, 2]
    assert all(r["sessions"] > 0 for r in rows)


def test_demo_answers_hold_drafts_dont_knows_missing_and_hidden(demo_store):
    statuses = {r[0] for r in demo_store.conn.execute("SELECT DISTINCT status FROM sessions")}
    assert {"draft", "complete", "verified"} <= statuses
    assert demo_store.scalar("SELECT count(*) FROM answers WHERE value = '\"dont_know\"'") > 0
    assert demo_store.scalar("SELECT count(*) FROM answers WHERE relevant = 0") > 0
    instrument = _instrument(demo_store, "Durham integrated teams", "Partnership assessment")
    summary = summarise(demo_store, SummaryFilter(family_id=instrument["family_id"]))
    assert sum(q.overall.missing for q in summary.questions) > 0
    assert check_database(demo_store) == []


def test_demo_targets_leave_some_sites_to_chase(demo_store):
    study = demo_store.repos.studies.by_name("Durham integrated teams")
    rows = target_progress(demo_store, study["id"])
    assert any(r.behind for r in rows) and any(r.target and not r.behind for r in rows)


def test_a_template_becomes_an_ordinary_instrument_with_a_free_form_id(store):
    study = store.repos.studies.add("New study")
    first = add_from_template(store, study, PARTNERSHIP_ASSESSMENT)
    second = add_from_template(store, study, PARTNERSHIP_ASSESSMENT, "Partnership, round 2")
    rows = {r["id"]: r for r in store.repos.instruments.list(study)}
    assert rows[first]["form_id"] == "partnership_assessment"
    assert rows[second]["form_id"] == "partnership_assessment_2"
    assert rows[second]["name"] == "Partnership, round 2"
    assert rows[first]["family_id"] != rows[second]["family_id"]
    stored = Instrument.from_dict(store.repos.instruments.definition(second))
    assert stored.title == "Partnership, round 2"
    assert stored.settings["form_id"] == "partnership_assessment_2"


def test_unknown_template_or_empty_name_is_refused(store):
    study = store.repos.studies.add("New study")
    with pytest.raises(ValidationError, match="no template"):
        add_from_template(store, study, "Wellbeing survey")
    with pytest.raises(ValidationError, match="name"):
        add_from_template(store, study, PARTNERSHIP_ASSESSMENT, "   ")
