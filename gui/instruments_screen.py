"""Questionnaires and guides of a study, read-only until the designer arrives."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.formats import display_timestamp
from gui.record_table import Column, RecordListScreen, field
from gui.write_tracker import WriteTracker
from storage.store import Store

KIND_LABELS = {
    "questionnaire": "Questionnaire",
    "interview": "Interview guide",
    "focus_group": "Focus-group guide",
}

COLUMNS = (
    Column("Name", field("name")),
    Column("Kind", lambda row: KIND_LABELS.get(row["kind"], row["kind"])),
    Column("Version", lambda row: row["version"] or f"#{row['version_number']}"),
    Column("Form id", field("form_id")),
    Column("In use", lambda row: "Retired" if row["retired"] else "Yes"),
    Column("Last changed", lambda row: display_timestamp(row["updated_at"])),
)


class InstrumentsScreen(RecordListScreen):
    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            tracker,
            title="Instruments",
            columns=COLUMNS,
            load=lambda store, study_id: store.repos.instruments.list(study_id),
            empty_text="No questionnaires or interview and focus-group guides in this study yet.",
            tables=("instruments",),
            parent=parent,
        )
