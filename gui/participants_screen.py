"""The participants of a study: search, add, edit, record consent, delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.consent_form import ConsentDialog
from gui.form_parts import FieldMessage
from gui.participant_dialog import ParticipantDialog
from gui.participant_model import ParticipantTableModel
from gui.record_table import make_table_view, screen_title
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.errors import StorageError
from storage.store import Store


def delete_question(participant: dict, session_count: int) -> str:
    """What the confirmation asks before a participant is deleted."""
    text = f"Delete participant {participant['code']}?"
    if session_count:
        text += (
            f"\n\nThey have {session_count} recorded session(s); those are kept and still show "
            "this code."
        )
    return text + "\n\nThe deletion is recorded in the audit trail and travels with merges."


class ParticipantsScreen(QWidget):
    """One study's participants; every change goes through the repositories and the tracker."""

    tables = frozenset({"participants", "participant_identities", "sites"})

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.study_id: str | None = None
        self.dialog: QDialog | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by code, role or organisation")
        self.search.setAccessibleName("Search participants")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.summary = QLabel()
        self.model = ParticipantTableModel(self)
        self.table = make_table_view(self.model, "Participants")
        # Double-click, or Enter on a row, opens it for editing.
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.message = FieldMessage()

        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.consent_button = QPushButton("Record &consent…")
        self.delete_button = QPushButton("&Delete…")
        self.add_button.clicked.connect(self.add_participant)
        self.edit_button.clicked.connect(self.edit_participant)
        self.consent_button.clicked.connect(self.record_consent)
        self.delete_button.clicked.connect(self.delete_participant)

        top = QHBoxLayout()
        top.addWidget(screen_title("Participants"))
        top.addStretch(1)
        top.addWidget(self.summary)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.consent_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)
        tracker.changed.connect(self._on_changed)
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        if study_id != self.study_id:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self.study_id = study_id
        self.refresh()
        # Sized once per study, not per search keystroke, so columns do not jump while typing.
        self.table.resizeColumnsToContents()

    def refresh(self) -> None:
        """Reload the rows matching the search, keeping the selected participant selected."""
        selected = self.selected_participant()
        rows = (
            self.store.repos.participants.list(self.study_id, search=self.search.text())
            if self.study_id
            else []
        )
        self.model.set_rows(rows)
        withdrawn = sum(1 for row in rows if row["consent_status"] == "withdrawn")
        self.summary.setText(
            f"{len(rows)} participant{'s' if len(rows) != 1 else ''}"
            + (f", {withdrawn} withdrawn" if withdrawn else "")
        )
        if selected:
            self.select_participant(selected["id"])
        self._update_buttons()

    def select_participant(self, participant_id: str | None) -> bool:
        row = self.model.row_of(participant_id) if participant_id else None
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_participant(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.record(rows[0].row()) if rows else None

    # --- actions -----------------------------------------------------------------------------

    def add_participant(self) -> ParticipantDialog | None:
        if not self.study_id:
            return None
        return self._open(ParticipantDialog(self.store, self.tracker, self.study_id, None, self))

    def edit_participant(self) -> ParticipantDialog | None:
        participant = self.selected_participant()
        if participant is None or not self.study_id:
            return None
        dialog = ParticipantDialog(self.store, self.tracker, self.study_id, participant["id"], self)
        return self._open(dialog)

    def record_consent(self) -> ConsentDialog | None:
        participant = self.selected_participant()
        if participant is None:
            return None
        return self._open(ConsentDialog(self.store, self.tracker, participant, self))

    def delete_participant(self) -> bool:
        participant = self.selected_participant()
        if participant is None:
            return False
        sessions = self.store.repos.participants.session_count(participant["id"])
        if not self.confirm(delete_question(participant, sessions)):
            return False
        self.message.clear_message()
        try:
            self.tracker.run(
                lambda: self.store.repos.participants.delete(participant["id"]), ("participants",)
            )
        except StorageError as error:
            self.message.show_message(str(error))
            return False
        return True

    def confirm(self, question: str) -> bool:
        """Ask before something that cannot be undone from this screen; No is the default."""
        answer = QMessageBox.question(
            self,
            "Delete participant",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- plumbing ----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        """Window-modal and non-blocking, so the rest of the app keeps painting."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.select_participant(dialog.participant_id))
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _on_activated(self, _index: QModelIndex) -> None:
        self.edit_participant()

    def _update_buttons(self) -> None:
        chosen = self.selected_participant() is not None
        for button in (self.edit_button, self.consent_button, self.delete_button):
            button.setEnabled(chosen)
        self.add_button.setEnabled(self.study_id is not None)

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*self.tables):
            self.refresh()
