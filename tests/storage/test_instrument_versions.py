"""Versions: an edit of an instrument in use becomes version 2; version 1's data stays as it was."""

from __future__ import annotations

import pytest

from instruments.model import Choice, Instrument, Question
from storage.errors import ValidationError
from storage.instrument_versions import save_new_version, versions


def carer() -> Instrument:
    return Instrument(
        kind="questionnaire",
        form_id="carer",
        title="Carer experience",
        settings={"form_id": "carer", "form_title": "Carer experience"},
        questions=[
            Question("support", "select_one", path="support", list_name="yn", labels={"": "Help?"}),
            Question("hours", "integer", path="hours", labels={"": "Hours of care"}),
        ],
        choice_lists={"yn": [Choice("yes", {"": "Yes"}), Choice("no", {"": "No"})]},
    )


def edited(instrument: Instrument) -> Instrument:
    """Version 2: label changed, hours removed, comments added, a choice added."""
    copy = Instrument.from_dict(instrument.to_dict())
    copy.questions[0].labels = {"": "Do you get enough support?"}
    copy.questions[1] = Question("comments", "text", path="comments", labels={"": "Comments"})
    copy.choice_lists["yn"].append(Choice("maybe", {"": "Maybe"}))
    return copy


@pytest.fixture
def study_id(store) -> str:
    return store.repos.studies.add("Cumbria")


@pytest.fixture
def v1_id(store, study_id) -> str:
    definition = carer().to_dict()
    return store.repos.instruments.add(
        study_id, "questionnaire", "Carer experience", definition, form_id="carer"
    )


def audit_actions(store, row_id: str) -> list[str]:
    return [
        row["action"]
        for row in store.rows("SELECT action FROM audit WHERE row_id = ? ORDER BY id", (row_id,))
    ]


def test_edit_with_existing_sessions_makes_version_2_and_keeps_version_1_data(
    store, study_id, v1_id
) -> None:
    session = store.repos.sessions.start(study_id, v1_id)
    store.repos.sessions.save_answer(session, "support", "yes")
    store.repos.sessions.save_answer(session, "hours", 12)
    v1_before = store.repos.instruments.get(v1_id)

    v2_id = save_new_version(store, v1_id, edited(carer()))

    assert v2_id != v1_id
    v2 = store.repos.instruments.get(v2_id)
    assert (v2["family_id"], v2["version_number"]) == (v1_id, 2)
    assert store.repos.sessions.get(session)["instrument_id"] == v1_id
    assert store.repos.sessions.answers(session) == {"support": "yes", "hours": 12}
    assert store.repos.instruments.get(v1_id) == v1_before
    assert Instrument.from_dict(store.repos.instruments.definition(v1_id)) == carer()
    assert v2["change_summary"] == (
        "added question comments (text); removed question hours; label of support changed; "
        "choices of yn: added maybe"
    )


def test_edit_without_sessions_updates_in_place_with_an_audit_row(store, v1_id) -> None:
    instrument_id = save_new_version(store, v1_id, edited(carer()))
    assert instrument_id == v1_id
    assert len(versions(store, v1_id)) == 1
    assert store.repos.instruments.definition(v1_id)["questions"][1]["name"] == "comments"
    assert audit_actions(store, v1_id) == ["insert", "update"]


def test_unchanged_definition_writes_nothing(store, v1_id) -> None:
    assert save_new_version(store, v1_id, carer()) == v1_id
    assert audit_actions(store, v1_id) == ["insert"]


def test_versions_list_session_counts_and_summaries(store, study_id, v1_id) -> None:
    store.repos.sessions.start(study_id, v1_id)
    store.repos.sessions.start(study_id, v1_id)
    v2_id = save_new_version(store, v1_id, edited(carer()), change_summary="wording")
    store.repos.sessions.start(study_id, v2_id)
    v3 = edited(carer())
    v3.title = "Carers"
    v3_id = save_new_version(store, v2_id, v3)
    listed = versions(store, v1_id)
    assert [(v.version_number, v.sessions) for v in listed] == [(1, 2), (2, 1), (3, 0)]
    assert [v.instrument_id for v in listed] == [v1_id, v2_id, v3_id]
    assert listed[1].change_summary == "wording"
    assert listed[2].change_summary == "title changed from 'Carer experience' to 'Carers'"
    assert listed[2].name == "Carers"
    assert versions(store, v3_id) == listed  # any version's id finds the family


def test_in_place_edit_of_version_2_summarises_against_version_1(store, study_id, v1_id) -> None:
    store.repos.sessions.start(study_id, v1_id)
    v2_id = save_new_version(store, v1_id, edited(carer()))
    again = edited(carer())
    again.questions[0].relevant = "true()"
    assert save_new_version(store, v1_id, again) == v2_id
    summary = store.repos.instruments.get(v2_id)["change_summary"]
    assert summary.endswith("relevance of support added; choices of yn: added maybe")


def test_retired_family_stays_retired_and_kind_cannot_change(store, study_id, v1_id) -> None:
    store.repos.sessions.start(study_id, v1_id)
    store.repos.instruments.retire(v1_id)
    v2_id = save_new_version(store, v1_id, edited(carer()))
    assert store.repos.instruments.get(v2_id)["retired"] == 1
    guide = Instrument("interview", "carer", "Carer experience")
    with pytest.raises(ValidationError, match="cannot become"):
        save_new_version(store, v1_id, guide)
    with pytest.raises(ValidationError, match="no instrument"):
        save_new_version(store, "no-such-id", carer())
