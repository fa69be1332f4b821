"""The Summary sheet: each questionnaire's frequencies and statistics, with native charts.

The figures are the app's (storage.summary_stats and storage.partnership_profile) over the
export's filters; non-relevant answers are always left out of a summary. Every cell is a
value (percentages are numbers, never formulas); each chart is a native Excel bar chart
that reads the value cells beside it. The rows are planned first, so long texts get part
columns like any sheet's and charts know their rows; in the workbook each block is padded
to a chart's height so charts never overlap. A sheet continued past Excel's row limit, and
the CSV of this sheet, get no charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter

from exports.cells import parts_needed
from exports.context import ExportContext
from exports.questionnaire_layout import FamilyLayout
from exports.sheet_writer import Column
from instruments.statistics import Frequencies, NumberSummary, histogram, scored_groups
from storage.partnership_profile import PartnershipProfile, partnership_profile
from storage.summaries import SummaryFilter
from storage.summary_stats import QuestionSummary, summarise

SHEET = "Summary"
COLUMNS = [
    Column("Questionnaire", "questionnaire", type="text"),
    Column("Item", "item", type="text"),
    Column("Category", "category", type="text"),
    Column("Count or value", "value", type="decimal"),
    Column("% of answered", "percent_of_answered", type="decimal"),
    Column("% of all", "percent_of_all", type="decimal"),
    Column("Respondents", "respondents", type="integer"),
    Column("Note", "note", type="text"),
]
ITEM, CATEGORY, VALUE = 1, 2, 3  # positions in COLUMNS
CHART_ROWS = 17  # a chart 8 cm high covers about 16 rows of the default height
BAR_COLOURS = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "999933", "332288")
PROFILE_MIN_GROUPS = 2


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


@dataclass
class ChartPlan:
    """A bar chart over planned rows: one series per (name, first row, last row)."""

    title: str
    category_title: str
    value_title: str
    anchor_row: int
    series: list[tuple[str | None, int, int]]
    category_column: int = CATEGORY
    value_range: tuple[float, float] | None = None
    size: tuple[float, float] = (8, 16)  # height, width in cm


@dataclass
class SummaryPlan:
    """The sheet's rows (row 2 onwards), which of them are padding, and its charts."""

    rows: list[list[Any]] = field(default_factory=list)
    padding: set[int] = field(default_factory=set)
    charts: list[ChartPlan] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return len(self.rows) + 2

    def add(self, values: list[Any]) -> int:
        row = self.next_row
        self.rows.append(values)
        return row

    def end_block(self, first_row: int, chart: ChartPlan | None) -> None:
        """A blank row after the block; with a chart, enough rows to hold it."""
        if chart is not None:
            self.charts.append(chart)
            while self.next_row - first_row < CHART_ROWS:
                self.padding.add(len(self.rows))
                self.rows.append([None] * len(COLUMNS))
        self.padding.add(len(self.rows))
        self.rows.append([None] * len(COLUMNS))

    # --- blocks ---------------------------------------------------------------------------

    def heading(self, name: str, sessions: int, described: str) -> None:
        self.add([name, "Sessions summarised", None, sessions, None, None, None, described])

    def question(self, name: str, summary: QuestionSummary) -> None:
        start = self.next_row
        label = summary.question.label
        if isinstance(summary.overall, Frequencies):
            last = self._frequencies(name, label, summary.overall, summary.not_relevant)
            chart = ChartPlan(label, "Answer", "Respondents", start, [(None, start, last)])
        else:
            first, last = self._numbers(name, label, summary.overall, summary.not_relevant)
            chart = ChartPlan(
                f"{label}: answers given", "Value", "Respondents", start, [(None, first, last)]
            )
        self.end_block(start, chart if chart.series[0][2] >= chart.series[0][1] else None)

    def _frequencies(self, name: str, label: str, table: Frequencies, not_relevant: int) -> int:
        for row in table.rows:
            self.add(
                [
                    name,
                    label,
                    row.label,
                    row.count,
                    _round(row.percent_of_answered),
                    _round(row.percent_of_all),
                    None,
                    None,
                ]
            )
        all_ = table.percent_of_all
        self.add(
            [
                name,
                label,
                "Don't know",
                table.dont_know,
                None,
                _round(all_(table.dont_know)),
                None,
                None,
            ]
        )
        last = self.add(
            [name, label, "Missing", table.missing, None, _round(all_(table.missing)), None, None]
        )
        note = "choose all that apply: percentages are of respondents" if table.multiple else ""
        if not_relevant:
            note += ("; " if note else "") + f"{not_relevant} not relevant, left out"
        self.add(
            [
                name,
                label,
                "Answered",
                table.answered,
                None,
                None,
                None,
                "the denominator of % of answered",
            ]
        )
        self.add(
            [
                name,
                label,
                "Total",
                table.total,
                None,
                100.0 if table.total else None,
                None,
                note or None,
            ]
        )
        return last

    def _numbers(
        self, name: str, label: str, stats: NumberSummary, not_relevant: int
    ) -> tuple[int, int]:
        note = f"{not_relevant} not relevant, left out" if not_relevant else None
        for statistic, value in (
            ("n", stats.n),
            ("Mean", _round(stats.mean, 2)),
            ("Median", stats.median),
            ("Minimum", stats.minimum),
            ("Maximum", stats.maximum),
            ("SD", _round(stats.sd, 2)),
            ("Missing", stats.missing),
        ):
            self.add([name, label, statistic, value, None, None, None, note])
            note = None
        first = self.next_row
        for low, high, count in histogram(list(stats.values)):
            text = f"{low:g}" if low == high else f"{low:g} to {high:g}"
            self.add([name, label, f"Values {text}", count, None, None, None, None])
        return first, self.next_row - 1

    def profile(self, name: str, profile: PartnershipProfile) -> None:
        start = self.add(
            [
                name,
                "Partnership profile",
                None,
                None,
                None,
                None,
                None,
                "spread = highest minus lowest organisation mean (1-4 scale, don't know left "
                f"out, organisations with at least {profile.min_respondents} respondents); "
                f"flagged at {profile.threshold:.1f} or more",
            ]
        )
        for principle in profile.principles:
            spread = principle.spread
            note = "partners disagree" if principle.flagged else None
            if spread is not None:
                note = f"SD {spread.sd:.2f}" + (f"; {note}" if note else "")
            value = _round(spread.range, 2) if spread else None
            self.add(
                [
                    name,
                    principle.label,
                    "Spread between organisations",
                    value,
                    None,
                    None,
                    None,
                    note,
                ]
            )
        series: list[tuple[str | None, int, int]] = []
        for organisation in profile.organisations:
            first = self.next_row
            for principle in profile.principles:
                score = principle.score_of(organisation)
                note = None if score.counted or not score.respondents else "not compared"
                self.add(
                    [
                        name,
                        principle.label,
                        organisation,
                        _round(score.mean, 2),
                        None,
                        None,
                        score.respondents,
                        note,
                    ]
                )
            if any(p.score_of(organisation).counted for p in profile.principles):
                series.append((organisation, first, self.next_row - 1))
        chart = ChartPlan(
            "Mean agreement by principle and organisation",
            "Principle",
            "Mean score (1-4)",
            start,
            series,
            category_column=ITEM,
            value_range=(1, 4),
            size=(12, 20),
        )
        self.end_block(start, chart if series else None)


