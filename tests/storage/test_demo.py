"""The demo builds a realistic study that passes the check."""

from __future__ import annotations

import pytest

from storage import ValidationError
from storage.check import check_database
from storage.demo import build_demo


def test_demo_has_three_programmes_and_enough_people(demo_store):
    repos = demo_store.repos
    names = {s["name"] for s in repos.studies.list()}
    assert {
        "Durham integrated teams",
        "Cumbria older people's mental health",
        "Northumberland children's services",
    } == names
    people = repos.participants.list()
    assert len(people) >= 30
    roles = {p["role"] for p in people}
    assert {"client", "carer", "staff", "school", "voluntary organisation"} <= roles
    assert "public-sector team" in roles
    consent = {p["consent_status"] for p in people}
    assert {"given", "withdrawn"} <= consent
    assert demo_store.scalar("SELECT count(*) FROM participant_identities") >= 3
    assert check_database(demo_store) == []


def test_demo_twice_is_refused_and_adds_nothing(demo_store):
    before = demo_store.scalar("SELECT count(*) FROM participants")
    with pytest.raises(ValidationError, match="already in this database"):
        build_demo(demo_store)
    assert demo_store.scalar("SELECT count(*) FROM participants") == before
