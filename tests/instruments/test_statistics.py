"""Frequency tables, number summaries and spreads against hand-computed values."""

from __future__ import annotations

import math

import pytest

from instruments.model import Choice
from instruments.statistics import (
    as_number,
    choice_score,
    describe_numbers,
    frequencies,
    histogram,
    is_dont_know,
    spread,
)

CHOICES = [
    Choice("red", {"": "Red"}),
    Choice("blue", {"": "Blue"}),
    Choice("green", {"": "Green"}),
    Choice("dont_know", {"": "Don't know"}),
]


def test_frequencies_keep_dont_know_and_missing_apart():
    table = frequencies(["red", "red", "blue", "dont_know", None, "red"], CHOICES)
    assert (table.answered, table.dont_know, table.missing, table.total) == (4, 1, 1, 6)
    rows = {row.name: row for row in table.rows}
    assert list(rows) == ["red", "blue", "green"]  # don't know is not a row of its own
    assert rows["red"].count == 3
    assert rows["red"].percent_of_answered == pytest.approx(75.0)
    assert rows["red"].percent_of_all == pytest.approx(50.0)
    assert rows["green"].count == 0 and rows["green"].percent_of_answered == 0.0
    assert table.percent_of_all(table.dont_know) == pytest.approx(100 / 6)


def test_select_multiple_counts_respondents_and_may_pass_one_hundred_percent():
    table = frequencies([["red", "blue"], ["red"], [], ["dont_know"]], CHOICES, multiple=True)
    assert (table.answered, table.dont_know, table.missing) == (2, 1, 1)
    assert table.count_of("red") == 2 and table.count_of("blue") == 1
    assert sum(row.percent_of_answered for row in table.rows) == pytest.approx(150.0)


def test_a_value_outside_the_choice_list_is_shown_not_lost():
    table = frequencies(["red", "purple"], CHOICES)
    assert [row.name for row in table.rows] == ["red", "blue", "green", "purple"]
    assert table.count_of("purple") == 1


def test_empty_frequencies_have_no_percentages():
    table = frequencies([], CHOICES)
    assert table.total == 0
    assert all(row.percent_of_answered is None for row in table.rows)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Choice("dk", {"": "DK"}), True),
        (Choice("x", {"": "Don't know"}), True),
        (Choice("x", {"English (en)": "Do not know"}), True),
        (Choice("x", {"": "Don\u2019t know."}), True),
        (Choice("x", {"": "Know"}), False),
        (Choice("agree", {"": "Agree"}), False),
    ],
)
def test_dont_know_is_recognised_by_name_or_label(choice, expected):
    assert is_dont_know(choice) is expected


def test_choice_scores_come_from_the_score_column():
    assert choice_score(Choice("a", extra={"score": "4"})) == 4.0
    assert choice_score(Choice("a", extra={"score": "two"})) is None
    assert choice_score(Choice("a")) is None


def test_number_summary_by_hand():
    summary = describe_numbers([20, 30, 40, 50], missing=2)
    assert (summary.n, summary.missing) == (4, 2)
    assert summary.mean == 35 and summary.median == 35
    assert (summary.minimum, summary.maximum) == (20, 50)
    assert summary.sd == pytest.approx(math.sqrt(500 / 3))


def test_number_summary_of_one_value_and_of_none():
    assert describe_numbers([7]).sd is None
    empty = describe_numbers([], missing=3)
    assert (empty.n, empty.missing, empty.mean) == (0, 3, None)


@pytest.mark.parametrize(
    ("raw", "number"),
    [(3, 3.0), (2.5, 2.5), ("4", 4.0), (True, None), ("n/a", None), (None, None)],
)
def test_as_number(raw, number):
    assert as_number(raw) == number


def test_histogram_of_few_whole_numbers_has_one_bar_per_value():
    assert histogram([1, 1, 3]) == [(1.0, 1.0, 2), (2.0, 2.0, 0), (3.0, 3.0, 1)]


def test_histogram_of_whole_numbers_has_inclusive_whole_bins():
    values = [0, 1, 2, 5, 9, 14, 30, 41, 52, 104]
    assert histogram(values, bins=5) == [
        (0, 20, 6),
        (21, 41, 2),
        (42, 62, 1),
        (63, 83, 0),
        (84, 104, 1),
    ]


def test_histogram_of_decimals_counts_every_value_once():
    bins = histogram([0.5, 1.25, 1.8, 2.5], bins=4)
    assert [count for _, _, count in bins] == [1, 1, 1, 1]
    assert bins[0][0] == 0.5 and bins[-1][1] == pytest.approx(2.5)


def test_spread_is_range_and_population_sd_of_the_means():
    found = spread([3.75, 1.75])
    assert found.range == pytest.approx(2.0) and found.sd == pytest.approx(1.0)
    assert spread([3.0]) is None
