"""The instrument model: JSON round trips, stable hashes, walking and counting questions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from instruments.model import (
    DEFINITION_FORMAT,
    Choice,
    Instrument,
    Question,
    Topic,
    pick_text,
)


def rich_instrument() -> Instrument:
    """An instrument with every field away from its default, unicode included."""
    age = Question(
        name="age",
        type="integer",
        raw_type="int",
        path="household/person/age",
        row=5,
        labels={"English (en)": "Age", "Français (fr)": "Âge — ans"},
        hints={"": "In years"},
        constraint_messages={"English (en)": "Too old"},
        required_messages={"": "Needed"},
        media={"image": {"": "age.png", "Français (fr)": "âge.png"}},
        constraint=". < 120",
        required="true()",
        relevant="${consent} = 'yes'",
        default="30",
        read_only="false()",
        appearance="numbers",
        parameters={"rows": "2"},
        identifying=True,
        extra={"kobo--notes": "=SUM(A1)", "instance::hxl": "#age"},
        disabled_expressions={"calculation": "pulldata('a', 'b', 'c', 'd')"},
    )
    colour = Question(
        name="colour",
        type="select_one",
        raw_type="select_one colours or_other",
        path="household/person/colour",
        row=6,
        labels={"": "Colour"},
        list_name="colours",
        or_other=True,
        choice_filter="shade = 'dark'",
    )
    person = Question(
        name="person",
        type="repeat",
        raw_type="begin repeat",
        path="household/person",
        row=4,
        end_row=7,
        repeat_count="${members}",
        children=[age, colour],
    )
    where = Question(
        name="where",
        type="geopoint",
        raw_type="gps",
        path="household/where",
        row=8,
        labels={"": "Where?"},
        downgrade="geopoint: entered as typed coordinates",
    )
    household = Question(
        name="household",
        type="group",
        raw_type="begin group",
        path="household",
        row=3,
        end_row=9,
        children=[person, where],
    )
    members = Question(
        name="members",
        type="calculate",
        raw_type="calculate",
        path="members",
        row=2,
        calculation="2",
    )
    return Instrument(
        kind="questionnaire",
        form_id="household_v1",
        title="Household — visit",
        version="2024013101",
        default_language="English (en)",
        languages=["English (en)", "Français (fr)", ""],
        settings={"form_title": "Household — visit", "form_id": "household_v1"},
        questions=[members, household],
        choice_lists={
            "colours": [
                Choice("red", {"": "Red"}, {"image": {"": "red.png"}}, {"shade": "light"}),
                Choice("navy", {"": "Navy"}, extra={"shade": "dark"}),
            ]
        },
        external_choices={"towns": [Choice("durham", {"": "Durham"})]},
        topics=[Topic("access", "Access", "How did you get here?", ["bus"], ["why?"], 1)],
    )


def test_round_trip_through_dict_and_json_is_exact() -> None:
    instrument = rich_instrument()
    assert Instrument.from_dict(instrument.to_dict()) == instrument
    text = instrument.to_json()
    again = Instrument.from_json(text)
    assert again == instrument
    assert again.to_json() == text


def test_dict_is_plain_json_with_a_format_number() -> None:
    data = rich_instrument().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == DEFINITION_FORMAT


def test_defaults_are_left_out_of_the_json() -> None:
    assert Question("a", "text").to_dict() == {"name": "a", "type": "text"}
    assert Choice("x").to_dict() == {"name": "x"}


def test_definition_hash_is_stable_and_follows_content() -> None:
    first, second = rich_instrument(), rich_instrument()
    assert first.definition_sha256() == second.definition_sha256()
    assert len(first.definition_sha256()) == 64
    second.find("age").labels["English (en)"] = "Age in years"
    assert first.definition_sha256() != second.definition_sha256()


def test_json_keeps_unicode_and_column_order() -> None:
    text = rich_instrument().to_json()
    assert "Âge — ans" in text
    assert text.index("kobo--notes") < text.index("instance::hxl")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": 99, "kind": "questionnaire", "form_id": "f", "title": "t"}, "format 99"),
        ({"kind": "survey", "form_id": "f", "title": "t"}, "unknown instrument kind"),
        (
            {
                "kind": "questionnaire",
                "form_id": "f",
                "title": "t",
                "questions": [{"name": "a", "type": "text", "colour": "red"}],
            },
            "unknown keys: colour",
        ),
    ],
)
def test_from_dict_refuses_what_it_cannot_read(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Instrument.from_dict(data)


def test_walk_is_depth_first_with_paths() -> None:
    assert [path for path, _q in rich_instrument().walk()] == [
        "members",
        "household",
        "household/person",
        "household/person/age",
        "household/person/colour",
        "household/where",
    ]


def test_find_by_name_or_path() -> None:
    instrument = rich_instrument()
    assert instrument.find("age").row == 5
    assert instrument.find("household/person/colour").list_name == "colours"
    assert instrument.find("nowhere") is None


def test_counts_by_model_type_and_by_xlsform_row() -> None:
    instrument = rich_instrument()
    assert instrument.question_count_by_type() == {
        "calculate": 1,
        "group": 1,
        "repeat": 1,
        "integer": 1,
        "select_one": 1,
        "geopoint": 1,
    }
    assert instrument.question_count_by_type("xlsform") == {
        "calculate": 1,
        "begin_group": 1,
        "end_group": 1,
        "begin_repeat": 1,
        "end_repeat": 1,
        "integer": 1,
        "select_one": 1,
        "geopoint": 1,
    }


def test_choices_for_or_other_adds_other_once() -> None:
    instrument = rich_instrument()
    colour = instrument.find("colour")
    assert [c.name for c in instrument.choices_for(colour)] == ["red", "navy", "other"]
    colour.or_other = False
    assert [c.name for c in instrument.choices_for(colour)] == ["red", "navy"]


def test_pick_text_falls_back_in_a_useful_order() -> None:
    texts = {"": "Plain", "fr": "Français"}
    assert pick_text(texts, "fr") == "Français"
    assert pick_text(texts, "de", "fr") == "Français"
    assert pick_text(texts, "de", "es") == "Plain"
    assert pick_text({"fr": "Seul"}, "de") == "Seul"
    assert pick_text({}, "de") == ""


def test_entry_type_and_metadata() -> None:
    instrument = rich_instrument()
    assert instrument.find("where").entry_type == "text"
    assert instrument.find("age").entry_type == "integer"
    assert Question("s", "start").is_metadata
    assert Question("photo", "image", downgrade="image: attach a file").entry_type == "attachment"


texts = st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=3)


@given(
    name=st.text(min_size=1, max_size=20),
    labels=texts,
    extra=texts,
    row=st.none() | st.integers(min_value=2, max_value=1_048_576),
    identifying=st.booleans(),
)
def test_any_question_text_round_trips(
    name: str, labels: dict, extra: dict, row: int | None, identifying: bool
) -> None:
    question = Question(
        name, "text", labels=labels, extra=extra, row=row, identifying=identifying, path=name
    )
    instrument = Instrument("questionnaire", "f", "t", questions=[question])
    again = Instrument.from_json(instrument.to_json())
    assert again == instrument
    assert again.definition_sha256() == instrument.definition_sha256()
