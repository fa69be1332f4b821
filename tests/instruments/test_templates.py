"""The template questionnaires: their structure, and their life as XLSForms through pyxform."""

from __future__ import annotations

import pytest
from pyxform.xls2xform import convert

from instruments.model import Instrument
from instruments.statistics import choice_score, is_dont_know, scored_groups
from instruments.templates import (
    DESCRIPTIONS,
    PARTNERSHIP_ASSESSMENT,
    SERVICE_EXPERIENCE,
    TEAM_ASSESSMENT,
    TEMPLATES,
)
from instruments.templates.xlsform_out import write_xlsform
from instruments.xlsform_reader import read_xlsform

PRINCIPLES = [
    "Recognise and accept the need for partnership",
    "Clarity and realism of purpose",
    "Commitment and ownership",
    "Trust",
    "Clear and robust partnership arrangements",
    "Monitor, measure and learn",
]


def test_registry_has_the_three_templates_with_descriptions():
    assert set(TEMPLATES) == {PARTNERSHIP_ASSESSMENT, TEAM_ASSESSMENT, SERVICE_EXPERIENCE}
    assert PARTNERSHIP_ASSESSMENT == "Partnership assessment"
    assert set(DESCRIPTIONS) == set(TEMPLATES)
    for name, build in TEMPLATES.items():
        instrument = build()
        assert isinstance(instrument, Instrument) and instrument.kind == "questionnaire"
        assert instrument.title == name and instrument.form_id


def test_each_call_builds_a_fresh_instrument():
    first, second = TEMPLATES[PARTNERSHIP_ASSESSMENT](), TEMPLATES[PARTNERSHIP_ASSESSMENT]()
    first.questions.pop()
    assert len(second.questions) == len(first.questions) + 1


def test_partnership_assessment_has_six_principles_of_four_to_six_statements():
    instrument = TEMPLATES[PARTNERSHIP_ASSESSMENT]()
    groups = scored_groups(instrument)
    assert [g.label for g in groups] == PRINCIPLES
    for group in groups:
        assert 4 <= len(group.statements) <= 6, group.label
        assert all(q.required == "true()" for q in group.statements)


def test_agreement_scale_is_four_scored_points_and_an_unscored_dont_know():
    instrument = TEMPLATES[PARTNERSHIP_ASSESSMENT]()
    scale = instrument.choice_lists["agreement"]
    assert [choice_score(c) for c in scale] == [4.0, 3.0, 2.0, 1.0, None]
    assert [is_dont_know(c) for c in scale] == [False, False, False, False, True]


def test_partnership_assessment_asks_organisation_and_role():
    instrument = TEMPLATES[PARTNERSHIP_ASSESSMENT]()
    assert instrument.find("organisation").type == "text"
    assert instrument.find("role").type == "select_one"
    assert instrument.find("sector").type == "select_one"


def test_service_experience_has_a_carer_only_question_and_numbers():
    instrument = TEMPLATES[SERVICE_EXPERIENCE]()
    assert instrument.find("carer_support").relevant == "${respondent} = 'carer'"
    assert instrument.find("wait_weeks").type == "integer"
    assert instrument.find("services").type == "select_multiple"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_question_names_are_unique(name):
    instrument = TEMPLATES[name]()
    names = [question.name for _, question in instrument.walk()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_xlsform_converts_with_pyxform(tmp_path, name):
    instrument = TEMPLATES[name]()
    path = write_xlsform(instrument, tmp_path / f"{instrument.form_id}.xlsx")
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings, validate=False)
    assert "<h:html" in result.xform and instrument.form_id in result.xform
    assert warnings == []


def _without_sheet_positions(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k not in ("row", "end_row", "raw_type")}
    if "children" in data:
        data["children"] = [_without_sheet_positions(child) for child in data["children"]]
    return data


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_survives_a_round_trip_through_xlsform(tmp_path, name):
    instrument = TEMPLATES[name]()
    path = write_xlsform(instrument, tmp_path / "form.xlsx")
    result = read_xlsform(path)
    assert result.report.lines() == []
    back = result.instrument.to_dict()
    back["questions"] = [_without_sheet_positions(q) for q in back["questions"]]
    assert back == instrument.to_dict()
