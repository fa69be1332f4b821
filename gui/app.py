"""Start the GUI: the application object, which database to open, and a clean close.

Imports Qt and the windows only inside run_gui, so `fieldnotes --version` and the CLI verbs
never pay for them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from storage.store import Store

APP_NAME = "Fieldnotes"
ORGANISATION = "Fieldnotes"


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


def open_first_store(path: Path) -> Store | None:
    """Open the database at start-up: the first-run dialog if there is none yet."""
    from PySide6.QtWidgets import QDialog

    from gui.first_run import FirstRunDialog
    from gui.opening import open_database_interactively

    if path.exists():
        return open_database_interactively(path)
    dialog = FirstRunDialog(path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.store


def run_gui(db_path: Path | None) -> int:
    """Run the GUI until the window closes; 0 on a normal exit, 1 if no database was opened."""
    from PySide6.QtWidgets import QApplication

    from gui.error_hook import install_excepthook

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    uninstall_hook = install_excepthook()
    window = None
    try:
        path = choose_database_path(db_path)
        first_run = not path.exists()
        store = open_first_store(path)
        if store is None:
            if first_run:
                return 0  # the user chose to leave before making a database: not a failure
            print(f"fieldnotes: {path} was not opened.", file=sys.stderr)
            return 1
        from gui.main_window import MainWindow

        window = MainWindow(store)
        window.show()
        return app.exec()
    finally:
        if window is not None:
            window.close_store()
        uninstall_hook()
