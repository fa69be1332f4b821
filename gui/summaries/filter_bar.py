"""The filters a summary or profile shares with the export: site, dates, status, withdrawn."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from gui.formats import QT_DATE_FORMAT, iso_date
from storage.store import Store
from storage.summaries import SummaryFilter, session_date_range

STATUS_CHOICES = (
    ("Any status", ()),
    ("Complete or verified", ("complete", "verified")),
    ("Complete", ("complete",)),
    ("Verified", ("verified",)),
    ("Draft", ("draft",)),
)


class FilterBar(QWidget):
    """One row of filter controls; `changed` fires whenever any of them changes."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id: str | None = None
        self.site = QComboBox()
        self.site.setAccessibleName("Site")
        self.site.setMinimumContentsLength(18)
        self.use_from = QCheckBox("&From")
        self.date_from = _date_edit("First day")
        self.use_to = QCheckBox("&To")
        self.date_to = _date_edit("Last day")
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for label, statuses in STATUS_CHOICES:
            self.status.addItem(label, statuses)
        self.withdrawn = QCheckBox("Include &withdrawn participants")
        self.withdrawn.setToolTip(
            "Participants who withdrew consent are left out unless this is ticked."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        site_label = QLabel("&Site:")
        site_label.setBuddy(self.site)
        status_label = QLabel("St&atus:")
        status_label.setBuddy(self.status)
        for widget in (site_label, self.site, self.use_from, self.date_from, self.use_to):
            layout.addWidget(widget)
        for widget in (self.date_to, status_label, self.status, self.withdrawn):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.site.currentIndexChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        self.withdrawn.toggled.connect(self.changed)
        for check, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self.changed)
            edit.dateChanged.connect(self._date_changed)

    def set_study(self, study_id: str) -> None:
        """Offer the study's sites; keeps the other filters as they are."""
        self.study_id = study_id
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem("All sites", None)
        for site in self.store.repos.studies.sites(study_id):
            self.site.addItem(site["name"], site["id"])
        self.site.blockSignals(False)
        found = session_date_range(self.store, study_id)
        if found:  # unticked dates start at the fieldwork's first and last days
            for edit, day in ((self.date_from, found[0]), (self.date_to, found[1])):
                edit.blockSignals(True)
                edit.setDate(QDate.fromString(day, "yyyy-MM-dd"))
                edit.blockSignals(False)

    def _date_changed(self) -> None:
        if self.use_from.isChecked() or self.use_to.isChecked():
            self.changed.emit()

    def summary_filter(self, family_id: str | None = None) -> SummaryFilter:
        site_id = self.site.currentData()
        return SummaryFilter(
            study_id=self.study_id,
            family_id=family_id,
            site_ids=(site_id,) if site_id else (),
            date_from=iso_date(self.date_from.date()) if self.use_from.isChecked() else None,
            date_to=iso_date(self.date_to.date()) if self.use_to.isChecked() else None,
            statuses=tuple(self.status.currentData() or ()),
            include_withdrawn=self.withdrawn.isChecked(),
        )


def _date_edit(accessible_name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat(QT_DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    edit.setAccessibleName(accessible_name)
    return edit
