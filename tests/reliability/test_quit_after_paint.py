"""FIELDNOTES_QUIT_AFTER_PAINT=1, the start-up benchmark's hook: the app paints its main window,
prints the monotonic time of that paint, quits and closes the database cleanly."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import QUIT_AFTER_PAINT, run_gui
from storage import open_store
from storage.demo import build_demo


@pytest.fixture(autouse=True)
def no_window_left_open(qapp):
    """run_gui's event loop ends with its last window: close any a test left behind."""
    for widget in QApplication.topLevelWidgets():
        widget.close()


def test_the_app_reports_its_first_paint_and_quits(qapp, tmp_path, monkeypatch, capsys):
    path = tmp_path / "demo.db"
    with open_store(path, create=True) as store:
        build_demo(store)
    monkeypatch.setenv(QUIT_AFTER_PAINT, "1")
    started = time.monotonic()
    assert run_gui(path) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("first-")]
    assert len(lines) == 1
    painted = float(lines[0].split()[1])
    assert started < painted < time.monotonic()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closed and checkpointed


def test_other_values_leave_the_app_running(qapp, tmp_path, monkeypatch, capsys):
    """Only "1" switches it on: the app waits for the user (here: closed from a timer)."""
    from PySide6.QtCore import QTimer

    from gui.main_window import MainWindow

    path = tmp_path / "demo.db"
    with open_store(path, create=True) as store:
        build_demo(store)
    monkeypatch.setenv(QUIT_AFTER_PAINT, "0")
    closed: list[bool] = []

    def close_main_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                closed.append(True)
                widget.close()
                return
        QTimer.singleShot(20, close_main_window)

    QTimer.singleShot(300, close_main_window)
    assert run_gui(path) == 0
    assert closed == [True]
    assert "first-paint" not in capsys.readouterr().out
