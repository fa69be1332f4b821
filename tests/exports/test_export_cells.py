"""The one place that writes a cell: text stays text, nothing is cut, escapes round-trip."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from exports.cells import (
    CellMaker,
    csv_text,
    csv_unescape,
    escape_text,
    split_text,
    text_cost,
    unescape_text,
)
from exports.errors import ExportError
from exports.sheet_names import SheetNames, clean_sheet_name


@pytest.fixture
def maker():
    workbook = Workbook(write_only=True)
    return CellMaker(workbook.create_sheet("t"), max_text=100)


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("x")', "#N/A", "#DIV/0!"])
def test_formula_and_error_lookalikes_become_forced_text_cells(maker, text):
    cell = maker.make(text)
    assert cell.data_type == "s" and cell.value == text


@pytest.mark.parametrize("text", ["+44 20", "-x", "@SUM(A1)", "plain", "x=1"])
def test_other_strings_go_out_as_plain_text(maker, text):
    assert maker.make(text) == text


def test_values_keep_their_types(maker):
    assert maker.make(3) == 3 and maker.make(2.5) == 2.5 and maker.make(True) is True
    assert maker.make(date(2026, 1, 2)) == date(2026, 1, 2)
    assert maker.make(time(7, 30)) == time(7, 30)
    assert maker.make(timedelta(seconds=5)) == timedelta(seconds=5)
    assert maker.make(2**60) == str(2**60)  # Excel would lose digits
    assert maker.make(float("nan")) == "nan"
    assert maker.make(date(1850, 1, 1)) == "1850-01-01"  # before Excel's calendar
    assert maker.make(None) is None and maker.make("") is None
    assert maker.make(["a", "b"]) == '["a", "b"]'


def test_a_value_too_long_for_its_cell_raises_instead_of_truncating(maker):
    with pytest.raises(ExportError, match="without being split"):
        maker.make("x" * 101)


def test_escapes_for_what_xml_cannot_hold():
    text = "a\x0bb _x0041_ \ud800 end\n\t"
    escaped = escape_text(text)
    assert "\x0b" not in escaped and "_x000B_" in escaped and "_x005F_x0041_" in escaped
    assert unescape_text(escaped) == text


@given(st.text(min_size=0, max_size=300), st.integers(min_value=7, max_value=40))
def test_split_parts_fit_and_join_back(text, limit):
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(text_cost(part) <= limit for part in parts)
    assert "".join(unescape_text(escape_text(part)) for part in parts) == text


def test_split_never_cuts_an_astral_character():
    text = "😀" * 10
    parts = split_text(text, 7)
    assert "".join(parts) == text and all(len(p.encode("utf-16-le")) // 2 <= 7 for p in parts)


def test_split_of_33000_characters_at_excel_limit():
    text = "a" * 33_000
    assert [len(part) for part in split_text(text)] == [32_767, 233]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-x", "'-x"),
        ("@A", "'@A"),
        ("'=x", "''=x"),
        ("'plain", "'plain"),
        ("ok", "ok"),
        (-5, "-5"),
        (1.5, "1.5"),
        (datetime(2026, 1, 2, 3, 4, 5), "2026-01-02 03:04:05"),
        (timedelta(hours=1, minutes=2, seconds=5), "1:02:05"),
        (None, ""),
    ],
)
def test_csv_text_protects_formulas_and_round_trips(value, written):
    assert csv_text(value) == written
    if isinstance(value, str):
        assert csv_unescape(written) == value


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("Survey [v2]: *draft*?", "Survey _v2__ _draft__"),
        ("a/b\\c", "a_b_c"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("History", "History_"),
        ("", "Sheet"),
    ],
)
def test_sheet_names_are_cleaned(name, cleaned):
    assert clean_sheet_name(name) == cleaned


def test_sheet_names_are_unique_case_insensitively():
    names = SheetNames()
    assert names.take("about") == "about_2"  # the About sheet is reserved
    assert names.take("Survey") == "Survey"
    assert names.take("SURVEY") == "SURVEY_2"
    long = "y" * 40
    assert names.take(long) == "y" * 31
    assert names.take(long) == "y" * 29 + "_2"
    assert names.continuation("Survey", 2) == "Survey (2)"
