"""Start the GUI: the application object, which database to open, and a clean close.

Imports Qt and the windows only inside run_gui, so `fieldnotes --version` and the CLI verbs
never pay for them.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from storage.store import Store

APP_NAME = "Fieldnotes"
ORGANISATION = "Fieldnotes"
# Set to 1 by benchmarks/bench_startup.py: print "first-paint <time.monotonic()>" when the main
# window has painted, then quit. The monotonic clock is shared by all processes of the machine,
# so the benchmark measures from the moment it started the process.
QUIT_AFTER_PAINT = "FIELDNOTES_QUIT_AFTER_PAINT"


def configure_application(app: QApplication) -> None:
    """Names Qt uses for settings, window titles and the desktop entry."""
    from storage.store import APP_VERSION

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(APP_VERSION)
    app.setDesktopFileName("fieldnotes")


def choose_database_path(db_path: Path | None) -> Path:
    """The path given on the command line, else the default in the user's data folder."""
    from storage.device import default_database_path

    return Path(db_path).expanduser() if db_path else default_database_path()


def open_first_store(path: Path, backup_on_open: bool = True) -> Store | None:
    """Open the database at start-up: the first-run dialog if there is none yet."""
    if path.exists():
        from gui.opening import open_database_interactively

        return open_database_interactively(path, backup_on_open=backup_on_open)
    from PySide6.QtWidgets import QDialog

    from gui.first_run import FirstRunDialog

    dialog = FirstRunDialog(path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.store


def run_gui(db_path: Path | None) -> int:
    """Run the GUI until the window closes; 0 on a normal exit, 1 if no database was opened."""
    from PySide6.QtWidgets import QApplication

    from gui.error_hook import install_excepthook
    from gui.pyside_guard import guard_bool_refcounts

    guard_bool_refcounts()  # before any screen emits a signal (PySide6 6.12.0 bug)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    uninstall_hook = install_excepthook()
    window = None
    backup: _OnOpenBackup | None = None
    try:
        path = choose_database_path(db_path)
        first_run = not path.exists()
        # The on-open backup waits until the window has painted: the window comes up sooner,
        # and the backup still follows the open check, before the user can change anything.
        store = open_first_store(path, backup_on_open=False)
        if store is None:
            if first_run:
                return 0  # the user chose to leave before making a database: not a failure
            print(f"fieldnotes: {path} was not opened.", file=sys.stderr)
            return 1
        from gui.main_window import MainWindow

        window = MainWindow(store)
        backup = _OnOpenBackup(window, store)
        if os.environ.get(QUIT_AFTER_PAINT) == "1":
            quit_after_first_paint(window)
        window.show()
        return app.exec()
    finally:
        if backup is not None:
            backup.take()
        if window is not None:
            window.close_store()
        uninstall_hook()


class _OnOpenBackup:
    """The rotating on-open backup, taken once the window has painted (or at the latest
    when the window closes, if it never painted)."""

    def __init__(self, window: QWidget, store: Store) -> None:
        self.store = store
        self.taken = False
        after_first_paint(window, self.take)

    def take(self) -> None:
        if self.taken:
            return
        self.taken = True
        try:
            self.store.backup("open")
        except Exception as error:  # a failed backup must not stop the work; say so
            logging.getLogger(__name__).warning("The on-open backup failed: %s", error)


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` from a zero timer after `window`'s first paint event, so every child
    painted in the same pass comes first."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    window.installEventFilter(FirstPaint(window))


def quit_after_first_paint(window: QWidget) -> None:
    """Once `window` and its children have painted, print the monotonic time and quit."""
    from PySide6.QtWidgets import QApplication

    def report_and_quit() -> None:
        print(f"first-paint {time.monotonic():.6f}", flush=True)
        QApplication.quit()

    after_first_paint(window, report_and_quit)
