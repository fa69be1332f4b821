"""The designer's checks and tree edits, without Qt: what a saved form may not contain."""

from __future__ import annotations

import itertools

import pytest
from pyxform.xls2xform import convert

from instruments.design_checks import (
    DesignProblem,
    check_design,
    check_guide,
    dollar_references,
    expression_problem,
    name_problem,
)
from instruments.design_tree import (
    after_removal,
    assign_paths,
    drop_target,
    iter_positions,
    merge_pasted,
    move_item,
    new_question,
    next_choice_name,
    pasted_rows,
    retyped,
    shifted,
)
from instruments.model import Choice, Instrument, Question, Topic
from instruments.xlsform_reader import read_xlsform
from instruments.xlsform_writer import write_instrument


def q(name: str, type_: str = "text", **fields) -> Question:
    fields.setdefault("labels", {"": name.title()})
    return Question(name=name, type=type_, path=name, **fields)


def form(*questions: Question, **lists: list[Choice]) -> Instrument:
    instrument = Instrument(
        kind="questionnaire",
        form_id="carers",
        title="Carers",
        questions=list(questions),
        choice_lists=dict(lists),
    )
    assign_paths(instrument.questions)
    return instrument


def fields_of(problems: list[DesignProblem]) -> list[tuple[str, str]]:
    return [(problem.path, problem.field) for problem in problems]


@pytest.mark.parametrize("name", ["age", "_x", "q1.a", "a-b_c", "Ünïcode", "x2"])
def test_usable_names(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["", "2nd", "my name", "a/b", "-x", ".x", "a$b", "meta"])
def test_unusable_names_say_the_rule(name):
    problem = name_problem(name)
    assert problem
    if name and name != "meta":
        assert "Names must begin with a letter or underscore" in problem


def test_expression_problems_carry_the_position():
    message, offset = expression_problem("${age} >")
    assert message == "missing value after '>' at character 8"
    assert offset == 7
    assert expression_problem("${age} > 3") is None
    assert expression_problem("pulldata('x', 'y', 'z', 'w')") == (
        "pulldata() is not available in Fieldnotes",
        None,
    )


def test_only_dollar_references_are_names_to_check():
    assert dollar_references("${a} + ../b + /data/c + ${last-saved#d}") == {"a", "d"}


def test_every_problem_is_listed_with_its_question_and_field():
    instrument = form(
        q("2nd"),
        q("age", "integer", relevant="${nope} = 1", constraint=". >"),
        q("age", "integer"),
        q("colour", "select_one", list_name="colours"),
        q("tally", "calculate", labels={}),
        q("g", "repeat", children=[q("x")]),
        q("g", "repeat", children=[q("y")]),
        q("blank", labels={}),
        q("rank_it", "select_multiple", list_name="spaced"),
        q("loop_a", "calculate", calculation="${loop_b} + 1"),
        q("loop_b", "calculate", calculation="${loop_a} + 1"),
        spaced=[Choice("a b", {"": "AB"}), Choice("c", {}), Choice("c", {})],
    )
    problems = check_design(instrument)
    assert fields_of(problems) == [
        ("2nd", "name"),
        ("age", "relevant"),
        ("age", "constraint"),
        ("age", "name"),
        ("colour", "choices"),
        ("tally", "calculation"),
        ("g", "name"),
        ("blank", "labels"),
        ("rank_it", "choices"),
        ("rank_it", "choices"),
        ("loop_a", "calculation"),
        ("loop_b", "calculation"),
    ]
    messages = [problem.message for problem in problems]
    assert "There is no question named 'nope'." in messages
    assert "missing value after '>' at character 3" in messages
    assert "The choice list 'colours' is empty." in messages
    assert "The survey element named 'blank' has no label or hint." in messages
    assert any("space" in m for m in messages) and any("used twice" in m for m in messages)
    assert problems[1].position == (1,)


def test_a_referenced_name_must_be_unique_in_the_whole_form():
    instrument = form(
        q("grp", "group", children=[q("a")]),
        q("a"),
        q("c", relevant="${a} = 'x'"),
    )
    problems = check_design(instrument)
    assert [str(p) for p in problems] == [
        "c: 'a' names 2 questions; a referenced name must be unique."
    ]


def test_form_title_and_id_are_needed_and_the_id_must_be_free():
    instrument = form(q("a"))
    instrument.title, instrument.form_id = " ", ""
    assert fields_of(check_design(instrument)) == [("", "title"), ("", "form_id")]
    instrument.title, instrument.form_id = "Carers", "other_form"
    assert fields_of(check_design(instrument, {"other_form"})) == [("", "form_id")]


