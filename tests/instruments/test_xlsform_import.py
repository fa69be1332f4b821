"""XLSForm import on small workbooks built in each test: aliases, languages, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from instruments.errors import FormError
from instruments.types import parse_type
from instruments.xlsform_reader import read_xlsform

Rows = list[list[object]]

YES_NO: Rows = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def write_form(
    folder: Path,
    survey: Rows,
    choices: Rows | None = None,
    settings: Rows | None = None,
    name: str = "form.xlsx",
    sheet_names: tuple[str, str, str] = ("survey", "choices", "settings"),
) -> Path:
    """Save a workbook with the given sheets (first row of each is the header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in zip(sheet_names, (survey, choices, settings), strict=True):
        if rows is None:
            continue
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def refused(path: Path) -> FormError:
    with pytest.raises(FormError) as caught:
        read_xlsform(path)
    return caught.value


# --- type aliases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "model_type", "row_type"),
    [
        ("begin group", "group", "begin_group"),
        ("begin_group", "group", "begin_group"),
        ("end group", "group", "end_group"),
        ("begin repeat", "repeat", "begin_repeat"),
        ("begin_repeat", "repeat", "begin_repeat"),
        ("begin loop over places", "repeat", "begin_loop"),
        ("select one yn", "select_one", "select_one"),
        ("select_one yn or_other", "select_one", "select_one"),
        ("select one from yn or specify other", "select_one", "select_one"),
        ("select all that apply yn", "select_multiple", "select_multiple"),
        ("select all that apply from yn", "select_multiple", "select_multiple"),
        ("add select one prompt using yn", "select_one", "select_one"),
        ("select1 yn", "select_one", "select_one"),
        ("rank yn", "rank", "rank"),
        ("add text prompt", "text", "text"),
        ("add integer prompt", "integer", "integer"),
        ("int", "integer", "integer"),
        ("string", "text", "string"),
        ("datetime", "dateTime", "datetime"),
        ("dateTime", "dateTime", "datetime"),
        ("image", "image", "photo"),
        ("photo", "image", "photo"),
        ("add photo prompt", "image", "photo"),
        ("imei", "deviceid", "deviceid"),
        ("gps", "geopoint", "geopoint"),
        ("uri:deviceid", "deviceid", "uri:deviceid"),
        ("select_one_from_file towns.csv", "select_one_from_file", "select_one_from_file"),
        ("select_one_external towns", "select_one_external", "select_one_external"),
    ],
)
def test_type_aliases_normalise_like_pyxform(raw: str, model_type: str, row_type: str) -> None:
    parsed = parse_type(raw)
    assert parsed is not None
    assert (parsed.type, parsed.row_type) == (model_type, row_type)


@pytest.mark.parametrize("raw", ["Integer", "BEGIN GROUP", "select one", "textt", "include"])
def test_types_pyxform_refuses_are_unknown(raw: str) -> None:
    assert parse_type(raw) is None


def test_or_other_and_list_name_are_read_from_the_type() -> None:
    parsed = parse_type("select_one yn or_other")
    assert parsed is not None
    assert (parsed.list_name, parsed.or_other) == ("yn", True)


def test_aliased_rows_import_with_normalised_types(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label"],
            ["begin group", "g", "Group"],
            ["add text prompt", "t", "T"],
            ["int", "n", "N"],
            ["select one yn", "s", "S"],
            ["end group", None, None],
            ["begin_group", "h", "H"],
            ["select all that apply yn", "m", "M"],
            ["string", "s2", "S2"],
            ["end_group", None, None],
        ],
        YES_NO,
    )
    instrument, _report = read_xlsform(path)
    assert [(q.path, q.type) for _p, q in instrument.walk()] == [
        ("g", "group"),
        ("g/t", "text"),
        ("g/n", "integer"),
        ("g/s", "select_one"),
        ("h", "group"),
        ("h/m", "select_multiple"),
        ("h/s2", "text"),
    ]
    assert instrument.find("s").raw_type == "select one yn"
    assert instrument.question_count_by_type("xlsform") == {
        "begin_group": 2,
        "end_group": 2,
        "text": 1,
        "integer": 1,
        "select_one": 1,
        "select_multiple": 1,
        "string": 1,
    }
    assert instrument.find("g").end_row == 6


# --- languages, identifying, or_other, choice_filter ---------------------------------------


