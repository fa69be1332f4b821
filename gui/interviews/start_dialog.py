"""Starting an interview: who, which guide (or a new one typed now), who interviews, how.

The participant's consent is checked by storage (start_interview refuses without it); when
it is missing the dialog offers to record it on the spot and then starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.formats import consent_label
from gui.interviews.consent_offer import ConsentOffer
from gui.interviews.session_writer import SessionWriter
from gui.session_choices import fill_fieldworkers, fill_instruments, fill_modes, fill_sites
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.qualitative import start_interview
from storage.repositories.notes import ConsentError
from storage.repositories.participants import may_record_data
from storage.store import Store

if TYPE_CHECKING:
    from gui.guides.editor import GuideEditorDialog

UTC_FORMAT = "yyyy-MM-ddTHH:mm:ss.zzz"


def participant_choice(person: dict[str, Any]) -> str:
    """'DUR-K01 · consent given · carer, Derwentside': consent before anything that may be cut."""
    details = ", ".join(x for x in (person["role"], person.get("site_name", "")) if x)
    consent = consent_label(person["consent_status"]).lower()
    return f"{person['code']} · consent {consent} · {details}"


def utc_text(moment: QDateTime) -> str:
    """A QDateTime as the stored UTC timestamp text."""
    return moment.toUTC().toString(UTC_FORMAT) + "Z"


class StartInterviewDialog(QDialog):
    """Creates the interview session on Start; `session_id` is set once it exists."""

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        store: Store,
        study_id: str,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id = study_id
        self.session_id: str | None = None
        self.guide_dialog: GuideEditorDialog | None = None
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        self.setWindowTitle("Start an interview")

        self.participant = QComboBox()
        self.participant.setAccessibleName("Participant")
        self.guide = QComboBox()
        self.guide.setAccessibleName("Interview guide")
        self.new_guide_button = QPushButton("&New guide…")
        self.new_guide_button.setToolTip("Type a guide in now, for an unplanned interview")
        self.new_guide_button.clicked.connect(self.new_guide)
        self.interviewer = QComboBox()
        self.interviewer.setAccessibleName("Interviewer")
        self.site = QComboBox()
        self.site.setAccessibleName("Site")
        self.mode = QComboBox()
        self.mode.setAccessibleName("Mode")
        fill_modes(self.mode)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy HH:mm")
        self.when.setAccessibleName("Date and time")
        self.offer = ConsentOffer(store, self.writer.tracker)
        self.offer.consent_recorded.connect(self._on_consent_recorded)
        self.message = FieldMessage(self.participant)

        guide_row = QHBoxLayout()
        guide_row.addWidget(self.guide, 1)
        guide_row.addWidget(self.new_guide_button)
        form = QFormLayout()
        form.addRow(buddy_label("&Participant:", self.participant), self.participant)
        form.addRow(buddy_label("&Guide:", self.guide), guide_row)
        form.addRow(buddy_label("&Interviewer:", self.interviewer), self.interviewer)
        form.addRow(buddy_label("S&ite:", self.site), self.site)
        form.addRow(buddy_label("&Mode:", self.mode), self.mode)
        form.addRow(buddy_label("&Date:", self.when), self.when)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("&Start interview")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.offer)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)

        self._fill()
        self.participant.currentIndexChanged.connect(self._on_participant_changed)
        self._on_participant_changed()
        self.participant.setFocus()

    def _fill(self) -> None:
        repos = self.store.repos
        for person in repos.participants.list(self.study_id):
            self.participant.addItem(participant_choice(person), person)
        self._fill_guides()
        fill_fieldworkers([self.interviewer], self.store, self.study_id)
        fill_sites(self.site, self.store, self.study_id, "The participant's site")

    def _fill_guides(self, select: str | None = None) -> None:
        fill_instruments(self.guide, self.store, self.study_id, "interview", select)

    def chosen_participant(self) -> dict[str, Any] | None:
        return self.participant.currentData()

    def _on_participant_changed(self) -> None:
        person = self.chosen_participant()
        self.message.clear_message()
        if person is None or may_record_data(person):
            self.offer.clear()
        else:
            self.offer.offer(person, self.interviewer.currentText())

    def _on_consent_recorded(self, participant_id: str) -> None:
        index = self.participant.currentIndex()
        person = self.store.repos.participants.get(participant_id)
        if person is None:
            return
        refreshed = next(
            p
            for p in self.store.repos.participants.list(self.study_id)
            if p["id"] == participant_id
        )
        self.participant.setItemText(index, participant_choice(refreshed))
        self.participant.setItemData(index, refreshed)
        self._on_participant_changed()

    def new_guide(self) -> GuideEditorDialog:
        """Open the guide editor; the new guide is chosen here once saved."""
        from gui.guides.editor import GuideEditorDialog  # gui.guides builds on this package

        dialog = GuideEditorDialog(
            self.store, self.study_id, "interview", self.writer.tracker, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Bound methods, not lambdas holding self: a deleted dialog must not own this one.
        dialog.accepted.connect(self._on_guide_saved)
        dialog.finished.connect(self._forget_guide_dialog)
        self.guide_dialog = dialog
        dialog.open()
        return dialog

    def _on_guide_saved(self) -> None:
        if self.guide_dialog is not None:
            self._fill_guides(self.guide_dialog.instrument_id)

    def _forget_guide_dialog(self) -> None:
        self.guide_dialog = None

    def accept(self) -> None:
        person = self.chosen_participant()
        self.message.clear_message()
        if person is None:
            self.message.show_message("Choose the participant to interview.")
            return
        if self.guide.currentData() is None:
            self.message.show_message("Choose a guide, or type a new one with New guide….")
            return
        values = {
            "instrument_id": self.guide.currentData(),
            "participant_id": person["id"],
            "interviewer_id": self.interviewer.currentData(),
            "site_id": self.site.currentData(),
            "mode": self.mode.currentData(),
            "started_at": utc_text(self.when.dateTime()),
        }
        try:
            self.session_id = self.writer.run(
                f"Interview with {person['code']} started",
                lambda: start_interview(self.store, self.study_id, **values),
                ("sessions",),
            )
        except ConsentError as error:
            self.offer.offer(error.participant, self.interviewer.currentText())
            self.offer.button.setFocus()
            return
        except StorageError as error:
            self.message.show_message(str(error))
            return
        super().accept()
