"""Unexpected errors reach the user as a short message and stderr as a full log entry."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.error_hook import install_excepthook, show_unexpected_error, unexpected_error_text
from storage.errors import DatabaseInUseError


def _raise_in_slot() -> None:
    raise KeyError("site_id")


def test_error_in_a_qt_slot_is_logged_and_shown(qtbot, caplog):
    shown: list[BaseException] = []
    original = sys.excepthook
    uninstall = install_excepthook(show=shown.append)
    try:
        with caplog.at_level(logging.ERROR, logger="fieldnotes.gui"):
            QTimer.singleShot(0, _raise_in_slot)
            qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    finally:
        uninstall()
    assert isinstance(shown[0], KeyError)
    assert "Unexpected error" in caplog.text and "KeyError" in caplog.text
    assert "Traceback" in caplog.text  # the details go to the log, not to the user
    assert sys.excepthook is original


def test_an_error_while_showing_does_not_stack_or_crash(caplog):
    def failing_show(error: BaseException) -> None:
        raise RuntimeError("no display")

    uninstall = install_excepthook(show=failing_show)
    try:
        with caplog.at_level(logging.ERROR, logger="fieldnotes.gui"):
            sys.excepthook(ValueError, ValueError("bad"), None)
    finally:
        uninstall()
    assert "Could not show the error message" in caplog.text


def test_message_is_short_and_reassuring():
    text = unexpected_error_text(KeyError("site_id"))
    assert text.startswith("Something unexpected went wrong (KeyError: 'site_id').")
    assert "Saved" in text and "Traceback" not in text
    storage_text = unexpected_error_text(DatabaseInUseError("The database is busy."))
    assert storage_text.startswith("The database is busy.")


def test_the_message_box_shows_the_short_text(qtbot):
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    show_unexpected_error(ZeroDivisionError("division by zero"))
    assert seen and "ZeroDivisionError" in seen[0]
