"""Turning typed text and spreadsheet cells into stored answers, and answer paths."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from instruments.answers import (
    AnswerError,
    ChoiceSet,
    coerce_answer,
    instance_path,
    question_path_of,
)


@pytest.mark.parametrize(
    ("entry_type", "raw", "stored"),
    [
        ("text", "  keep spaces inside  ", "  keep spaces inside  "),
        ("text", 12.0, "12"),
        ("integer", "42", 42),
        ("integer", 42.0, 42),
        ("integer", "1,200", 1200),
        ("decimal", "3.50", 3.5),
        ("decimal", 7, 7),
        ("range", "4", 4),
        ("select_one", "carer", "carer"),
        ("select_multiple", "a b a", ["a", "b"]),
        ("select_multiple", ["b", "a"], ["b", "a"]),
        ("rank", "c a b", ["c", "a", "b"]),
        ("date", "2026-03-04", "2026-03-04"),
        ("date", "04/03/2026", "2026-03-04"),
        ("date", datetime(2026, 3, 4, 10, 0), "2026-03-04"),
        ("date", date(2026, 3, 4), "2026-03-04"),
        ("time", "09:30", "09:30:00"),
        ("time", time(9, 30, 15), "09:30:15"),
        ("dateTime", "2026-03-04 09:30", "2026-03-04T09:30:00"),
        ("acknowledge", "OK", "OK"),
        ("acknowledge", 1, "OK"),
        ("integer", "", None),
        ("text", None, None),
    ],
)
def test_values_are_stored_in_their_type(entry_type, raw, stored):
    assert coerce_answer(entry_type, raw) == stored


@pytest.mark.parametrize(
    ("entry_type", "raw", "message"),
    [
        ("integer", "three", "not a whole number"),
        ("integer", 2.5, "not a whole number"),
        ("integer", True, "whole number"),
        ("integer", 2**60, "too large"),
        ("decimal", "1.2.3", "not a number"),
        ("decimal", "nan", "finite"),
        ("date", "31/02/2026", "not a date"),
        ("time", "25:00", "not a time"),
        ("dateTime", "yesterday", "not a date and time"),
        ("select_one", "a b", "only one"),
        ("acknowledge", "maybe", "acknowledgement"),
    ],
)
def test_bad_values_are_refused_with_a_reason(entry_type, raw, message):
    with pytest.raises(AnswerError, match=message):
        coerce_answer(entry_type, raw)


def test_choices_are_checked():
    offered = ChoiceSet(("yes", "no"))
    assert coerce_answer("select_one", "yes", offered) == "yes"
    with pytest.raises(AnswerError, match="'maybe' is not one of the choices"):
        coerce_answer("select_one", "maybe", offered)
    with pytest.raises(AnswerError, match="'x'"):
        coerce_answer("select_multiple", "yes x", offered)
    assert coerce_answer("select_one", "other", offered, allow_other=True) == "other"


def test_answer_paths_number_repeat_instances():
    assert instance_path("hh/member/age", {"hh/member": 2}) == "hh/member[2]/age"
    assert instance_path("age") == "age"
    assert question_path_of("hh/member[2]/visit[3]/when") == ("hh/member/visit/when", [2, 3])