def _bar_chart(plan: ChartPlan, worksheet: Any, starts: list[int]) -> BarChart:
    """A horizontal bar chart (rows top-down, value axis at the bottom) over the cells."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = plan.title
    chart.x_axis.title = plan.category_title
    chart.y_axis.title = plan.value_title
    chart.x_axis.scaling.orientation = "maxMin"  # rows read top-down, as on the sheet
    chart.y_axis.crosses = "max"  # ...which keeps the value axis at the bottom
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told
    chart.y_axis.delete = False
    chart.height, chart.width = plan.size
    if plan.value_range:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = plan.value_range
    for index, (name, first, last) in enumerate(plan.series):
        values = Reference(worksheet, min_col=starts[VALUE], min_row=first, max_row=last)
        chart.add_data(values, titles_from_data=False)
        series = chart.series[-1]
        if name:
            series.tx = SeriesLabel(v=name)
        series.graphicalProperties.solidFill = BAR_COLOURS[index % len(BAR_COLOURS)]
    _, first, last = plan.series[0]
    column = starts[plan.category_column]
    chart.set_categories(Reference(worksheet, min_col=column, min_row=first, max_row=last))
    if len(plan.series) > 1:
        chart.legend.position = "b"
    else:
        chart.legend = None
    return chart


def _summary_filter(ctx: ExportContext, layout: FamilyLayout) -> SummaryFilter:
    options = ctx.options
    return SummaryFilter(
        family_id=layout.family_id,
        site_ids=ctx.scope.site_ids,
        date_from=options.date_from.isoformat() if options.date_from else None,
        date_to=options.date_to.isoformat() if options.date_to else None,
        statuses=tuple(options.statuses),
        include_withdrawn=options.include_withdrawn,
    )


def _names(ctx: ExportContext) -> dict[str, str]:
    """family id -> the questionnaire's name, with its study when several are exported."""
    studies = {study["id"]: study["name"] for study in ctx.scope.studies}
    several = len(studies) > 1
    return {
        layout.family_id: f"{layout.name} ({studies.get(layout.latest['study_id'], '')})"
        if several
        else layout.name
        for layout in ctx.scope.families
    }


