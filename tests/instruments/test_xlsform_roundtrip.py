"""XLSForm export: import -> export -> import gives the same definition, and pyxform converts it.

Over the shared corpus (94 real forms) the comparison needs no normalisation at all: the
writer puts every question back on its own row (blank rows where the original had blank,
disabled or settings rows), so row and end_row numbers match too, and the definitions are
equal down to their JSON text (and so their sha256). The export is saved under the
original file name, since a form without a form_id setting takes it from the file name;
another name adds the form_id to the settings (tested below).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from instruments.guide_reader import read_guide
from instruments.model import Choice, Instrument, Question, Topic
from instruments.xlsform_reader import read_xlsform
from instruments.xlsform_writer import questionnaire_sheets, write_instrument, write_xlsform
from tests_support import CORPUS

MANIFEST = CORPUS / "MANIFEST.json"
FORMS: list[str] = (
    [entry["file"] for entry in json.loads(MANIFEST.read_text(encoding="utf-8"))["forms"]]
    if MANIFEST.is_file()
    else []
)


def pyxform_converts(path: Path) -> str:
    """The XForm pyxform makes of the workbook (its checks, without ODK Validate)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return convert(xlsform=str(path), validate=False).xform


def round_trip(instrument: Instrument, path: Path) -> Instrument:
    write_xlsform(instrument, path)
    return read_xlsform(path).instrument


@pytest.mark.parametrize("file_name", FORMS or [None], ids=FORMS or ["no-corpus"])
def test_corpus_form_round_trips_and_converts(file_name: str | None, tmp_path: Path) -> None:
    if file_name is None:
        pytest.skip(f"the shared XLSForm corpus is not here ({CORPUS}); it lives in ../shared")
    original = read_xlsform(CORPUS / file_name).instrument
    exported = tmp_path / Path(file_name).name
    again = round_trip(original, exported)
    assert again.to_dict() == original.to_dict()
    assert again.definition_sha256() == original.definition_sha256()
    assert "<h:html" in pyxform_converts(exported)


def test_export_under_another_name_keeps_the_form_id(corpus: Path, tmp_path: Path) -> None:
    original = read_xlsform(corpus / "simple.xlsx").instrument
    assert "form_id" not in original.settings  # it came from the file name
    again = round_trip(original, tmp_path / "renamed.xlsx")
    assert (again.form_id, again.title) == (original.form_id, original.title)
    assert again.settings == {**original.settings, "form_id": original.form_id}


def _question(name: str, type_: str, label: str = "", **fields: Any) -> Question:
    return Question(name=name, type=type_, labels={"": label} if label else {}, **fields)


def designed_instrument() -> Instrument:
    """An instrument as the designer makes it: no rows, no type spellings, no settings."""
    return Instrument(
        kind="questionnaire",
        form_id="carer_exp",
        title="Carer experience",
        languages=["English (en)", "Français (fr)", ""],
        default_language="English (en)",
        settings={"form_title": "Carer experience", "form_id": "carer_exp"},
        questions=[
            Question(
                name="support",
                type="select_one",
                list_name="yn",
                labels={"English (en)": "=Do you get support?", "Français (fr)": "=Soutien ?"},
                required="true()",
                required_messages={"English (en)": "Please answer"},
                identifying=True,
            ),
            _question(
                "hours",
                "integer",
                "+ hours",
                constraint=". >= 0",
                constraint_messages={"": "-1 is not a number of hours"},
                relevant="${support} = 'yes'",
            ),
            _question(
                "about",
                "group",
                "@ about",
                children=[
                    _question("rate", "range", "Rate", parameters={"start": "1", "end": "5"}),
                    _question("double", "calculate", calculation="${hours} * 2"),
                ],
            ),
            _question(
                "people",
                "repeat",
                "People",
                repeat_count="2",
                children=[_question("who", "text", "Who", extra={"guidance_hint": "first name"})],
            ),
            _question(
                "lookup", "calculate", disabled_expressions={"calculation": "pulldata('a','b')"}
            ),
        ],
        choice_lists={
            "yn": [
                Choice("yes", {"English (en)": "Yes", "Français (fr)": "Oui"}, extra={"g": "1"}),
                Choice("no", {"English (en)": "No", "Français (fr)": "Non"}, extra={"g": "2"}),
            ]
        },
    )


