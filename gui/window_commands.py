"""What the menus do for the selected study: open a dialog, then act on what it made.

Every dialog is window-modal (`open()`), deleted on close, and reports back through
`finished` connected to a bound method, never a lambda holding the window: a lambda keeping
its parent alive with WA_DeleteOnClose has crashed the application. The transfer dialogs
(export, import of responses, field packs) are imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from gui.session_opener import SessionPage
from gui.write_tracker import WriteTracker
from storage.store import Store

if TYPE_CHECKING:
    from gui.workspace import Workspace


class CommandWindow(Protocol):
    """What the commands need of the main window (the open database and its workspace)."""

    store: Store
    tracker: WriteTracker
    workspace: Workspace


class StudyCommands(QObject):
    """The menus' dialogs; `dialog` is the one open, if any."""

    def __init__(self, window: CommandWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.parent_widget = parent
        self.dialog: QDialog | None = None

    # --- helpers ----------------------------------------------------------------------------

    @property
    def study_id(self) -> str | None:
        return self.window.workspace.current_study_id()

    def _open(self, dialog: QDialog, on_finished: Callable[[int], None]) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(on_finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _take_dialog(self, result: int) -> QDialog | None:
        """The dialog that just closed, if it was accepted."""
        dialog, self.dialog = self.dialog, None
        accepted = result == QDialog.DialogCode.Accepted.value
        return dialog if accepted else None

    def _open_page(self) -> SessionPage | None:
        """The open session's page (not a profile page), if any."""
        page = self.window.workspace.page
        return page if page is not None and page.session_id else None

    # --- studies ------------------------------------------------------------------------------

    def new_study(self) -> QDialog:
        from gui.new_study_dialog import NewStudyDialog

        dialog = NewStudyDialog(self.window.store, self.window.tracker, self.parent_widget)
        return self._open(dialog, self._study_made)

    def _study_made(self, result: int) -> None:
        dialog = self._take_dialog(result)
        study_id = getattr(dialog, "study_id", None)
        if study_id:
            self.window.workspace.navigator.select(study_id)

    # --- sessions ---------------------------------------------------------------------------

    def new_questionnaire_session(self) -> QDialog | None:
        from gui.entry import StartSessionDialog

        return self._start(StartSessionDialog)

    def start_interview(self) -> QDialog | None:
        from gui.interviews import StartInterviewDialog

        return self._start(StartInterviewDialog)

    def start_focus_group(self) -> QDialog | None:
        from gui.focus_groups import FocusGroupSetupDialog

        return self._start(FocusGroupSetupDialog)

    def _start(self, dialog_class: type) -> QDialog | None:
        if self.study_id is None:
            return None
        window = self.window
        dialog = dialog_class(
            window.store, self.study_id, tracker=window.tracker, parent=self.parent_widget
        )
        return self._open(dialog, self._session_started)

    def _session_started(self, result: int) -> None:
        """Show the new session, with Back leading to the study's sessions list."""
        dialog = self._take_dialog(result)
        session_id = getattr(dialog, "session_id", None)
        session = self.window.store.repos.sessions.get(session_id) if session_id else None
        if session is None:
            return
        workspace = self.window.workspace
        workspace.navigator.select(session["study_id"], "sessions")
        workspace.open_session(session["id"])

    def import_transcript(self) -> QDialog | None:
        from gui.focus_groups import TranscriptImportDialog

        page = self._open_page()
        if page is None or page.kind not in ("interview", "focus_group"):
            return None
        if not page.flush():
            return None
        window = self.window
        dialog = TranscriptImportDialog(
            window.store, page.session_id, window.tracker, self.parent_widget
        )
        return self._open(dialog, self._transcript_imported)

    def _transcript_imported(self, result: int) -> None:
        """Show the session again, so its screen lists the imported turns."""
        dialog = self._take_dialog(result)
        if dialog is not None:
            self.window.workspace.reopen_page()

    # --- instruments --------------------------------------------------------------------------

    def new_from_template(self) -> QDialog | None:
        from gui.templates_dialog import NewFromTemplateDialog

        if self.study_id is None:
            return None
        store, tracker = self.window.store, self.window.tracker
        dialog = NewFromTemplateDialog(store, self.study_id, tracker, self.parent_widget)
        return self._open(dialog, self._instrument_made)

    def new_interview_guide(self) -> QDialog | None:
        return self._new_guide("interview")

    def new_focus_group_guide(self) -> QDialog | None:
        return self._new_guide("focus_group")

    def _new_guide(self, kind: str) -> QDialog | None:
        from gui.guides import GuideEditorDialog

        if self.study_id is None:
            return None
        store, tracker = self.window.store, self.window.tracker
        dialog = GuideEditorDialog(
            store, self.study_id, kind=kind, tracker=tracker, parent=self.parent_widget
        )
        return self._open(dialog, self._instrument_made)

    def _instrument_made(self, result: int) -> None:
        dialog = self._take_dialog(result)
        instrument_id = getattr(dialog, "instrument_id", None)
        repos = self.window.store.repos
        instrument = repos.instruments.get(instrument_id) if instrument_id else None
        if instrument is not None:
            self.window.workspace.navigator.select(instrument["study_id"], "instruments")

    def import_questionnaire(self) -> QDialog | None:
        """File > Import questionnaire…: the report stays open over the Instruments screen."""
        from gui.import_form_dialog import import_questionnaire

        study_id = self.study_id
        if study_id is None:
            return None
        window = self.window
        dialog = import_questionnaire(self.parent_widget, window.store, study_id, window.tracker)
        if dialog is None:
            return None
        self.dialog = dialog
        dialog.finished.connect(self._forget_dialog)
        if dialog.outcome.imported is not None:
            window.workspace.navigator.select(study_id, "instruments")
        return dialog

    def _forget_dialog(self, _result: int = 0) -> None:
        self.dialog = None

    # --- transfer: export, responses, field packs ------------------------------------------------

    def export_excel(self) -> object:
        return self._transfer("show_export_dialog", with_study=True)

    def import_responses(self) -> object:
        return self._transfer("show_import_responses_dialog", with_study=True)

    def send_to_coordinator(self) -> object:
        return self._transfer("show_send_pack_dialog", with_study=True, direction="coordinator")

    def send_to_fieldworkers(self) -> object:
        return self._transfer("show_send_pack_dialog", with_study=True, direction="fieldworkers")

    def receive_packs(self) -> object:
        dialog = self._transfer("show_receive_packs_dialog", with_study=False)
        if dialog is not None:
            dialog.conflicts_requested.connect(self.show_conflicts)  # type: ignore[attr-defined]
        return dialog

    def show_conflicts(self) -> None:
        """After a merge: the Conflicts of the current study if it has any, else of the first
        study that has, else of the current study."""
        from storage.conflict_review import review_conflicts

        owners = [r.study_id for r in review_conflicts(self.window.store) if r.study_id]
        current = self.study_id
        study_id = current if current in owners or not owners else owners[0]
        if study_id is not None:
            self.window.workspace.navigator.select(study_id, "conflicts")

    def _transfer(self, name: str, with_study: bool, **options: str) -> object:
        """Call one of gui.transfer's show_… functions, importing it only now."""
        try:
            from gui import transfer
        except ImportError as error:
            QMessageBox.warning(
                self.parent_widget,
                "Fieldnotes",
                f"Export, import and field packs are not available in this installation ({error}).",
            )
            return None
        window, show = self.window, getattr(transfer, name)
        if not with_study:
            return show(self.parent_widget, window.store, window.tracker)
        if self.study_id is None:
            return None
        return show(self.parent_widget, window.store, self.study_id, window.tracker, **options)
