"""The export dialog's choices, the command line's options in widgets, read as ExportOptions.

De-identified is ticked by default; names and contact details can only be asked for once it
is off, and the box says plainly that they will then be in the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR, buddy_label
from gui.formats import QT_DATE_FORMAT
from gui.transfer.checklist import CheckList
from storage.repositories.sessions import STATUSES
from storage.store import Store

if TYPE_CHECKING:
    from exports import ExportOptions

KIND_WORDS = {
    "questionnaire": "questionnaire",
    "interview": "interview guide",
    "focus_group": "focus-group guide",
}
DEIDENTIFY_TEXT = (
    "For data leaving the team. Leaves out participants' names and contact details, every "
    "question marked as identifying in its questionnaire, and any free text of participants "
    "who withdrew consent. Participant codes stay, so rows can still be linked."
)
IDENTITIES_WARNING = "Names and contact details of participants will be in the file."


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _radio_pair(
    first: str, second: str, name: str, stacked: bool = False
) -> tuple[QWidget, QRadioButton, QRadioButton]:
    """Two radio buttons side by side (or one above the other); the first is chosen."""
    holder = QWidget()
    one, two = QRadioButton(first), QRadioButton(second)
    one.setChecked(True)
    group = QButtonGroup(holder)
    group.addButton(one)
    group.addButton(two)
    row = QVBoxLayout(holder) if stacked else QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(one)
    row.addWidget(two)
    row.addStretch(1)
    holder.setAccessibleName(name)
    return holder, one, two


class DateLimit(QWidget):
    """'From' or 'To': a tick that turns the limit on, and the date."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(text)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(QT_DATE_FORMAT)
        self.date.setAccessibleName(f"Sessions started {text.replace('&', '').lower()}")
        self.date.setEnabled(False)
        self.enabled.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.date)

    def value(self) -> Any:
        if not self.enabled.isChecked():
            return None
        return self.date.date().toPython()


