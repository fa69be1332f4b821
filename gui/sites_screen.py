"""Sites of a study (teams, wards, schools), read-only until the site editor arrives."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.record_table import Column, RecordListScreen, field
from gui.write_tracker import WriteTracker
from storage.store import Store

COLUMNS = (
    Column("Site", field("name")),
    Column("Kind", field("kind")),
    Column("Notes", field("notes")),
)


class SitesScreen(RecordListScreen):
    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            tracker,
            title="Sites",
            columns=COLUMNS,
            load=lambda store, study_id: store.repos.studies.sites(study_id),
            empty_text="No sites in this study yet.",
            tables=("sites",),
            parent=parent,
        )
