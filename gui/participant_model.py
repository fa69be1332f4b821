"""The participants table: pseudonymous codes with consent shown so withdrawal cannot be missed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from gui.form_parts import ERROR_COLOUR
from gui.formats import consent_label, display_date
from gui.icons import withdrawn_icon
from gui.record_table import Column, Index, RecordTableModel, Row, field
from storage.repositories.participants import may_record_data

CONSENT_COLUMN = 4
COLUMNS = (
    Column("Code", field("code")),
    Column("Role", field("role")),
    Column("Site", field("site_name")),
    Column("Organisation", field("organisation")),
    Column("Consent", lambda row: consent_label(row["consent_status"])),
    Column("Consent date", lambda row: display_date(row["consent_date"])),
)


def consent_tooltip(row: Row) -> str:
    """Says in words what the consent gate (storage's rule) allows for this participant."""
    label = consent_label(row["consent_status"])
    when = display_date(row["consent_date"])
    stated = f"Consent {label.lower()}" + (f" on {when}" if when else "")
    if may_record_data(row):
        return f"{stated}: answers and notes may be recorded."
    return f"{stated}: no answers or notes may be recorded."


class ParticipantTableModel(RecordTableModel):
    """Participant rows; withdrawn consent in bold red with a 'no entry' icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)

    def participant_id(self, row: int) -> str:
        return self.record(row)["id"]

    def row_of(self, participant_id: str) -> int | None:
        for row in range(self.rowCount()):
            if self.record(row)["id"] == participant_id:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if index.column() != CONSENT_COLUMN:
            return super().data(index, role)
        row = self.record(index.row())
        withdrawn = row["consent_status"] == "withdrawn"
        if role == Qt.ItemDataRole.ToolTipRole:
            return consent_tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and withdrawn:
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.FontRole and withdrawn:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and withdrawn:
            return withdrawn_icon()
        return super().data(index, role)
