"""The partnership profile on a fixture whose spreads are known by hand.

Scores: strongly agree 4, agree 3, disagree 2, strongly disagree 1, don't know unscored.

    respondent  organisation        alpha(a1,a2)  beta(b1,b2)  gamma(g1)  delta(d1)
    R1          X Council            4, 4          3, 3         1          4
    R2          X Council            4, 3          3, dk        1          4
    R3          Y Health             2, 2          3, 2         1          3
    R4          Y Health             1, 2          3, 3         2          3
    R5 (anon.)  "Zed Trust" (typed)  1, 1          4, 4         -          -

    alpha: X = (4 + 3.5) / 2 = 3.75, Y = (2 + 1.5) / 2 = 1.75  -> range 2.0, SD 1.0: flagged
    beta:  X = 3, Y = (2.5 + 3) / 2 = 2.75                       -> range 0.25: not flagged
    gamma: X = 1, Y = 1.5 (low for everyone)                     -> range 0.5: not flagged
    delta: X = 4, Y = 3                                          -> range 1.0: flagged (threshold)

Zed Trust has one respondent: shown, but left out of the spread.
"""

from __future__ import annotations

import pytest

from instruments.templates.parts import agreement_scale, build_instrument, group, statement, text
from storage.partnership_profile import (
    MIN_RESPONDENTS,
    NOT_STATED,
    SPREAD_THRESHOLD,
    partnership_profile,
)
from storage.summaries import SummaryFilter

S = {4: "strongly_agree", 3: "agree", 2: "disagree", 1: "strongly_disagree", 0: "dont_know"}
ANSWERS = {
    "R1": ("X Council", {"a1": 4, "a2": 4, "b1": 3, "b2": 3, "g1": 1, "d1": 4}),
    "R2": ("X Council", {"a1": 4, "a2": 3, "b1": 3, "b2": 0, "g1": 1, "d1": 4}),
    "R3": ("Y Health", {"a1": 2, "a2": 2, "b1": 3, "b2": 2, "g1": 1, "d1": 3}),
    "R4": ("Y Health", {"a1": 1, "a2": 2, "b1": 3, "b2": 3, "g1": 2, "d1": 3}),
    "R5": (None, {"a1": 1, "a2": 1, "b1": 4, "b2": 4}),
}
GROUPS = {"alpha": ("a1", "a2"), "beta": ("b1", "b2"), "gamma": ("g1",), "delta": ("d1",)}


def _assessment():
    questions = [text("organisation", "Organisation")]
    for name, items in GROUPS.items():
        questions.append(group(name, name.title(), [statement(i, i) for i in items]))
    return build_instrument("pa", "Profile fixture", questions, {"agreement": agreement_scale()})


@pytest.fixture
def assessment(store):
    repos = store.repos
    study = repos.studies.add("Partnership")
    instrument = repos.instruments.add(study, "questionnaire", "PA", _assessment().to_dict())
    for code, (organisation, scores) in ANSWERS.items():
        person = None
        if organisation:
            person = repos.participants.add(study, code, "staff", organisation=organisation)
            repos.participants.record_consent(person, "given", "2026-01-10")
        session = repos.sessions.start(study, instrument, participant_id=person)
        # The register's organisation wins over what a respondent typed.
        repos.sessions.save_answer(session, "organisation", "Zed Trust" if code == "R5" else "?")
        for item, score in scores.items():
            group_name = next(g for g, items in GROUPS.items() if item in items)
            repos.sessions.save_answer(session, f"{group_name}/{item}", S[score])
        repos.sessions.update(session, status="complete")
    return instrument


def test_threshold_and_minimum_are_as_documented():
    assert SPREAD_THRESHOLD == 1.0 and MIN_RESPONDENTS == 2


def test_organisations_come_from_the_register_then_the_answer(store, assessment):
    profile = partnership_profile(store, assessment)
    assert profile.organisations == ["X Council", "Y Health", "Zed Trust"]
    assert profile.respondents == {"X Council": 2, "Y Health": 2, "Zed Trust": 1}


def test_organisation_means_and_spread_by_hand(store, assessment):
    profile = partnership_profile(store, assessment)
    alpha = profile.principles[0]
    assert alpha.label == "Alpha"
    assert alpha.score_of("X Council").mean == pytest.approx(3.75)
    assert alpha.score_of("Y Health").mean == pytest.approx(1.75)
    assert alpha.spread.range == pytest.approx(2.0) and alpha.spread.sd == pytest.approx(1.0)
    beta = profile.principles[1]
    assert beta.score_of("Y Health").mean == pytest.approx(2.75)
    assert beta.spread.range == pytest.approx(0.25)


def test_flag_marks_disagreement_not_low_scores(store, assessment):
    profile = partnership_profile(store, assessment)
    flags = {p.label: p.flagged for p in profile.principles}
    assert flags == {"Alpha": True, "Beta": False, "Gamma": False, "Delta": True}
    gamma = profile.principles[2]
    assert gamma.mean == pytest.approx(1.25)  # lowest of all, yet partners agree
    assert [p.label for p in profile.flagged()] == ["Alpha", "Delta"]
    assert [p.label for p in profile.ranked()] == ["Alpha", "Delta", "Gamma", "Beta"]


def test_single_respondent_organisation_is_shown_but_not_in_the_spread(store, assessment):
    alpha = partnership_profile(store, assessment).principles[0]
    zed = alpha.score_of("Zed Trust")
    assert zed.mean == 1.0 and zed.respondents == 1 and not zed.counted
    assert alpha.spread.range == pytest.approx(2.0)  # would be 2.75 with Zed Trust


def test_distribution_counts_dont_know_apart_and_missing(store, assessment):
    profile = partnership_profile(store, assessment)
    beta = profile.principles[1]
    assert beta.score_of("X Council").counts == {"agree": 3, "dont_know": 1}
    assert beta.total_counts() == {"agree": 6, "dont_know": 1, "disagree": 1, "strongly_agree": 2}
    gamma = profile.principles[2]
    assert gamma.score_of("Zed Trust").missing == 1
    assert gamma.score_of("Zed Trust").respondents == 0
    assert [c.name for c in profile.scale] == [
        "strongly_agree",
        "agree",
        "disagree",
        "strongly_disagree",
        "dont_know",
    ]
    assert profile.scale[-1].is_dont_know


def test_filters_apply_and_empty_profiles_are_empty(store, assessment):
    profile = partnership_profile(
        store, assessment, SummaryFilter(statuses=("draft",), family_id="ignored")
    )
    assert profile.respondents == {}
    assert all(p.spread is None and not p.flagged for p in profile.principles)


def test_anonymous_response_without_organisation_is_not_stated(store, assessment):
    study = store.repos.instruments.get(assessment)["study_id"]
    session = store.repos.sessions.start(study, assessment)
    store.repos.sessions.save_answer(session, "alpha/a1", "agree")
    profile = partnership_profile(store, assessment)
    assert profile.organisations[-1] == NOT_STATED
    assert not profile.principles[0].score_of(NOT_STATED).counted
