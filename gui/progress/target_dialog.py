"""Set how many sessions of an instrument a site should return (e.g. questionnaires per school)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.progress import family_names
from storage.store import Store

MAX_TARGET = 100_000


class TargetDialog(QDialog):
    """Pick a site and an instrument, type the target; saving replaces any earlier target."""

    def __init__(
        self,
        store: Store,
        study_id: str,
        tracker: WriteTracker | None = None,
        site_id: str | None = None,
        family_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id = study_id
        self.tracker = tracker
        self.saved_id: str | None = None
        self.setWindowTitle("Set a fieldwork target")
        self.setMinimumWidth(480)
        self.site = QComboBox()
        self.site.setAccessibleName("Site")
        for site in store.repos.studies.sites(study_id):
            self.site.addItem(site["name"], site["id"])
        self.instrument = QComboBox()
        self.instrument.setAccessibleName("Instrument")
        for family, name in sorted(family_names(store, study_id).items(), key=lambda i: i[1]):
            self.instrument.addItem(name, family)
        self.target = QSpinBox()
        self.target.setRange(0, MAX_TARGET)
        self.target.setAccessibleName("Target")
        self.target.setSuffix(" sessions")
        self.notes = QLineEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("e.g. one questionnaire per school, sent 3 March")
        self.message = FieldMessage(self.target)
        form = QFormLayout()
        form.addRow("&Site:", self.site)
        form.addRow("&Instrument:", self.instrument)
        form.addRow("&Target:", self.target)
        form.addRow("&Notes:", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.site.currentIndexChanged.connect(self._load_current)
        self.instrument.currentIndexChanged.connect(self._load_current)
        if site_id:
            self.site.setCurrentIndex(max(0, self.site.findData(site_id)))
        if family_id:
            self.instrument.setCurrentIndex(max(0, self.instrument.findData(family_id)))
        self._load_current()

    def _load_current(self) -> None:
        """Show the target already set for this site and instrument, if any."""
        site_id, family_id = self.site.currentData(), self.instrument.currentData()
        current = (
            self.store.repos.targets.get(site_id, family_id) if site_id and family_id else None
        )
        self.target.setValue(current["target"] if current else 0)
        self.notes.setText(current["notes"] if current else "")

    def save(self) -> None:
        site_id, family_id = self.site.currentData(), self.instrument.currentData()
        if not site_id or not family_id:
            self.message.show_message("The study needs a site and an instrument first.")
            return

        def write() -> str:
            return self.store.repos.targets.set(
                self.study_id, site_id, family_id, self.target.value(), self.notes.text()
            )

        try:
            self.saved_id = self.tracker.run(write, ["targets"]) if self.tracker else write()
        except StorageError as error:
            self.message.show_message(str(error))
            return
        self.accept()
