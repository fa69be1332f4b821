"""Search latency over 100,000 notes, next to the raw FTS5 query, and the theme matrix over
200,000 codings. Prints one JSON object.

The study: 30 sites, 300 participants, 2,000 interview and focus-group sessions, notes of
about 100 words drawn from a Zipf-distributed vocabulary (common English words, health and
social care words, and a long tail of rare words), so queries meet very common, common and
rare words as real notes do. Queries mix single words, two words, phrases taken from notes,
prefixes and filtered searches; each is timed through `storage.search.search` (ranked ids,
context, snippets: what the screen shows) and as the raw FTS5 query DESIGN.md section 7
measured (`ORDER BY rank LIMIT 20` with snippet()), in the same run.

Targets: search p95 at most 30 ms (`search.p95_ms`); the 50 codes x 30 sites matrix over
200,000 codings under 1 s (`matrix.sites_seconds`).

    python benchmarks/bench_search.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(PROJECT))

SEARCH_TARGET_P95_MS = 30.0
MATRIX_TARGET_SECONDS = 1.0
COMMON = (
    "the and to of a in that it was we they i but for is not with on have be this had are "
    "at so what there all would about from when if can one more or out up just do like them"
).split()
DOMAIN = (
    "team social worker nurse carer client staff manager referral assessment discharge "
    "hospital home care package budget pooled funding trust culture information sharing "
    "records system meeting joint visit waiting list weeks months transition adult services "
    "school children family support plan review council health community mental memory "
    "service day respite phone number letter consent training supervision office building "
    "locality hub safeguarding threshold early help charity voluntary sector equipment "
    "mattress stair lift diagnosis dementia appointment clinic ward therapist occupational"
).split()


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    letters = "abcdefghiklmnoprstuvwy"
    rare = {"".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(9000)}
    words = COMMON + DOMAIN + sorted(rare)
    weights = [1.0 / (rank + 8) ** 1.07 for rank in range(len(words))]
    return words, weights


def _stamp() -> str:
    return "2026-03-01T09:00:00.000Z"


def build(path: Path, notes: int, codings: int, seed: int = 7) -> dict[str, Any]:
    """A study of `notes` notes and `codings` codings; bulk rows in one transaction each
    (DESIGN.md section 7: per-batch commits are ten times slower)."""
    from instruments.model import Instrument, Topic
    from storage import open_store
    from storage.codebook import Codebook

    rng = random.Random(seed)
    store = open_store(path, create=True)
    repos = store.repos
    study = repos.studies.add("Benchmark study")
    sites = [repos.studies.add_site(study, f"Site {n:02d} integrated team") for n in range(30)]
    roles = ("client", "carer", "staff", "manager", "school", "voluntary organisation")
    topic = Topic(id="experience", title="Experience", question="", order=1)
    guides = [
        repos.instruments.add(
            study, kind, kind, Instrument(kind, kind, kind, topics=[topic]).to_dict()
        )
        for kind in ("interview", "focus_group")
    ]
    codebook = Codebook(store)
    codes: list[str] = []
    with store.transaction():
        people = [
            repos.participants.add(study, f"P{n:03d}", rng.choice(roles), rng.choice(sites))
            for n in range(300)
        ]
        for theme in range(10):
            parent = codebook.add(study, f"Theme {theme}")
            codes.append(parent)
            codes += [codebook.add(study, f"Theme {theme}.{sub}", parent) for sub in range(4)]
    words, weights = _vocabulary(rng)
    stamp, device = _stamp(), store.device.device_id
    sessions = [
        (str(uuid.uuid4()), rng.choice(guides), rng.choice(sites), rng.choice(people))
        for _ in range(2000)
    ]
    note_rows, texts = [], []
    for number in range(notes):
        session = sessions[number % len(sessions)]
        text = " ".join(rng.choices(words, weights, k=rng.randint(80, 120))) + "."
        speaker = rng.choice(people) if session[1] == guides[1] else None
        note_rows.append(
            (str(uuid.uuid4()), stamp, stamp, device, session[0], float(number), speaker, text)
        )
        texts.append(text)
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO sessions(id, created_at, updated_at, device_id, study_id, "
            "instrument_id, site_id, participant_id, started_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(s[0], stamp, stamp, device, study, s[1], s[2], s[3], stamp) for s in sessions],
        )
        store.conn.executemany(
            "INSERT INTO notes(id, created_at, updated_at, device_id, session_id, position, "
            "speaker_id, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            note_rows,
        )
        coding_rows = []
        for _ in range(codings):
            index = rng.randrange(notes)
            start = rng.randrange(max(1, len(texts[index]) - 60))
            coding_rows.append(
                (
                    str(uuid.uuid4()),
                    stamp,
                    stamp,
                    device,
                    rng.choice(codes),
                    note_rows[index][0],
                    start,
                    start + rng.randint(10, 60),
                )
            )
        store.conn.executemany(
            "INSERT INTO codings(id, created_at, updated_at, device_id, code_id, note_id, start, "
            '"end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            coding_rows,
        )
    return {
        "store": store,
        "study": study,
        "sites": sites,
        "codes": codes,
        "texts": texts,
        "people": people,
        "words": words,
        "rng": rng,
    }


def _queries(data: dict[str, Any], count: int) -> list[tuple[str, str, Any]]:
    """(class, text, filters) in a fixed mix; phrases are taken from real notes."""
    from storage.search_filters import SearchFilters

    rng, words = data["rng"], data["words"]
    mid, rare = words[40:400], words[2000:]
    mix: list[tuple[str, str, Any]] = []
    for number in range(count):
        slot = number % 20
        if slot < 7:
            mix.append(("word", rng.choice(mid), None))
        elif slot < 9:
            mix.append(("rare word", rng.choice(rare), None))
        elif slot < 11:
            mix.append(("very common word", rng.choice(COMMON[:20]), None))
        elif slot < 13:
            mix.append(("two words", f"{rng.choice(mid)} {rng.choice(mid)}", None))
        elif slot < 15:
            text = rng.choice(data["texts"]).split()
            at = rng.randrange(len(text) - 3)
            mix.append(("phrase", '"' + " ".join(text[at : at + 2]) + '"', None))
        elif slot < 17:
            mix.append(("prefix", rng.choice(mid)[:4] + "*", None))
        elif slot < 18:
            mix.append(
                (
                    "word + site",
                    rng.choice(mid),
                    SearchFilters(site_ids=(rng.choice(data["sites"]),)),
                )
            )
        elif slot < 19:
            mix.append(("word + role", rng.choice(mid), SearchFilters(roles=("carer",))))
        else:
            code = rng.choice(data["codes"])
            mix.append(("word + code", rng.choice(COMMON[:10]), SearchFilters(code_ids=(code,))))
    return mix


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 2),
        "p95_ms": round(_percentile(values, 0.95), 2),
        "max_ms": round(max(values), 2),
    }


def _timed(action: Any) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call (CPU time shows the cost on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _cpu(values: list[float]) -> dict[str, float]:
    return {
        "cpu_p50_ms": round(statistics.median(values), 2),
        "cpu_p95_ms": round(_percentile(values, 0.95), 2),
    }


def time_search(data: dict[str, Any], queries: list[tuple[str, str, Any]]) -> dict[str, Any]:
    from storage.search import search
    from storage.search_query import fts_expression

    store, study = data["store"], data["study"]
    raw_sql = (
        "SELECT rowid, snippet(notes_fts, 0, '[', ']', '…', 24) FROM notes_fts "
        "WHERE notes_fts MATCH ? ORDER BY rank LIMIT 20"
    )
    for _kind, text, filters in queries[:20]:  # warm the page cache
        search(store, study, text, filters, limit=20)
    ours, ours_cpu, raw, raw_cpu = [], [], [], []
    by_kind: dict[str, list[float]] = {}
    for kind, text, filters in queries:
        wall, cpu = _timed(lambda t=text, f=filters: search(store, study, t, f, limit=20))
        ours.append(wall)
        ours_cpu.append(cpu)
        by_kind.setdefault(kind, []).append(wall)
        if filters is None:
            expression = fts_expression(text)
            wall, cpu = _timed(lambda e=expression: store.conn.execute(raw_sql, (e,)).fetchall())
            raw.append(wall)
            raw_cpu.append(cpu)
    return {
        "search": {**_figures(ours), **_cpu(ours_cpu), "queries": len(ours), "limit": 20},
        "raw_fts": {**_figures(raw), **_cpu(raw_cpu), "queries": len(raw)},
        "search_by_kind_p95_ms": {
            kind: round(_percentile(values, 0.95), 2) for kind, values in by_kind.items()
        },
    }


def time_matrix(data: dict[str, Any]) -> dict[str, Any]:
    from storage.connections import cell_segments, co_occurrence, theme_matrix

    store, study = data["store"], data["study"]

    found: dict[str, Any] = {}

    def timed(name: str, action: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        found[name] = action()
        figures[f"{name}_seconds"] = round(time.perf_counter() - wall, 3)
        figures[f"{name}_cpu_seconds"] = round(time.process_time() - cpu, 3)
        return found[name]

    figures: dict[str, Any] = {}
    theme_matrix(store, [study], "sites")  # warm the page cache
    matrix = timed("sites", lambda: theme_matrix(store, [study], "sites"))
    timed("roles", lambda: theme_matrix(store, [study], "roles"))
    timed("co_occurrence", lambda: co_occurrence(store, [study]))
    row, column = matrix.rows[0], matrix.columns[0].key
    quotes = timed("cell_quotes", lambda: cell_segments(store, [study], row, "sites", column))
    return {
        "codes": len(matrix.rows),
        "sites": len(matrix.columns),
        "codings": sum(matrix.column_segments.values()),
        **figures,
        "cell_quotes": len(quotes),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Build the benchmark study in a temporary folder and time search and the matrix."""
    notes, codings, count = (10_000, 20_000, 100) if quick else (100_000, 200_000, 400)
    with tempfile.TemporaryDirectory(prefix="fieldnotes-bench-") as folder:
        began = time.perf_counter()
        data = build(Path(folder) / "bench.db", notes, codings)
        built = time.perf_counter() - began
        try:
            result: dict[str, Any] = {
                "benchmark": "search",
                "quick": quick,
                "notes": notes,
                "words_per_note": round(
                    statistics.mean(len(t.split()) for t in data["texts"][:2000]), 1
                ),
                "build_seconds": round(built, 1),
            }
            result |= time_search(data, _queries(data, count))
            result["matrix"] = time_matrix(data)
        finally:
            data["store"].close()
    result["targets"] = {
        "search.p95_ms": SEARCH_TARGET_P95_MS,
        "search_met": result["search"]["p95_ms"] <= SEARCH_TARGET_P95_MS,
        "matrix.sites_seconds": MATRIX_TARGET_SECONDS,
        "matrix_met": result["matrix"]["sites_seconds"] < MATRIX_TARGET_SECONDS,
    }
    result["search.p95_ms"] = result["search"]["p95_ms"]
    result["machine"] = {
        "python": platform.python_version(),
        "sqlite": _sqlite_version(),
        "cores": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    return result


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 notes, 20,000 codings")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.quick), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
