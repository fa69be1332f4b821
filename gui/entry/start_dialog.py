"""Start a questionnaire session: study, questionnaire, site, participant, fieldworker, mode.

A participant can be added on the spot (with their consent recorded) or left out for an
anonymous postal questionnaire. A participant whose consent is not given cannot be chosen
until it is recorded: the consent gate (storage's may_record_data) decides, not this form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.consent_form import ConsentDialog
from gui.form_parts import FieldMessage, buddy_label
from gui.formats import consent_label
from gui.participant_dialog import ParticipantDialog
from gui.session_choices import fill_fieldworkers, fill_instruments, fill_modes, fill_sites
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.repositories.participants import may_record_data
from storage.store import Store

ANONYMOUS = "Anonymous (no participant)"


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setMinimumContentsLength(28)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class StartSessionDialog(QDialog):
    """Pick what, where, who and how; `session_id` is set once the session is started."""

    def __init__(
        self,
        store: Store,
        study_id: str | None = None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker or WriteTracker(self)
        self.session_id: str | None = None
        self.setWindowTitle("Start a questionnaire session")
        self.study = _combo("Study")
        self.instrument = _combo("Questionnaire")
        self.site = _combo("Site")
        self.participant = _combo("Participant")
        self.participant.setEditable(True)
        self.participant.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.new_participant = QPushButton("&New participant…")
        self.record_consent = QPushButton("Record &consent…")
        self.fieldworker = _combo("Fieldworker")
        self.mode = _combo("Mode")
        fill_modes(self.mode)
        self.instrument_message = FieldMessage(self.instrument)
        self.participant_message = FieldMessage(self.participant)
        self.message = FieldMessage()

        who = QHBoxLayout()
        who.addWidget(self.participant, 1)
        who.addWidget(self.new_participant)
        who.addWidget(self.record_consent)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(buddy_label("St&udy:", self.study), self.study)
        form.addRow(buddy_label("&Questionnaire:", self.instrument), self.instrument)
        form.addRow("", self.instrument_message)
        form.addRow(buddy_label("S&ite:", self.site), self.site)
        form.addRow(buddy_label("&Participant:", self.participant), who)
        form.addRow("", self.participant_message)
        form.addRow(buddy_label("&Fieldworker:", self.fieldworker), self.fieldworker)
        form.addRow(buddy_label("&Mode:", self.mode), self.mode)
        intro = QLabel(
            "Face to face and phone sessions are filled in with the participant; choose "
            "“Paper returned” to key in a questionnaire that came back by post."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

        self.study.currentIndexChanged.connect(self._study_changed)
        self.participant.currentIndexChanged.connect(self._participant_changed)
        self.new_participant.clicked.connect(self.add_participant)
        self.record_consent.clicked.connect(self.consent)
        for study in store.repos.studies.list():
            self.study.addItem(study["name"], study["id"])
        self.study.setCurrentIndex(max(0, self.study.findData(study_id)))
        self._study_changed()
        self.instrument.setFocus()

    # --- choices -------------------------------------------------------------------------

    def _study_changed(self) -> None:
        study_id = self.study.currentData()
        fill_instruments(self.instrument, self.store, study_id, "questionnaire")
        self.site.clear()
        fill_sites(self.site, self.store, study_id, "No site")
        self.fieldworker.clear()
        self.fieldworker.addItem("Not recorded", None)
        fill_fieldworkers([self.fieldworker], self.store, study_id)
        if self.fieldworker.count() > 1:
            self.fieldworker.setCurrentIndex(1)
        self._fill_participants()
        self.instrument_message.clear_message()
        if not self.instrument.count() and study_id:
            self.instrument_message.show_message(
                "This study has no questionnaire yet: import an XLSForm first."
            )

    def _fill_participants(self, select: str | None = None) -> None:
        study_id = self.study.currentData()
        self.participant.blockSignals(True)
        self.participant.clear()
        self.participant.addItem(ANONYMOUS, None)
        for row in self.store.repos.participants.list(study_id):
            self.participant.addItem(row["code"], row["id"])
            if not may_record_data(row):
                index = self.participant.count() - 1
                note = f"Consent {consent_label(row['consent_status']).lower()}"
                self.participant.setItemData(index, note, Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(
            [self.participant.itemText(i) for i in range(self.participant.count())], self
        )
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.participant.setCompleter(completer)
        self.participant.setCurrentIndex(max(0, self.participant.findData(select)))
        self.participant.blockSignals(False)
        self._participant_changed()

    def participant_id(self) -> str | None:
        index = self.participant.findText(self.participant.currentText().strip())
        return self.participant.itemData(index) if index >= 0 else None

    def _participant_row(self) -> dict | None:
        participant_id = self.participant_id()
        return self.store.repos.participants.get(participant_id) if participant_id else None

    def _participant_changed(self) -> None:
        self.participant_message.clear_message()
        row = self._participant_row()
        if row is not None and row["site_id"] and self.site.currentData() is None:
            self.site.setCurrentIndex(max(0, self.site.findData(row["site_id"])))
        blocked = row is not None and not may_record_data(row)
        self.record_consent.setVisible(blocked)
        if blocked:
            self.participant_message.show_message(
                f"Consent of {row['code']} is {consent_label(row['consent_status']).lower()}: "
                "no answers can be recorded for them until consent is given and recorded."
            )

    # --- participant on the spot -------------------------------------------------------------

    def add_participant(self) -> ParticipantDialog | None:
        study_id = self.study.currentData()
        if not study_id:
            return None
        dialog = ParticipantDialog(self.store, self.tracker, study_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._fill_participants(dialog.participant_id))
        dialog.open()
        return dialog

    def consent(self) -> ConsentDialog | None:
        row = self._participant_row()
        if row is None:
            return None
        dialog = ConsentDialog(self.store, self.tracker, row, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._fill_participants(row["id"]))
        dialog.open()
        return dialog

    # --- starting ------------------------------------------------------------------------

    def accept(self) -> None:
        """Start the session; stay open with the reason shown if anything is refused."""
        self.message.clear_message()
        instrument_id = self.instrument.currentData()
        if not instrument_id:
            self.instrument_message.show_message("Choose the questionnaire to fill in.")
            self.instrument.setFocus()
            return
        typed = self.participant.currentText().strip()
        if typed and typed != ANONYMOUS and self.participant_id() is None:
            self.participant_message.show_message(
                f"There is no participant {typed!r} in this study: choose one from the list, "
                "or add them with “New participant…”."
            )
            self.participant.setFocus()
            return
        row = self._participant_row()
        if row is not None and not may_record_data(row):
            self._participant_changed()
            self.participant.setFocus()
            return
        try:
            self.session_id = self.tracker.run(
                lambda: self.store.repos.sessions.start(
                    self.study.currentData(),
                    instrument_id,
                    site_id=self.site.currentData(),
                    participant_id=self.participant_id(),
                    fieldworker_id=self.fieldworker.currentData(),
                    mode=self.mode.currentData(),
                ),
                ("sessions",),
            )
        except StorageError as error:
            self.message.show_message(str(error))
            return
        super().accept()
