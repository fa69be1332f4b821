"""Consent fields (status, date, method, recorded by) and the dialog that records consent."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.formats import CONSENT_LABELS, QT_DATE_FORMAT, iso_date
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.repositories.participants import CONSENT_STATES
from storage.store import Store

METHODS = ("written form", "verbal, recorded", "online form", "in person", "phone call")


@dataclass(frozen=True)
class ConsentValues:
    status: str
    date: str | None
    method: str
    recorded_by: str


class ConsentForm(QWidget):
    """The four consent fields; the date is only asked for once there is a decision to date."""

    def __init__(self, fieldworker_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        for status in CONSENT_STATES:
            self.status.addItem(CONSENT_LABELS[status], status)
        self.status.setAccessibleName("Consent status")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(QT_DATE_FORMAT)
        self.date.setAccessibleName("Consent date")
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(METHODS)
        self.method.setCurrentIndex(-1)
        self.method.setAccessibleName("How consent was taken")
        self.recorded_by = QComboBox()
        self.recorded_by.setEditable(True)
        self.recorded_by.addItems(fieldworker_names)
        self.recorded_by.setCurrentIndex(-1)
        self.recorded_by.setAccessibleName("Consent recorded by")
        self.message = FieldMessage(self.date)
        self.labels = [
            buddy_label("Consent st&atus:", self.status),
            buddy_label("&Date:", self.date),
            buddy_label("&Method:", self.method),
            buddy_label("Recorded &by:", self.recorded_by),
        ]
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label in self.labels:
            form.addRow(label, label.buddy())
        form.addRow("", self.message)
        QWidget.setTabOrder(self.status, self.date)
        QWidget.setTabOrder(self.date, self.method)
        QWidget.setTabOrder(self.method, self.recorded_by)
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self._on_status_changed()

    def set_values(self, participant: dict) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(participant["consent_status"])))
        stored = QDate.fromString(participant["consent_date"] or "", "yyyy-MM-dd")
        self.date.setDate(stored if stored.isValid() else QDate.currentDate())
        self.method.setCurrentText(participant["consent_method"])
        self.recorded_by.setCurrentText(participant["consent_recorded_by"])

    def values(self) -> ConsentValues:
        status = self.status.currentData()
        return ConsentValues(
            status=status,
            date=None if status == "not_recorded" else iso_date(self.date.date()),
            method=self.method.currentText(),
            recorded_by=self.recorded_by.currentText(),
        )

    def _on_status_changed(self) -> None:
        self.date.setEnabled(self.status.currentData() != "not_recorded")


def fieldworker_names(store: Store, study_id: str) -> list[str]:
    return [row["name"] for row in store.repos.studies.fieldworkers(study_id)]


class ConsentDialog(QDialog):
    """Record consent given, refused or withdrawn for one participant, with when, how, by whom."""

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        participant: dict,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.participant_id: str = participant["id"]
        self.setWindowTitle(f"Record consent: {participant['code']}")
        self.form = ConsentForm(fieldworker_names(store, participant["study_id"]))
        self.form.set_values(participant)
        intro = QLabel(
            f"Consent of participant <b>{html.escape(participant['code'])}</b>. Withdrawing "
            "consent stops any further answers or notes being recorded for them."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.form.status.setFocus()

    def accept(self) -> None:
        values = self.form.values()
        self.form.message.clear_message()
        try:
            self.tracker.run(
                lambda: self.store.repos.participants.record_consent(
                    self.participant_id,
                    values.status,
                    values.date,
                    values.method,
                    values.recorded_by,
                ),
                ("participants",),
            )
        except StorageError as error:
            self.form.message.show_message(str(error))
            return
        super().accept()
