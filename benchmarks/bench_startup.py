"""Start-up: process start to the main window painted on the demo database, against a bare
PySide6 window (a QLabel) started and painted the same way, in the same run.

Each run starts a fresh process and notes time.monotonic() just before; the process prints
the monotonic time once its window has painted (the app does so when
FIELDNOTES_QUIT_AFTER_PAINT=1, see gui/app.py) and quits. The monotonic clock is shared by the
processes of a machine, so the difference is the start-up a user waits through. App and bare
runs alternate, so both see the same machine; the median of each is reported.
Target: ratio_to_bare_qt <= 2.

    python benchmarks/bench_startup.py [--quick]      prints one JSON object
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 2.0
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Fieldnotes")

def report_and_quit():
    print(f"first-paint {time.monotonic():.6f}", flush=True)
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, report_and_quit)
        return False

label.installEventFilter(FirstPaint(label))
label.show()
app.exec()
"""


def _environment(folder: Path) -> dict[str, str]:
    """Offscreen Qt, and the user's folders inside `folder`: the benchmark touches no real
    configuration, and every run reads the same device file.

    Bytecode is allowed: an installed app has its .pyc files (pip compiles them at install),
    so a PYTHONDONTWRITEBYTECODE set in a developer's or CI's shell would otherwise time
    compiling the source at every start, which no user sees.
    """
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **inherited,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "FIELDNOTES_QUIT_AFTER_PAINT": "1",
        "PYTHONPATH": str(PROJECT),
    }


def time_to_first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before the process starts to its report of the first paint."""
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise RuntimeError(
        f"{command[-1]} exited {done.returncode} without painting: {done.stderr.strip()[-500:]}"
    )


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 3),
        "min": round(min(samples), 3),
        "max": round(max(samples), 3),
    }


def run(quick: bool) -> dict[str, Any]:
    """Median start-up of the app and of a bare window; their ratio is the figure."""
    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as name:
        folder = Path(name)
        env = _environment(folder)
        demo = folder / "demo.db"
        subprocess.run(
            [sys.executable, str(PROJECT / "main.py"), "demo", "--db", str(demo)],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compileall",
                "-q",
                "gui",
                "storage",
                "instruments",
                "exports",
                "main.py",
            ],
            cwd=PROJECT,
            env=env,
            check=False,
            capture_output=True,
            timeout=300,
        )
        bare_script = folder / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        app_command = [sys.executable, str(PROJECT / "main.py"), "--db", str(demo)]
        bare_command = [sys.executable, str(bare_script)]
        time_to_first_paint(app_command, env)  # warm-up: disk cache, device file, first backup
        time_to_first_paint(bare_command, env)
        app_runs, bare_runs = [], []
        for _ in range(runs):
            app_runs.append(time_to_first_paint(app_command, env))
            bare_runs.append(time_to_first_paint(bare_command, env))
    app_median, bare_median = statistics.median(app_runs), statistics.median(bare_runs)
    return {
        "runs": runs,
        "app_first_paint_s": _summary(app_runs),
        "bare_qt_first_paint_s": _summary(bare_runs),
        "ratio_to_bare_qt": round(app_median / bare_median, 2),
        "target_ratio": TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs each instead of 9")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
