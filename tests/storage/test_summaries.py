"""Summaries of a two-version questionnaire against counts worked out by hand.

The fixture (started dates, sites, who answered what):

    v1  S1 P1 staff  site A complete 03-02 colour=red  pets=cat,dog age=30 car=yes count=2
    v1  S2 P2 client site B complete 03-10 colour=blue pets=cat     age=50 car=no
    v1  S3 -         site A draft    03-20 colour=dont_know               car=yes
    v1  S4 P3 (consent withdrawn) B  03-25 colour=red               age=99 car=no
    v1  S5 -         site B complete 04-02 colour=red  pets=dog     age=40 car=no (count=1 hidden)
    v2  S6 -         site A complete 04-10 colour=yellow            age=20 car=no  height=1.8
    v2  S7 -         site A verified 04-12 colour=blue                     car=yes count=0

Version 2 drops `pets`, adds the colour yellow and the question `height`.
"""

from __future__ import annotations

import pytest

from instruments.templates.parts import (
    build_instrument,
    choice,
    decimal,
    integer,
    select_multiple,
    select_one,
)
from storage.summaries import SummaryFilter, count_sessions, iter_session_answers
from storage.summary_stats import NOT_ANSWERED, Breakdown, summarise


def _version(second: bool):
    questions = [
        select_one("colour", "colours", "Favourite colour"),
        select_multiple("pets", "pets", "Pets"),
        integer("age", "Age", 0, 120),
        select_one("has_car", "yes_no", "Has a car"),
        integer("car_count", "Cars", 0, 9, relevant="${has_car} = 'yes'"),
    ]
    colours = [choice("red", "Red"), choice("blue", "Blue"), choice("green", "Green")]
    if second:
        questions.pop(1)
        questions.append(decimal("height", "Height (m)", 0.5, 2.5))
        colours.append(choice("yellow", "Yellow"))
    colours.append(choice("dont_know", "Don't know"))
    lists = {
        "colours": colours,
        "pets": [choice("cat", "Cat"), choice("dog", "Dog"), choice("fish", "Fish")],
        "yes_no": [choice("yes", "Yes"), choice("no", "No")],
    }
    return build_instrument("survey", "Survey", questions, lists, version="2" if second else "1")


SESSIONS = [
    ("S1", 1, "P1", "A", "complete", "2026-03-02", {"colour": "red", "pets": ["cat", "dog"],
     "age": 30, "has_car": "yes", "car_count": 2}),
    ("S2", 1, "P2", "B", "complete", "2026-03-10", {"colour": "blue", "pets": ["cat"],
     "age": 50, "has_car": "no"}),
    ("S3", 1, None, "A", "draft", "2026-03-20", {"colour": "dont_know", "has_car": "yes"}),
    ("S4", 1, "P3", "B", "complete", "2026-03-25", {"colour": "red", "age": 99,
     "has_car": "no"}),
    ("S5", 1, None, "B", "complete", "2026-04-02", {"colour": "red", "pets": ["dog"],
     "age": 40, "has_car": "no"}),
    ("S6", 2, None, "A", "complete", "2026-04-10", {"colour": "yellow", "age": 20,
     "has_car": "no", "height": 1.8}),
    ("S7", 2, None, "A", "verified", "2026-04-12", {"colour": "blue", "has_car": "yes",
     "car_count": 0}),
]  # fmt: skip


@pytest.fixture
def survey(store):
    repos = store.repos
    study = repos.studies.add("Summaries study")
    other = repos.studies.add("Another study")
    sites = {name: repos.studies.add_site(study, f"Site {name}") for name in "AB"}
    people = {
        "P1": repos.participants.add(study, "P1", "staff", sites["A"], "Council"),
        "P2": repos.participants.add(study, "P2", "client", sites["B"]),
        "P3": repos.participants.add(study, "P3", "client", sites["B"]),
    }
    for code, person in people.items():
        status = "withdrawn" if code == "P3" else "given"
        repos.participants.record_consent(person, status, "2026-02-01")
    v1 = repos.instruments.add(study, "questionnaire", "Survey", _version(False).to_dict())
    family = repos.instruments.get(v1)["family_id"]
    v2 = repos.instruments.add(
        study, "questionnaire", "Survey", _version(True).to_dict(), family_id=family
    )
    ids = {}
    for name, version, person, site, status, day, answers in SESSIONS:
        session = repos.sessions.start(
            study,
            v1 if version == 1 else v2,
            site_id=sites[site],
            participant_id=people.get(person),
            started_at=f"{day}T10:00:00.000Z",
        )
        for path, value in answers.items():
            repos.sessions.save_answer(session, path, value)
        repos.sessions.update(session, status=status)
        ids[name] = session
    repos.sessions.save_answer(ids["S5"], "car_count", 1, relevant=False)
    # A session of another instrument and a deleted one are never counted.
    repos.sessions.start(other, repos.instruments.add(other, "questionnaire", "X", {}))
    deleted = repos.sessions.start(study, v1, site_id=sites["A"])
    repos.sessions.save_answer(deleted, "colour", "green")
    repos.sessions.delete(deleted)
    return {"study": study, "family": family, "sites": sites, "ids": ids, "v1": v1, "v2": v2}


def _summary(store, survey, breakdown=None, **options):
    summary_filter = SummaryFilter(study_id=survey["study"], family_id=survey["family"], **options)
    return summarise(store, summary_filter, breakdown)


