"""The editor for downgraded file types (photo, audio, video, file): attach a file.

The chosen file is copied beside the database by storage (`<db>.attachments/<session>/`)
and the answer stores the copy's relative path, so the database and its attachments travel
together and the original can be moved or deleted safely.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QWidget

from gui.entry.inputs import QuestionInput
from storage.errors import StorageError

# Copies a file beside the database and returns the relative path to store (or raises).
Attach = Callable[[Path], str]


class AttachmentInput(QuestionInput):
    """A read-only line with the attached file, a Choose button and a Remove button."""

    refused = Signal(str)  # the file could not be copied in: why

    def __init__(self, attach: Attach, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attach = attach
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.path.setPlaceholderText(hint or "No file attached")
        self.choose = QPushButton("Choose file…")
        self.choose.setAccessibleDescription("Choose a file to attach")
        self.remove = QPushButton("Remove")
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.editor = self.choose
        self.row.addWidget(self.path, 1)
        self.row.addWidget(self.choose)
        self.row.addWidget(self.remove)
        self.choose.clicked.connect(self._choose)
        self.remove.clicked.connect(self._remove)

    def _choose(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "Attach a file")
        if chosen:
            self.attach_file(Path(chosen))

    def attach_file(self, source: Path) -> None:
        """Copy the file in (storage does it) and finish the answer with its stored path."""
        try:
            stored = self._attach(source)
        except (StorageError, OSError) as error:
            self.refused.emit(f"The file was not attached: {error}")
            return
        self.path.setText(stored)
        self.finished.emit()

    def _remove(self) -> None:
        if self.path.text():
            self.path.clear()
            self.finished.emit()

    def raw_value(self) -> Any:
        return self.path.text()

    def show_value(self, value: Any) -> None:
        self.path.setText("" if value is None else str(value))
