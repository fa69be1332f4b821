"""The live form rules: relevance, calculations, choice filters, repeats, validation."""

from __future__ import annotations

import pytest

from instruments.answers import AnswerError
from instruments.form_engine import FormState
from instruments.model import Choice, Instrument, Question


def q(name, type_, path=None, **fields):
    return Question(name=name, type=type_, raw_type=type_, path=path or name, **fields)


@pytest.fixture
def household() -> Instrument:
    """A small form with every rule the engine applies."""
    members = q(
        "member",
        "repeat",
        "member",
        children=[
            q("mname", "text", "member/mname", required="yes"),
            q(
                "mage",
                "integer",
                "member/mage",
                constraint=". >= 0 and . < 120",
                constraint_messages={"": "Age must be 0 to 119."},
            ),
            q("is_adult", "calculate", "member/is_adult", calculation="if(${mage} >= 18, 1, 0)"),
        ],
    )
    return Instrument(
        kind="questionnaire",
        form_id="household",
        title="Household",
        questions=[
            q("role", "select_one", list_name="roles", required="yes"),
            q("role_other", "text", relevant="selected(${role}, 'other')"),
            q("services", "select_multiple", list_name="services"),
            q(
                "service_detail",
                "group",
                relevant="count-selected(${services}) > 0",
                children=[q("satisfaction", "integer", "service_detail/satisfaction")],
            ),
            q("region", "select_one", list_name="regions"),
            q("town", "select_one", list_name="towns", choice_filter="region = ${region}"),
            members,
            q("adults", "calculate", calculation="sum(${is_adult})"),
            q("visits", "integer"),
            q(
                "visit",
                "repeat",
                repeat_count="${visits}",
                children=[
                    q("when", "date", "visit/when"),
                ],
            ),
        ],
        choice_lists={
            "roles": [Choice("client"), Choice("carer"), Choice("other")],
            "services": [Choice("home_care"), Choice("day_centre"), Choice("respite")],
            "regions": [Choice("durham"), Choice("cumbria")],
            "towns": [
                Choice("stanley", extra={"region": "durham"}),
                Choice("consett", extra={"region": "durham"}),
                Choice("kendal", extra={"region": "cumbria"}),
            ],
        },
    )


def test_relevance_follows_answers(household):
    state = FormState(household)
    assert not state.is_relevant("role_other")
    _, changes = state.set_answer("role", "other")
    assert changes.relevance == {"role_other": True}
    assert state.is_relevant("role_other")


def test_group_relevance_hides_children(household):
    state = FormState(household)
    assert not state.is_relevant("service_detail/satisfaction")
    state.set_answer("services", "home_care respite")
    assert state.answers["services"] == ["home_care", "respite"]
    assert state.is_relevant("service_detail/satisfaction")


def test_hidden_answers_are_kept(household):
    state = FormState(household)
    state.set_answer("role", "other")
    state.set_answer("role_other", "neighbour")
    _, changes = state.set_answer("role", "client")
    assert changes.relevance == {"role_other": False}
    assert state.answers["role_other"] == "neighbour"


def test_choice_filter_narrows_choices(household):
    state = FormState(household)
    town = state.item("town")
    state.set_answer("region", "durham")
    assert [c.name for c in state.choices(town)] == ["stanley", "consett"]
    with pytest.raises(AnswerError, match="not one of the choices"):
        state.set_answer("town", "kendal")
    state.set_answer("region", "cumbria")
    assert [c.name for c in state.choices(town)] == ["kendal"]


def test_user_counted_repeat_and_calculation_over_it(household):
    state = FormState(household)
    state.add_instance("member")
    state.add_instance("member")
    state.set_answer("member[1]/mage", "44")
    state.set_answer("member[2]/mage", 12)
    assert state.answers["member[1]/is_adult"] == 1
    assert state.answers["member[2]/is_adult"] == 0
    assert state.answers["adults"] == 1
    _, changes = state.set_answer("member[2]/mage", 40)
    assert changes.values == {"member[2]/is_adult": 1, "adults": 2}


def test_removing_an_instance_moves_later_ones_down(household):
    state = FormState(household)
    for _ in range(3):
        state.add_instance("member")
    for number, name in enumerate(["Ann", "Bob", "Cy"], start=1):
        state.set_answer(f"member[{number}]/mname", name)
    _, removed = state.remove_instance("member", 2)
    assert state.answers["member[1]/mname"] == "Ann"
    assert state.answers["member[2]/mname"] == "Cy"
    assert "member[3]/mname" in removed
    assert state.instance_count("member") == 2


def test_repeat_count_sets_instances(household):
    state = FormState(household)
    assert state.instance_count("visit") == 0
    _, changes = state.set_answer("visits", 3)
    assert changes.structure
    assert [i.path for i in state.items if i.path.startswith("visit[")] == [
        "visit[1]/when",
        "visit[2]/when",
        "visit[3]/when",
    ]
    assert not state.can_add_instance("visit")


def test_constraint_and_required_messages(household):
    state = FormState(household)
    state.add_instance("member")
    state.set_answer("member[1]/mage", 130)
    assert state.error("member[1]/mage") == "Age must be 0 to 119."
    assert state.error("role") == "This question is required."
    problems = dict(state.problems())
    assert set(problems) == {"role", "member[1]/mname", "member[1]/mage"}


def test_non_relevant_question_has_no_error(household):
    state = FormState(household)
    state.set_answer("role", "client")
    assert state.error("role_other") is None


def test_type_errors_are_refused_and_nothing_stored(household):
    state = FormState(household)
    with pytest.raises(AnswerError, match="not a whole number"):
        state.set_answer("visits", "three")
    assert "visits" not in state.answers


def test_next_unanswered_required_wraps(household):
    state = FormState(household)
    state.add_instance("member")
    assert state.first_unanswered_required() == "role"
    assert state.first_unanswered_required(after="role") == "member[1]/mname"
    assert state.first_unanswered_required(after="member[1]/mname") == "role"


def test_broken_expression_at_entry_time_keeps_the_form_working():
    form = Instrument(
        kind="questionnaire",
        form_id="f",
        title="F",
        questions=[
            q("a", "integer"),
            q("b", "text", relevant="${a} div 0 > 1 and regex(., '[')"),
            q("c", "calculate", calculation="pulldata('x', 'y', 'z', ${a})"),
        ],
    )
    state = FormState(form)
    state.set_answer("a", 5)
    assert state.is_relevant("b") in (True, False)
    assert "c" not in state.answers


def test_questions_inside_a_hidden_repeat_are_hidden_and_do_not_block():
    form = Instrument(
        kind="questionnaire",
        form_id="f",
        title="F",
        questions=[
            q("has_children", "select_one", list_name="yn"),
            q(
                "child",
                "repeat",
                relevant="${has_children} = 'yes'",
                children=[q("cname", "text", "child/cname", required="yes")],
            ),
        ],
        choice_lists={"yn": [Choice("yes"), Choice("no")]},
    )
    state = FormState(form)
    state.set_answer("has_children", "yes")
    state.add_instance("child")
    assert state.is_relevant("child[1]/cname")
    assert [path for path, _ in state.problems()] == ["child[1]/cname"]
    state.set_answer("has_children", "no")
    assert not state.is_relevant("child[1]/cname")
    assert state.problems() == []
