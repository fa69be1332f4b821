"""Qt Charts made the same way on every screen: readable colours, titles, labelled axes.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); agreement scales use a red-to-blue diverging scheme with grey for "don't
know" and missing, so the middle of the scale never looks like an answer category.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalPercentBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#999933",  # olive
    "#332288",  # indigo
    "#882255",  # wine
    "#44AA99",  # teal
)
GREY = "#A6A6A6"
LIGHT_GREY = "#D9D9D9"
# Strongly disagree -> strongly agree.
AGREEMENT_COLOURS = ("#B2182B", "#EF8A62", "#67A9CF", "#2166AC")
PROGRESS_COLOURS = {"complete": "#0072B2", "draft": "#E69F00", "to come": LIGHT_GREY}
# Red (lowest) to blue (highest), with a sand middle where a scale has one; no white or
# grey, which stand for "don't know" and missing.
_ORDINAL = {
    2: ("#B2182B", "#2166AC"),
    3: ("#B2182B", "#D9C38A", "#2166AC"),
    4: AGREEMENT_COLOURS,
    5: ("#B2182B", "#EF8A62", "#D9C38A", "#67A9CF", "#2166AC"),
    6: ("#B2182B", "#D6604D", "#F4A582", "#92C5DE", "#4393C3", "#2166AC"),
    7: ("#B2182B", "#D6604D", "#F4A582", "#D9C38A", "#92C5DE", "#4393C3", "#2166AC"),
}


def ordinal_colours(size: int) -> list[str] | None:
    """Colours for a scale of `size` points from lowest to highest; None if too long."""
    found = _ORDINAL.get(size)
    return list(found) if found else None


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def wrap(text: str, width: int = 28, lines: int = 2) -> str:
    """Text broken into at most `lines` lines (ellipsis after), for axis labels and headers."""
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…")) or text


def axis_label(text: str, width: int = 34, lines: int = 3) -> str:
    """A category label over several lines (Qt Charts labels take rich text, so <br>)."""
    parts = textwrap.wrap(text, width, max_lines=lines, placeholder="…") or [text]
    return "<br>".join(html.escape(part) for part in parts)


def new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.1)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def chart_view(chart: QChart, accessible_name: str, minimum_height: int = 300) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(minimum_height)
    view.setAccessibleName(accessible_name)
    return view


def bar_set(label: str, values: Sequence[float], fill: QColor | str) -> QBarSet:
    bars = QBarSet(label)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(fill))
    bars.setBorderColor(QColor(fill).darker(125))
    return bars


def _value_axis(title: str, low: float, high: float, integers: bool = False) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setRange(low, high)
    if integers:
        axis.setLabelFormat("%d")
        span = max(1, int(high - low))
        step = max(1, -(-span // 10))
        axis.setTickCount(-(-span // step) + 1)
        axis.setRange(low, low + (axis.tickCount() - 1) * step)
    else:
        axis.setLabelFormat("%.1f")
        axis.applyNiceNumbers()
    return axis


def _scale_axis(title: str, low: float, high: float) -> QValueAxis:
    """A fixed scale (1 to 4, 0 to 100%) with a tick at every half or tenth."""
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setRange(low, high)
    span = high - low
    if span <= 10:
        axis.setTickCount(int(span * 2) + 1)
        axis.setLabelFormat("%.1f")
    else:
        axis.setTickCount(11)
        axis.setLabelFormat("%d")
    return axis


def _category_axis(categories: Sequence[str], title: str = "") -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(list(categories))
    if title:
        axis.setTitleText(title)
    return axis


Bars = tuple[str, Sequence[float], "QColor | str"]  # (legend label, values, colour)


def horizontal_bars(
    title: str,
    categories: Sequence[str],
    sets: Sequence[Bars],
    value_title: str,
    *,
    stacked: bool = False,
    percent: bool = False,
    value_range: tuple[float, float] | None = None,
    integers: bool = False,
    labels: bool = False,
) -> QChart:
    """Bars along a value axis, one row per category, read top-down in the given order."""
    chart = new_chart(title)
    if percent:
        series: QAbstractBarSeries = QHorizontalPercentBarSeries()
    elif stacked:
        series = QHorizontalStackedBarSeries()
    else:
        series = QHorizontalBarSeries()
    # Qt draws the first category at the bottom: reverse, so lists read top-down.
    for label, values, fill in sets:
        series.append(bar_set(label, list(values)[::-1], fill))
    # Few rows would make bars fat slabs: keep them about as thick as in a longer chart.
    bars_per_row = 1 if stacked or percent else max(1, len(sets))
    series.setBarWidth(min(0.8, 0.12 * len(categories) * bars_per_row))
    if labels:
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd)
        series.setLabelsPrecision(3)
    chart.addSeries(series)
    rows = _category_axis([axis_label(c) for c in categories][::-1])
    chart.addAxis(rows, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(rows)
    if percent or value_range:
        low, high = (0.0, 100.0) if percent else value_range
        values_axis = _scale_axis(value_title, low, high)
    else:
        top = max(1.0, _largest(sets, stacked))
        values_axis = _value_axis(value_title, 0.0, top if integers else top * 1.05, integers)
    chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(values_axis)
    chart.legend().setVisible(len(sets) > 1)
    return chart


def _largest(sets: Sequence[Bars], stacked: bool) -> float:
    columns = list(zip(*(values for _, values, _ in sets), strict=True))
    if not columns:
        return 0.0
    return max(sum(column) if stacked else max(column) for column in columns)


def vertical_bars(
    title: str, categories: Sequence[str], bars: QBarSet, category_title: str, value_title: str
) -> QChart:
    """One set of columns, e.g. a histogram."""
    chart = new_chart(title)
    series = QBarSeries()
    series.append(bars)
    series.setBarWidth(0.9)
    chart.addSeries(series)
    axis_x = _category_axis(categories, category_title)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    top = max([bars.at(i) for i in range(bars.count())] + [1])
    axis_y = _value_axis(value_title, 0, top * 1.1, integers=True)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setVisible(False)
    return chart


def date_lines(
    title: str,
    days: Sequence[str],
    series: dict[str, Sequence[int]],
    date_title: str,
    value_title: str,
) -> QChart:
    """One line per group over dates (YYYY-MM-DD)."""
    chart = new_chart(title)
    moments = [QDateTime(_qdate(day), QTime(12, 0)) for day in days]
    axis_x = QDateTimeAxis()
    axis_x.setTitleText(date_title)
    axis_x.setFormat("d MMM")
    axis_x.setTickCount(min(max(len(days), 2), 10))
    if moments:
        axis_x.setRange(moments[0], moments[-1] if len(moments) > 1 else moments[0].addDays(7))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    top = max([max(values, default=0) for values in series.values()] + [1])
    axis_y = _value_axis(value_title, 0, top * 1.1, integers=True)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for index, (name, values) in enumerate(series.items()):
        line = QLineSeries()
        line.setName(name)
        for moment, value in zip(moments, values, strict=True):
            line.append(moment.toMSecsSinceEpoch(), value)
        pen = QPen(colour(index))
        pen.setWidth(3)
        line.setPen(pen)
        line.setPointsVisible(True)
        chart.addSeries(line)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
    return chart


def _qdate(day: str) -> QDate:
    parsed = date.fromisoformat(day)
    return QDate(parsed.year, parsed.month, parsed.day)


def empty_chart(title: str, message: str) -> QChart:
    """A chart area that says why there is nothing to draw."""
    chart = new_chart(title)
    chart.legend().setVisible(False)
    chart.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
    chart.setToolTip(message)
    chart.setTitle(f"{title}\n\n{message}")
    return chart
