"""The study's instruments, one row per family (its latest version), retired ones greyed.

Each row is the latest version's repository row with the family's total session count
(`sessions`) and number of versions (`versions`) added, read through
storage.instrument_versions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.formats import display_timestamp
from gui.record_table import Column, Index, RecordTableModel, Row, field
from storage.instrument_versions import versions
from storage.store import Store

KIND_LABELS = {
    "questionnaire": "Questionnaire",
    "interview": "Interview guide",
    "focus_group": "Focus-group guide",
}
RETIRED_COLOUR = "#7a7a7a"


COLUMNS = (
    Column("Name", field("name")),
    Column("Kind", lambda row: KIND_LABELS.get(row["kind"], row["kind"])),
    Column("Version", lambda row: str(row["version_number"])),
    Column("Sessions", lambda row: str(row.get("sessions", ""))),
    Column("Status", lambda row: "Retired" if row["retired"] else "In use"),
    Column("Form id", field("form_id")),
    Column("Last changed", lambda row: display_timestamp(row["updated_at"])),
)


def family_rows(store: Store, study_id: str, show_retired: bool = True) -> list[Row]:
    """Latest version of each family with its sessions over all versions."""
    rows = []
    for row in store.repos.instruments.list(study_id, latest_only=True):
        if row["retired"] and not show_retired:
            continue
        family = versions(store, row["family_id"])
        rows.append({**row, "sessions": sum(v.sessions for v in family), "versions": len(family)})
    return rows


class InstrumentListModel(RecordTableModel):
    """Read-only rows; a retired instrument reads grey and italic."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)

    def row_of(self, family_id: str) -> int | None:
        for number in range(self.rowCount()):
            if self.record(number)["family_id"] == family_id:
                return number
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            retired = bool(self.record(index.row())["retired"])
            if role == Qt.ItemDataRole.ForegroundRole and retired:
                return QBrush(QColor(RETIRED_COLOUR))
            if role == Qt.ItemDataRole.FontRole and retired:
                font = QFont()
                font.setItalic(True)
                return font
        return super().data(index, role)
