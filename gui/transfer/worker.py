"""The one way long operations leave the GUI thread: a job on its own thread and own Store.

As Anki's taskman: the GUI hands over a callable, the worker runs it and the result comes
back through a Qt signal, so the window never blocks on SQLite. SQLite connections belong to
one thread, so the worker opens its OWN Store on the same database file (never touching the
GUI thread's Store) and closes it, checkpointing the WAL, before reporting. Progress goes to
the GUI through a queued signal; Cancel is a thread-safe flag the core checks as it goes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QThread, Signal

from storage.device import Device
from storage.errors import StorageError
from storage.store import Store, open_store

log = logging.getLogger("fieldnotes.gui")

ProgressCallback = Callable[[int, int], None]
#: Progress is forwarded at most this often (seconds): enough for a smooth bar, without
#: flooding the GUI thread's event queue when the core reports every few rows.
PROGRESS_INTERVAL = 0.04


class Cancelled(Exception):
    """Raised by a job when the core reports it stopped at the user's Cancel.

    Its message is the sentence to show, e.g. "Export cancelled; no file was written."
    """


class CancelFlag:
    """Set on the GUI thread, read by the core on the worker thread; calling it asks "stop?"."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


#: A job: gets the worker's own Store, a progress(done, total) callback and the cancel
#: flag; returns the core's report, raises Cancelled when the core stopped on Cancel.
Job = Callable[[Store, ProgressCallback, CancelFlag], Any]

_running: set[TransferTask] = set()
_quit_hooked = False


class TransferTask(QThread):
    """Runs one job on a worker thread; exactly one of succeeded, failed or cancelled follows.

    Signals are emitted from the worker thread; receivers living on the GUI thread get them
    queued (Qt's automatic connection). `failed` carries a StorageError whose str() is the
    sentence to show; an unexpected exception is logged with its traceback and reported as
    a StorageError saying so.
    """

    progressed = Signal(int, int)  # done, total (total 0: unknown)
    succeeded = Signal(object)  # the job's result
    failed = Signal(object)  # StorageError
    cancelled = Signal(str)  # what Cancel left as it was

    def __init__(self, database: Path, device: Device, job: Job, what: str) -> None:
        # No parent: a dialog closed while its task runs must not delete a running thread.
        super().__init__()
        self.database = database
        self.device = device
        self.job = job
        self.what = what
        self.cancel_flag = CancelFlag()
        self._last_progress = 0.0
        self.finished.connect(self._forget)

    @classmethod
    def for_store(cls, store: Store, job: Job, what: str) -> TransferTask:
        """A task on the same database file and device as `store` (only its path is read)."""
        return cls(store.path, store.device, job, what)

    def start_job(self) -> None:
        """Start the thread; the task is kept alive until it has finished."""
        _hook_quit()
        _running.add(self)
        self.start()

    def cancel(self) -> None:
        """Ask the job to stop at the core's next check; the outcome still arrives by signal."""
        self.cancel_flag.set()

    @property
    def cancel_requested(self) -> bool:
        return self.cancel_flag()

    def run(self) -> None:  # the worker thread
        outcome: tuple[str, Any]
        store: Store | None = None
        try:
            store = open_store(self.database, device=self.device)
            outcome = ("succeeded", self.job(store, self._progress, self.cancel_flag))
        except Cancelled as stop:
            outcome = ("cancelled", str(stop))
        except StorageError as error:
            outcome = ("failed", error)
        except Exception as error:  # a bug: keep the traceback, tell the user in words
            log.error("Unexpected error while %s", self.what, exc_info=True)
            detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
            message = f"Something unexpected went wrong while {self.what} ({type(error).__name__}"
            message += f": {detail})." if detail else ")."
            outcome = ("failed", StorageError(message))
        finally:
            if store is not None:
                store.close()  # rolls back anything unfinished, checkpoints the WAL
        kind, value = outcome
        if kind == "succeeded":
            self.succeeded.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit(value)
        else:
            self.failed.emit(value)

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_INTERVAL and done < total:
            return
        self._last_progress = now
        self.progressed.emit(int(done), int(total))

    def _forget(self) -> None:
        self.wait()  # `finished` comes from the ending thread: let it end before release
        _running.discard(self)


def running_tasks() -> list[TransferTask]:
    return list(_running)


def cancel_running_tasks(timeout_ms: int = 30_000) -> bool:
    """Cancel every task and wait for each to end (the app is quitting); True if all ended."""
    tasks = list(_running)
    for task in tasks:
        task.cancel()
    ended = all(task.wait(timeout_ms) for task in tasks)
    for task in tasks:
        _running.discard(task)
    return ended


def _hook_quit() -> None:
    """On quit, cancel and wait: no thread may outlive the QApplication or its database."""
    global _quit_hooked
    app = QCoreApplication.instance()
    if _quit_hooked or app is None:
        return
    app.aboutToQuit.connect(cancel_running_tasks)
    _quit_hooked = True
