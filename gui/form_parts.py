"""Pieces every form uses: labels whose &-letter focuses their field, and refusal messages."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#b00020"


def buddy_label(text: str, field: QWidget) -> QLabel:
    """A label whose &-letter (Alt+letter) moves the keyboard focus to its field."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def align_labels(labels: Iterable[QLabel]) -> None:
    """Give labels of separate forms one width, so their fields line up down a dialog."""
    labels = list(labels)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


class FieldMessage(QLabel):
    """A sentence under a field saying why its value was refused; hidden while all is well."""

    def __init__(self, field: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field = field
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setAccessibleName("Error message")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.show()
        if self._field is not None:
            # Screen readers announce the description with the field, so the reason is heard.
            self._field.setAccessibleDescription(text)

    def clear_message(self) -> None:
        self.clear()
        self.hide()
        if self._field is not None:
            self._field.setAccessibleDescription("")
