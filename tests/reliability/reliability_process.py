"""Starting writer processes and reading their reports without ever blocking on a pipe.

The pipe is read with select and os.read into our own line buffer: a buffered text reader
could hold a line select cannot see, and a line cut short by SIGKILL must not count as a
report (the promise was never completed).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests_support import PROJECT_ROOT

CHILD = Path(__file__).resolve().parent / "reliability_child.py"


class WriterProcess:
    """One writer process and the events it has reported so far."""

    def __init__(
        self, world_json: str, scenario: str, run: str, seed: int, folder: Path, limit: int = 0
    ) -> None:
        self.stderr_path = folder / f"writer-{run}.stderr"
        arguments = [str(PROJECT_ROOT), world_json, scenario, run, str(seed)]
        if limit:
            arguments.append(str(limit))
        with self.stderr_path.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(CHILD), *arguments],
                stdout=subprocess.PIPE,
                stderr=stderr,
                env={**os.environ, "FIELDNOTES_DEVICE_ID": f"writer-{run}"},
            )
        self.events: list[dict[str, Any]] = []
        self._buffer = b""

    def _take_lines(self) -> None:
        *complete, self._buffer = self._buffer.split(b"\n")
        self.events += [json.loads(line) for line in complete if line.strip()]

    def poll(self, timeout: float) -> bool:
        """Read what has arrived within `timeout`; False once the pipe is closed."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self.process.stdout.fileno(), 1 << 16)
        if not chunk:
            return False
        self._buffer += chunk
        self._take_lines()
        return True

    def wait_for(self, count_done: int, deadline_s: float = 60.0) -> None:
        """Wait until the writer is ready and has reported `count_done` commits."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            ready = any(e["ev"] == "ready" for e in self.events)
            if ready and self.done_count() >= count_done:
                return
            if not self.poll(0.05) or self.process.poll() is not None:
                self.poll(0)
                raise AssertionError(f"the writer stopped on its own: {self.stderr()}")
        raise AssertionError(f"the writer reported too little in {deadline_s} s: {self.stderr()}")

    def done_count(self) -> int:
        return sum(1 for event in self.events if event["ev"] == "done")

    def last_interval(self) -> float:
        """Seconds between the last two reports: how long one operation takes now."""
        stamps = self._stamps
        return stamps[-1] - stamps[-2] if len(stamps) > 1 else 0.005

    @property
    def _stamps(self) -> list[float]:
        return [e["t"] for e in self.events if "t" in e]

    def kill(self) -> None:
        """SIGKILL: no clean close, no checkpoint; then read the reports already sent."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        while self.poll(1.0):
            pass
        self._cleanup()

    def finish(self, deadline_s: float = 120.0) -> int:
        """Let the writer run to its end; returns its exit status."""
        end = time.monotonic() + deadline_s
        while self.poll(0.2):
            if time.monotonic() > end:
                self.process.kill()
                raise AssertionError(f"the writer did not finish in {deadline_s} s")
        status = self.process.wait(timeout=30)
        self._cleanup()
        return status

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    def _cleanup(self) -> None:
        if self.process.stdout is not None:
            self.process.stdout.close()
