"""Add or edit a participant: code, role, site, organisation, consent, and personal details.

All of it is written in one transaction, so a refused value leaves the database unchanged;
the refusal is shown next to the field it concerns.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.consent_form import ConsentForm, fieldworker_names
from gui.form_parts import FieldMessage, align_labels, buddy_label
from gui.identity_panel import PersonalDetailsSection
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.repositories.participants import ROLES
from storage.store import Store

TABLES = ("participants", "participant_identities")


class _Refused(StorageError):
    """A step was refused; carries where to show the reason."""

    def __init__(self, error: StorageError, message: FieldMessage) -> None:
        super().__init__(str(error))
        self.error = error
        self.message = message


class ParticipantDialog(QDialog):
    """One participant's record; `participant_id` is set once it is saved."""

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        study_id: str,
        participant_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.study_id = study_id
        self.participant_id = participant_id
        existing = store.repos.participants.get(participant_id) if participant_id else None
        self.setWindowTitle(
            f"Edit participant {existing['code']}" if existing else "Add a participant"
        )

        self.code = QLineEdit()
        self.code.setAccessibleName("Participant code")
        self.code.setPlaceholderText("Pseudonymous code, e.g. DUR-C06: never a name")
        self.code_message = FieldMessage(self.code)
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.role.setCurrentIndex(-1)
        self.role.setAccessibleName("Role")
        self.site = QComboBox()
        self.site.addItem("No site", None)
        for site in store.repos.studies.sites(study_id):
            self.site.addItem(site["name"], site["id"])
        self.site.setAccessibleName("Site")
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName("Organisation")
        self.details_message = FieldMessage(self.organisation)

        labels = [
            buddy_label("&Code:", self.code),
            buddy_label("&Role:", self.role),
            buddy_label("S&ite:", self.site),
            buddy_label("&Organisation:", self.organisation),
        ]
        details = QGroupBox("Participant")
        form = QFormLayout(details)
        for label in labels:
            form.addRow(label, label.buddy())
            if label.buddy() is self.code:
                form.addRow("", self.code_message)
        form.addRow("", self.details_message)

        self.consent = ConsentForm(fieldworker_names(store, study_id))
        consent_box = QGroupBox("Consent")
        QVBoxLayout(consent_box).addWidget(self.consent)

        self.personal = PersonalDetailsSection(store, participant_id)
        align_labels(labels + self.consent.labels + self.personal.labels)
        self.general_message = FieldMessage()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addWidget(details)
        layout.addWidget(consent_box)
        layout.addWidget(self.personal)
        layout.addWidget(self.general_message)
        layout.addStretch(1)
        layout.addWidget(buttons)

        if existing:
            self._show(existing)
        chain = [
            self.code,
            self.role,
            self.site,
            self.organisation,
            self.consent.status,
            self.consent.date,
            self.consent.method,
            self.consent.recorded_by,
            self.personal.toggle,
            self.personal.full_name,
            self.personal.contact,
            self.personal.notes,
            self.save_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.setMinimumWidth(520)
        self.code.setFocus()

    def _show(self, participant: dict) -> None:
        self.code.setText(participant["code"])
        self.role.setCurrentText(participant["role"])
        self.site.setCurrentIndex(max(0, self.site.findData(participant["site_id"])))
        self.organisation.setText(participant["organisation"])
        self.consent.set_values(participant)

    def accept(self) -> None:
        """Save; stay open with the reason shown beside the field if anything is refused."""
        for message in (
            self.code_message,
            self.details_message,
            self.consent.message,
            self.personal.message,
            self.general_message,
        ):
            message.clear_message()
        try:
            self.participant_id = self.tracker.run(self._write, TABLES)
        except _Refused as refused:
            refused.message.show_message(str(refused.error))
            return
        except StorageError as error:
            self.general_message.show_message(str(error))
            return
        super().accept()

    def _write(self) -> str:
        """Participant, consent and identity in one transaction: all saved or none."""
        participants = self.store.repos.participants
        with self.store.transaction():
            try:
                if self.participant_id is None:
                    participant_id = participants.add(
                        self.study_id,
                        self.code.text(),
                        role=self.role.currentText(),
                        site_id=self.site.currentData(),
                        organisation=self.organisation.text(),
                    )
                else:
                    participant_id = self.participant_id
                    participants.update(
                        participant_id,
                        code=self.code.text(),
                        role=self.role.currentText().strip(),
                        site_id=self.site.currentData(),
                        organisation=self.organisation.text().strip(),
                    )
            except StorageError as error:
                raise _Refused(error, self._message_for_details(error)) from error
            consent = self.consent.values()
            try:
                participants.record_consent(
                    participant_id,
                    consent.status,
                    consent.date,
                    consent.method,
                    consent.recorded_by,
                )
            except StorageError as error:
                raise _Refused(error, self.consent.message) from error
            if self.personal.needs_saving():
                try:
                    self.personal.save(participant_id)
                except StorageError as error:
                    raise _Refused(error, self.personal.message) from error
        return participant_id

    def _message_for_details(self, error: StorageError) -> FieldMessage:
        """A refusal storage pins on the code goes beside it; other refusals go below."""
        return (
            self.code_message if getattr(error, "field", None) == "code" else self.details_message
        )