def _without_positions(data: Any) -> Any:
    """A definition without what only the workbook decides: rows, paths, type spellings."""
    if isinstance(data, dict):
        positional = {"row", "end_row", "path", "raw_type"}
        return {k: _without_positions(v) for k, v in data.items() if k not in positional}
    if isinstance(data, list):
        return [_without_positions(item) for item in data]
    return data


def test_designed_instrument_exports_and_converts(tmp_path: Path) -> None:
    designed = designed_instrument()
    path = tmp_path / "carer.xlsx"
    again = round_trip(designed, path)
    expected = designed.to_dict()
    expected["questions"][2]["children"][0]["parameters"]["step"] = "1"  # range default
    assert _without_positions(again.to_dict()) == _without_positions(expected)
    assert [q.row for _p, q in again.walk()] == [2, 3, 4, 5, 6, 8, 9, 11]
    assert again.find("lookup").disabled_expressions == {"calculation": "pulldata('a','b')"}
    assert "<h:html" in pyxform_converts(path)


def test_texts_starting_with_formula_signs_stay_text(tmp_path: Path) -> None:
    path = write_xlsform(designed_instrument(), tmp_path / "carer.xlsx")
    survey = load_workbook(path)["survey"]
    cells = {cell.value: cell for row in survey.iter_rows(min_row=2) for cell in row}
    for text in ("=Do you get support?", "+ hours", "@ about"):
        assert cells[text].data_type == "s"
    assert load_workbook(path)["choices"]["A2"].value == "yn"


def test_default_language_comes_back_from_column_order_or_settings(tmp_path: Path) -> None:
    bilingual = Instrument(
        kind="questionnaire",
        form_id="bi",
        title="Bilingual",
        languages=["en", "fr"],
        default_language="fr",
        questions=[
            Question("q1", "text", labels={"fr": "Nom", "en": "Name"}, hints={"en": "Full"}),
            Question("q2", "note", hints={"en": "Read"}, labels={"fr": "Lire", "en": "Read"}),
        ],
    )
    survey, settings = questionnaire_sheets(bilingual, "bi")
    texts = [header for header in survey.headers if "::" in header]
    assert texts[0] == "hint::en"  # brings English in first, as `languages` lists it
    assert [h for h in texts if h.startswith("label")] == ["label::fr", "label::en"]
    assert "default_language" not in settings.headers
    again = round_trip(bilingual, tmp_path / "bi.xlsx")
    assert (again.languages, again.default_language) == (["en", "fr"], "fr")

    bilingual.questions[0].labels = {"en": "Name", "fr": "Nom"}  # English label comes first
    again = round_trip(bilingual, tmp_path / "bi.xlsx")
    assert again.default_language == "fr"
    assert again.settings["default_language"] == "fr"


def test_guide_round_trips_through_its_workbook(tmp_path: Path) -> None:
    guide = Instrument(
        kind="focus_group",
        form_id="access_fg",
        title="=Access groups",
        version="3",
        settings={"kind": "focus_group", "title": "=Access groups", "form_id": "access_fg"},
        topics=[
            Topic("getting_there", "Getting there", "How?\nWho with?", ["bus", "car"], ["cost"], 1),
            Topic("waiting", "-Waiting", "How long?", [], ["Usual?", "Why?"], 2),
        ],
    )
    path = tmp_path / "guide.xlsx"
    write_instrument(guide, path)
    again = read_guide(path)
    expected = guide.to_dict()
    expected["settings"]["version"] = "3"
    assert again.to_dict() == expected
