"""The window's status bar: which database, which laptop, and whether the last change is saved."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from gui.form_parts import ERROR_COLOUR
from gui.formats import clock_time


class SaveState(Enum):
    """Where the last write stands; every screen reports through the same states."""

    IDLE = "idle"
    SAVING = "saving"
    SAVED = "saved"
    NOT_SAVED = "not_saved"


class ElidedLabel(QLabel):
    """A label that shortens long text with '…' instead of clipping it; the tooltip has it all.

    Long paths and long reasons must never force the window wider than the screen.
    """

    def __init__(self, mode: Qt.TextElideMode, minimum_width: int) -> None:
        super().__init__()
        self._mode = mode
        self._minimum_width = minimum_width
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._minimum_width, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text = self.fontMetrics().elidedText(self.text(), self._mode, self.width())
        painter.drawText(self.rect(), int(self.alignment()), text)


class FieldnotesStatusBar(QStatusBar):
    """Database path and device label, and the saved-state indicator fieldworkers rely on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(True)
        self._database = ElidedLabel(Qt.TextElideMode.ElideMiddle, 120)
        self._database.setAccessibleName("Database file")
        self._device = ElidedLabel(Qt.TextElideMode.ElideRight, 80)
        self._device.setAccessibleName("This device")
        self._saved = ElidedLabel(Qt.TextElideMode.ElideRight, 160)
        self._saved.setAccessibleName("Saved state")
        self.addWidget(self._database, 1)
        self.addPermanentWidget(self._device)
        self.addPermanentWidget(self._saved)
        self.set_save_state(SaveState.IDLE)

    def show_database(self, path: Path, device_label: str) -> None:
        self._database.setText(f"Database: {path}")
        self._device.setText(f"Device: {device_label}")

    def set_save_state(self, state: SaveState, reason: str = "") -> None:
        """The one method screens use to report a write: saving, saved, or not saved and why."""
        if state is SaveState.SAVING:
            text, colour = "Saving…", ""
        elif state is SaveState.SAVED:
            text, colour = f"Saved {clock_time(datetime.now())}", "#1b5e20"
        elif state is SaveState.NOT_SAVED:
            text, colour = f"Not saved: {reason}", ERROR_COLOUR
        else:
            text, colour = "No changes yet", ""
        self._saved.setText(text)
        self._saved.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")

    def save_state_text(self) -> str:
        return self._saved.text()

    def database_text(self) -> str:
        return self._database.text()

    def device_text(self) -> str:
        return self._device.text()
