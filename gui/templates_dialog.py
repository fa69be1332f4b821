"""New questionnaire from template: pick one of the ready-made questionnaires and name it.

The result is stored by storage.template_instruments as an ordinary instrument of the study
(editable, versioned, exportable as an XLSForm); `instrument_id` holds it afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.write_tracker import WriteTracker
from instruments.templates import DESCRIPTIONS, TEMPLATES
from storage.errors import StorageError
from storage.store import Store
from storage.template_instruments import add_from_template


class NewFromTemplateDialog(QDialog):
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
        self.tracker = tracker
        self.instrument_id: str | None = None
        self.setWindowTitle("New questionnaire from template")
        self.setMinimumWidth(560)
        self.templates = QListWidget()
        self.templates.setAccessibleName("Templates")
        self.templates.setSpacing(3)
        self.templates.addItems(list(TEMPLATES))
        rows = len(TEMPLATES)
        self.templates.setMaximumHeight((self.templates.sizeHintForRow(0) + 6) * rows + 8)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLineEdit()
        self.name.setAccessibleName("Questionnaire name")
        self.message = FieldMessage(self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("&Create questionnaire")
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy_label("&Template:", self.templates))
        layout.addWidget(self.templates)
        layout.addWidget(self.description)
        layout.addWidget(buddy_label("&Name in this study:", self.name))
        layout.addWidget(self.name)
        layout.addWidget(self.message)
        layout.addWidget(
            QLabel(
                "Afterwards it is an ordinary questionnaire: edit it, or export it as an XLSForm."
            )
        )
        layout.addWidget(buttons)
        self.templates.currentTextChanged.connect(self._template_changed)
        self.templates.setCurrentRow(0)

    def _template_changed(self, template: str) -> None:
        self.description.setText(DESCRIPTIONS.get(template, ""))
        self.name.setText(template)
        self.message.clear_message()

    def create(self) -> None:
        item = self.templates.currentItem()
        if item is None:
            return
        template, name = item.text(), self.name.text()

        def write() -> str:
            return add_from_template(self.store, self.study_id, template, name)

        try:
            if self.tracker is not None:
                self.instrument_id = self.tracker.run(write, ["instruments"])
            else:
                self.instrument_id = write()
        except StorageError as error:
            self.message.show_message(str(error))
            return
        self.accept()
