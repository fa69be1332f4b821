"""Interview and focus-group guides: topics, prompts, probes, settings, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from instruments.errors import FormError
from instruments.form_reader import is_guide, read_form
from instruments.guide_reader import read_guide, split_items
from instruments.model import Instrument

Rows = list[list[object]]

GUIDE_ROWS: Rows = [
    ["Topic", "Question", "Prompts", "Probes"],
    ["Getting there", "How did you get to the service?", "bus\ncar\nwalking", "cost; time"],
    [None, "Who came with you?", "family", None],
    ["Waiting", "How long did you wait?", None, "Was that usual?"],
    ["Waiting", "What happened while you waited?", None, None],
]


def write_guide(
    folder: Path,
    guide: Rows | None = GUIDE_ROWS,
    settings: Rows | None = None,
    name: str = "guide.xlsx",
    guide_sheet: str = "guide",
) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    if guide is not None:
        sheet = workbook.create_sheet(guide_sheet)
        for row in guide:
            sheet.append(row)
    if settings is not None:
        sheet = workbook.create_sheet("settings")
        for row in settings:
            sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def refused(path: Path) -> FormError:
    with pytest.raises(FormError) as caught:
        read_guide(path)
    return caught.value


def test_interview_guide_topics_prompts_and_probes(tmp_path: Path) -> None:
    path = write_guide(
        tmp_path,
        settings=[
            ["kind", "title", "form_id", "version"],
            ["interview", "Access interviews", "access_int", 3],
        ],
    )
    guide = read_guide(path)
    assert (guide.kind, guide.title, guide.form_id, guide.version) == (
        "interview",
        "Access interviews",
        "access_int",
        "3",
    )
    assert guide.questions == []
    first, second, third = guide.topics
    assert (first.id, first.title, first.order) == ("getting_there", "Getting there", 1)
    assert first.question == "How did you get to the service?\nWho came with you?"
    assert first.prompts == ["bus", "car", "walking", "family"]
    assert first.probes == ["cost", "time"]
    assert (second.id, second.probes) == ("waiting", ["Was that usual?"])
    assert (third.id, third.order) == ("waiting_2", 3)


@pytest.mark.parametrize("kind", ["focus_group", "Focus group", "focus-group"])
def test_focus_group_kind_spellings(tmp_path: Path, kind: str) -> None:
    path = write_guide(tmp_path, settings=[["kind"], [kind]], name="groups.xlsx")
    guide = read_guide(path)
    assert guide.kind == "focus_group"
    assert (guide.form_id, guide.title) == ("groups", "groups")


def test_explicit_topic_ids_are_kept(tmp_path: Path) -> None:
    rows = [["id", "topic", "prompts"], ["T1", "Access", "a"], ["T2", "Trust", "b;c"]]
    guide = read_guide(write_guide(tmp_path, rows, [["kind"], ["interview"]]))
    assert [(t.id, t.prompts) for t in guide.topics] == [("T1", ["a"]), ("T2", ["b", "c"])]


def test_guide_round_trips_through_json(tmp_path: Path) -> None:
    guide = read_guide(write_guide(tmp_path, settings=[["kind"], ["interview"]]))
    assert Instrument.from_json(guide.to_json()) == guide


def test_split_items_by_line_or_semicolon() -> None:
    assert split_items(" one \n\n two; three ;") == ["one", "two", "three"]
    assert split_items("") == []


def test_no_topic_column_is_refused(tmp_path: Path) -> None:
    path = write_guide(
        tmp_path, [["question", "prompts"], ["Why?", "a"]], [["kind"], ["interview"]]
    )
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("guide", 1, "topic")


def test_empty_guide_sheet_is_refused(tmp_path: Path) -> None:
    error = refused(write_guide(tmp_path, [], [["kind"], ["interview"]]))
    assert error.sheet == "guide"
    assert "empty" in error.message


def test_guide_without_topics_is_refused(tmp_path: Path) -> None:
    error = refused(write_guide(tmp_path, [["topic", "question"]], [["kind"], ["interview"]]))
    assert (error.sheet, error.column) == ("guide", "topic")


def test_prompts_before_any_topic_are_refused(tmp_path: Path) -> None:
    rows = [["topic", "prompts"], [None, "orphan"], ["Access", "a"]]
    error = refused(write_guide(tmp_path, rows, [["kind"], ["interview"]]))
    assert (error.sheet, error.row, error.column) == ("guide", 2, "topic")


@pytest.mark.parametrize("settings", [[["kind"], ["survey"]], [["kind", "title"], [None, "T"]]])
def test_unknown_or_missing_kind_is_refused(tmp_path: Path, settings: Rows) -> None:
    error = refused(write_guide(tmp_path, settings=settings))
    assert (error.sheet, error.row, error.column) == ("settings", 2, "kind")


def test_missing_settings_sheet_is_refused(tmp_path: Path) -> None:
    error = refused(write_guide(tmp_path))
    assert error.sheet == "settings"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "guide.xlsx"
    path.write_bytes(b"")
    assert "empty" in str(refused(path))


def test_read_form_dispatches_on_the_guide_sheet(tmp_path: Path) -> None:
    guide_path = write_guide(tmp_path, settings=[["kind"], ["interview"]], guide_sheet="Guide")
    assert is_guide(guide_path)
    guide, report = read_form(guide_path)
    assert (guide.kind, len(guide.topics), report.lines()) == ("interview", 3, [])

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["text", "a", "A"])
    form_path = tmp_path / "form.xlsx"
    workbook.save(form_path)
    assert not is_guide(form_path)
    form, _report = read_form(form_path)
    assert (form.kind, form.find("a").type) == ("questionnaire", "text")
