"""Sessions (filled questionnaires, interviews, focus groups) of a study, read-only for now."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.formats import display_timestamp
from gui.instruments_screen import KIND_LABELS
from gui.record_table import Column, RecordListScreen, field
from gui.write_tracker import WriteTracker
from storage.store import Store

STATUS_LABELS = {"draft": "Draft", "complete": "Complete", "verified": "Verified"}

COLUMNS = (
    Column("Started", lambda row: display_timestamp(row["started_at"])),
    Column("Instrument", field("instrument_name")),
    Column("Kind", lambda row: KIND_LABELS.get(row["instrument_kind"], row["instrument_kind"])),
    Column("Site", field("site_name")),
    Column("Participant", field("participant_code")),
    Column("Fieldworker", field("fieldworker_name")),
    Column("Status", lambda row: STATUS_LABELS.get(row["status"], row["status"])),
    Column("Mode", lambda row: row["mode"].replace("_", " ")),
)


class SessionsScreen(RecordListScreen):
    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            tracker,
            title="Sessions",
            columns=COLUMNS,
            load=lambda store, study_id: store.repos.sessions.list(study_id),
            empty_text="No questionnaires, interviews or focus groups recorded in this study yet.",
            tables=("sessions", "instruments", "sites", "participants"),
            parent=parent,
        )
