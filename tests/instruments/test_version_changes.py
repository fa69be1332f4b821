"""describe_changes (what a new version changed) and merged_columns (one column set for all)."""

from __future__ import annotations

from instruments.model import Choice, Instrument, Question, Topic
from instruments.version_changes import describe_changes
from instruments.version_merge import merged_columns


def _q(name: str, type_: str, label: str = "", **fields: object) -> Question:
    return Question(name=name, type=type_, path=name, labels={"": label}, **fields)


def carer_v1() -> Instrument:
    return Instrument(
        kind="questionnaire",
        form_id="carer",
        title="Carer experience",
        questions=[
            _q("support", "select_one", "Enough support?", list_name="yn"),
            _q("hours", "integer", "Hours of care"),
            _q("x", "text", "X"),
            _q("y", "integer", "Y"),
        ],
        choice_lists={"yn": [Choice("yes", {"": "Yes"}), Choice("no", {"": "No"})]},
    )


def carer_v2() -> Instrument:
    v2 = carer_v1()
    support, _hours, x, y = v2.questions
    support.labels = {"": "Do you get enough support?"}
    x.relevant = "${support} = 'yes'"
    y.type = "decimal"
    v2.questions = [support, x, y, _q("comments", "text", "Comments")]
    v2.choice_lists["yn"].append(Choice("maybe", {"": "Maybe"}))
    return v2


def test_describe_changes_lists_every_edit_in_readable_lines() -> None:
    assert describe_changes(carer_v1(), carer_v2()) == [
        "added question comments (text)",
        "removed question hours",
        "label of support changed",
        "relevance of x added",
        "type of y changed from integer to decimal",
        "choices of yn: added maybe",
    ]


def test_describe_changes_of_expressions_requirements_and_identity() -> None:
    old, new = carer_v1(), carer_v1()
    old.questions[2].relevant = "${hours} > 0"
    new.questions[2].relevant = "${hours} > 1"
    new.questions[1].required = "true()"
    new.questions[1].identifying = True
    new.title = "Carers"
    new.settings = {"form_title": "Carers", "style": "pages"}
    new.choice_lists["yn"].reverse()
    new.choice_lists["yn"][0].labels = {"": "Nope"}
    assert describe_changes(old, new) == [
        "title changed from 'Carer experience' to 'Carers'",
        "settings changed: style",
        "hours is now required",
        "hours is now marked identifying",
        "relevance of x changed",
        "choices of yn: label of no changed",
        "choices of yn: order changed",
    ]


def test_a_question_moved_into_a_group_is_reported_as_moved() -> None:
    old, new = carer_v1(), carer_v1()
    hours = new.questions.pop(1)
    hours.path = "about/hours"
    new.questions.append(_q("about", "group", "About", children=[hours]))
    assert describe_changes(old, new) == [
        "added question about (group)",
        "moved question hours from hours to about/hours",
    ]


def test_disabled_expressions_count_as_written() -> None:
    old, new = carer_v1(), carer_v1()
    old.questions[1].calculation = "pulldata('a', 'b')"
    new.questions[1].disabled_expressions = {"calculation": "pulldata('a', 'b')"}
    assert describe_changes(old, new) == []


def test_guide_topic_changes() -> None:
    old = Instrument("interview", "access", "Access", topics=[Topic("t1", "Travel", "How?")])
    new = Instrument(
        "interview",
        "access",
        "Access",
        topics=[Topic("t1", "Travel", "How did you come?", ["bus"]), Topic("t2", "Waiting")],
    )
    assert describe_changes(old, new) == [
        "added topic Waiting",
        "question of topic Travel changed",
        "prompts of topic Travel changed",
    ]


def test_merged_columns_latest_order_then_removed_ones() -> None:
    v1 = carer_v1()  # support, hours, x, y
    v2 = carer_v2()  # support, x, y, comments
    v3 = carer_v2()
    v3.questions = [v3.questions[3], v3.questions[0]]  # comments, support
    columns = merged_columns([v1, v2, v3])
    assert [path for path, _q in columns] == ["comments", "support", "x", "y", "hours"]
    by_path = dict(columns)
    assert by_path["y"].type == "decimal"  # from the newest version that had it
    assert by_path["hours"].type == "integer"
    assert merged_columns([]) == []
