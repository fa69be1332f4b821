"""Asking for what a new or copied instrument is called (and, for a guide, its kind)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label

GUIDE_KINDS = (("interview", "Interview guide"), ("focus_group", "Focus-group guide"))


class NameDialog(QDialog):
    """A title (and, for guides, interview or focus group); `title()` and `kind()` read them.

    The caller does the write on `accepted` and, if storage refuses, shows why with
    `refuse(message)` and keeps the dialog open.
    """

    def __init__(
        self,
        heading: str,
        title: str = "",
        guide: bool = False,
        ok_text: str = "Create",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.title_edit = QLineEdit(title)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.selectAll()
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of guide")
        for value, label in GUIDE_KINDS:
            self.kind_combo.addItem(label, value)
        self.message = FieldMessage(self.title_edit)
        form = QFormLayout()
        form.addRow(buddy_label("&Title:", self.title_edit), self.title_edit)
        if guide:
            form.addRow(buddy_label("&Kind:", self.kind_combo), self.kind_combo)
        else:
            self.kind_combo.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.title_edit.setFocus()

    def title(self) -> str:
        return self.title_edit.text().strip()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def refuse(self, message: str) -> None:
        self.message.show_message(message)
        self.title_edit.setFocus()