def test_streamed_sessions_come_in_start_order_with_their_answers(store, survey):
    summary_filter = SummaryFilter(family_id=survey["family"])
    sessions = list(iter_session_answers(store, summary_filter))
    ids = survey["ids"]
    assert [s.session_id for s in sessions] == [
        ids[n] for n in ("S1", "S2", "S3", "S5", "S6", "S7")
    ]
    assert sessions[0].answers["pets"] == (["cat", "dog"], True)
    assert sessions[0].role == "staff" and sessions[0].site_name == "Site A"
    assert sessions[3].answers["car_count"] == (1, False)
    assert count_sessions(store, summary_filter) == 6


def test_select_one_frequencies_across_versions(store, survey):
    colour = _summary(store, survey).question("colour")
    table = colour.overall
    assert [row.name for row in table.rows] == ["red", "blue", "green", "yellow"]
    assert [row.count for row in table.rows] == [2, 2, 0, 1]
    assert (table.answered, table.dont_know, table.missing) == (5, 1, 0)
    assert table.rows[0].percent_of_answered == pytest.approx(40.0)
    assert table.rows[0].percent_of_all == pytest.approx(100 * 2 / 6)


def test_select_multiple_counts_only_sessions_whose_version_asks_it(store, survey):
    pets = _summary(store, survey).question("pets").overall
    assert (pets.answered, pets.dont_know, pets.missing, pets.total) == (3, 0, 1, 4)
    assert [row.count for row in pets.rows] == [2, 2, 0]
    assert pets.rows[0].percent_of_answered == pytest.approx(200 / 3)


def test_number_statistics_by_hand(store, survey):
    age = _summary(store, survey).question("age").overall
    assert (age.n, age.missing) == (4, 2)
    assert (age.mean, age.median, age.minimum, age.maximum) == (35, 35, 20, 50)
    height = _summary(store, survey).question("height").overall
    assert (height.n, height.missing, height.mean) == (1, 1, 1.8)


def test_non_relevant_answers_are_left_out_stored_or_judged(store, survey):
    cars = _summary(store, survey).question("car_count")
    # S1 = 2 and S7 = 0 count; S3 is missing (has a car, no count); S2 and S6 have no car;
    # S5's count was kept but marked not relevant.
    assert (cars.overall.n, cars.overall.mean, cars.overall.missing) == (2, 1, 1)
    assert cars.not_relevant == 3


def test_withdrawn_participants_are_left_out_unless_asked_for(store, survey):
    assert _summary(store, survey).sessions == 6
    everyone = _summary(store, survey, include_withdrawn=True)
    assert everyone.sessions == 7
    assert everyone.question("colour").overall.count_of("red") == 3
    assert everyone.question("age").overall.maximum == 99


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"statuses": ("complete",)}, ["S1", "S2", "S5", "S6"]),
        ({"statuses": ("complete", "verified")}, ["S1", "S2", "S5", "S6", "S7"]),
        ({"date_from": "2026-03-05", "date_to": "2026-03-31"}, ["S2", "S3"]),
        ({"date_from": "2026-04-10"}, ["S6", "S7"]),
    ],
)
def test_filters_choose_sessions(store, survey, options, expected):
    sessions = list(
        iter_session_answers(store, SummaryFilter(family_id=survey["family"], **options))
    )
    assert [s.session_id for s in sessions] == [survey["ids"][name] for name in expected]


def test_site_filter(store, survey):
    summary = _summary(store, survey, site_ids=(survey["sites"]["B"],))
    assert summary.sessions == 2
    assert summary.question("colour").overall.count_of("blue") == 1


def test_breakdown_by_site(store, survey):
    summary = _summary(store, survey, Breakdown.site())
    assert summary.groups == ["Site A", "Site B"]
    assert summary.group_sizes == {"Site A": 4, "Site B": 2}
    colour = summary.question("colour").by_group
    assert [r.count for r in colour["Site A"].rows] == [1, 1, 0, 1]
    assert colour["Site A"].dont_know == 1
    assert [r.count for r in colour["Site B"].rows] == [1, 1, 0, 0]


def test_breakdown_by_role_puts_anonymous_sessions_last(store, survey):
    summary = _summary(store, survey, Breakdown.role())
    assert summary.groups == ["client", "staff", "No participant role"]
    assert summary.group_sizes["No participant role"] == 4
    assert summary.question("age").by_group["staff"].mean == 30


def test_breakdown_by_a_select_question(store, survey):
    summary = _summary(store, survey, Breakdown.question("has_car"))
    assert summary.groups == ["Yes", "No"]
    age = summary.question("age").by_group
    assert (age["Yes"].n, age["Yes"].missing, age["Yes"].mean) == (1, 2, 30)
    assert age["No"].n == 3 and age["No"].mean == pytest.approx(110 / 3)


def test_breakdown_by_a_select_question_with_unanswered_sessions(store, survey):
    summary = _summary(store, survey, Breakdown.question("pets"))
    # select_multiple: a session falls in each group it chose; v2 sessions never answered it.
    assert summary.groups == ["Cat", "Dog", NOT_ANSWERED]
    assert summary.group_sizes == {"Cat": 2, "Dog": 2, NOT_ANSWERED: 3}


def test_breakdown_by_a_question_that_is_not_a_select_is_refused(store, survey):
    with pytest.raises(ValueError, match="not a select"):
        _summary(store, survey, Breakdown.question("age"))


def test_summary_lists_questions_newest_version_first(store, survey):
    summary = _summary(store, survey)
    paths = [q.question.path for q in summary.questions]
    assert paths == ["colour", "age", "has_car", "car_count", "height", "pets"]
    assert summary.name == "Survey" and len(summary.versions) == 2
