"""The main window: the workspace of the open database, its menus, status bar and closing.

The workspace (gui.workspace) holds the navigator and every screen; the menus (gui.menus)
call the study commands (gui.window_commands). The window owns the open Store until it closes
or another database is opened, and saves whatever is typed in an open session first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from gui.about import about_text
from gui.menus import QUESTIONNAIRE, WindowActions
from gui.navigator import StudyNavigator
from gui.opening import choose_database_file, open_database_interactively
from gui.screen_registry import transfer_available
from gui.status_bar import FieldnotesStatusBar, SaveState
from gui.window_commands import StudyCommands
from gui.workspace import Workspace
from gui.write_tracker import WriteTracker
from storage.store import Store


class MainWindow(QMainWindow):
    """Owns the open Store until the window closes or another database is opened."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.resize(1200, 800)
        self.setMinimumSize(800, 500)
        self.status = FieldnotesStatusBar()
        self.setStatusBar(self.status)
        self.transfer = transfer_available()
        self.commands = StudyCommands(self, self)
        self.actions = WindowActions(self, self, self.commands)
        self._install(store)

    # --- the open database ---------------------------------------------------------------

    def _install(self, store: Store) -> None:
        self.store = store
        self.tracker = WriteTracker(self)
        self.tracker.state_changed.connect(self.status.set_save_state)
        self.workspace = Workspace(
            store, self.tracker, self.status.set_save_state, self.actions.start_actions()
        )
        self.workspace.page_changed.connect(self.update_actions)
        self.setCentralWidget(self.workspace)  # the previous workspace is deleted with it
        self.status.show_database(store.path, store.device.label)
        self.status.set_save_state(SaveState.IDLE)
        self.setWindowTitle(f"{store.path.name} — Fieldnotes")
        self.update_actions()
        self.workspace.navigator.setFocus()

    def replace_store(self, store: Store) -> bool:
        """Show another database; the previous one is saved and closed cleanly (WAL checkpointed).

        False (nothing changed) if what is typed in an open session cannot be saved and the
        user chooses to stay with it.
        """
        if not self.save_typing("open another database") or not self._close_designers():
            store.close()
            return False
        previous, previous_tracker = self.store, self.tracker
        self.workspace.close_page(ask=False)
        self._install(store)
        previous_tracker.deleteLater()
        if previous is not store:
            previous.close()
        return True

    def _close_designers(self) -> bool:
        """Open designers ask about unsaved edits before their database goes away."""
        manager = self.workspace.screens.get("instruments")
        close = getattr(manager, "close_designers", None)
        return close() if close is not None else True

    def close_store(self) -> None:
        """Close the database for good (the GUI is ending): an open session is committed and
        closed first, so no screen is left to write to a closed database."""
        self.workspace.close_page(ask=False)
        self.store.close()

    @property
    def navigator(self) -> StudyNavigator:
        return self.workspace.navigator

    def current_screen(self) -> QWidget:
        """The screen on the right: a section's, or the open session's."""
        return self.workspace.current_screen()

    def save_typing(self, leaving_for: str) -> bool:
        """Commit what is typed in an open session; if that fails, ask whether to go on.

        A live session (its clock running) is left only if the user says so.
        """
        page = self.workspace.page
        if page is None:
            return True
        if not page.may_leave():
            return False
        if page.flush():
            return True
        answer = QMessageBox.warning(
            self,
            "Not saved",
            f"Some of what was typed could not be saved "
            f"({self.status.save_state_text()}).\n\nStay to keep it on screen, or "
            f"{leaving_for} and lose it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Nothing typed is lost on closing: the open session is committed first."""
        if not self.save_typing("close"):
            event.ignore()
            return
        super().closeEvent(event)

    # --- menus -------------------------------------------------------------------------------

    def update_actions(self) -> None:
        """Menus follow what is shown: the selected study, and the open session's kind."""
        workspace = self.workspace
        page = workspace.page
        kind = page.kind if page is not None else None
        back_to = page.back_to if page is not None else ""
        self.actions.update(workspace.current_study_id(), kind, back_to, self.transfer)
        self.actions.show_entry_actions(page.screen if kind == QUESTIONNAIRE else None)

    def open_database(self, path: Path | None = None) -> bool:
        """Pick a file (unless given), open it with the usual checks, and show it."""
        path = path or choose_database_file(self, self.store.path.parent)
        if path is None:
            return False
        store = open_database_interactively(path, parent=self)
        if store is None:
            return False
        return self.replace_store(store)

    def go_back(self) -> bool:
        return self.workspace.go_back()

    def show_about(self) -> None:
        QMessageBox.about(self, "About Fieldnotes", about_text(self.store))
