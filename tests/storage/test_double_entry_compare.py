"""Double entry: the pure comparison, and resolving picks into the first session."""

from __future__ import annotations

import pytest

from instruments.model import Choice, Instrument, Question
from storage.double_entry import (
    compare_answers,
    compare_sessions,
    is_second_entry,
    resolve,
    start_second_entry,
)
from storage.errors import ValidationError


def q(name, type_, path=None, **fields):
    return Question(name=name, type=type_, raw_type=type_, path=path or name, **fields)


@pytest.fixture
def instrument() -> Instrument:
    return Instrument(
        kind="questionnaire",
        form_id="paper",
        title="Paper form",
        questions=[
            q("start", "start"),
            q("age", "integer", labels={"": "Age"}),
            q("services", "select_multiple", list_name="services", labels={"": "Services"}),
            q("carer", "select_one", list_name="yn", labels={"": "Has a carer"}),
            q("carer_name", "text", relevant="${carer} = 'yes'"),
            q("double", "calculate", calculation="${age} * 2"),
            q("info", "note"),
            q(
                "member",
                "repeat",
                children=[q("mname", "text", "member/mname", labels={"": "Member name"})],
            ),
        ],
        choice_lists={
            "services": [Choice("home"), Choice("day"), Choice("respite")],
            "yn": [Choice("yes"), Choice("no")],
        },
    )


def test_planted_disagreements_are_found_in_form_order(instrument):
    first = {
        "start": "2026-03-01T10:00:00",
        "age": 44,
        "services": ["home", "day"],
        "carer": "no",
        "double": 88,
        "member": 2,
        "member[1]/mname": "Ann",
        "member[2]/mname": "Bob",
    }
    second = {
        "start": "2026-03-02T09:00:00",  # metadata: never compared
        "age": 45,  # planted
        "services": ["day", "home"],  # same choices, other order: agrees
        "carer": "no",
        "double": 90,  # calculations follow the keyed answers: not compared
        "member": 2,
        "member[1]/mname": "Ann",
        "member[2]/mname": "Rob",  # planted
    }
    compared, found = compare_answers(instrument, first, second)
    assert [(d.path, d.first, d.second) for d in found] == [
        ("age", 44, 45),
        ("member[2]/mname", "Bob", "Rob"),
    ]
    assert found[0].label == "Age"
    assert compared == 6


def test_blank_on_one_side_is_a_disagreement(instrument):
    _count, found = compare_answers(instrument, {"carer": "yes"}, {})
    assert [(d.path, d.first, d.second) for d in found] == [("carer", "yes", None)]


@pytest.fixture
def pair(store, instrument):
    """A completed first entry and a completed blind second entry with planted differences."""
    repos = store.repos
    study = repos.studies.add("Paper study")
    keyer = repos.studies.add_fieldworker(study, "First keyer")
    verifier = repos.studies.add_fieldworker(study, "Verifier")
    form = repos.instruments.add(study, "questionnaire", "Paper form", instrument.to_dict())
    first = repos.sessions.start(study, form, fieldworker_id=keyer, mode="paper")
    repos.sessions.commit_answers(
        first,
        {
            "age": (44, True),
            "double": (88, True),
            "carer": ("no", True),
            "carer_name": ("Old name", False),  # hidden: kept, not compared
            "member": (1, True),
            "member[1]/mname": ("Ann", True),
        },
    )
    repos.sessions.set_status(first, "complete")
    second = start_second_entry(store, first, verifier)
    repos.sessions.commit_answers(
        second,
        {
            "age": (45, True),
            "double": (90, True),
            "carer": ("yes", True),
            "carer_name": ("Jo", True),
            "member": (2, True),
            "member[1]/mname": ("Ann", True),
            "member[2]/mname": ("Bob", True),
        },
    )
    repos.sessions.set_status(second, "complete")
    return first, second


def test_second_entry_copies_the_frame(store, pair):
    first, second = pair
    row = store.repos.sessions.get(second)
    assert is_second_entry(row) and row["verifies_session_id"] == first
    assert row["instrument_id"] == store.repos.sessions.get(first)["instrument_id"]
    assert row["mode"] == "paper"
    with pytest.raises(ValidationError, match="itself a second entry"):
        start_second_entry(store, second, None)


def test_comparison_is_refused_until_the_second_entry_is_complete(store, pair):
    _first, second = pair
    store.repos.sessions.set_status(second, "draft")
    with pytest.raises(ValidationError, match="Finish the second entry"):
        compare_sessions(store, second)


def test_resolve_writes_picks_and_marks_verified(store, pair):
    first, second = pair
    comparison = compare_sessions(store, second)
    paths = [d.path for d in comparison.disagreements]
    assert paths == ["age", "carer", "carer_name", "member", "member[2]/mname"]
    with pytest.raises(ValidationError, match="still need a decision"):
        resolve(store, second, {"age": "second"})
    picks = {path: "second" for path in paths}
    picks["carer"] = "first"
    picks["carer_name"] = "first"
    resolve(store, second, picks)
    sessions = store.repos.sessions
    answers = sessions.answers(first)
    assert answers["age"] == 45 and answers["double"] == 90  # calculation recomputed
    assert answers["carer"] == "no"
    assert answers["member"] == 2 and answers["member[2]/mname"] == "Bob"
    assert sessions.relevance_flags(first)["carer_name"] is False
    assert sessions.get(first)["status"] == "verified"
    kept = sessions.get(second)
    assert kept["deleted"] == 0 and kept["status"] == "complete"  # the audit trail stays
    audited = store.scalar(
        "SELECT count(*) FROM audit WHERE table_name = 'answers' AND changes LIKE '%45%'"
    )
    assert audited >= 2  # the second entry's own write and the correction of the first
    with pytest.raises(ValidationError, match="already been verified"):
        start_second_entry(store, first, None)


def test_shrinking_a_roster_removes_its_answers(store, pair):
    first, second = pair
    store.repos.sessions.commit_answers(
        first, {"member": (2, True), "member[2]/mname": ("Extra", True)}
    )
    store.repos.sessions.commit_answers(second, {"member": (1, True)}, ["member[2]/mname"])
    comparison = compare_sessions(store, second)
    picks = {d.path: "second" for d in comparison.disagreements}
    resolve(store, second, picks)
    answers = store.repos.sessions.answers(first)
    assert answers["member"] == 1 and "member[2]/mname" not in answers
