"""Dialogs for long operations (export, import of responses, field packs) and the Conflicts
screen. The work runs on a worker thread with its own Store (gui.transfer.worker), with a
progress bar and a Cancel that leaves the database and the target file as they were.

The main window calls the functions below; each builds the dialog, opens it window-modal
and returns it. Heavy modules (openpyxl, cryptography) are imported only when used.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from gui.transfer.conflicts_screen import ConflictsScreen
from gui.transfer.export_dialog import ExportDialog
from gui.transfer.import_dialog import ImportResponsesDialog
from gui.transfer.receive_packs_dialog import ReceivePacksDialog
from gui.transfer.send_pack_dialog import SendPackDialog
from gui.write_tracker import WriteTracker
from storage.store import Store

__all__ = [
    "ConflictsScreen",
    "show_export_dialog",
    "show_import_responses_dialog",
    "show_receive_packs_dialog",
    "show_send_pack_dialog",
]


def _opened(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_export_dialog(
    parent: QWidget | None, store: Store, study_id: str | None, tracker: WriteTracker
) -> QDialog:
    """File > Export to Excel (or one sheet as CSV); de-identified unless the user says not."""
    return _opened(ExportDialog(store, study_id, tracker, parent))


def show_import_responses_dialog(
    parent: QWidget | None, store: Store, study_id: str | None, tracker: WriteTracker
) -> QDialog:
    """File > Import responses: a spreadsheet into a questionnaire, all or nothing."""
    return _opened(ImportResponsesDialog(store, study_id, tracker, parent))


def show_send_pack_dialog(
    parent: QWidget | None,
    store: Store,
    study_id: str | None,
    tracker: WriteTracker,
    direction: str,
) -> QDialog:
    """File > Send to coordinator ("coordinator") or Send to fieldworkers ("fieldworkers")."""
    return _opened(SendPackDialog(store, study_id, tracker, direction, parent))


def show_receive_packs_dialog(
    parent: QWidget | None, store: Store, tracker: WriteTracker
) -> QDialog:
    """File > Receive packs. Connect the dialog's `conflicts_requested` signal to show the
    Conflicts screen; unconnected, the dialog opens one in a window of its own."""
    return _opened(ReceivePacksDialog(store, tracker, parent))
