"""One summarised question as a table and a chart: frequencies for selects, statistics for numbers.

Only presentation: every figure comes from storage.summary_stats. Don't know and missing
stay in rows of their own, and in grey in the charts.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtGui import QColor

from gui.charts import (
    GREY,
    LIGHT_GREY,
    bar_set,
    colour,
    empty_chart,
    horizontal_bars,
    ordinal_colours,
    vertical_bars,
    wrap,
)
from gui.result_table import GridRow, count_text, number_text, percent_text, value_text
from instruments.statistics import Frequencies, NumberSummary, choice_score, histogram
from storage.summary_stats import QuestionSummary

Grid = tuple[list[str], list[GridRow], int]


def question_grid(summary: QuestionSummary, groups: list[str]) -> Grid:
    if summary.question.is_select:
        if groups:
            return _frequency_breakdown(summary, groups)
        return _frequency_table(summary.overall)
    return _number_table(summary, groups)


def _frequency_table(table: Frequencies) -> Grid:
    headers = ["Answer", "Count", "% of answered", "% of all"]
    rows = [
        GridRow(
            [
                row.label,
                str(row.count),
                percent_text(row.percent_of_answered),
                percent_text(row.percent_of_all),
            ]
        )
        for row in table.rows
    ]
    rows.append(
        GridRow(
            [
                "Don't know",
                str(table.dont_know),
                "",
                percent_text(table.percent_of_all(table.dont_know)),
            ]
        )
    )
    rows.append(
        GridRow(
            ["Missing", str(table.missing), "", percent_text(table.percent_of_all(table.missing))]
        )
    )
    answered = "respondents who answered" if table.multiple else "answered"
    rows.append(
        GridRow(
            [
                f"Total ({table.answered} {answered})",
                str(table.total),
                "",
                "100%" if table.total else "–",
            ],
            bold=True,
        )
    )
    return headers, rows, 1


def _frequency_breakdown(summary: QuestionSummary, groups: list[str]) -> Grid:
    tables: list[tuple[str, Frequencies]] = [("All", summary.overall)]  # type: ignore[list-item]
    tables += [(group, summary.by_group[group]) for group in groups]  # type: ignore[misc]
    headers = ["Answer"] + [wrap(name, 20) for name, _ in tables]
    rows = []
    for position, row in enumerate(summary.overall.rows):  # type: ignore[union-attr]
        rows.append(
            GridRow(
                [row.label]
                + [
                    count_text(t.rows[position].count, t.rows[position].percent_of_answered)
                    for _, t in tables
                ]
            )
        )
    rows.append(GridRow(["Don't know"] + [count_text(t.dont_know, None) for _, t in tables]))
    rows.append(GridRow(["Missing"] + [count_text(t.missing, None) for _, t in tables]))
    rows.append(GridRow(["Respondents"] + [str(t.total) for _, t in tables], bold=True))
    return headers, rows, 1


def _number_table(summary: QuestionSummary, groups: list[str]) -> Grid:
    headers = ["Group", "n", "Mean", "Median", "Min", "Max", "SD", "Missing"]
    results: list[tuple[str, NumberSummary]] = [("All", summary.overall)]  # type: ignore[list-item]
    results += [(group, summary.by_group[group]) for group in groups]  # type: ignore[misc]
    rows = [
        GridRow(
            [
                name,
                str(s.n),
                number_text(s.mean),
                value_text(s.median),
                value_text(s.minimum),
                value_text(s.maximum),
                number_text(s.sd),
                str(s.missing),
            ],
            bold=name == "All" and bool(groups),
        )
        for name, s in results
    ]
    return headers, rows, 1


# --- charts ---------------------------------------------------------------------------------


def question_chart(summary: QuestionSummary, groups: list[str]) -> QChart:
    title = summary.question.label
    if summary.question.is_select:
        table: Frequencies = summary.overall  # type: ignore[assignment]
        if table.total == 0:
            return empty_chart(title, "No answers match these filters.")
        if groups:
            return _frequency_breakdown_chart(summary, groups)
        return _frequency_chart(title, table)
    numbers: NumberSummary = summary.overall  # type: ignore[assignment]
    if numbers.n == 0:
        return empty_chart(title, "No answers match these filters.")
    if groups:
        return _mean_chart(summary, groups)
    return _histogram_chart(title, numbers)


def _frequency_chart(title: str, table: Frequencies) -> QChart:
    labels = [row.label for row in table.rows] + ["Don't know", "Missing"]
    answers = [row.count for row in table.rows] + [0, 0]
    apart = [0] * len(table.rows) + [table.dont_know, table.missing]
    return horizontal_bars(
        title,
        labels,
        [("Answers", answers, colour(0)), ("Don't know or missing", apart, GREY)],
        "Respondents",
        stacked=True,
        integers=True,
        labels=True,
    )


def _frequency_breakdown_chart(summary: QuestionSummary, groups: list[str]) -> QChart:
    overall: Frequencies = summary.overall  # type: ignore[assignment]
    tables: list[Frequencies] = [summary.by_group[g] for g in groups]  # type: ignore[misc]
    if overall.multiple:
        sets = [
            (group, [row.percent_of_answered or 0.0 for row in table.rows], colour(index))
            for index, (group, table) in enumerate(zip(groups, tables, strict=True))
        ]
        return horizontal_bars(
            summary.question.label,
            [row.label for row in overall.rows],
            sets,
            "% of respondents in the group who answered",
            value_range=(0, 100),
        )
    fills = _choice_colours(summary)
    sets = [
        (row.label, [t.rows[position].count for t in tables], fills[position])
        for position, row in enumerate(overall.rows)
    ]
    sets.append(("Don't know", [t.dont_know for t in tables], GREY))
    sets.append(("Missing", [t.missing for t in tables], LIGHT_GREY))
    return horizontal_bars(
        summary.question.label,
        groups,
        sets,
        "% of respondents in the group",
        percent=True,
    )


def _choice_colours(summary: QuestionSummary) -> list[QColor | str]:
    """A red-to-blue scale when every choice has a score (an ordered scale), else the palette."""
    rows = summary.overall.rows  # type: ignore[union-attr]
    scores = {c.name: choice_score(c) for c in summary.question.choices}
    found = [scores.get(row.name) for row in rows]
    palette = ordinal_colours(len(rows)) if None not in found else None
    if palette is None or len(set(found)) != len(found):
        return [colour(index) for index in range(len(rows))]
    ranks = sorted(found)
    return [palette[ranks.index(score)] for score in found]


def _mean_chart(summary: QuestionSummary, groups: list[str]) -> QChart:
    results: list[NumberSummary] = [summary.by_group[g] for g in groups]  # type: ignore[misc]
    return horizontal_bars(
        summary.question.label,
        groups,
        [
            ("Mean", [r.mean or 0.0 for r in results], colour(0)),
            ("Median", [r.median or 0.0 for r in results], colour(1)),
        ],
        "Value given",
    )


def _histogram_chart(title: str, numbers: NumberSummary) -> QChart:
    bins = histogram(list(numbers.values))
    categories = [
        value_text(low) if low == high else f"{value_text(low)}–{value_text(high)}"
        for low, high, _ in bins
    ]
    bars = bar_set("Respondents", [count for _, _, count in bins], colour(0))
    return vertical_bars(title, categories, bars, "Value given", "Respondents")
