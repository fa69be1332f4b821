"""File > Send to coordinator / Send to fieldworkers: make a field pack on the worker.

A destination label ("coordinator", "Laptop 3") makes the pack carry only what changed since
the last pack made for that label; the dialog shows when each known label last got one. A
passphrase is strongly recommended (said why), and personal details stay out unless asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR, buddy_label
from gui.formats import display_timestamp
from gui.result_table import GridModel, GridRow, content_height, grid_view
from gui.transfer.checklist import CheckList
from gui.transfer.file_field import FileField, default_folder, file_name, with_suffix
from gui.transfer.run_dialog import SUCCEEDED, TransferDialog
from gui.transfer.worker import CancelFlag, Cancelled, Job, ProgressCallback
from gui.write_tracker import WriteTracker
from storage.store import Store

if TYPE_CHECKING:
    from storage.packs import PackReport

PACK_FILTER = "Field packs (*.fieldpack)"
DIRECTIONS = {
    "coordinator": (
        "Send to coordinator",
        "The pack carries what was recorded on this laptop to the coordinator, on a USB stick "
        "or by e-mail; the coordinator adds it with File > Receive packs.",
    ),
    "fieldworkers": (
        "Send to fieldworkers",
        "The pack carries studies, questionnaires, sites and participant codes (and any data "
        "recorded here) to fieldworkers' laptops; they add it with File > Receive packs.",
    ),
}
PASSPHRASE_TEXT = (
    "A USB stick can be lost and an e-mail can reach the wrong person; "
    "with a passphrase nobody can open the pack without it. Tell the recipient the "
    "passphrase by phone or in person, never in the same e-mail as the pack."
)
IDENTITIES_TEXT = (
    "Participants' full names, contact details and the notes kept with them go into the pack, "
    "not only their codes. Leave this off unless the recipient must contact participants."
)


class SendPackDialog(TransferDialog):
    """Studies, destination, passphrase, personal details, file; the report says what went in."""

    def __init__(
        self,
        store: Store,
        study_id: str | None,
        tracker: WriteTracker | None,
        direction: str,
        parent: QWidget | None = None,
    ) -> None:
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
        title, intro = DIRECTIONS[direction]
        super().__init__(store, title, "&Make pack", parent)
        self.tracker = tracker
        self.direction = direction
        self.report: PackReport | None = None
        studies = store.repos.studies.list()
        self.studies = CheckList("Studies to pack", rows=3)
        self.studies.set_choices(
            [(s["name"], s["id"]) for s in studies],
            ticked=[study_id] if study_id else None,
        )
        self.label = QComboBox()
        self.label.setEditable(True)
        self.label.setAccessibleName("Destination label")
        self.label.setMinimumContentsLength(24)
        self.only_changes = QCheckBox("Only what &changed since the last pack for this destination")
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(self.label.setEnabled)
        self.destinations = GridModel(self)
        self.destinations_view = grid_view(self.destinations, "Earlier packs by destination")
        self.no_destinations = _wrapped(
            "None yet: the first pack for a destination holds everything."
        )
        earlier = QWidget()
        earlier_layout = QVBoxLayout(earlier)
        earlier_layout.setContentsMargins(0, 0, 0, 0)
        earlier_layout.addWidget(self.destinations_view)
        earlier_layout.addWidget(self.no_destinations)
        self.passphrase = _secret("Passphrase")
        self.confirm = _secret("Confirm passphrase")
        self.with_identities = QCheckBox("Include personal &details (names, contacts)")
        self.identities_text = _wrapped(IDENTITIES_TEXT)
        self.with_identities.toggled.connect(self._identities_changed)
        self.target = FileField("Pack file to write", "Save field pack", PACK_FILTER, saving=True)
        self._fill_destinations()
        subject = next((s["name"] for s in studies if s["id"] == study_id), "")
        self.target.set_path(
            default_folder()
            / file_name(subject or "Fieldnotes pack", f"for {direction}", suffix=".fieldpack")
        )

        what = QFormLayout()
        what.addRow(buddy_label("&Studies:", self.studies), self.studies)
        what.addRow(buddy_label("D&estination:", self.label), self.label)
        what.addRow("", self.only_changes)
        what.addRow("Earlier packs:", earlier)
        secret_box = QGroupBox("Passphrase (strongly recommended)")
        secret = QFormLayout(secret_box)
        secret.addRow(buddy_label("&Passphrase:", self.passphrase), self.passphrase)
        secret.addRow(buddy_label("C&onfirm:", self.confirm), self.confirm)
        secret.addRow(_wrapped(PASSPHRASE_TEXT))
        people_box = QGroupBox("Personal details")
        people = QVBoxLayout(people_box)
        people.addWidget(self.with_identities)
        people.addWidget(self.identities_text)
        where = QFormLayout()
        where.addRow(buddy_label("Save &as:", self.target.line), self.target)
        layout = QVBoxLayout(self.options)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_wrapped(intro))
        layout.addLayout(what)
        layout.addWidget(secret_box)
        layout.addWidget(people_box)
        layout.addLayout(where)
        layout.addStretch(1)
        self.action_button.clicked.connect(self.start)
        self.setMinimumWidth(680)
        self.passphrase.setFocus()

    def _fill_destinations(self) -> None:
        from storage.packs import pack_destinations

        known: dict[str, Any] = pack_destinations(self.store)
        current = self.label.currentText().strip() or self.direction
        self.label.clear()
        labels = sorted(set(known) | {self.direction}, key=str.lower)
        self.label.addItems(labels)
        self.label.setCurrentText(current)
        rows = [
            GridRow([label, display_timestamp(str(record.get("made_at", "")))])
            for label, record in sorted(known.items(), key=lambda item: item[0].lower())
            if isinstance(record, dict)
        ]
        self.destinations.set_grid(["Destination", "Last pack made"], rows, numeric_from=2)
        self.destinations_view.setFixedHeight(min(content_height(self.destinations_view), 130))
        self.destinations_view.setVisible(bool(rows))
        self.no_destinations.setVisible(not rows)

    def _identities_changed(self, on: bool) -> None:
        style = f"color: {ERROR_COLOUR}; font-weight: bold;" if on else ""
        self.identities_text.setStyleSheet(style)

    # --- running -------------------------------------------------------------------------

    def problem(self) -> str | None:
        if not self.studies.ticked():
            return "Tick at least one study."
        if self.only_changes.isChecked() and not self.label.currentText().strip():
            return "Name the destination, or untick 'Only what changed'."
        if self.passphrase.text() != self.confirm.text():
            return "The two passphrases differ; type the same passphrase twice."
        if self.target.path() is None:
            return "Choose where to save the pack."
        return None

    def confirm_without_passphrase(self) -> bool:
        """A plain question before an unencrypted pack is made (tests replace it)."""
        what = "participants' names and contact details" if self.with_identities.isChecked() else ""
        text = (
            "Without a passphrase anyone who gets hold of this file can read it"
            + (f", including {what}." if what else ".")
            + "\n\nMake the pack without a passphrase?"
        )
        answer = QMessageBox.warning(
            self,
            "No passphrase",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start(self) -> None:
        problem = self.problem()
        if problem:
            self.show_message(problem, error=True)
            return
        passphrase = self.passphrase.text() or None
        if passphrase is None and not self.confirm_without_passphrase():
            self.passphrase.setFocus()
            return
        path = with_suffix(self.target.path() or Path(), ".fieldpack")
        self.target.set_path(path)
        studies = None if self.studies.everything() else self.studies.ticked()
        label = self.label.currentText().strip() if self.only_changes.isChecked() else None
        job = pack_job(path, studies, passphrase, label, self.with_identities.isChecked())
        self.run(job, f"Making {path.name}…", "making the pack", unit="rows")

    def on_succeeded(self, result: object) -> str:
        report: PackReport = result  # type: ignore[assignment]
        self.report = report
        lines = str(report).splitlines()
        self.show_report(lines[0])
        self.details = _wrapped("\n".join(lines[1:]))
        self.details.setAccessibleName("What the pack holds")
        self.add_result(self.details)
        self.add_result(QWidget(), 1)
        self.passphrase.clear()
        self.confirm.clear()
        self._fill_destinations()
        return SUCCEEDED


def _secret(name: str) -> QLineEdit:
    line = QLineEdit()
    line.setEchoMode(QLineEdit.EchoMode.Password)
    line.setAccessibleName(name)
    line.setPlaceholderText("strongly recommended")
    return line


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def pack_job(
    path: Path,
    studies: list[str] | None,
    passphrase: str | None,
    label: str | None,
    with_identities: bool,
) -> Job:
    """The worker's part; a Cancel from the core becomes Cancelled."""

    def job(store: Store, progress: ProgressCallback, cancelled: CancelFlag) -> PackReport:
        from storage.packs import PackCancelled, make_pack

        try:
            return make_pack(
                store,
                path,
                studies=studies,
                passphrase=passphrase,
                for_label=label,
                with_identities=with_identities,
                progress=progress,
                cancelled=cancelled,
            )
        except PackCancelled as stop:
            raise Cancelled(str(stop)) from None

    return job