def test_what_the_checks_accept_pyxform_converts(tmp_path):
    instrument = form(
        q("consent", "select_one", list_name="yn"),
        q("age", "integer", constraint=". >= 16", relevant="${consent} = 'yes'"),
        q("home", "group", children=[q("rooms", "integer")]),
        q("people", "repeat", children=[q("person")]),
        q("later", "calculate", labels={}, calculation="${age} + 1"),
        yn=[Choice("yes", {"": "Yes"}), Choice("no", {"": "No"})],
    )
    assert check_design(instrument) == []
    path = write_instrument(instrument, tmp_path / "carers.xlsx")
    convert(xlsform=str(path), validate=False)


def test_every_corpus_form_passes_the_checks(corpus):
    refused = {}
    for path in sorted(corpus.glob("*.xlsx")):
        problems = check_design(read_xlsform(path).instrument)
        if problems:
            refused[path.name] = [str(problem) for problem in problems]
    assert refused == {}


def test_guide_needs_titled_topics():
    guide = Instrument(kind="interview", form_id="g", title="Guide")
    assert [p.message for p in check_guide(guide)] == ["A guide needs at least one topic."]
    guide.topics = [Topic("t1", "Access"), Topic("t2", " ")]
    assert [(p.position, p.field) for p in check_guide(guide)] == [((1,), "title")]


# --- tree edits -------------------------------------------------------------------------------


def tree() -> Instrument:
    return form(
        q("a"),
        q("grp", "group", children=[q("b"), q("c")]),
        q("d"),
        q("rep", "repeat", children=[q("e")]),
    )


def test_every_move_is_undone_by_the_reverse_move():
    positions = [position for position, _q in iter_positions(tree().questions)]
    for source, parent_row in itertools.product(positions, positions):
        instrument = tree()
        before = instrument.to_dict()
        parent = parent_row[:-1]
        target = drop_target(instrument.questions, source, parent, parent_row[-1])
        if target is None:
            continue
        move_item(instrument.questions, source, target)
        assign_paths(instrument.questions)
        move_item(instrument.questions, target, source)
        assign_paths(instrument.questions)
        assert instrument.to_dict() == before, (source, parent_row)


def test_keyboard_moves():
    items = tree().questions
    assert shifted(items, (0,), "up") is None
    assert shifted(items, (0,), "down") == (1,)
    assert shifted(items, (2,), "in") == (1, 2)  # to the end of the group above
    assert shifted(items, (0,), "in") is None
    assert shifted(items, (1, 1), "out") == (2,)  # just after its group
    assert shifted(items, (2,), "out") is None


def test_drops():
    items = tree().questions
    assert drop_target(items, (1,), (1,), 0) is None  # not into itself
    assert drop_target(items, (0,), (2,), -1) is None  # d is not a group
    assert drop_target(items, (0,), (3,), -1) == (2, 1)  # appended to rep (now at 2)
    assert drop_target(items, (0,), (), 1) is None  # dropped where it already is
    assert after_removal((3, 0), (1,)) == (2, 0)


def test_new_names_and_types():
    instrument = tree()
    assert new_question(instrument, "text").name == "question_1"
    assert new_question(instrument, "group").name == "group_1"
    question = instrument.questions[0]
    assert retyped(instrument, question, "select_one") == {
        "type": "select_one",
        "raw_type": "",
        "downgrade": None,
        "list_name": "a",
    }
    changes = retyped(instrument, question, "geopoint")
    assert changes["downgrade"].startswith("geopoint:") and changes["list_name"] is None


def test_pasted_rows_from_a_spreadsheet():
    text = "name\tlabel\nyes\tYes\n\nno\tNo\r\nnot sure\n"
    assert pasted_rows(text) == [("yes", "Yes"), ("no", "No"), ("not sure", "not sure")]
    choices = [Choice("no", {"": "Nope", "fr": "Non"}), Choice("x", {"": "X"})]
    merged = merge_pasted(choices, [("yes", "Yes"), ("no", "No")], "", 1)
    assert [(c.name, c.labels) for c in merged] == [
        ("no", {"": "No", "fr": "Non"}),
        ("yes", {"": "Yes"}),
        ("x", {"": "X"}),
    ]
    assert next_choice_name(merged) == "4"
