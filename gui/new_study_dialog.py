"""Name a new study (an evaluation programme) in the open database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.store import Store


class NewStudyDialog(QDialog):
    """Creates the study on Save; `study_id` is set once it exists."""

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.study_id: str | None = None
        self.setWindowTitle("New study")
        self.name = QLineEdit()
        self.name.setAccessibleName("Study name")
        self.name.setPlaceholderText("e.g. Durham access programme")
        self.name_message = FieldMessage(self.name)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Study description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 5 + 12)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(buddy_label("&Name:", self.name), self.name)
        form.addRow("", self.name_message)
        form.addRow(buddy_label("&Description:", self.description), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.name.setFocus()

    def accept(self) -> None:
        self.name_message.clear_message()
        try:
            self.study_id = self.tracker.run(
                lambda: self.store.repos.studies.add(
                    self.name.text(), self.description.toPlainText().strip()
                ),
                ("studies",),
            )
        except StorageError as error:
            self.name_message.show_message(str(error))
            return
        super().accept()
