"""Make and merge a big field pack, timed next to a bare executemany of the same rows.

A laptop database with 10,000 sessions x 40 answers and 20,000 notes is written through the
repositories (so every row has its audit entry, as the app writes it), packed, and merged
into a coordinator database that already holds 100,000 sessions. In the same run, the very
rows the pack carries (user rows and audit entries) are inserted with a bare `executemany`
into an identical copy of the coordinator database, in one transaction, with the app's
pragmas: the floor any merge is measured against. Targets: merge at most 3x that floor,
merging the same pack again at most a fifth of the first merge. Prints one JSON object, its
figures under "merge" (merge.ratio_to_executemany, merge.remerge_ratio_to_merge, ...).

    python benchmarks/bench_merge.py [--quick]      (--quick: a tenth of the sizes)
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(PROJECT))

from storage import open_store  # noqa: E402
from storage.device import Device  # noqa: E402
from storage.packs import make_pack, merge_packs, read_pack  # noqa: E402
from storage.schema import USER_TABLES  # noqa: E402

COORDINATOR = Device("bench-coordinator", "Coordinator")
FIELD = Device("bench-laptop", "Laptop 1")
ANSWERS_PER_SESSION = 40
TARGET_RATIO = 3.0  # merge time at most this many times the bare executemany
TARGET_REMERGE = 0.2  # merging the same pack again at most this share of the first merge
NOTES_PER_SESSION = 2


def _sizes(quick: bool) -> dict[str, int]:
    scale = 10 if quick else 1
    return {"coordinator_sessions": 100_000 // scale, "pack_sessions": 10_000 // scale}


def _build_frame(folder: Path) -> Path:
    """A study, site, fieldworker and questionnaire, packed for both databases to start from."""
    with open_store(folder / "frame.db", create=True, device=COORDINATOR) as store:
        repos = store.repos
        study = repos.studies.add("Benchmark study")
        repos.studies.add_site(study, "Benchmark site")
        repos.studies.add_fieldworker(study, "Benchmark fieldworker")
        repos.instruments.add(study, "questionnaire", "Benchmark form", {"questions": []})
        return make_pack(store, folder / "frame.fieldpack").path


def _add_sessions(path: Path, device: Device, frame: Path, sessions: int, answers: bool) -> None:
    """Sessions (with answers and notes when `answers`) written through the repositories."""
    with open_store(path, create=True, device=device) as store:
        merge_packs(store, [frame])
        study, site, worker, form = (
            store.scalar(f"SELECT id FROM {table}")
            for table in ("studies", "sites", "fieldworkers", "instruments")
        )
        repos = store.repos
        with store.transaction():
            for number in range(sessions):
                session = repos.sessions.start(study, form, site, None, worker)
                if not answers:
                    continue
                for question in range(ANSWERS_PER_SESSION):
                    repos.sessions.save_answer(session, f"q{question}", (number + question) % 7)
                for note in range(NOTES_PER_SESSION):
                    repos.notes.add(session, f"Note {note} of session {number}: words " * 3)


def _packed_rows(pack_path: Path, laptop: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """The rows a pack carries, read straight from the laptop database, for the baseline."""
    counts = read_pack(pack_path).manifest.counts
    rows: dict[str, tuple[list[str], list[tuple]]] = {}
    with open_store(laptop, device=FIELD) as store:
        for table in [*USER_TABLES, "audit"]:
            if not counts.get(table):
                continue
            if table == "audit":
                columns = ["at", "device_id", "table_name", "row_id", "action", "changes"]
            else:
                columns = [c[1] for c in store.conn.execute(f"PRAGMA table_info({table})")]
            found = store.conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            rows[table] = (columns, found)
    return rows


def _executemany(path: Path, rows: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """Insert the rows (new ones only: the frame is already there) in one transaction."""
    with open_store(path, device=COORDINATOR) as store:
        conn = store.conn
        known = {
            table: {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
            for table in rows
            if table != "audit"
        }
        batches = {
            table: (columns, [r for r in found if table == "audit" or r[0] not in known[table]])
            for table, (columns, found) in rows.items()
        }
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, (columns, found) in batches.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", found)
        conn.execute("COMMIT")
        return time.perf_counter() - start


def _timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(quick: bool = False) -> dict:
    """Build, pack, merge and time; returns the figures (benchmarks/run.py calls this)."""
    sizes = _sizes(quick)
    with tempfile.TemporaryDirectory(prefix="fieldnotes-bench-") as folder:
        folder = Path(folder)
        coordinator, field = folder / "coordinator.db", folder / "laptop.db"
        build = time.perf_counter()
        frame = _build_frame(folder)
        _add_sessions(coordinator, COORDINATOR, frame, sizes["coordinator_sessions"], False)
        _add_sessions(field, FIELD, frame, sizes["pack_sessions"], True)
        build = time.perf_counter() - build

        plain, secret = folder / "laptop.fieldpack", folder / "laptop-encrypted.fieldpack"
        with open_store(field, device=FIELD) as store:
            make_seconds, report = _timed(lambda: make_pack(store, plain))
            make_encrypted_seconds, encrypted = _timed(
                lambda: make_pack(store, secret, passphrase="benchmark passphrase")
            )
        baseline_copy, merge_copy = folder / "baseline.db", folder / "merged.db"
        shutil.copyfile(coordinator, baseline_copy)
        shutil.copyfile(coordinator, merge_copy)

        executemany_seconds = _executemany(baseline_copy, _packed_rows(plain, field))
        with open_store(merge_copy, device=COORDINATOR) as store:
            merge_seconds, reports = _timed(lambda: merge_packs(store, [plain]))
            remerge_seconds, again = _timed(lambda: merge_packs(store, [plain]))
            assert not reports[0].skipped_already_merged and again[0].skipped_already_merged
            merged_answers = store.scalar("SELECT count(*) FROM answers")

    counts = report.counts
    ratio = merge_seconds / executemany_seconds
    remerge_ratio = remerge_seconds / merge_seconds
    figures = {
        "quick": quick,
        "seconds": round(merge_seconds, 3),
        "executemany_seconds": round(executemany_seconds, 3),
        "ratio_to_executemany": round(ratio, 2),
        "target_ratio_to_executemany": TARGET_RATIO,
        "remerge_seconds": round(remerge_seconds, 3),
        "remerge_ratio_to_merge": round(remerge_ratio, 4),
        "target_remerge_ratio": TARGET_REMERGE,
        "meets_targets": ratio <= TARGET_RATIO and remerge_ratio <= TARGET_REMERGE,
        "pack_bytes": report.bytes,
        "pack_bytes_encrypted": encrypted.bytes,
        "pack_make_seconds": round(make_seconds, 3),
        "pack_make_encrypted_seconds": round(make_encrypted_seconds, 3),
        "pack_sessions": counts["sessions"],
        "pack_answers": counts["answers"],
        "pack_notes": counts["notes"],
        "pack_rows": sum(n for table, n in counts.items() if table != "audit"),
        "pack_audit_rows": counts["audit"],
        "coordinator_sessions_before": sizes["coordinator_sessions"],
        "answers_after_merge": merged_answers,
        "build_seconds": round(build, 1),
    }
    return {"benchmark": "merge", "python": platform.python_version(), "merge": figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
