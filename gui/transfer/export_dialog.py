"""File > Export to Excel: the coordinators' workbook (or one sheet as CSV), made on the worker.

The core writes to a temporary file beside the target and moves it into place only when
complete, so Cancel (or a failure) leaves no file at the target path, or the earlier file of
that name untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.result_table import GridModel, GridRow
from gui.transfer.export_options import ExportOptionsForm, sheet_choices
from gui.transfer.file_field import FileField, default_folder, file_name, open_folder, with_suffix
from gui.transfer.run_dialog import SUCCEEDED, TransferDialog, report_table
from gui.transfer.worker import CancelFlag, Cancelled, Job, ProgressCallback
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.store import Store

if TYPE_CHECKING:
    from exports import ExportOptions, ExportReport

XLSX_FILTER = "Excel workbooks (*.xlsx)"
CSV_FILTER = "CSV files (*.csv)"


class ExportDialog(TransferDialog):
    """Choose what to export and where; the report lists sheets, rows and split cells."""

    def __init__(
        self,
        store: Store,
        study_id: str | None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, "Export to Excel", "&Export", parent)
        self.tracker = tracker
        self.report: ExportReport | None = None
        self.form = ExportOptionsForm(store, study_id)
        self.workbook = QRadioButton("Excel &workbook (.xlsx), every sheet")
        self.workbook.setChecked(True)
        self.csv = QRadioButton("One sheet as &CSV:")
        formats = QButtonGroup(self)
        formats.addButton(self.workbook)
        formats.addButton(self.csv)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet to write as CSV")
        self.sheet.setMinimumContentsLength(24)
        self.sheet.setEnabled(False)
        self.target = FileField("File to write", "Export to", XLSX_FILTER, saving=True)
        self.target.set_path(default_folder() / file_name(self._subject(), suffix=".xlsx"))
        self.csv.toggled.connect(self._format_changed)
        self.form.scope_changed.connect(self._refresh_sheets)

        kind = QHBoxLayout()
        kind.addWidget(self.workbook)
        kind.addSpacing(12)
        kind.addWidget(self.csv)
        kind.addWidget(self.sheet)
        kind.addStretch(1)
        save_box = QGroupBox("Save as")
        save = QFormLayout(save_box)
        save.addRow("Format:", kind)
        save.addRow("&File:", self.target)
        label = save.itemAt(1, QFormLayout.ItemRole.LabelRole).widget()
        label.setBuddy(self.target.line)  # type: ignore[union-attr]
        self.form.rows.addWidget(save_box)
        layout = QVBoxLayout(self.options)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.action_button.clicked.connect(self.start)
        self.setMinimumWidth(1000)
        self.form.first_field().setFocus()

    def _subject(self) -> str:
        if self.form.this_study.isChecked() and self.form.study_name:
            return f"{self.form.study_name} export"
        return "Fieldnotes export"

    def _format_changed(self) -> None:
        as_csv = self.csv.isChecked()
        self.sheet.setEnabled(as_csv)
        self.target.file_filter = CSV_FILTER if as_csv else XLSX_FILTER
        path = self.target.path()
        if path is not None:
            self.target.set_path(with_suffix(path, ".csv" if as_csv else ".xlsx"))
        self._refresh_sheets()

    def _refresh_sheets(self) -> None:
        if not self.csv.isChecked():
            return
        current = self.sheet.currentText()
        try:
            names = sheet_choices(self.store, self.form.options())
        except StorageError as error:
            self.show_message(str(error), error=True)
            return
        self.sheet.clear()
        self.sheet.addItems(names)
        default = current if current in names else "Participants"
        self.sheet.setCurrentIndex(max(self.sheet.findText(default), 0))

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        problem = self.form.problem()
        path = self.target.path()
        if problem is None and path is None:
            problem = "Choose the file to write."
        if problem:
            self.show_message(problem, error=True)
            return
        assert path is not None
        as_csv = self.csv.isChecked()
        path = with_suffix(path, ".csv" if as_csv else ".xlsx")
        self.target.set_path(path)
        sheet = self.sheet.currentText() if as_csv else None
        if as_csv and not sheet:
            self.show_message("Choose the sheet to write as CSV.", error=True)
            return
        job = export_job(path, self.form.options(), sheet)
        self.run(job, f"Exporting to {path.name}…", "exporting", unit="rows")

    def on_succeeded(self, result: object) -> str:
        report: ExportReport = result  # type: ignore[assignment]
        self.report = report
        lines = [report.summary()]
        lines += [
            f"Texts too long for one Excel cell in {split.sheet} / {split.column} continue "
            f"over {split.parts} columns."
            for split in report.split_columns
        ]
        if report.unmatched_answers:
            lines.append(
                f"{report.unmatched_answers:,} stored answers match no question of their "
                "questionnaire (any version) and are not on any sheet (see the About sheet)."
            )
        self.show_report("\n".join(lines))
        self.add_result(self._sheet_table(report))
        folder = QPushButton("Open &folder")
        folder.setAccessibleName("Open the folder holding the export")
        folder.clicked.connect(self.open_folder)
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(folder)
        buttons.addStretch(1)
        self.add_result(row)
        self.add_result(QWidget(), 1)
        self.open_folder_button = folder
        return SUCCEEDED

    def open_folder(self) -> None:
        """Show the exported file's folder in the system's file manager."""
        if self.report is not None and self.report.path is not None:
            open_folder(self.report.path)

    def _sheet_table(self, report: ExportReport) -> QWidget:
        model = GridModel(self)
        rows = [
            GridRow(
                [sheet.name, ", ".join(sheet.continued_on), f"{sheet.rows:,}"],
                marked=bool(sheet.continued_on),
                tooltip="Over Excel's row limit: continued on further sheets"
                if sheet.continued_on
                else "",
            )
            for sheet in report.sheets
        ]
        model.set_grid(["Sheet", "Continued on", "Rows"], rows, numeric_from=2)
        view = report_table(model, "Sheets written")
        self.sheet_model = model
        return view


def export_job(path: Path, options: ExportOptions, sheet: str | None) -> Job:
    """The worker's part: only plain values cross threads, never a widget or the GUI's Store."""

    def job(store: Store, progress: ProgressCallback, cancelled: CancelFlag) -> ExportReport:
        from exports import export_sheet_csv, export_workbook

        if sheet is not None:
            report = export_sheet_csv(store, path, sheet, options, progress, cancelled)
        else:
            report = export_workbook(store, path, options, progress, cancelled)
        if report.cancelled:
            raise Cancelled(
                f"Export cancelled: nothing was written to {path.name}"
                + (" (the earlier file of that name is untouched)." if path.exists() else ".")
            )
        return report

    return job
