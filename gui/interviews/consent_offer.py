"""The offer to record consent on the spot, shown where the consent gate stops a recording.

The rule is storage's (NoteRepository.consent_blocker, ConsentError); this bar only says
why nothing can be recorded and opens the usual consent dialog, pre-filled with 'given',
today and the fieldworker's name, so the fieldworker can record it there and then.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.consent_form import ConsentDialog
from gui.form_parts import ERROR_COLOUR
from gui.write_tracker import WriteTracker
from storage.repositories.notes import consent_refusal
from storage.store import Store


def prefill_given(dialog: ConsentDialog, recorded_by: str) -> None:
    """Set the dialog to the usual on-the-spot answer: given, today, by this fieldworker."""
    form = dialog.form
    form.status.setCurrentIndex(form.status.findData("given"))
    if recorded_by and not form.recorded_by.currentText():
        form.recorded_by.setCurrentText(recorded_by)


class ConsentOffer(QFrame):
    """A red bar: '<code> has not consented… [Record consent now…]'; hidden when all is well."""

    consent_recorded = Signal(str)  # participant id

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.participant: dict[str, Any] | None = None
        self.recorded_by = ""
        self.dialog: ConsentDialog | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"ConsentOffer {{ border: 1px solid {ERROR_COLOUR}; }}")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setAccessibleName("Consent needed")
        self.button = QPushButton("Record &consent now…")
        self.button.clicked.connect(self.open_dialog)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    @property
    def active(self) -> bool:
        """Whether a participant is blocking recording (shown or not yet on screen)."""
        return self.participant is not None

    def offer(self, participant: dict[str, Any], recorded_by: str = "") -> None:
        """Show why this participant blocks recording, with the button to record consent."""
        self.participant = participant
        self.recorded_by = recorded_by
        self.message.setText(
            f"<span style='color:{ERROR_COLOUR}'><b>No consent.</b> "
            f"{html.escape(consent_refusal(participant))}</span>"
        )
        self.show()

    def clear(self) -> None:
        self.participant = None
        self.hide()

    def open_dialog(self) -> ConsentDialog | None:
        """The consent dialog for the blocking participant (window-modal, not blocking)."""
        if self.participant is None:
            return None
        person = self.store.repos.participants.get(self.participant["id"])
        if person is None:
            return None
        dialog = ConsentDialog(self.store, self.tracker, person, self.window())
        prefill_given(dialog, self.recorded_by)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Bound methods, not lambdas holding self: a deleted dialog must not own this bar.
        dialog.accepted.connect(self._on_accepted)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _on_accepted(self) -> None:
        if self.dialog is not None:
            self._on_recorded(self.dialog.participant_id)

    def _on_recorded(self, participant_id: str) -> None:
        person = self.store.repos.participants.get(participant_id) or {}
        if person.get("consent_status") == "given":
            self.clear()
        else:
            self.offer(person, self.recorded_by)
        self.consent_recorded.emit(participant_id)
