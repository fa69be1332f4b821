"""Questionnaire entry figures: autosave latency, opening a 976-row form, a 100,000-row list.

- save: an answer committed through the real path (EntryScreen.finish_answer: FormState,
  then one transaction with the audit row) against a bare one-row SQLite commit with the
  same pragmas (WAL, synchronous=FULL) in the same run and folder. Target: p99 ratio <= 3.
- open_large_form: opening the entry screen for the corpus form large_cha.xlsx (976 survey
  rows), definition read from the database, until it is painted and takes input (target
  < 1 s), and until every section is built (the rest is built in slices after the first).
- sessions_table: 100,000 sessions; time from creating the sessions screen to its table's
  first paint (target < 300 ms) and the memory it takes over an empty table (< 150 MB),
  also after scrolling to the very end.

    python benchmarks/bench_entry.py [--quick]      prints one JSON object
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus" / "xlsforms"
LARGE_FORM = "large_cha.xlsx"
SESSIONS = 100_000

if str(PROJECT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(PROJECT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _rss_mb() -> float:
    """Resident memory of this process (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _small_form() -> dict[str, Any]:
    from instruments.model import Instrument, Question

    def q(name: str, kind: str, **fields: Any) -> Question:
        return Question(name=name, type=kind, raw_type=kind, path=name, **fields)

    return Instrument(
        kind="questionnaire",
        form_id="bench",
        title="Bench form",
        questions=[
            q("name", "text", labels={"": "Name"}),
            q("age", "integer", labels={"": "Age"}, constraint=". < 130"),
            q("adult", "calculate", calculation="if(${age} >= 18, 1, 0)"),
            q("why", "text", relevant="${age} > 100"),
        ],
    ).to_dict()


def _bare_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
    return conn


def _bare_commit(conn: sqlite3.Connection, number: int) -> float:
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t(value) VALUES (?)", (f"answer {number}",))
    conn.execute("COMMIT")
    return time.perf_counter() - start


def bench_save(folder: Path, count: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from gui.entry import EntryScreen
    from storage import open_store

    app = _app()
    store = open_store(folder / "save.db", create=True)
    study = store.repos.studies.add("Bench")
    form = store.repos.instruments.add(study, "questionnaire", "Bench form", _small_form())
    session = store.repos.sessions.start(study, form)
    screen = EntryScreen(store, session)
    screen.show()
    QApplication.processEvents()
    editor = screen.form.rows["age"].input.line
    bare_conn = _bare_connection(folder / "bare.db")
    saves: list[float] = []
    bare: list[float] = []
    for number in range(count):  # interleaved, so both see the same disk at the same time
        editor.setText(str(20 + number % 90))
        start = time.perf_counter()
        screen.finish_answer("age")
        saves.append(time.perf_counter() - start)
        bare.append(_bare_commit(bare_conn, number))
    bare_conn.close()
    screen.close()
    store.close()
    app.processEvents()
    result = {
        "answers": len(saves),
        "p50_ms": statistics.median(saves) * 1000,
        "p99_ms": _percentile(saves, 0.99) * 1000,
        "bare_commit_p50_ms": statistics.median(bare) * 1000,
        "bare_commit_p99_ms": _percentile(bare, 0.99) * 1000,
    }
    result["p99_ratio_to_bare_commit"] = result["p99_ms"] / result["bare_commit_p99_ms"]
    return {key: round(value, 3) for key, value in result.items()}


def bench_large_form(folder: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from gui.entry import EntryScreen
    from instruments.xlsform_reader import read_xlsform
    from storage import open_store

    source = CORPUS / LARGE_FORM
    if not source.is_file():
        return {"skipped": f"corpus form not found: {source}"}
    _app()
    instrument = read_xlsform(source).instrument
    store = open_store(folder / "large.db", create=True)
    study = store.repos.studies.add("Bench")
    form = store.repos.instruments.add(study, "questionnaire", "CHA", instrument.to_dict())
    shown: list[float] = []
    built: list[float] = []
    rows = 0
    for _ in range(3):
        session = store.repos.sessions.start(study, form)
        start = time.perf_counter()
        screen = EntryScreen(store, session)
        screen.resize(1200, 800)
        screen.show()
        QApplication.processEvents()
        shown.append(time.perf_counter() - start)
        while not screen.form.complete:  # the rest is built in slices while the user reads
            QApplication.processEvents()
        built.append(time.perf_counter() - start)
        rows = len(screen.form.rows)
        screen.close()
        screen.deleteLater()
        QApplication.processEvents()
    store.close()
    return {
        "survey_rows": 976,
        "question_rows_built": rows,
        "shown_and_usable_ms": round(statistics.median(shown) * 1000, 1),
        "fully_built_ms": round(statistics.median(built) * 1000, 1),
    }


def _fill_sessions(store: Any, count: int) -> str:
    """count sessions in one transaction (a bulk write, as DESIGN.md section 7 says)."""
    from storage.clock import new_id, utc_now

    repos = store.repos
    with store.transaction():
        study = repos.studies.add("Big")
        sites = [repos.studies.add_site(study, f"Site {n}") for n in range(12)]
        workers = [repos.studies.add_fieldworker(study, f"Worker {n}") for n in range(8)]
        people = [repos.participants.add(study, f"P-{n:05d}") for n in range(2000)]
        form = repos.instruments.add(study, "questionnaire", "Bench form", _small_form())
        now, device = utc_now(), store.device.device_id
        store.conn.executemany(
            "INSERT INTO sessions(id, created_at, updated_at, device_id, study_id, "
            "instrument_id, site_id, participant_id, fieldworker_id, started_at, status, mode) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'paper')",
            (
                (
                    new_id(),
                    now,
                    now,
                    device,
                    study,
                    form,
                    sites[n % 12],
                    people[n % 2000],
                    workers[n % 8],
                    f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00.000Z",
                    ("draft", "complete", "verified")[n % 3],
                )
                for n in range(count)
            ),
        )
    return study


def _first_paint_ms(store: Any, study_id: str | None) -> tuple[float, Any]:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from gui.sessions import SessionsScreen

    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    start = time.perf_counter()
    screen = SessionsScreen(store, study_id)
    watch = PaintWatch(screen)
    screen.table.viewport().installEventFilter(watch)
    screen.resize(1200, 800)
    screen.show()
    while not painted and time.perf_counter() - start < 10:
        QApplication.processEvents()
    return (painted[0] - start) * 1000, screen


def bench_sessions_table(folder: Path, quick: bool) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from storage import open_store

    _app()
    store = open_store(folder / "list.db", create=True)
    empty_study = store.repos.studies.add("Empty")
    _first_paint_ms(store, empty_study)[1].close()  # warm-up: imports, fonts, styles
    empty_ms, empty = _first_paint_ms(store, empty_study)
    study = _fill_sessions(store, SESSIONS)
    gc.collect()
    base_rss = _rss_mb()  # an empty table is on screen; the database is filled
    paint_ms, screen = _first_paint_ms(store, study)
    result: dict[str, Any] = {
        "sessions": screen.model.total,
        "first_paint_ms": round(paint_ms, 1),
        "empty_table_first_paint_ms": round(empty_ms, 1),
        "memory_mb_over_empty": round(_rss_mb() - base_rss, 1),
        "pages_read_at_first_paint": screen.model.pages_read,
    }
    if not quick:
        start = time.perf_counter()
        while screen.model.canFetchMore():
            screen.table.scrollToBottom()
            QApplication.processEvents()
        result["scroll_to_end_ms"] = round((time.perf_counter() - start) * 1000, 1)
        result["memory_mb_over_empty_after_scrolling"] = round(_rss_mb() - base_rss, 1)
        result["rows_in_view_model"] = screen.model.rowCount()
    screen.close()
    empty.close()
    store.close()
    return result


def run(quick: bool) -> dict[str, Any]:
    """Every figure, as a dict (also printed as JSON by __main__)."""
    with tempfile.TemporaryDirectory(prefix="bench-entry-") as folder_name:
        folder = Path(folder_name)
        return {
            "quick": quick,
            "save": bench_save(folder, 500 if quick else 2000),
            "open_large_form": bench_large_form(folder),
            "sessions_table": bench_sessions_table(folder, quick),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples, no scrolling")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
