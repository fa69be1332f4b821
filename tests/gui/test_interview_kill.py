"""Killed while typing a note: what was saved before the last 'saved' is all in the database.

The child types into an interview note offscreen without ever pausing (one key every 40 ms),
so only the longest-wait rule of the autosave commits; after each commit it prints what it
saved. The parent waits for a few of those lines (the handshake), SIGKILLs the child, and
reads the database: everything up to the last line is there, and commits came at least
once a second while the typing went on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from instruments.model import Topic
from storage import open_store
from storage.qualitative import save_guide, start_interview
from tests_support import PROJECT_ROOT

TEXT = (
    "She waited fourteen weeks for an occupational therapy assessment and in the end they "
    "bought a second-hand stair lift themselves because he was sleeping in the chair. "
) * 4
KEY_INTERVAL_MS = 40
SAVES_BEFORE_KILL = 3

CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from storage import open_store
    from gui.interviews import InterviewScreen

    text, interval = sys.argv[3], int(sys.argv[4])
    store = open_store(sys.argv[1])
    screen = InterviewScreen(store, sys.argv[2])
    screen.show()
    editor = screen.notes.add_note()
    editor.committed.connect(lambda _id: print("SAVED", len(editor.committed_text), flush=True))
    position = [0]

    def type_next():
        if position[0] < len(text):
            char = text[position[0]]
            event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(editor.text, event)
            position[0] += 1

    timer = QTimer(interval=interval)
    timer.timeout.connect(type_next)
    timer.start()
    print("READY", flush=True)
    app.exec()
    """
)


@pytest.fixture
def interview(tmp_path):
    path = tmp_path / "kill.db"
    with open_store(path, create=True) as store:
        study = store.repos.studies.add("Durham integrated teams")
        person = store.repos.participants.add(study, "DUR-K01", role="carer")
        store.repos.participants.record_consent(person, "given", "2026-05-06", "written form")
        guide = save_guide(store, study, "interview", "Carer", [Topic("", "Waiting")])
        session_id = start_interview(store, study, guide, person)
    return path, session_id


def _read_lines(process: subprocess.Popen, lines: list[str], done: threading.Event) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.strip())
    done.set()


def test_kill_while_typing_loses_at_most_the_last_second(tmp_path, interview):
    path, session_id = interview
    script = tmp_path / "type_and_wait.py"
    script.write_text(CHILD)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(script), str(path), session_id, TEXT, str(KEY_INTERVAL_MS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    lines: list[str] = []
    finished = threading.Event()
    threading.Thread(target=_read_lines, args=(process, lines, finished), daemon=True).start()
    deadline = time.monotonic() + 60
    try:
        while sum(line.startswith("SAVED") for line in lines) < SAVES_BEFORE_KILL:
            assert not finished.is_set(), f"the child stopped early: {lines}"
            assert time.monotonic() < deadline, f"no handshake from the child: {lines}"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    saves = [int(line.split()[1]) for line in lines if line.startswith("SAVED")]
    assert process.returncode == -signal.SIGKILL

    with open_store(Path(path)) as store:
        notes = store.repos.notes.list(session_id)
    assert len(notes) == 1
    stored = notes[0]["text"]
    assert stored == TEXT[: len(stored)]
    assert len(stored) >= saves[-1] > 0
    # Typing never paused, yet a commit came at least once a second (25 keys a second).
    keys_per_second = 1000 // KEY_INTERVAL_MS
    gaps = [later - earlier for earlier, later in zip([0, *saves], saves, strict=False)]
    assert max(gaps) <= keys_per_second + 2, gaps
