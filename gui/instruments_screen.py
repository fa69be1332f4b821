"""The instrument manager: a study's questionnaires and guides, their versions and actions.

New, duplicate, edit (the designer), delete or retire, unretire and export go through
storage (instrument_lifecycle, instrument_versions) and the write tracker; storage decides
whether an instrument with data is retired rather than deleted, and the screen says which
it did. Selecting an instrument lists its versions with their sessions and changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.designer import DesignerWindow
from gui.form_parts import FieldMessage
from gui.instruments.designers import OpenDesigners
from gui.instruments.dialogs import NameDialog
from gui.instruments.list_model import KIND_LABELS, InstrumentListModel, family_rows
from gui.instruments.versions_panel import VersionsPanel
from gui.record_table import make_table_view, screen_title
from gui.write_tracker import WriteTracker
from instruments.model import Instrument
from instruments.xlsform_writer import write_instrument
from storage.changes import Changes
from storage.errors import StorageError
from storage.instrument_lifecycle import (
    delete_or_retire,
    duplicate_instrument,
    new_instrument,
    unretire,
)
from storage.store import Store

__all__ = ["KIND_LABELS", "InstrumentsScreen"]


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents, the last one taking the rest of the width.

    Sizing the columns to their contents sizes the last one too, which stops it from
    stretching until stretching is switched on again.
    """
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setStretchLastSection(True)


