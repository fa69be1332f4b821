"""The right-hand side of the summary screen: one question's heading, table and chart."""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.charts import chart_view, empty_chart
from gui.result_table import GridModel, TableChartSplit, grid_view
from gui.summaries.question_tables import question_chart, question_grid
from storage.summary_stats import QuestionSummary

KIND_LABELS = {
    "select_one": "One choice",
    "select_multiple": "Choose all that apply: percentages are of respondents, so they may "
    "add up to more than 100%",
    "number": "Number",
}


class QuestionPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.model = GridModel(self)
        self.table = grid_view(self.model, "Question summary table")
        self.chart = chart_view(empty_chart("", ""), "Question summary chart", 320)
        self.split = split = TableChartSplit(self.table, self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(split, 1)

    def show_question(self, summary: QuestionSummary | None, groups: list[str]) -> None:
        if summary is None:
            self.heading.setText("No question to summarise")
            self.details.setText(
                "This questionnaire has no select or number questions outside repeats."
            )
            self.model.set_grid([], [])
            self._set_chart(empty_chart("", ""))
            return
        question = summary.question
        self.heading.setText(question.label)
        parts = [
            KIND_LABELS[question.kind],
            f" · in “{question.section}”" if question.section else "",
        ]
        if summary.not_relevant:
            parts.append(
                f". {summary.not_relevant} session(s) where the question did not apply "
                "are left out."
            )
        self.details.setText("".join(parts))
        headers, rows, numeric_from = question_grid(summary, groups)
        self.model.set_grid(headers, rows, numeric_from)
        self._set_chart(question_chart(summary, groups))
        self.split.fit()

    def _set_chart(self, chart: QChart) -> None:
        previous = self.chart.chart()
        self.chart.setChart(chart)
        if previous is not None and previous is not chart:
            previous.deleteLater()
