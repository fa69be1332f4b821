"""The main window: study navigator on the left, the chosen screen on the right, menus, status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.about import about_text
from gui.instruments_screen import InstrumentsScreen
from gui.navigator import OVERVIEW, StudyNavigator
from gui.new_study_dialog import NewStudyDialog
from gui.opening import choose_database_file, open_database_interactively
from gui.participants_screen import ParticipantsScreen
from gui.sessions_screen import SessionsScreen
from gui.sites_screen import SitesScreen
from gui.status_bar import FieldnotesStatusBar
from gui.study_overview import StudyOverviewScreen
from gui.write_tracker import WriteTracker
from storage.store import Store


class StudyScreen(Protocol):
    """What the window needs of a right-hand screen."""

    def show_study(self, study_id: str) -> None: ...


class Workspace(QSplitter):
    """Everything that belongs to one open database: navigator, screens and their tracker."""

    def __init__(self, store: Store, tracker: WriteTracker, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.navigator = StudyNavigator(store, tracker)
        self.stack = QStackedWidget()
        self.no_study = _no_study_screen()
        self.stack.addWidget(self.no_study)
        self.screens: dict[str, QWidget] = {
            OVERVIEW: StudyOverviewScreen(store, tracker),
            "sites": SitesScreen(store, tracker),
            "participants": ParticipantsScreen(store, tracker),
            "instruments": InstrumentsScreen(store, tracker),
            "sessions": SessionsScreen(store, tracker),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.addWidget(self.navigator)
        self.addWidget(self.stack)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([300, 900])
        self.navigator.section_selected.connect(self.show_section)
        key = self.navigator.current_key()
        if key:
            self.show_section(*key)

    def show_section(self, study_id: str, section: str) -> None:
        screen = self.screens[section]
        cast(StudyScreen, screen).show_study(study_id)
        self.stack.setCurrentWidget(screen)

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()


def _no_study_screen() -> QWidget:
    screen = QWidget()
    label = QLabel(
        "This database holds no study yet.\n\nChoose File → New study… to create one, or "
        "File → Open database… to open another file."
    )
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    QVBoxLayout(screen).addWidget(label)
    return screen


class MainWindow(QMainWindow):
    """Owns the open Store until the window closes or another database is opened."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.resize(1200, 800)
        self.setMinimumSize(800, 500)
        self.status = FieldnotesStatusBar()
        self.setStatusBar(self.status)
        self.dialog: NewStudyDialog | None = None
        self._build_menus()
        self._install(store)

    # --- the open database ---------------------------------------------------------------

    def _install(self, store: Store) -> None:
        self.store = store
        self.tracker = WriteTracker(self)
        self.tracker.state_changed.connect(self.status.set_save_state)
        self.workspace = Workspace(store, self.tracker)
        self.setCentralWidget(self.workspace)  # the previous workspace is deleted with it
        self.status.show_database(store.path, store.device.label)
        self.setWindowTitle(f"{store.path.name} — Fieldnotes")
        self.workspace.navigator.setFocus()

    def replace_store(self, store: Store) -> None:
        """Show another database; the previous one is closed cleanly (WAL checkpointed)."""
        previous, previous_tracker = self.store, self.tracker
        self._install(store)
        previous_tracker.deleteLater()
        if previous is not store:
            previous.close()

    def close_store(self) -> None:
        self.store.close()

    @property
    def navigator(self) -> StudyNavigator:
        return self.workspace.navigator

    def current_screen(self) -> QWidget:
        return self.workspace.current_screen()

    # --- menus -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_study_action = _action(self, "&New study…", self.new_study, "Ctrl+Shift+N")
        self.open_action = _action(self, "&Open database…", self.open_database, QKeySequence.Open)
        self.quit_action = _action(self, "&Quit", self.close, QKeySequence.Quit)
        file_menu.addAction(self.new_study_action)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = _action(self, "&About Fieldnotes", self.show_about)
        help_menu.addAction(self.about_action)

    def new_study(self) -> NewStudyDialog:
        dialog = NewStudyDialog(self.store, self.tracker, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.navigator.select(dialog.study_id or ""))
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def open_database(self, path: Path | None = None) -> bool:
        """Pick a file (unless given), open it with the usual checks, and show it."""
        path = path or choose_database_file(self, self.store.path.parent)
        if path is None:
            return False
        store = open_database_interactively(path, parent=self)
        if store is None:
            return False
        self.replace_store(store)
        return True

    def show_about(self) -> None:
        QMessageBox.about(self, "About Fieldnotes", about_text(self.store))


def _action(
    window: QMainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action
