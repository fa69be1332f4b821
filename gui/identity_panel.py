"""Personal details (name, contact, notes): hidden until asked for, and marked as kept apart.

They live in participant_identities, never in the participant row, and are read from the
database only when the user opens the panel, so they are not on screen by accident.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from storage.store import Store

WARNING = "Personal details — kept apart, never exported or packed unless you ask"
SHOW_TEXT = "Show &personal details"
HIDE_TEXT = "Hide &personal details"


class PersonalDetailsSection(QWidget):
    """A 'Show personal details' button and, once pressed, the identity fields."""

    def __init__(self, store: Store, participant_id: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.participant_id = participant_id
        self.opened = False
        self._stored: tuple[str, str, str] = ("", "", "")
        self.toggle = QPushButton(SHOW_TEXT)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show personal details")
        self.toggle.toggled.connect(self._on_toggled)
        self.panel = QFrame()
        self.panel.setObjectName("personalDetails")
        self.panel.setStyleSheet(
            "QFrame#personalDetails { background: #fff8e1; border: 1px solid #d4a000;"
            " border-radius: 4px; }"
        )
        # One line, no word wrap: a wrapped label makes the dialog's size hint wrong.
        title, _, rest = WARNING.partition(" — ")
        self.heading = QLabel(f"<b>{title}</b> — {rest}")
        self.heading.setStyleSheet("color: #4e3500;")
        self.full_name = QLineEdit()
        self.full_name.setAccessibleName("Full name")
        self.contact = QLineEdit()
        self.contact.setAccessibleName("Contact details")
        self.contact.setPlaceholderText("Phone, e-mail or address")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Personal notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4 + 12)
        self.message = FieldMessage(self.full_name)
        self.labels = [
            buddy_label("Full &name:", self.full_name),
            buddy_label("Con&tact:", self.contact),
            buddy_label("Not&es:", self.notes),
        ]
        form = QFormLayout()
        for label in self.labels:
            form.addRow(label, label.buddy())
        inner = QVBoxLayout(self.panel)
        inner.addWidget(self.heading)
        inner.addLayout(form)
        inner.addWidget(self.message)
        self.panel.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.panel)
        QWidget.setTabOrder(self.toggle, self.full_name)
        QWidget.setTabOrder(self.full_name, self.contact)
        QWidget.setTabOrder(self.contact, self.notes)

    def values(self) -> tuple[str, str, str]:
        return (self.full_name.text(), self.contact.text(), self.notes.toPlainText())

    def needs_saving(self) -> bool:
        """Only details the user opened and changed are written; an empty new record is not."""
        return self.opened and self.values() != self._stored

    def save(self, participant_id: str) -> None:
        """Write the details (inside the caller's transaction) to participant_identities."""
        full_name, contact, notes = self.values()
        self.store.repos.participants.set_identity(participant_id, full_name, contact, notes)

    def _on_toggled(self, shown: bool) -> None:
        if shown and not self.opened:
            self._load()
        self.panel.setVisible(shown)
        self.toggle.setText(HIDE_TEXT if shown else SHOW_TEXT)
        if shown:
            self.full_name.setFocus()
        window = self.window()
        if window is not None and window.layout() is not None:
            window.layout().activate()  # take the panel into account before resizing
            window.adjustSize()

    def _load(self) -> None:
        self.opened = True
        identity = (
            self.store.repos.participants.identity(self.participant_id)
            if self.participant_id
            else None
        )
        if identity:
            self._stored = (identity["full_name"], identity["contact"], identity["notes"])
        self.full_name.setText(self._stored[0])
        self.contact.setText(self._stored[1])
        self.notes.setPlainText(self._stored[2])
