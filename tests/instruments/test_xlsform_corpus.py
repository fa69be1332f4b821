"""The real-world XLSForm corpus: 94 forms import with the manifest's counts, 10 are refused.

Ground truth is `MANIFEST.json` (computed with pyxform 4.5.0). Row counts by type are the
manifest's `types` plus `types_other`: raw survey rows with pure aliases folded, end rows
counted as rows of their own. Our `question_count_by_type("xlsform")` counts the same
rows from the model: each question once by its row spelling, and each group or repeat once
more for the end row recorded in `end_row` when the matching end row was read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from instruments.errors import FormError
from instruments.xlsform_reader import read_xlsform

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus" / "xlsforms"
MANIFEST = CORPUS / "MANIFEST.json"


def _manifest() -> dict[str, Any]:
    if not MANIFEST.is_file():
        return {"forms": [], "invalid": []}
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


_ENTRIES = _manifest()
FORMS = _ENTRIES["forms"]
INVALID = _ENTRIES["invalid"]

# Where our message is deliberately not the reference tool's wording. The two calculation
# errors are ODK Validate's (Java, run on the generated XForm); we refuse them ourselves
# while parsing, naming the cell. pyxform's wording for a 0-byte file is about argument
# types, which means nothing to a researcher.
EQUIVALENT_MESSAGES = {
    "invalid/bad_calc.xlsx": 'survey sheet, row 2, column "calculation": unexpected word',
    "invalid/error_test_form.xlsx": 'survey sheet, row 5, column "calculation": unclosed bracket',
    "invalid/empty.xlsx": "empty.xlsx is empty (0 bytes)",
}


def _skip_without_corpus() -> None:
    if not MANIFEST.is_file():
        pytest.skip(f"the shared XLSForm corpus is not here ({CORPUS.resolve()})")


def _uses_single_colon_languages(columns: list[str]) -> bool:
    """`label:english` headers: pyxform reads a language; the manifest reads only `::`."""
    return not any("::" in c for c in columns) and any(
        c.split(":")[0] in {"label", "hint"} and ":" in c for c in columns
    )


@pytest.fixture(scope="module")
def imported() -> dict[str, Any]:
    """Each corpus form imported once for the whole module (keeps the run short)."""
    _skip_without_corpus()
    return {entry["file"]: read_xlsform(CORPUS / entry["file"]) for entry in FORMS}


def test_manifest_lists_the_whole_corpus() -> None:
    _skip_without_corpus()
    assert (len(FORMS), len(INVALID)) == (94, 10)


@pytest.mark.parametrize("entry", FORMS, ids=[entry["file"] for entry in FORMS])
def test_form_imports_with_manifest_counts(entry: dict[str, Any], imported: dict) -> None:
    instrument, _report = imported[entry["file"]]
    expected = {
        name: count for name, count in {**entry["types"], **entry["types_other"]}.items() if count
    }
    counts = instrument.question_count_by_type("xlsform")
    assert counts == expected
    assert sum(counts.values()) == entry["survey_rows"]
    assert len(instrument.choice_lists) == entry["choice_lists"]
    assert sum(len(c) for c in instrument.choice_lists.values()) == entry["choices"]


@pytest.mark.parametrize("entry", FORMS, ids=[entry["file"] for entry in FORMS])
def test_form_identity_and_languages_match_pyxform(entry: dict[str, Any], imported: dict) -> None:
    instrument, _report = imported[entry["file"]]
    if entry["settings"]["form_id"]:
        assert instrument.form_id == entry["pyxform"]["id_string"]
    else:
        # pyxform falls back to the file name; the corpus renamed some files (README).
        assert instrument.form_id == Path(entry["file"]).stem
    if entry["settings"]["form_title"] or entry["settings"]["form_id"]:
        assert instrument.title == entry["pyxform"]["title"]
    else:
        assert instrument.title == instrument.form_id
    assert instrument.version == (entry["settings"]["version"] or "")
    found = {language for language in instrument.languages if language}
    if _uses_single_colon_languages(entry["survey_columns"]):
        assert set(entry["languages"]) <= found
    else:
        assert found == set(entry["languages"])
    if entry["settings"]["default_language"]:
        assert instrument.default_language == entry["settings"]["default_language"]


@pytest.mark.parametrize("entry", FORMS, ids=[entry["file"] for entry in FORMS])
def test_form_definition_round_trips_through_json(entry: dict[str, Any], imported: dict) -> None:
    instrument, _report = imported[entry["file"]]
    text = instrument.to_json()
    again = type(instrument).from_json(text)
    assert again == instrument
    assert again.to_json() == text


@pytest.mark.parametrize("entry", INVALID, ids=[entry["file"] for entry in INVALID])
def test_invalid_form_is_refused_with_a_clear_message(entry: dict[str, Any]) -> None:
    _skip_without_corpus()
    with pytest.raises(FormError) as caught:
        read_xlsform(CORPUS / entry["file"])
    message = str(caught.value)
    expected = EQUIVALENT_MESSAGES.get(entry["file"], entry["expected_error_contains"])
    assert expected in message
    if entry["file"] != "invalid/empty.xlsx":
        error = caught.value
        assert error.sheet or error.row or error.column, "a refusal must say where the fault is"
