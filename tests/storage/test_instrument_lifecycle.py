"""New from scratch, duplicate, delete or retire, unretire."""

from __future__ import annotations

import pytest

from instruments.model import Instrument, Question
from storage.errors import ValidationError
from storage.instrument_lifecycle import (
    available_for_new_sessions,
    delete_or_retire,
    duplicate_instrument,
    form_id_from_title,
    new_instrument,
    unretire,
)
from storage.instrument_versions import save_new_version, versions


@pytest.fixture
def study_id(store) -> str:
    return store.repos.studies.add("Durham")


def definition(store, instrument_id: str) -> Instrument:
    return Instrument.from_dict(store.repos.instruments.definition(instrument_id))


def with_question(instrument: Instrument, name: str) -> Instrument:
    instrument.questions.append(Question(name, "text", path=name, labels={"": name.title()}))
    return instrument


def test_new_questionnaire_and_guide_get_unique_valid_form_ids(store, study_id) -> None:
    first = new_instrument(store, study_id, "questionnaire", "Carer experience (2024)")
    second = new_instrument(store, study_id, "questionnaire", "Carer experience 2024")
    guide = new_instrument(store, study_id, "focus group", "Équipe intégrée")
    rows = [store.repos.instruments.get(i) for i in (first, second, guide)]
    assert [r["form_id"] for r in rows] == [
        "carer_experience_2024",
        "carer_experience_2024_2",
        "equipe_integree",
    ]
    assert [r["kind"] for r in rows] == ["questionnaire", "questionnaire", "focus_group"]
    questionnaire = definition(store, first)
    assert (questionnaire.title, questionnaire.questions) == ("Carer experience (2024)", [])
    assert questionnaire.settings == {
        "form_title": "Carer experience (2024)",
        "form_id": "carer_experience_2024",
    }
    assert definition(store, guide).settings["kind"] == "focus_group"


def test_new_instrument_refusals(store, study_id) -> None:
    new_instrument(store, study_id, "interview", "Access", form_id="access")
    with pytest.raises(ValidationError, match="already used"):
        new_instrument(store, study_id, "interview", "Access again", form_id="access")
    with pytest.raises(ValidationError, match="not a usable form id"):
        new_instrument(store, study_id, "interview", "Access", form_id="1 bad id")
    with pytest.raises(ValidationError, match="kind"):
        new_instrument(store, study_id, "survey", "Access")
    with pytest.raises(ValidationError, match="title"):
        new_instrument(store, study_id, "interview", "  ")
    assert form_id_from_title("2024 review", set()) == "form_2024_review"
    assert form_id_from_title("***", set()) == "form"


def test_duplicate_is_a_new_family_with_the_same_questions(store, study_id) -> None:
    original_id = new_instrument(store, study_id, "questionnaire", "Carer experience")
    save_new_version(store, original_id, with_question(definition(store, original_id), "hours"))
    copy_id = duplicate_instrument(store, original_id, "Carer experience (Cumbria)")
    row = store.repos.instruments.get(copy_id)
    assert (row["family_id"], row["version_number"]) == (copy_id, 1)
    assert row["form_id"] == "carer_experience_cumbria"
    assert row["change_summary"] == "copied from Carer experience (version 1)"
    copy, original = definition(store, copy_id), definition(store, original_id)
    assert copy.questions == original.questions
    assert (copy.title, copy.form_id) == ("Carer experience (Cumbria)", row["form_id"])
    assert copy.settings == {"form_title": copy.title, "form_id": copy.form_id}
    assert len(versions(store, original_id)) == 1


def test_delete_when_no_session_used_any_version(store, study_id) -> None:
    instrument_id = new_instrument(store, study_id, "questionnaire", "Pilot")
    result = delete_or_retire(store, instrument_id)
    assert result.action == "deleted"
    assert "deleted" in result.message
    assert store.repos.instruments.get(instrument_id)["deleted"] == 1
    assert store.repos.instruments.list(study_id) == []
    assert store.rows("SELECT action FROM audit WHERE row_id = ?", (instrument_id,))[-1] == {
        "action": "delete"
    }


def test_retire_when_any_version_has_sessions_and_unretire(store, study_id) -> None:
    v1 = new_instrument(store, study_id, "questionnaire", "Carer experience")
    session = store.repos.sessions.start(study_id, v1)
    v2 = save_new_version(store, v1, with_question(definition(store, v1), "comments"))
    other = new_instrument(store, study_id, "interview", "Access")

    result = delete_or_retire(store, v2)

    assert (result.action, result.sessions, result.instrument_ids) == ("retired", 1, (v1, v2))
    assert "1 session(s)" in result.message
    assert [store.repos.instruments.get(i)["retired"] for i in (v1, v2)] == [1, 1]
    assert store.repos.sessions.get(session)["instrument_id"] == v1
    assert [row["id"] for row in available_for_new_sessions(store, study_id)] == [other]
    assert {row["id"] for row in store.repos.instruments.list(study_id)} == {v1, v2, other}

    assert unretire(store, v1) == (v1, v2)
    assert [row["id"] for row in available_for_new_sessions(store, study_id)] == [other, v2]
    assert unretire(store, v1) == ()