class InstrumentsScreen(QWidget):
    """One study's instruments; `model`, `table` and `empty` as every list screen has them."""

    tables = frozenset({"instruments", "sessions"})

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.study_id: str | None = None
        self.dialog: NameDialog | None = None
        self.open_designers = OpenDesigners(store, tracker, self)

        self.model = InstrumentListModel(self)
        self.table = make_table_view(self.model, "Instruments")
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = QLabel(
            "No questionnaires or interview and focus-group guides in this study yet: "
            "create one with New questionnaire… or New guide…."
        )
        self.empty.setWordWrap(True)
        self.show_retired = QCheckBox("Show &retired")
        self.show_retired.setChecked(True)
        self.show_retired.setToolTip("Retired instruments keep their data but take no new sessions")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.versions = VersionsPanel(store)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Result")
        self.message = FieldMessage()

        self.new_button = self._button("&New questionnaire…", self.new_questionnaire)
        self.new_guide_button = self._button("New &guide…", self.new_guide)
        self.edit_button = self._button("&Edit in designer…", self.edit_selected)
        self.duplicate_button = self._button("D&uplicate…", self.duplicate_selected)
        self.export_button = self._button("E&xport as XLSForm…", lambda: self.export_selected())
        self.delete_button = self._button("&Delete or retire…", self.delete_or_retire_selected)
        self.unretire_button = self._button("Unre&tire", self.unretire_selected)
        self.delete_button.setToolTip(
            "Deletes an instrument no session used; one with sessions is retired instead"
        )

        top = QHBoxLayout()
        top.addWidget(screen_title("Instruments"))
        top.addStretch(1)
        top.addWidget(self.show_retired)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.new_guide_button, self.edit_button):
            buttons.addWidget(button)
        for button in (self.duplicate_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.unretire_button)
        buttons.addWidget(self.delete_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.empty)
        upper_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.versions)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self.notice.hide()
        tracker.changed.connect(self._on_changed)
        self._update_buttons()

    def _button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- showing -----------------------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        self.study_id = study_id
        self.notice.hide()
        self.message.clear_message()
        self.refresh()
        fit_columns(self.table)

    def refresh(self) -> None:
        """Reload the families, keeping the selected one selected."""
        selected = self.selected()
        rows = (
            family_rows(self.store, self.study_id, self.show_retired.isChecked())
            if self.study_id
            else []
        )
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))  # no empty grid of squashed headers
        if not (selected and self.select_family(selected["family_id"])) and rows:
            self.table.selectRow(0)
        self._selection_changed()

    def select_family(self, family_id: str) -> bool:
        row = self.model.row_of(family_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected(self) -> dict[str, Any] | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.model.record(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        row = self.selected()
        self.versions.show_family(row["family_id"] if row else None, row["name"] if row else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected()
        chosen = row is not None
        for button in (self.edit_button, self.duplicate_button, self.export_button):
            button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen and not row["retired"])
        self.unretire_button.setEnabled(chosen and bool(row["retired"]))
        self.new_button.setEnabled(self.study_id is not None)
        self.new_guide_button.setEnabled(self.study_id is not None)
        guide = chosen and row["kind"] != "questionnaire"
        self.export_button.setText("E&xport guide workbook…" if guide else "E&xport as XLSForm…")

    def _say(self, text: str) -> None:
        self.message.clear_message()
        self.notice.setText(text)
        self.notice.show()

    def _refuse(self, text: str) -> None:
        self.notice.hide()
        self.message.show_message(text)

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches(*self.tables):
            self.refresh()

    def _on_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()

    # --- creating ----------------------------------------------------------------------------

    def new_questionnaire(self) -> NameDialog | None:
        return self._ask_name("New questionnaire", "", guide=False)

    def new_guide(self) -> NameDialog | None:
        return self._ask_name("New interview or focus-group guide", "", guide=True)

    def _ask_name(self, heading: str, title: str, guide: bool) -> NameDialog | None:
        if not self.study_id:
            return None
        dialog = NameDialog(heading, title, guide=guide, parent=self)
        dialog.buttons.accepted.connect(lambda: self._create(dialog, guide))
        return self._open(dialog)

    def _create(self, dialog: NameDialog, guide: bool) -> None:
        kind = dialog.kind() if guide else "questionnaire"
        study_id = self.study_id or ""
        try:
            new_id = self.tracker.run(
                lambda: new_instrument(self.store, study_id, kind, dialog.title()),
                ("instruments",),
            )
        except StorageError as error:
            dialog.refuse(str(error))
            return
        dialog.accept()
        self._say(f"{dialog.title()} was created: add its {'topics' if guide else 'questions'}.")
        self.open_designer(new_id)

    def duplicate_selected(self) -> NameDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = NameDialog("Duplicate", f"Copy of {row['name']}", ok_text="Duplicate", parent=self)
        dialog.buttons.accepted.connect(lambda: self._duplicate(dialog, row))
        return self._open(dialog)

    def _duplicate(self, dialog: NameDialog, row: dict[str, Any]) -> None:
        try:
            new_id = self.tracker.run(
                lambda: duplicate_instrument(self.store, row["id"], dialog.title()),
                ("instruments",),
            )
        except StorageError as error:
            dialog.refuse(str(error))
            return
        dialog.accept()
        copy = self.store.repos.instruments.get(new_id)
        if copy is not None:
            self.select_family(copy["family_id"])
        self._say(f"{dialog.title()} is a copy of {row['name']}, as version 1 with no sessions.")

    def _open(self, dialog: NameDialog) -> NameDialog:
        """Window-modal and non-blocking, so the rest of the app keeps painting."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget_dialog)
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    # --- designing ----------------------------------------------------------------------------

    def edit_selected(self) -> DesignerWindow | None:
        row = self.selected()
        return self.open_designer(row["id"]) if row else None

    def open_designer(self, instrument_id: str) -> DesignerWindow | None:
        """The designer on the family's latest version (one window per family)."""
        try:
            return self.open_designers.open(instrument_id)
        except StorageError as error:
            self._refuse(str(error))
            return None

    @property
    def designers(self) -> dict[str, DesignerWindow]:
        """The designer windows open now, by instrument family."""
        return self.open_designers.windows

    def close_designers(self) -> bool:
        """Close every designer (each asks about unsaved edits); False if one stays open."""
        return self.open_designers.close_all()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.window() is not self:
            self.open_designers.watch(self.window())

    # --- ending, restoring, exporting ---------------------------------------------------------

    def confirm(self, question: str) -> bool:
        """Ask before deleting or retiring; No is the default."""
        answer = QMessageBox.question(
            self,
            "Delete or retire",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_or_retire_selected(self) -> str | None:
        """Storage deletes an unused instrument and retires one with data; says which."""
        row = self.selected()
        if row is None:
            return None
        question = (
            f"{row['name']} has {row['sessions']} session(s): it will be retired, not "
            "deleted. Its data is kept; it is no longer offered for new sessions."
            if row["sessions"]
            else f"Delete {row['name']}? No session used it. The deletion travels with merges."
        )
        if not self.confirm(question):
            return None
        if not row["sessions"] and not self.open_designers.close(row["family_id"]):
            return None  # the designer kept its unsaved edits
        try:
            result = self.tracker.run(
                lambda: delete_or_retire(self.store, row["id"]), ("instruments",)
            )
        except StorageError as error:
            self._refuse(str(error))
            return None
        self._say(result.message)
        return result.message

    def unretire_selected(self) -> bool:
        row = self.selected()
        if row is None or not row["retired"]:
            return False
        try:
            self.tracker.run(lambda: unretire(self.store, row["id"]), ("instruments",))
        except StorageError as error:
            self._refuse(str(error))
            return False
        self._say(f"{row['name']} is offered for new sessions again.")
        return True

    def export_selected(self, path: Path | None = None) -> Path | None:
        """Write the selected version as an XLSForm (a guide as a guide workbook)."""
        row = self.selected()
        if row is None:
            return None
        if path is None:
            suggested = self.store.path.parent / f"{row['form_id'] or 'form'}.xlsx"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Export instrument", str(suggested), "Excel workbook (*.xlsx)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            definition = self.store.repos.instruments.definition(row["id"])
            written = write_instrument(Instrument.from_dict(definition), path)
        except (KeyError, ValueError, TypeError) as error:
            self._refuse(
                f"{row['name']} cannot be exported: its definition is unreadable ({error})."
            )
            return None
        except OSError as error:
            self._refuse(f"The file could not be written: {error.strerror or error}.")
            return None
        self._say(f"{row['name']} (version {row['version_number']}) was exported to {written}.")
        return written