class ExportOptionsForm(QWidget):
    """What to export (left) and how it reads and who may see it (right)."""

    scope_changed = Signal()

    def __init__(self, store: Store, study_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        study = store.repos.studies.get(study_id) if study_id else None
        self.study_id = study["id"] if study else None
        self.study_name = study["name"] if study else ""
        scope_row, self.this_study, self.all_studies = _radio_pair(
            f"&This study: {self.study_name.replace('&', '&&')}",
            "&All studies",
            "Studies to export",
            stacked=True,
        )
        if not study:
            self.this_study.hide()
            self.all_studies.setChecked(True)
        self.this_study.toggled.connect(self._refill)
        self.instruments = CheckList("Questionnaires and guides to export", rows=5)
        self.sites = CheckList("Sites to export", rows=3)
        self.instruments.ticks_changed.connect(self.scope_changed)
        self.date_from = DateLimit("&From")
        self.date_to = DateLimit("T&o")
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        self.statuses: dict[str, QCheckBox] = {}
        status_row = QHBoxLayout()
        for status in STATUSES:
            box = QCheckBox(status.capitalize())
            box.setChecked(True)
            self.statuses[status] = box
            status_row.addWidget(box)
        status_row.addStretch(1)
        self.include_withdrawn = QCheckBox("Include participants whose consent is &withdrawn")
        self.include_nonrelevant = QCheckBox(
            "Include answers to questions that were &skipped by the form's logic"
        )

        what = QGroupBox("What to export")
        studies = QFormLayout()
        studies.addRow("Studies:", scope_row)
        when = QFormLayout()
        when.addRow("Sessions started:", dates)
        when.addRow("Session status:", status_row)
        column = QVBoxLayout(what)  # the lists take any height to spare
        column.addLayout(studies)
        column.addWidget(
            buddy_label("&Questionnaires and guides (untick to leave out):", self.instruments)
        )
        column.addWidget(self.instruments, 2)
        column.addWidget(buddy_label("S&ites:", self.sites))
        column.addWidget(self.sites, 1)
        column.addLayout(when)
        column.addWidget(self.include_withdrawn)
        column.addWidget(self.include_nonrelevant)

        reads = QGroupBox("How it reads")
        headers_row, self.header_names, self.header_labels = _radio_pair(
            "Question names", "Question labels", "Column headers"
        )
        values_row, self.value_names, self.value_labels = _radio_pair(
            "Choice names", "Choice labels", "Answers to choice questions"
        )
        reads_form = QFormLayout(reads)
        reads_form.addRow("Column headers:", headers_row)
        reads_form.addRow("Choice answers:", values_row)

        privacy = QGroupBox("Privacy")
        self.deidentify = QCheckBox("&De-identify")
        self.deidentify.setChecked(True)
        self.deidentify_text = _wrapped(DEIDENTIFY_TEXT)
        self.with_identities = QCheckBox("Include participants' &names and contact details")
        self.identities_text = _wrapped("")
        self.deidentify.toggled.connect(self._privacy_changed)
        self.with_identities.toggled.connect(self._privacy_changed)
        privacy_layout = QVBoxLayout(privacy)
        privacy_layout.addWidget(self.deidentify)
        privacy_layout.addWidget(self.deidentify_text)
        privacy_layout.addSpacing(6)
        privacy_layout.addWidget(self.with_identities)
        privacy_layout.addWidget(self.identities_text)

        self.right = QVBoxLayout()
        self.right.addWidget(reads)
        self.right.addWidget(privacy)
        self.right.addStretch(1)
        self.columns = QHBoxLayout()
        self.columns.addWidget(what, 1)
        self.columns.addLayout(self.right, 1)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addLayout(self.columns)
        self._refill()
        self._privacy_changed()

    # --- choices -----------------------------------------------------------------------

    def first_field(self) -> QWidget:
        """Where the keyboard starts: the study choice."""
        return self.this_study if self.study_id else self.all_studies

    def chosen_study_ids(self) -> list[str]:
        if self.this_study.isChecked() and self.study_id:
            return [self.study_id]
        return [study["id"] for study in self.store.repos.studies.list()]

    def _refill(self) -> None:
        instruments: dict[str, str] = {}
        sites: dict[str, str] = {}
        for study_id in self.chosen_study_ids():
            for row in self.store.repos.instruments.list(study_id, latest_only=True):
                kind = KIND_WORDS.get(row["kind"], row["kind"])
                instruments.setdefault(row["name"], f"{row['name']} ({kind})")
            for site in self.store.repos.studies.sites(study_id):
                sites.setdefault(site["name"], site["name"])
        self.instruments.set_choices([(text, name) for name, text in sorted(instruments.items())])
        self.sites.set_choices([(name, name) for name in sorted(sites, key=str.lower)])
        self.scope_changed.emit()

    def _privacy_changed(self) -> None:
        deidentified = self.deidentify.isChecked()
        if deidentified and self.with_identities.isChecked():
            self.with_identities.setChecked(False)
        self.with_identities.setEnabled(not deidentified)
        if deidentified:
            text, style = "Not available while the export is de-identified.", "color: gray;"
        elif self.with_identities.isChecked():
            text, style = IDENTITIES_WARNING, f"color: {ERROR_COLOUR}; font-weight: bold;"
        else:
            text, style = "Off: names and contact details are left out.", ""
        self.identities_text.setText(text)
        self.identities_text.setStyleSheet(style)

    def problem(self) -> str | None:
        """Why these choices cannot be exported, or None."""
        if self.instruments.count() and not self.instruments.ticked():
            return "Tick at least one questionnaire or guide."
        if self.sites.count() and not self.sites.ticked():
            return "Tick at least one site."
        if not any(box.isChecked() for box in self.statuses.values()):
            return "Tick at least one session status."
        start, end = self.date_from.value(), self.date_to.value()
        if start and end and start > end:
            return "The 'From' date is after the 'To' date."
        return None

    def options(self) -> ExportOptions:
        """The choices as the core's ExportOptions (an all-ticked list means 'all')."""
        from exports import ExportOptions

        studies: tuple[str, ...] = ()
        if self.this_study.isChecked() and self.study_id:
            studies = (self.study_name,)
        ticked_statuses = [s for s, box in self.statuses.items() if box.isChecked()]
        return ExportOptions(
            studies=studies,
            instruments=() if self.instruments.everything() else tuple(self.instruments.ticked()),
            sites=() if self.sites.everything() else tuple(self.sites.ticked()),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            statuses=() if len(ticked_statuses) == len(STATUSES) else tuple(ticked_statuses),
            header_labels=self.header_labels.isChecked(),
            value_labels=self.value_labels.isChecked(),
            include_nonrelevant=self.include_nonrelevant.isChecked(),
            with_identities=self.with_identities.isChecked() and not self.deidentify.isChecked(),
            deidentify=self.deidentify.isChecked(),
            include_withdrawn=self.include_withdrawn.isChecked(),
        )


def sheet_choices(store: Store, options: ExportOptions) -> list[str]:
    """The sheets a workbook with these options would have, for a CSV of one of them."""
    from exports.questionnaire_sheet import plan_names
    from exports.scope import resolve_scope
    from exports.sheet_names import SheetNames
    from exports.workbook import sheet_names

    scope = resolve_scope(store, options)
    names = SheetNames()
    return sheet_names([plan_names(layout, names) for layout in scope.families])
