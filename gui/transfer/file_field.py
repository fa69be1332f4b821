"""A file path typed or chosen with Browse…, and the folder helpers the dialogs share."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def default_folder() -> Path:
    """Documents if the user has one, else home: where a coordinator looks for files."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def file_name(*parts: str, suffix: str) -> str:
    """A file name from words (study, label) and today's date, safe on every system."""
    words = " ".join(part.strip() for part in parts if part.strip())
    cleaned = _UNSAFE.sub("-", words).strip(" .-") or "Fieldnotes"
    return f"{cleaned[:80]} {date.today().isoformat()}{suffix}"


def with_suffix(path: Path, suffix: str) -> Path:
    """`path` ending in `suffix` (added, or put in place of another known one)."""
    if path.suffix.lower() == suffix:
        return path
    if path.suffix.lower() in {".xlsx", ".csv", ".fieldpack"}:
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


def open_folder(path: Path) -> bool:
    """Show the folder holding `path` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class FileField(QWidget):
    """A path line and a Browse… button that opens a Save or Open dialog.

    When saving over a file that exists, a note under the line says so: the core replaces
    it only once the new file is complete, so nothing is lost if the work is cancelled.
    """

    def __init__(
        self,
        accessible_name: str,
        caption: str,
        file_filter: str,
        saving: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caption = caption
        self.file_filter = file_filter
        self.saving = saving
        self.line = QLineEdit()
        self.line.setAccessibleName(accessible_name)
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(320)
        self.line.textChanged.connect(self._text_changed)
        self.browse = QPushButton("&Browse…")
        self.browse.setAccessibleName(f"Choose {accessible_name.lower()}")
        self.browse.clicked.connect(self.choose)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 0, 0)
        layout.addWidget(self.browse, 0, 1)
        layout.addWidget(self.note, 1, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.setFocusProxy(self.line)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._text_changed(self.line.text())  # the file may have appeared meanwhile

    def _text_changed(self, _text: str) -> None:
        path = self.path()
        exists = self.saving and path is not None and path.is_file()
        self.note.setText(
            f"{path.name} exists: it will be replaced, only once the new file is complete."
            if exists and path is not None
            else ""
        )
        self.note.setVisible(exists)

    def path(self) -> Path | None:
        text = self.line.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        self.line.setText(str(path) if path else "")

    def choose(self) -> None:
        start = str(self.path() or default_folder())
        if self.saving:
            chosen, _ = QFileDialog.getSaveFileName(self, self.caption, start, self.file_filter)
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.caption, start, self.file_filter)
        if chosen:
            self.set_path(Path(chosen))
