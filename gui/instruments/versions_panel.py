"""Every version of the selected instrument: when it was saved, its sessions, what changed.

A version that sessions used is frozen (its data keeps meaning what it meant); an edit of
it became the next version, and its change summary says what changed.
"""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from gui.formats import display_timestamp
from gui.record_table import Column, RecordTableModel, Row, make_table_view
from storage.instrument_versions import VersionInfo, versions
from storage.store import Store


def changes_text(row: Row) -> str:
    """The stored change summary; a first version imported as it was has none."""
    if row["change_summary"]:
        return row["change_summary"]
    return "first version" if row["version_number"] == 1 else ""


COLUMNS = (
    Column("Version", lambda row: str(row["version_number"])),
    Column("Saved", lambda row: display_timestamp(row["created_at"])),
    Column("Sessions", lambda row: str(row["sessions"])),
    Column("Form version", lambda row: row["version"] or ""),
    Column("Changes", changes_text),
)


class VersionsPanel(QWidget):
    """A heading naming the instrument and a table of its versions, oldest first."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.heading = QLabel("Versions")
        self.heading.setWordWrap(True)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = make_table_view(self.model, "Versions")
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.versions: list[VersionInfo] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def show_family(self, family_id: str | None, name: str = "") -> None:
        self.versions = versions(self.store, family_id) if family_id else []
        self.model.set_rows([asdict(version) for version in self.versions])
        count = len(self.versions)
        if family_id:
            plural = "s" if count != 1 else ""
            self.heading.setText(f"Versions of {name}: {count} version{plural}, oldest first")
        else:
            self.heading.setText("Versions: choose an instrument above")
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
