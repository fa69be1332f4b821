"""run_gui end to end: which database opens, first run, refusals, clean close, lean start."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.app import run_gui
from gui.first_run import FirstRunDialog
from gui.main_window import MainWindow
from gui.opening import OpenProblemDialog
from storage import open_store
from storage.backups import list_backups
from storage.demo import build_demo
from storage.device import default_database_path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_window_left_open(qapp):
    """run_gui's event loop ends with its last window: a window left by another test would
    keep it running. Closing outside an event loop posts no quit event."""
    for widget in QApplication.topLevelWidgets():
        widget.close()


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Act on the first visible top-level widget of `kind` once the event loop shows it."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                act(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _close_main_window(seen: list) -> Callable[[QWidget], None]:
    def act(window: QWidget) -> None:
        seen.append(window.navigator.study_names())
        window.close()  # the last window: the application's event loop ends

    return act


def test_opens_the_given_database_and_closes_it_cleanly(qapp, tmp_path):
    path = tmp_path / "durham.db"
    with open_store(path, create=True) as store:
        build_demo(store)
    hook = sys.excepthook
    seen: list = []
    when_shown(MainWindow, _close_main_window(seen))
    assert run_gui(path) == 0
    assert len(seen[0]) == 3
    assert QApplication.applicationName() == "Fieldnotes"
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed on close
    assert any(b.name.endswith("-open.db") for b in list_backups(path))
    assert sys.excepthook is hook


def test_first_run_on_the_default_path_builds_the_demo(qapp):
    seen: list = []

    def choose_demo(dialog: QWidget) -> None:
        when_shown(MainWindow, _close_main_window(seen))
        dialog.demo_button.click()

    when_shown(FirstRunDialog, choose_demo)
    assert run_gui(None) == 0
    assert default_database_path().exists()
    assert len(seen[0]) == 3


def test_leaving_the_first_run_dialog_makes_no_file(qapp, tmp_path):
    path = tmp_path / "never.db"
    when_shown(FirstRunDialog, lambda dialog: dialog.reject())
    assert run_gui(path) == 0
    assert not path.exists()


def test_an_unopenable_file_is_explained_and_exits_non_zero(qapp, tmp_path, capsys):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"not a database " * 100)
    titles: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        titles.append(dialog.windowTitle())
        dialog.reject()

    when_shown(OpenProblemDialog, read_and_close)
    assert run_gui(path) == 1
    assert titles == ["Not a Fieldnotes database"]
    assert "was not opened" in capsys.readouterr().err


def test_importing_the_gui_entry_point_does_not_load_qt():
    code = "import sys, main, gui.app; print('PySide6' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        check=True,
    )
    assert result.stdout.strip() == "False"
