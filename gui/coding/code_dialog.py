"""Add or edit a code: name, parent, colour, description, inclusion and exclusion notes.

The dialog only gathers values; the screen's `save` writes them through the codebook
(storage.codebook), and a refusal is shown beside the buttons without closing, so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.coding.colours import swatch
from gui.form_parts import ERROR_COLOUR
from storage.codebook import PALETTE, CodeNode
from storage.errors import StorageError


def _notes_box(text: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
    return box


class CodeDialog(QDialog):
    """Values of one code; `values()` gives them for Codebook.add / update."""

    def __init__(
        self,
        nodes: list[CodeNode],
        code: CodeNode | None = None,
        parent_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit code" if code else "New code")
        self.setMinimumWidth(460)
        self.save: Callable[[], object] | None = None
        self.colour = code.colour if code else PALETTE[len(nodes) % len(PALETTE)]
        self.name = QLineEdit(code.name if code else "")
        self.name.setPlaceholderText("e.g. Information sharing")
        self.parent_box = QComboBox()
        self.parent_box.addItem("(top level: a theme)", None)
        below = _below(nodes, code.id) if code else set()
        for node in nodes:
            if node.id not in below:
                self.parent_box.addItem(
                    swatch(node.colour), "    " * node.depth + node.name, node.id
                )
        wanted = code.parent_id if code else parent_id
        self.parent_box.setCurrentIndex(max(0, self.parent_box.findData(wanted)))
        self.colour_button = QPushButton("Choose…")
        self.colour_button.clicked.connect(self._choose_colour)
        self.description = _notes_box(code.description if code else "", "What the code means")
        self.inclusion = _notes_box(code.inclusion if code else "", "When to apply it")
        self.exclusion = _notes_box(code.exclusion if code else "", "When not to apply it")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name:", self.name)
        form.addRow("&Under:", self.parent_box)
        form.addRow("&Colour:", self.colour_button)
        form.addRow("&Description:", self.description)
        form.addRow("&Inclusion:", self.inclusion)
        form.addRow("E&xclusion:", self.exclusion)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_colour()
        self.name.setFocus()

    def _show_colour(self) -> None:
        self.colour_button.setIcon(swatch(self.colour, 16))
        self.colour_button.setText(self.colour)

    def _choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, "Code colour")
        if chosen.isValid():
            self.colour = chosen.name()
            self._show_colour()

    def parent_id(self) -> str | None:
        return self.parent_box.currentData()

    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "description": self.description.toPlainText(),
            "colour": self.colour,
            "inclusion": self.inclusion.toPlainText(),
            "exclusion": self.exclusion.toPlainText(),
        }

    def submit(self) -> None:
        """Save through `save` (set by the screen); a refusal keeps the dialog open."""
        if self.save is not None:
            try:
                self.save()
            except StorageError as error:
                self.show_error(str(error))
                return
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)


def _below(nodes: list[CodeNode], code_id: str) -> set[str]:
    """The code and its subcodes: a code cannot be put under one of these."""
    found = {code_id}
    for node in nodes:
        if node.parent_id in found:
            found.add(node.id)
    return found
