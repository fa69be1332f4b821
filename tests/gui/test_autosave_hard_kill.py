"""Autosave survives a hard kill: what the screen reported saved is in the database.

A child process opens the entry screen offscreen on a temporary database, types answers,
moves the focus on, and prints "SAVED <path>" once the screen has reported the commit.
The test kills it with SIGKILL the moment that line arrives (no clean close, no WAL
checkpoint) and reads the database afresh.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap

import pytest

from instruments.model import Instrument, Question
from tests_support import PROJECT_ROOT

CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    from gui.entry import EntryScreen
    from storage import open_store

    store = open_store(sys.argv[2])
    screen = EntryScreen(store, sys.argv[3])
    screen.show()
    screen.activateWindow()
    QTest.qWaitForWindowActive(screen)
    saved = []
    screen.saved.connect(saved.append)
    for path, text in (("name", "Zoë Ann"), ("age", "44")):
        editor = screen.findChild(QWidget, "q:" + path)
        editor.setFocus()
        app.processEvents()
        del saved[:]
        for character in text:  # QKeyEvent with text: keyClicks aborts on non-ASCII
            QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, character,
                               Qt.KeyboardModifier.NoModifier)
        QTest.keyClick(editor, Qt.Key.Key_Tab)
        if saved:
            print("SAVED " + path, flush=True)
    print("IDLE", flush=True)
    app.exec()
    """
)


def _instrument() -> Instrument:
    def q(name: str, kind: str) -> Question:
        return Question(name=name, type=kind, raw_type=kind, path=name, labels={"": name})

    return Instrument(
        kind="questionnaire",
        form_id="kill",
        title="Kill test",
        questions=[q("name", "text"), q("age", "integer"), q("notes", "text")],
    )


def _read_line(process: subprocess.Popen, timeout: float = 60.0) -> str:
    ready, _w, _x = select.select([process.stdout], [], [], timeout)
    if not ready:
        process.kill()
        pytest.fail("the child process said nothing in time")
    return process.stdout.readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_answer_reported_saved_survives_sigkill(tmp_path, db_path):
    from storage import open_store

    with open_store(db_path, create=True) as store:
        study = store.repos.studies.add("Kill study")
        form = store.repos.instruments.add(
            study, "questionnaire", "Kill test", _instrument().to_dict()
        )
        session = store.repos.sessions.start(study, form, mode="paper")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(PROJECT_ROOT), str(db_path), session],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        first = _read_line(process)
        assert first == "SAVED name"
        process.send_signal(signal.SIGKILL)  # right after the first answer was reported
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert (db_path.parent / f"{db_path.name}-wal").exists()  # never checkpointed
    with open_store(db_path) as reopened:
        answers = reopened.repos.sessions.answers(session)
    assert answers["name"] == "Zoë Ann"