def plan_summary(ctx: ExportContext) -> SummaryPlan:
    """Every questionnaire in scope: a heading, one block per question, a profile if any."""
    plan = SummaryPlan()
    names = _names(ctx)
    for layout in ctx.scope.families:
        ctx.ticker.check()
        name = names[layout.family_id]
        summary_filter = _summary_filter(ctx, layout)
        summary = summarise(ctx.store, summary_filter)
        plan.heading(name, summary.sessions, summary_filter.describe())
        for question in summary.questions:
            plan.question(name, question)
        latest = layout.instruments[layout.latest["id"]]
        if len(scored_groups(latest)) >= PROFILE_MIN_GROUPS:
            profile = partnership_profile(ctx.store, layout.latest["id"], summary_filter)
            plan.profile(name, profile)
    return plan


def _columns(rows: list[list[Any]], limit: int) -> list[Column]:
    """The columns, each text column with the part columns its longest text needs."""
    columns = []
    for index, column in enumerate(COLUMNS):
        texts = [row[index] for row in rows if isinstance(row[index], str)]
        parts = max((parts_needed(text, limit) for text in texts), default=1)
        columns.append(replace(column, parts=max(parts, 1)))
    return columns


def write_summary(ctx: ExportContext) -> None:
    plan = plan_summary(ctx)
    columns = _columns(plan.rows, ctx.max_text)
    sink = ctx.open_sheet(SHEET, columns, describe=False)
    worksheet = getattr(sink, "worksheet", None)  # None for CSV and counting sinks
    for index, row in enumerate(plan.rows):
        if worksheet is None and index in plan.padding:
            continue
        sink.append(row)
    if worksheet is not None and not sink.report.continued_on:
        # Where each column starts on the sheet once long texts have their part columns.
        starts, position = [], 1
        for column in columns:
            starts.append(position)
            position += column.parts
        anchor = get_column_letter(position + 1)
        for chart in plan.charts:
            worksheet.add_chart(_bar_chart(chart, worksheet, starts), f"{anchor}{chart.anchor_row}")
    sink.close()
