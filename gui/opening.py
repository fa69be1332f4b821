"""Opening a database from the GUI: clear messages for damaged or foreign files, and restore.

Nothing here decides whether a file is healthy (storage.open_store does); this module turns
its refusals into words and offers the backups storage lists.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage
from gui.formats import display_date
from storage.backups import restore_backup
from storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    ForeignFileError,
    NewerSchemaError,
    NoDatabaseError,
    StorageError,
)
from storage.store import Store, open_store

DATABASE_FILTER = "Fieldnotes databases (*.db *.sqlite *.fieldnotes);;All files (*)"
_BACKUP_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6})\d{3}Z-(?P<reason>.+?)\.db$")
_REASONS = {
    "open": "taken when the database was opened",
    "before-migration": "taken before an upgrade",
}
_BACKUP_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class OpenProblem:
    """Why a database could not be opened, in words, and the backups that could replace it."""

    title: str
    message: str
    backups: tuple[Path, ...] = ()


def describe_open_problem(error: Exception, path: Path) -> OpenProblem:
    """The title and sentences a user reads when `path` cannot be opened."""
    where = f"<p><b>File:</b> {html.escape(str(path))}</p>"
    said = html.escape(str(error))
    unchanged = "<p>Fieldnotes has not changed the file.</p>"
    if isinstance(error, DamagedDatabaseError):
        why = html.escape(getattr(error, "why", ""))
        text = "<p>This database is damaged and cannot be opened" + (f" ({why})" if why else "")
        text += ".</p>" + where + unchanged
        if error.backups:
            text += (
                "<p>Choose a backup below (newest first) and click <b>Restore selected "
                "backup</b>. The damaged file is kept beside it, renamed, not deleted. Changes "
                "made after the backup was taken are not in it.</p>"
            )
        else:
            text += "<p>No backup of it was found. Keep the file: it may still be repaired.</p>"
        return OpenProblem("The database is damaged", text, tuple(error.backups))
    if isinstance(error, ForeignFileError):
        if not error.backups:
            return OpenProblem("Not a Fieldnotes database", f"<p>{said}</p>{unchanged}")
        text = f"<p>This file is not a Fieldnotes database.</p>{where}{unchanged}"
        text += (
            "<p>Backups of a Fieldnotes database kept at this path exist; you can restore "
            "one below. The current file is kept beside it, renamed, not deleted.</p>"
        )
        return OpenProblem("Not a Fieldnotes database", text, tuple(error.backups))
    if isinstance(error, NewerSchemaError):
        return OpenProblem("Made by a newer Fieldnotes", f"<p>{said}</p>{where}")
    if isinstance(error, NoDatabaseError):
        return OpenProblem("No database there", f"<p>There is no database file here.</p>{where}")
    if isinstance(error, DatabaseInUseError):
        return OpenProblem("The database is busy", f"<p>{said}</p>")
    if isinstance(error, StorageError):
        return OpenProblem("The database could not be opened", f"<p>{said}</p>{where}")
    if isinstance(error, OSError):
        reason = html.escape(error.strerror or str(error))
        return OpenProblem("The file could not be read", f"<p>{reason}.</p>{where}")
    return OpenProblem(
        "The database could not be opened", f"<p>{type(error).__name__}: {said}</p>{where}"
    )


def backup_label(backup: Path) -> str:
    """'27 Nov 2026 10:42:07 — taken when the database was opened' from a backup's file name."""
    match = _BACKUP_NAME.match(backup.name)
    if not match:
        return backup.name
    taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S").replace(tzinfo=UTC).astimezone()
    reason = _REASONS.get(match["reason"], match["reason"].replace("-", " "))
    return f"{display_date(taken.date().isoformat())} {taken:%H:%M:%S} — {reason}"


class OpenProblemDialog(QDialog):
    """Shows an OpenProblem; with backups, lets the user restore one. Accepted = restored."""

    def __init__(self, problem: OpenProblem, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.restored_from: Path | None = None
        self.setWindowTitle(problem.title)
        self.text = QLabel(problem.message)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = QListWidget()
        self.backups.setAccessibleName("Backups, newest first")
        for backup in problem.backups:
            item = QListWidgetItem(f"{backup_label(backup)}\n{backup.name}")
            item.setData(_BACKUP_ROLE, str(backup))
            item.setToolTip(str(backup))
            self.backups.addItem(item)
        self.backups.setVisible(bool(problem.backups))
        self.message = FieldMessage(self.backups)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton("&Restore selected backup")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setVisible(bool(problem.backups))  # after addButton, which shows it
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        if problem.backups:
            self.backups.setCurrentRow(0)
            self.backups.setFocus()

    def backup_paths(self) -> list[Path]:
        return [Path(self.backups.item(i).data(_BACKUP_ROLE)) for i in range(self.backups.count())]

    def restore_selected(self) -> bool:
        """Put the chosen backup in place (storage keeps the current file aside) and close."""
        item = self.backups.currentItem()
        if item is None:
            self.message.show_message("Choose a backup in the list first.")
            return False
        try:
            restore_backup(self.path, Path(item.data(_BACKUP_ROLE)))
        except (OSError, ValueError) as error:
            self.message.show_message(str(error))
            return False
        self.restored_from = Path(item.data(_BACKUP_ROLE))
        self.accept()
        return True


AskAboutProblem = Callable[[OpenProblem, Path, QWidget | None], bool]


def ask_with_dialog(problem: OpenProblem, path: Path, parent: QWidget | None) -> bool:
    """Show the problem modally; True when the user restored a backup (so: try again)."""
    return OpenProblemDialog(problem, path, parent).exec() == QDialog.DialogCode.Accepted


def open_database_interactively(
    path: Path,
    *,
    create: bool = False,
    parent: QWidget | None = None,
    ask: AskAboutProblem = ask_with_dialog,
    backup_on_open: bool = True,
) -> Store | None:
    """Open `path` (taking the on-open backup unless the caller takes it itself); on refusal
    explain, offer restore, retry.

    Returns None when the user gives up; never raises for a file it cannot open.
    """
    path = Path(path).expanduser()
    while True:
        try:
            return open_store(path, create=create, backup_on_open=backup_on_open)
        except (StorageError, OSError, sqlite3.Error) as error:
            if not ask(describe_open_problem(error, path), path, parent):
                return None


def choose_database_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask for an existing database file; None if the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Open a Fieldnotes database", str(start or Path.home()), DATABASE_FILTER
    )
    return Path(chosen) if chosen else None
