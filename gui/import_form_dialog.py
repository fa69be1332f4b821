"""File > Import questionnaire…: an XLSForm or guide workbook into the selected study.

The file is read and checked before the database is touched (storage.instrument_import), so a
refused form changes nothing; the refusal names the sheet, row and column to fix. A form that
is taken is stored in one transaction, and its report (how questions the laptop cannot capture
as designed will be entered, and what was ignored) is shown row by row with the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR
from gui.record_table import screen_title
from gui.write_tracker import WriteTracker
from instruments.errors import FormError
from storage.errors import StorageError
from storage.instrument_import import ImportedInstrument, import_instrument, read_instrument_file
from storage.store import Store

FORM_FILTER = "XLSForms and guide workbooks (*.xlsx);;All files (*)"
GROUPS = (
    ("downgrade", "Downgrades: how these questions will be entered on this laptop"),
    ("warning", "Warnings: what was ignored or switched off"),
)


@dataclass
class FormImportOutcome:
    """What happened to one file: imported (with its report) or refused, and why."""

    path: Path
    study_name: str = ""
    imported: ImportedInstrument | None = None
    refusal: str = ""
    report_lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.imported is None:
            return f"{self.path.name} was not imported; nothing was changed."
        return f"{self.imported.summary()} Study: {self.study_name}."


def choose_form_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask for the workbook; None if the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import a questionnaire or guide", str(start or Path.home()), FORM_FILTER
    )
    return Path(chosen) if chosen else None


def import_form_file(
    store: Store, study_id: str, path: Path, tracker: WriteTracker
) -> FormImportOutcome:
    """Read, check and store one file in a study; a refusal leaves the database as it was."""
    outcome = FormImportOutcome(path)
    study = store.repos.studies.get(study_id)
    if study is None:
        outcome.refusal = "The study is no longer in this database."
        return outcome
    outcome.study_name = study["name"]
    try:
        instrument, outcome.report_lines, digest = read_instrument_file(path)
    except FormError as error:
        outcome.refusal = str(error)
        return outcome
    except OSError as error:
        outcome.refusal = f"The file could not be read ({error.strerror or error})."
        return outcome
    try:
        outcome.imported = tracker.run(
            lambda: import_instrument(
                store,
                instrument,
                study_name=study["name"],
                source_file=str(path),
                source_sha256=digest,
                report_lines=outcome.report_lines,
            ),
            ("instruments",),
        )
    except StorageError as error:
        outcome.refusal = str(error)
    return outcome


class ImportReportDialog(QDialog):
    """The summary, then each downgrade and warning with the sheet and row it is about."""

    def __init__(self, outcome: FormImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        refused = outcome.imported is None
        self.setWindowTitle("Questionnaire not imported" if refused else "Questionnaire imported")
        self.summary = QLabel(outcome.summary())
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.refusal = QLabel(outcome.refusal)
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName("Why it was refused")
        self.refusal.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.setVisible(refused)
        self.report = QTreeWidget()
        self.report.setHeaderHidden(True)
        self.report.setAccessibleName("Import report")
        self.report.setWordWrap(True)
        self.report.setVisible(not refused)
        self.fill_report(outcome.report_lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(screen_title(self.windowTitle()))
        layout.addWidget(self.summary)
        layout.addWidget(self.refusal)
        layout.addWidget(self.report, 1)
        if refused:
            hint = QLabel("Fix the cell named above in the workbook, save it and import it again.")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            layout.addStretch(1)
        layout.addWidget(buttons)
        lines = len(outcome.report_lines) + 2 * len(GROUPS)
        self.resize(720, 240 if refused else min(480, 220 + 22 * lines))

    def fill_report(self, lines: list[str]) -> None:
        """Group the report's lines ('kind: where: what') under Downgrades and Warnings."""
        by_kind: dict[str, list[str]] = {kind: [] for kind, _title in GROUPS}
        for line in lines:
            kind, _sep, rest = line.partition(": ")
            by_kind.setdefault(kind, []).append(rest or line)
        for kind, title in GROUPS:
            entries = by_kind.pop(kind)
            if entries:
                self._group(f"{title} ({len(entries)})", entries)
        for kind, entries in by_kind.items():
            self._group(f"{kind.capitalize()} ({len(entries)})", entries)
        if not lines:
            QTreeWidgetItem(self.report, ["Nothing to report: every question is taken as it is."])

    def _group(self, title: str, entries: list[str]) -> None:
        group = QTreeWidgetItem(self.report, [title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        for entry in entries:
            child = QTreeWidgetItem(group, [entry])
            child.setToolTip(0, entry)
        group.setExpanded(True)

    def entries(self) -> list[str]:
        """Every report line shown, for tests and screen readers' sake."""
        found = []
        for i in range(self.report.topLevelItemCount()):
            group = self.report.topLevelItem(i)
            found += [group.child(j).text(0) for j in range(group.childCount())]
        return found


def import_questionnaire(
    parent: QWidget, store: Store, study_id: str, tracker: WriteTracker, start: Path | None = None
) -> ImportReportDialog | None:
    """Ask for a file, import it into the study and show what happened; None if cancelled."""
    path = choose_form_file(parent, start)
    if path is None:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        outcome = import_form_file(store, study_id, path, tracker)
    finally:
        QGuiApplication.restoreOverrideCursor()
    dialog = ImportReportDialog(outcome, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
