"""File > Receive packs: merge field packs from other laptops on the worker, all or nothing.

Every pack is checked whole before anything is written and all are applied in one
transaction, so Cancel or any refusal leaves the database as it was. The passphrase is asked
only when a pack is encrypted, once for all packs; packs with different passphrases each get
asked for theirs, and a wrong one is said plainly and can be typed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.formats import display_timestamp
from gui.result_table import GridModel, GridRow
from gui.transfer.file_field import default_folder
from gui.transfer.run_dialog import SUCCEEDED, TransferDialog, announce, report_table
from gui.transfer.worker import CancelFlag, Cancelled, Job, ProgressCallback
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.errors import StorageError
from storage.store import Store

if TYPE_CHECKING:
    from storage.packs import MergeReport, Pack

PACK_FILTER = "Field packs (*.fieldpack);;All files (*)"


class ReceivePacksDialog(TransferDialog):
    """Pick packs, merge them, read what each brought; conflicts open on request."""

    #: The user asked for the Conflicts screen (the main window shows it).
    conflicts_requested = Signal()

    def __init__(
        self, store: Store, tracker: WriteTracker | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, "Receive packs", "&Merge", parent)
        self.tracker = tracker
        self.reports: list[MergeReport] = []
        self.passphrases: list[str] = []
        self.summary_model: GridModel | None = None
        self.conflicts_window: QWidget | None = None
        self.packs = QListWidget()
        self.packs.setAccessibleName("Packs to merge")
        self.packs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.packs.setMinimumHeight(110)
        self.add_button = QPushButton("&Add packs…")
        self.add_button.clicked.connect(self.choose_packs)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self._remove_selected)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        chooser = QHBoxLayout()
        chooser.addWidget(self.packs, 1)
        chooser.addLayout(side)
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of the encrypted pack")
        self.passphrase.returnPressed.connect(self.start)
        self.passphrase_label.setBuddy(self.passphrase)
        secret = QHBoxLayout()
        secret.addWidget(self.passphrase_label)
        secret.addWidget(self.passphrase, 1)
        self.passphrase_row = QWidget()
        self.passphrase_row.setLayout(secret)
        secret.setContentsMargins(0, 0, 0, 0)
        self.passphrase_row.hide()
        intro = QLabel(
            "Choose the packs that fieldworkers or the coordinator sent you. Each is checked "
            "whole before anything changes; a pack merged before is skipped."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self.options)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addWidget(self.passphrase_row)
        self.action_button.clicked.connect(self.start)
        self.setMinimumWidth(760)
        self.add_button.setFocus()

    # --- choosing packs ------------------------------------------------------------------

    def choose_packs(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Choose field packs", str(default_folder()), PACK_FILTER
        )
        self.add_paths([Path(path) for path in chosen])

    def add_paths(self, paths: Sequence[Path]) -> None:
        present = set(self.paths())
        for path in paths:
            if path not in present:
                self.packs.addItem(str(path))
                present.add(path)

    def paths(self) -> list[Path]:
        return [Path(self.packs.item(row).text()) for row in range(self.packs.count())]

    def _remove_selected(self) -> None:
        for item in self.packs.selectedItems():
            self.packs.takeItem(self.packs.row(item))

    # --- running -------------------------------------------------------------------------

    def start(self) -> None:
        paths = self.paths()
        if not paths:
            self.show_message("Add the packs to merge first.", error=True)
            return
        typed = self.passphrase.text()
        if typed and typed not in self.passphrases:
            self.passphrases.append(typed)  # packs may differ: every one typed is tried
        doing = "Checking every pack, then merging…"
        self.run(merge_job(paths, self.passphrases), doing, "merging", unit=None)

    def done(self, result: int) -> None:
        self.passphrases.clear()
        super().done(result)

    def on_failed(self, error: StorageError) -> None:
        from storage.packs import PassphraseRequiredError, WrongPassphraseError

        name = getattr(error, "path", Path("the pack")).name
        if isinstance(error, PassphraseRequiredError):
            self._ask_passphrase(
                f"{name} is encrypted. Type the passphrase it was made with, then press Merge. "
                "Nothing was merged."
            )
        elif isinstance(error, WrongPassphraseError):
            self._ask_passphrase(
                f"That passphrase does not open {name} (or the file was changed after it was "
                "made). Nothing was merged. Type the passphrase again."
            )
        else:
            self.show_message(str(error), error=True)

    def _ask_passphrase(self, text: str) -> None:
        self.show_message(text, error=True)
        self.passphrase_row.show()
        self.passphrase.clear()
        self.passphrase.setFocus()

    def on_succeeded(self, result: object) -> str:
        reports: list[MergeReport] = result  # type: ignore[assignment]
        self.reports = reports
        self.passphrase.clear()
        self.passphrases.clear()  # kept no longer than needed
        skipped = sum(1 for report in reports if report.skipped_already_merged)
        conflicts = sum(report.conflicts for report in reports)
        text = f"{len(reports) - skipped} pack(s) merged"
        text += f", {skipped} already merged before." if skipped else "."
        if conflicts:
            text += f" {conflicts} value(s) were overwritten; review them in Conflicts."
        self.show_report(text)
        self.add_result(self._summary(reports), minimum=QSize(820, 380))
        hint = QLabel(
            "Added and Updated count rows of every kind (sessions, answers, notes…); "
            "point at a pack for the details."
        )
        hint.setWordWrap(True)
        self.add_result(hint)
        button = QPushButton(
            f"Open the &Conflicts screen ({conflicts} new)"
            if conflicts
            else "Open the &Conflicts screen"
        )
        button.setAccessibleName("Open the Conflicts screen")
        button.clicked.connect(self.open_conflicts)
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_result(row)
        self.add_result(QWidget(), 1)
        self.conflicts_button = button
        self.packs.clear()
        announce(self.tracker, merge_changes(reports))
        return SUCCEEDED

    def _summary(self, reports: list[MergeReport]) -> QWidget:
        model = GridModel()
        rows = []
        for report in reports:
            note = "; ".join(report.clashes)
            if report.skipped_already_merged:
                note = f"Already merged {display_timestamp(report.merged_at)}: nothing to do"
            rows.append(
                GridRow(
                    [
                        report.path.name,
                        report.source_label or f"device {report.source_device_id[:8]}",
                        display_timestamp(report.pack_created_at),
                        note,
                        f"{_rows(report.added):,}",
                        f"{_rows(report.updated):,}",
                        f"{report.conflicts:,}",
                    ],
                    marked=bool(report.conflicts),
                    tooltip=str(report),
                )
            )
        headers = ["Pack", "From", "Made", "Note", "Added", "Updated", "Conflicts"]
        model.set_grid(headers, rows, numeric_from=4)
        view = report_table(model, "What each pack brought")
        self.summary_model = model
        return view

    def open_conflicts(self) -> None:
        """Ask the main window for its Conflicts screen; alone, open one in its own window."""
        signal = QMetaMethod.fromSignal(self.conflicts_requested)
        if self.isSignalConnected(signal):
            self.conflicts_requested.emit()
            return
        from gui.transfer.conflicts_screen import ConflictsScreen

        # A window of the main window (it outlives this dialog), deleted when closed.
        screen = ConflictsScreen(self.store, self.tracker, self.parentWidget())
        screen.setWindowFlag(Qt.WindowType.Window)
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen.setWindowTitle("Conflicts after merging")
        screen.resize(1000, 520)
        screen.show_study(None)
        screen.show()
        self.conflicts_window = screen


def _rows(counts: dict[str, int]) -> int:
    return sum(n for table, n in counts.items() if table != "audit")


def merge_changes(reports: list[MergeReport]) -> Changes:
    """The tables the merge wrote, for the screens that show them."""
    changes = Changes()
    for report in reports:
        for table in {**report.added, **report.updated}:
            if table != "audit":
                changes.add(table)
    if any(not report.skipped_already_merged for report in reports):
        changes.add("conflicts").add("imports")
    return changes


def read_packs(
    paths: Sequence[Path], passphrases: Sequence[str], cancelled: CancelFlag
) -> list[Pack]:
    """Check every pack, trying each known passphrase on an encrypted one."""
    from storage.packs import WrongPassphraseError, read_pack

    packs: list[Pack] = []
    for path in paths:
        if cancelled():
            raise Cancelled("Merging was cancelled; nothing was merged.")
        wrong: WrongPassphraseError | None = None
        for passphrase in passphrases or [None]:
            try:
                packs.append(read_pack(path, passphrase))
                break
            except WrongPassphraseError as error:
                wrong = error
        else:
            assert wrong is not None
            raise wrong
    return packs


def merge_job(paths: Sequence[Path], passphrases: Sequence[str]) -> Job:
    """The worker's part: check all packs, then merge them in one transaction."""
    paths, passphrases = list(paths), list(passphrases)

    def job(store: Store, progress: ProgressCallback, cancelled: CancelFlag) -> list[MergeReport]:
        from storage.packs import PackCancelled, merge_packs

        packs = read_packs(paths, passphrases, cancelled)
        try:
            return merge_packs(store, packs, progress=progress, cancelled=cancelled)
        except PackCancelled as stop:
            raise Cancelled(str(stop)) from None

    return job