def test_labels_hints_and_messages_per_language(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            [
                "type",
                "name",
                "label::English (en)",
                "label::Français (fr)",
                "hint::English (en)",
                "constraint_message::Français (fr)",
                "constraint",
                "required",
                "required message",
            ],
            ["integer", "age", "Age", "Âge", "In years", "Trop grand", ". < 120", "yes", "Needed"],
        ],
        settings=[["form_id", "default_language"], ["ages", "Français (fr)"]],
    )
    instrument, _report = read_xlsform(path)
    age = instrument.find("age")
    assert instrument.languages == ["English (en)", "Français (fr)", ""]
    assert instrument.default_language == "Français (fr)"
    assert age.labels == {"English (en)": "Age", "Français (fr)": "Âge"}
    assert age.hints == {"English (en)": "In years"}
    assert age.constraint_messages == {"Français (fr)": "Trop grand"}
    assert age.required_messages == {"": "Needed"}
    assert age.required == "true()"
    assert age.label(None, instrument.default_language) == "Âge"
    assert age.label("English (en)") == "Age"


def test_choice_labels_per_language_and_single_colon_headers(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label:english", "label:swahili"],
            ["select_one yn", "q", "Q?", "Swali?"],
        ],
        [["list name", "name", "label:english", "label:swahili"], ["yn", "yes", "Yes", "Ndiyo"]],
    )
    instrument, _report = read_xlsform(path)
    assert instrument.languages == ["english", "swahili"]
    assert instrument.default_language == "english"
    assert instrument.choice_lists["yn"][0].labels == {"english": "Yes", "swahili": "Ndiyo"}


@pytest.mark.parametrize(
    ("cell", "expected"), [("yes", True), ("TRUE", True), (1, True), ("no", False), (None, False)]
)
def test_identifying_column(tmp_path: Path, cell: object, expected: bool) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label", "Identifying"], ["text", "full_name", "Name", cell]]
    )
    instrument, _report = read_xlsform(path)
    assert instrument.find("full_name").identifying is expected
    assert "Identifying" not in instrument.find("full_name").extra


def test_or_other_select_offers_other(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["select_one yn or_other", "q", "Q?"]], YES_NO
    )
    instrument, _report = read_xlsform(path)
    question = instrument.find("q")
    assert question.or_other is True
    assert [c.name for c in instrument.choice_lists["yn"]] == ["yes", "no"]
    assert [c.name for c in instrument.choices_for(question)] == ["yes", "no", "other"]


def test_choice_filter_and_filter_columns_kept_on_choices(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "choice_filter"],
            ["select_one region", "region", "Region", None],
            ["select_one town", "town", "Town", "region=${region}"],
        ],
        [
            ["list_name", "name", "label", "region"],
            ["region", "north", "North", None],
            ["region", "south", "South", None],
            ["town", "durham", "Durham", "north"],
            ["town", "exeter", "Exeter", "south"],
        ],
    )
    instrument, _report = read_xlsform(path)
    assert instrument.find("town").choice_filter == "region=${region}"
    assert instrument.choice_lists["town"][0].extra == {"region": "north"}
    assert instrument.choice_lists["region"][0].extra == {}


# --- structure ---------------------------------------------------------------------------


def test_repeat_with_repeat_count_nests_paths(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "repeat_count", "relevant"],
            ["integer", "members", "How many?", None, None],
            ["begin repeat", "person", "Person", "${members}", None],
            ["text", "pname", "Name", None, None],
            ["begin group", "details", "Details", None, None],
            ["integer", "age", "Age", None, "${pname} != ''"],
            ["end group", None, None, None, None],
            ["end repeat", None, None, None, None],
        ],
    )
    instrument, _report = read_xlsform(path)
    person = instrument.find("person")
    assert person.type == "repeat"
    assert person.repeat_count == "${members}"
    assert (person.row, person.end_row) == (3, 8)
    assert instrument.find("age").path == "person/details/age"
    assert instrument.find("person/details/age").row == 6
    assert [path for path, _q in instrument.walk()] == [
        "members",
        "person",
        "person/pname",
        "person/details",
        "person/details/age",
    ]


def test_loop_is_a_repeat_over_the_list_choices(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label"],
            ["begin loop over yn", "each", "Each"],
            ["integer", "count", "How many %(label)s?"],
            ["end loop", None, None],
        ],
        YES_NO,
    )
    instrument, report = read_xlsform(path)
    loop = instrument.find("each")
    assert (loop.type, loop.list_name, loop.repeat_count) == ("repeat", "yn", "2")
    assert loop.entry_type == "repeat"
    assert [(d.row, d.message) for d in report.downgrades] == [
        (2, "loop over yn: entered as a repeat with one entry per choice")
    ]
    assert instrument.question_count_by_type("xlsform")["end_loop"] == 1


