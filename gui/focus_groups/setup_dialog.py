"""Setting up a focus group: facilitator, note-taker, site, guide, date, and the roster.

Starting is storage's decision (start_focus_group: all or nothing, every member with
consent given). When someone on the roster lacks consent the dialog says who and offers
to record it there and then; a participant met at the door can be created on the spot.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.consent_form import ConsentDialog
from gui.focus_groups.roster_editor import RosterEditor
from gui.form_parts import FieldMessage, buddy_label
from gui.guides.editor import GuideEditorDialog
from gui.interviews.consent_offer import ConsentOffer, prefill_given
from gui.interviews.session_writer import SessionWriter
from gui.interviews.start_dialog import utc_text
from gui.participant_dialog import ParticipantDialog
from gui.session_choices import fill_fieldworkers, fill_instruments, fill_modes, fill_sites
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.qualitative import start_focus_group
from storage.repositories.notes import ConsentError
from storage.repositories.participants import may_record_data
from storage.store import Store


class FocusGroupSetupDialog(QDialog):
    """Creates the focus group and its roster on Start; `session_id` is set once it exists."""

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
        self.dialog: QDialog | None = None
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        self.setWindowTitle("Set up a focus group")

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("e.g. Carers' group, Carlisle")
        self.guide = QComboBox()
        self.guide.setAccessibleName("Focus-group guide")
        self.new_guide_button = QPushButton("New &guide…")
        self.new_guide_button.clicked.connect(self.new_guide)
        self.facilitator = QComboBox()
        self.facilitator.setAccessibleName("Facilitator")
        self.note_taker = QComboBox()
        self.note_taker.setAccessibleName("Note-taker")
        self.site = QComboBox()
        self.site.setAccessibleName("Site")
        self.mode = QComboBox()
        self.mode.setAccessibleName("Mode")
        fill_modes(self.mode)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy HH:mm")
        self.when.setAccessibleName("Date and time")
        self.roster = RosterEditor(store, study_id)
        self.offer = ConsentOffer(store, self.writer.tracker)
        self.offer.consent_recorded.connect(self.roster.refresh_consent)
        self.message = FieldMessage()
        self.roster.new_button.clicked.connect(self.new_participant)
        self.roster.consent_button.clicked.connect(self.record_consent)

        guide_row = QHBoxLayout()
        guide_row.addWidget(self.guide, 1)
        guide_row.addWidget(self.new_guide_button)
        left = QFormLayout()
        left.addRow(buddy_label("&Title:", self.title), self.title)
        left.addRow(buddy_label("G&uide:", self.guide), guide_row)
        left.addRow(buddy_label("&Date:", self.when), self.when)
        right = QFormLayout()
        right.addRow(buddy_label("&Facilitator:", self.facilitator), self.facilitator)
        right.addRow(buddy_label("N&ote-taker:", self.note_taker), self.note_taker)
        right.addRow(buddy_label("S&ite:", self.site), self.site)
        right.addRow(buddy_label("&Mode:", self.mode), self.mode)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addSpacing(16)
        top.addLayout(right, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("&Start focus group")
        self.start_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.roster, 1)
        layout.addWidget(self.offer)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(980, 640)
        self._fill()
        self.title.installEventFilter(self)
        self.title.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter after the title goes on to the roster instead of starting the group."""
        if (
            watched is self.title
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.roster.filter.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _fill(self) -> None:
        self._fill_guides()
        workers = fill_fieldworkers([self.facilitator, self.note_taker], self.store, self.study_id)
        if len(workers) > 1:
            self.note_taker.setCurrentIndex(1)
        fill_sites(self.site, self.store, self.study_id, "(no particular site)")

    def _fill_guides(self, select: str | None = None) -> None:
        fill_instruments(self.guide, self.store, self.study_id, "focus_group", select)

    # --- on the spot: a guide, a participant, consent ------------------------------------------

    def new_guide(self) -> GuideEditorDialog:
        dialog = GuideEditorDialog(
            self.store, self.study_id, "focus_group", self.writer.tracker, self
        )
        self._show(dialog, self._on_guide_saved)
        return dialog

    def new_participant(self) -> ParticipantDialog:
        """Create a participant (code, role, consent) and seat them."""
        dialog = ParticipantDialog(self.store, self.writer.tracker, self.study_id, parent=self)
        self._show(dialog, self._on_participant_created)
        return dialog

    def record_consent(self) -> ConsentDialog | None:
        """Record consent for the roster row selected."""
        member = self.roster.current_member()
        if member is None:
            self.message.show_message("Select a person on the roster first.")
            return None
        person = self.store.repos.participants.get(member["participant"]["id"])
        if person is None:
            return None
        dialog = ConsentDialog(self.store, self.writer.tracker, person, self)
        prefill_given(dialog, self.facilitator.currentText())
        self._show(dialog, self._on_consent)
        return dialog

    def _on_guide_saved(self) -> None:
        if isinstance(self.dialog, GuideEditorDialog):
            self._fill_guides(self.dialog.instrument_id)

    def _on_participant_created(self) -> None:
        if isinstance(self.dialog, ParticipantDialog) and self.dialog.participant_id:
            self.roster.add_participant_id(self.dialog.participant_id)

    def _on_consent(self) -> None:
        if not isinstance(self.dialog, ConsentDialog):
            return
        participant_id = self.dialog.participant_id
        self.roster.refresh_consent(participant_id)
        person = self.store.repos.participants.get(participant_id) or {}
        if may_record_data(person):
            self.offer.clear()

    def _show(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        """Open a child dialog; bound methods only, so a deleted child never owns this one."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None

    # --- starting ---------------------------------------------------------------------------------

    def accept(self) -> None:
        self.message.clear_message()
        if self.guide.currentData() is None:
            self.message.show_message("Choose a guide, or type one in with New guide….")
            return
        values = {
            "instrument_id": self.guide.currentData(),
            "members": self.roster.entries(),
            "facilitator_id": self.facilitator.currentData(),
            "note_taker_id": self.note_taker.currentData(),
            "site_id": self.site.currentData(),
            "mode": self.mode.currentData(),
            "started_at": utc_text(self.when.dateTime()),
            "title": self.title.text().strip(),
        }
        try:
            self.session_id = self.writer.run(
                "Focus group started",
                lambda: start_focus_group(self.store, self.study_id, **values),
                ("sessions", "session_members"),
            )
        except ConsentError as error:
            self.roster.select_participant(error.participant["id"])
            self.offer.offer(error.participant, self.facilitator.currentText())
            self.offer.button.setFocus()
            return
        except StorageError as error:
            self.message.show_message(str(error))
            return
        super().accept()
