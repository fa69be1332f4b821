"""File > Import responses: a spreadsheet of answers into a questionnaire, all or nothing.

The core checks every cell before it keeps anything; when one is wrong it refuses the whole
file and lists every refused cell, which this dialog shows as a table to correct from.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.result_table import GridModel, GridRow, grid_view
from gui.transfer.file_field import FileField
from gui.transfer.run_dialog import (
    REFUSED,
    SUCCEEDED,
    TransferDialog,
    announce,
    report_table,
)
from gui.transfer.worker import CancelFlag, Cancelled, Job, ProgressCallback
from gui.write_tracker import WriteTracker
from storage.store import Store

if TYPE_CHECKING:
    from exports import ImportReport

FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbooks (*.xlsx);;CSV files (*.csv)"
EXPLANATION = (
    "Column headers are question names, as in a Fieldnotes, KoboToolbox or ODK export of this "
    "questionnaire. A row whose _id is already here updates that session, so importing the "
    "same file twice changes nothing. Every cell is checked first: if any is wrong, nothing "
    "is imported and each wrong cell is listed."
)
NOTHING_IMPORTED = "Nothing was imported: the database is unchanged. Correct these cells and "


class ImportResponsesDialog(TransferDialog):
    """Pick a questionnaire and a file; the report gives counts, or every refused cell."""

    def __init__(
        self,
        store: Store,
        study_id: str | None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, "Import responses", "&Import", parent)
        self.tracker = tracker
        self.report: ImportReport | None = None
        self.problem_model: GridModel | None = None
        self.questionnaire = QComboBox()
        self.questionnaire.setAccessibleName("Questionnaire to import into")
        self.questionnaire.setMinimumContentsLength(40)
        self._fill_questionnaires(study_id)
        self.source = FileField("Spreadsheet to import", "Import responses", FILE_FILTER, False)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Questionnaire:", self.questionnaire)
        form.addRow("&File:", self.source)
        for row, field in ((0, self.questionnaire), (1, self.source.line)):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(field)
        layout = QVBoxLayout(self.options)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(explanation)
        self.action_button.clicked.connect(self.start)
        self.setMinimumWidth(720)
        self.questionnaire.setFocus()

    def _fill_questionnaires(self, study_id: str | None) -> None:
        repos = self.store.repos
        studies = {study["id"]: study["name"] for study in repos.studies.list()}
        rows = repos.instruments.list(study_id, kind="questionnaire", latest_only=True)
        for row in rows:
            text = row["name"] if study_id else f"{row['name']} ({studies.get(row['study_id'])})"
            if row["version"]:
                text += f", version {row['version']}"
            self.questionnaire.addItem(text, row["id"])
        if not rows:
            self.show_message("There is no questionnaire to import into yet.", error=True)
            self.action_button.setEnabled(False)

    def start(self) -> None:
        instrument_id = self.questionnaire.currentData()
        path = self.source.path()
        if not instrument_id:
            self.show_message("Choose the questionnaire to import into.", error=True)
            return
        if path is None:
            self.show_message("Choose the spreadsheet to import (.xlsx or .csv).", error=True)
            return
        self.run(
            import_job(instrument_id, path), f"Checking and importing {path.name}…", "importing"
        )

    def on_succeeded(self, result: object) -> str:
        report: ImportReport = result  # type: ignore[assignment]
        self.report = report
        if not report.accepted:
            self._show_refusal(report)
            return REFUSED
        lines = [report.summary()]
        if report.ignored_columns:
            lines.append(
                f"Columns not read (no such question): {', '.join(report.ignored_columns)}."
            )
        if report.ignored_sheets:
            lines.append(f"Sheets not read: {', '.join(report.ignored_sheets)}.")
        self.show_report("\n".join(lines))
        self.add_result(_counts_table(report))
        self.add_result(QWidget(), 1)
        announce(self.tracker, report.changes)
        return SUCCEEDED

    def _show_refusal(self, report: ImportReport) -> None:
        listed = len(report.problems)
        more = f" The first {listed:,} are listed." if report.problem_count > listed else ""
        self.show_report(
            f"{report.path.name} was refused: {report.problem_count:,} cell(s) are wrong in "
            f"{report.rows_read:,} rows.{more}\n{NOTHING_IMPORTED}import the file again.",
            error=True,
        )
        model = GridModel()
        rows = [
            GridRow(
                [
                    problem.sheet,
                    "" if problem.row is None else str(problem.row),
                    problem.letter,
                    problem.column,
                    _shown(problem.value),
                    problem.why,
                ],
                tooltip=str(problem),
            )
            for problem in report.problems
        ]
        model.set_grid(["Sheet", "Row", "Cell", "Column", "Value", "Why"], rows, numeric_from=99)
        view = grid_view(model, "Refused cells")
        model.setParent(view)
        view.horizontalHeader().setStretchLastSection(True)
        view.setMinimumHeight(180)
        self.problem_model = model
        self.add_result(view, 1, minimum=QSize(900, 520))


def _counts_table(report: ImportReport) -> QWidget:
    model = GridModel()
    rows = [
        GridRow([what, f"{count:,}"])
        for what, count in (
            ("Rows read", report.rows_read),
            ("Sessions added", report.sessions_added),
            ("Sessions updated", report.sessions_updated),
            ("Sessions unchanged", report.sessions_unchanged),
            ("Answers written", report.answers_written),
        )
    ]
    model.set_grid(["", "Count"], rows, numeric_from=1)
    view = report_table(model, "What was imported")
    return view


def _shown(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def import_job(instrument_id: str, path: Path) -> Job:
    """The worker's part: plain values only cross threads."""

    def job(store: Store, progress: ProgressCallback, cancelled: CancelFlag) -> ImportReport:
        from exports import import_responses

        report = import_responses(
            store, instrument_id, path, progress=progress, cancelled=cancelled
        )
        if report.cancelled:
            raise Cancelled(report.summary())
        return report

    return job
