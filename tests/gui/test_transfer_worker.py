"""The worker: its own Store on its own thread, progress by signal, errors as sentences."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from gui.transfer.worker import Cancelled, TransferTask, running_tasks
from storage.errors import StorageError

TIMEOUT = 30_000


def _run(qtbot, task: TransferTask, signal):
    with qtbot.waitSignal(signal, timeout=TIMEOUT) as blocker:
        task.start_job()
    qtbot.waitUntil(lambda: task not in running_tasks(), timeout=TIMEOUT)
    return blocker.args


def test_the_job_gets_its_own_store_on_another_thread_and_it_is_closed(qtbot, store):
    seen = {}

    def job(worker_store, progress, cancelled):
        seen["store"] = worker_store
        seen["thread"] = threading.get_ident()
        progress(5, 10)
        progress(10, 10)
        return worker_store.scalar("SELECT count(*) FROM studies")

    task = TransferTask.for_store(store, job, "counting")
    progress = []
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    args = _run(qtbot, task, task.succeeded)
    assert args == [0]
    assert seen["store"] is not store and seen["store"].path == store.path
    assert seen["store"].device == store.device
    assert seen["thread"] != threading.get_ident()
    assert seen["store"].conn is None  # closed by the worker
    qtbot.waitUntil(lambda: (10, 10) in progress, timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StorageError("The file is busy."), "The file is busy."),
        (KeyError("boom"), "Something unexpected went wrong while testing (KeyError: 'boom')."),
    ],
)
def test_failures_come_back_as_storage_errors_with_a_sentence(qtbot, store, error, expected):
    def job(worker_store, progress, cancelled):
        raise error

    task = TransferTask.for_store(store, job, "testing")
    (reported,) = _run(qtbot, task, task.failed)
    assert isinstance(reported, StorageError)
    assert str(reported) == expected


def test_cancel_is_a_flag_the_job_reads_and_cancelled_says_what_was_kept(qtbot, store):
    def job(worker_store, progress, cancelled):
        progress(1, 100)  # the test cancels here, on the worker thread
        if cancelled():
            raise Cancelled("Stopped; nothing changed.")
        return "finished anyway"

    task = TransferTask.for_store(store, job, "testing")
    task.progressed.connect(lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection)
    (sentence,) = _run(qtbot, task, task.cancelled)
    assert sentence == "Stopped; nothing changed."
    assert task.cancel_requested