def test_downgrades_are_reported_by_row(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label"],
            ["text", "ok", "Fine"],
            ["geopoint", "where", "Where?"],
            ["image", "pic", "Photo"],
            ["barcode", "code", "Code"],
            ["select_one_from_file towns.csv", "town", "Town"],
        ],
    )
    instrument, report = read_xlsform(path)
    assert [(d.sheet, d.row, d.column, d.message) for d in report.downgrades] == [
        ("survey", 3, "type", "geopoint: entered as typed coordinates"),
        ("survey", 4, "type", "image: attach a file"),
        ("survey", 5, "type", "barcode: typed text"),
        (
            "survey",
            6,
            "type",
            "select_one_from_file: choices from file not available; typed text",
        ),
    ]
    assert instrument.find("ok").downgrade is None
    assert instrument.find("pic").downgrade == "image: attach a file"
    assert [instrument.find(n).entry_type for n in ("where", "pic", "code", "town")] == [
        "text",
        "attachment",
        "text",
        "text",
    ]
    assert 'downgrade: survey sheet, row 4, column "type": image: attach a file' in report.lines()


def test_required_read_only_range_and_extra_columns(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "required", "read_only", "parameters", "kobo--notes"],
            ["range", "score", "Score", "no", "yes", "start=0 end=5", "keep me"],
            ["range", "plain", "Plain", "TRUE", None, None, None],
        ],
    )
    instrument, _report = read_xlsform(path)
    score, plain = instrument.find("score"), instrument.find("plain")
    assert (score.required, score.read_only) == (None, "true()")
    assert score.parameters == {"start": "0", "end": "5", "step": "1"}
    assert plain.parameters == {"start": "1", "end": "10", "step": "1"}
    assert plain.required == "true()"
    assert score.extra == {"kobo--notes": "keep me"}


# --- expressions -------------------------------------------------------------------------


def test_unknown_function_is_warned_and_disabled(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "calculation"],
            ["text", "fruit", "Fruit", None],
            ["calculate", "price", None, "pulldata('prices', 'price', 'name', ${fruit})"],
            ["calculate", "double", None, "${price} * 2"],
        ],
    )
    instrument, report = read_xlsform(path)
    price = instrument.find("price")
    assert price.calculation is None
    assert price.disabled_expressions == {
        "calculation": "pulldata('prices', 'price', 'name', ${fruit})"
    }
    assert instrument.find("double").calculation == "${price} * 2"
    [warning] = report.warnings
    assert (warning.sheet, warning.row, warning.column) == ("survey", 3, "calculation")
    assert "pulldata()" in warning.message


def test_calculation_cycle_is_warned_and_disabled(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "calculation"],
            ["integer", "n", "N", None],
            ["calculate", "a", None, "${b} + 1"],
            ["calculate", "b", None, "${a} + ${n}"],
            ["calculate", "c", None, "${n} * 2"],
            ["calculate", "d", None, "${d} + 1"],
        ],
    )
    instrument, report = read_xlsform(path)
    assert [instrument.find(name).calculation for name in "abcd"] == [
        None,
        None,
        "${n} * 2",
        None,
    ]
    assert instrument.find("a").disabled_expressions == {"calculation": "${b} + 1"}
    messages = [(w.row, w.message) for w in report.warnings]
    assert messages == [
        (
            3,
            "these calculations depend on each other in a cycle and are ignored: "
            "a (row 3), b (row 4)",
        ),
        (6, "these calculations depend on each other in a cycle and are ignored: d (row 6)"),
    ]


def test_prose_in_calculation_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "calculation"],
            ["calculate", "why", None, "because pyxform doesn't know what to do"],
        ],
    )
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 2, "calculation")
    assert str(error).startswith('survey sheet, row 2, column "calculation": ')


def test_unclosed_bracket_in_relevant_is_refused(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "relevance"],
            ["integer", "n", "N", None],
            ["text", "t", "T", "if(${n} > 1, true(), false()"],
        ],
    )
    error = refused(path)
    assert (error.row, error.column) == (3, "relevance")
    assert "bracket" in error.message


def test_reference_to_a_missing_name_is_refused(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label", "relevant"], ["text", "t", "T", "${nowhere} = 1"]]
    )
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 2, "relevant")
    assert "nowhere" in error.message


def test_literal_defaults_are_not_parsed_as_expressions(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [
            ["type", "name", "label", "default"],
            ["date", "when", "When", "2024-01-31"],
            ["text", "greeting", "Hi", "hello world"],
            ["integer", "later", "Later", "1 + 2"],
        ],
    )
    instrument, report = read_xlsform(path)
    assert instrument.find("when").default == "2024-01-31"
    assert instrument.find("later").default == "1 + 2"
    assert report.warnings == []


# --- messy workbooks -----------------------------------------------------------------------


def test_nbsp_around_names_is_stripped_and_inside_labels_is_a_space(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["text\u00a0", "\u00a0age\u00a0", "Your\u00a0age"]]
    )
    instrument, _report = read_xlsform(path)
    assert instrument.find("age").labels == {"": "Your age"}


def test_nbsp_inside_a_name_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = write_form(tmp_path, [["type", "name", "label"], ["text", "my\u00a0age", "Age"]])
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 2, "name")


def test_upper_case_sheet_names_and_headers(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [["TYPE", "NAME", "LABEL::EN"], ["select_one c1", "q1", "Good?"]],
        [["LIST_NAME", "NAME", "LABEL::EN"], ["c1", "y", "Yes"]],
        [["FORM_TITLE", "FORM_ID", "DEFAULT_LANGUAGE"], ["Yes or no", "YesNo", "EN"]],
        sheet_names=("SURVEY", "CHOICES", "SETTINGS"),
    )
    instrument, _report = read_xlsform(path)
    assert (instrument.form_id, instrument.title, instrument.default_language) == (
        "YesNo",
        "Yes or no",
        "EN",
    )
    assert instrument.settings == {
        "FORM_TITLE": "Yes or no",
        "FORM_ID": "YesNo",
        "DEFAULT_LANGUAGE": "EN",
    }
    assert instrument.find("q1").labels == {"EN": "Good?"}
    assert instrument.choice_lists["c1"][0].labels == {"EN": "Yes"}


def test_missing_settings_sheet_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = write_form(tmp_path, [["type", "name", "label"], ["text", "t", "T"]], name="visit.xlsx")
    instrument, _report = read_xlsform(path)
    assert (instrument.kind, instrument.form_id, instrument.title) == (
        "questionnaire",
        "visit",
        "visit",
    )
    assert (instrument.version, instrument.settings) == ("", {})


def test_settings_version_is_text_even_when_excel_stores_a_number(tmp_path: Path) -> None:
    path = write_form(
        tmp_path,
        [["type", "name", "label"], ["text", "t", "T"]],
        settings=[["form_title", "form_id", "version"], ["Visit", "visit_v2", 2024013101]],
    )
    instrument, _report = read_xlsform(path)
    assert (instrument.title, instrument.form_id, instrument.version) == (
        "Visit",
        "visit_v2",
        "2024013101",
    )


# --- refusals ------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "empty" in str(refused(path))


def test_text_file_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("type,name\ntext,a\n")
    assert "not an Excel workbook" in str(refused(path))


def test_unknown_type_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["text", "a", "A"], ["Integer", "b", "B"]]
    )
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 3, "type")
    assert "Unknown question type 'Integer'" in error.message


def test_unmatched_end_group_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["text", "a", "A"], ["end group", None, None]]
    )
    error = refused(path)
    assert (error.sheet, error.row) == ("survey", 3)


def test_question_without_a_label_is_refused(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["text", "a", None], ["note", "b", "B"]]
    )
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 2, "label")


def test_duplicate_header_names_sheet_and_columns(tmp_path: Path) -> None:
    path = write_form(tmp_path, [["type", "name", "label", "label"], ["text", "a", "A", "B"]])
    error = refused(path)
    assert (error.sheet, error.row, error.column) == ("survey", 1, "label")
    assert "columns C and D" in error.message


def test_survey_without_questions_is_refused(tmp_path: Path) -> None:
    error = refused(write_form(tmp_path, [["type", "name", "label"]]))
    assert (error.sheet, error.message) == ("survey", "the survey sheet has no questions")


def test_rows_are_numbered_as_excel_shows_them_across_blank_rows(tmp_path: Path) -> None:
    path = write_form(
        tmp_path, [["type", "name", "label"], ["text", "a", "A"], [], [], ["integer", "b", "B"]]
    )
    instrument, _report = read_xlsform(path)
    assert [(q.name, q.row) for _p, q in instrument.walk()] == [("a", 2), ("b", 5)]


def test_result_unpacks_and_report_is_empty_for_a_clean_form(tmp_path: Path) -> None:
    path = write_form(tmp_path, [["type", "name", "label"], ["text", "a", "A"]])
    result = read_xlsform(path)
    instrument, report = result
    assert result.instrument is instrument
    assert report.lines() == []
