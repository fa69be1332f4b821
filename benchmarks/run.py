"""Run every benchmark and print one JSON object: a section per benchmark, each figure beside
the floor it was measured against in the same run, and the ratio.

    python benchmarks/run.py [--quick] [--only startup,entry] [--out FILE.json]

`--quick` is the short version (about three minutes on a 2-core laptop); without it the full
runs. Each benchmark is `benchmarks/bench_<name>.py` with `run(quick: bool) -> dict`, run in a
process of its own (so one that crashes or hangs cannot take the others down): a benchmark
that is missing, fails, times out, or needs a peer that is not installed (pandas,
XlsxWriter, pyxform: `pip install -e ".[bench]"`) gets a section with its `error` and its
keys set to null, never a crash of this script. `checks` lists the figures other tools read,
with their targets.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
OPTIONAL_PEERS = {"pandas", "xlsxwriter", "pyxform", "psutil", "openpyxl", "lxml", "numpy"}


@dataclass(frozen=True)
class Benchmark:
    """A module and the sections of the report its result fills.

    `sections` maps a report section to the key of the module's result holding it; None means
    the whole result (or its own key of that name, if it nests one).
    """

    name: str
    sections: dict[str, str | None]
    legacy_argv: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # main(argv) quick/full

    @property
    def module(self) -> str:
        return f"bench_{self.name}"


BENCHMARKS = (
    Benchmark("startup", {"startup": None}),
    Benchmark(
        "entry",
        {"save": "save", "open_large_form": "open_large_form", "sessions_table": "sessions_table"},
    ),
    Benchmark("export", {"export": None}),
    Benchmark("merge", {"merge": None}),
    Benchmark("search", {"search": "search", "matrix": "matrix"}),
    Benchmark("form_import", {"form_import": None}, (("--runs", "3"), ("--runs", "7"))),
)


@dataclass(frozen=True)
class Check:
    """A figure other tools read, and its target: the one given here, else the one its
    benchmark reports (`targets.<name>` or `target_<name>`), else none yet."""

    key: str
    most: float | None = None

    def verdict(self, report: dict[str, Any]) -> dict[str, Any]:
        section_name, name = self.key.split(".", 1)
        section = report.get(section_name) or {}
        value = section.get(name)
        most = self.most
        if most is None:
            most = (section.get("targets") or {}).get(name, section.get(f"target_{name}"))
        met = None if value is None or most is None else value <= most
        return {"key": self.key, "value": value, "at_most": most, "met": met}


CHECKS = (
    Check("startup.ratio_to_bare_qt", 2.0),
    Check("save.p99_ratio_to_bare_commit", 3.0),
    Check("export.ratio_to_floor", 1.25),
    Check("merge.ratio_to_executemany", 3.0),
    Check("search.p95_ms", 30.0),
    Check("sessions_table.first_paint_ms", 300.0),
    Check("matrix.sites_seconds", 1.0),
)
TIMEOUT_S = {True: 300.0, False: 3600.0}  # guards against a hang, not a budget


@dataclass
class Outcome:
    result: dict[str, Any] | None = None
    error: str | None = None
    seconds: float = 0.0
    sections: dict[str, Any] = field(default_factory=dict)


# --- inside the benchmark's own process ---------------------------------------------------


def _missing_peer(error: ModuleNotFoundError) -> str | None:
    top = (error.name or "").split(".")[0].lower()
    if top in OPTIONAL_PEERS:
        return f"{top} is not installed (pip install -e '.[bench]')"
    return None


def run_one(benchmark: Benchmark, quick: bool) -> dict[str, Any]:
    """Import and run one benchmark here; its result, or {"error": text}."""
    for path in (str(HERE), str(PROJECT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    try:
        module = importlib.import_module(benchmark.module)
        if hasattr(module, "run"):
            return module.run(quick)
        if benchmark.legacy_argv and hasattr(module, "main"):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                module.main(list(benchmark.legacy_argv[0 if quick else 1]))
            return json.loads(printed.getvalue().strip().splitlines()[-1])
        return {"error": f"{benchmark.module} has no run(quick) function"}
    except ModuleNotFoundError as error:
        if error.name == benchmark.module:
            return {"error": f"benchmarks/{benchmark.module}.py does not exist yet"}
        return {"error": _missing_peer(error) or f"ModuleNotFoundError: {error}"}
    except Exception as error:  # a failing benchmark is reported, never a crash
        return {"error": f"{type(error).__name__}: {error}"}


# --- in the parent -------------------------------------------------------------------------


def _in_own_process(benchmark: Benchmark, quick: bool) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-run-") as folder:
        result_file = Path(folder) / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", benchmark.name]
        command += ["--result-file", str(result_file)] + (["--quick"] if quick else [])
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, env=env, timeout=TIMEOUT_S[quick]
            )
        except subprocess.TimeoutExpired:
            return Outcome(
                error=f"timed out after {TIMEOUT_S[quick]:.0f} s", seconds=_since(started)
            )
        if not result_file.is_file():
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            return Outcome(error=f"exited {done.returncode}: {tail}", seconds=_since(started))
        result = json.loads(result_file.read_text(encoding="utf-8"))
    if "error" in result and len(result) == 1:
        return Outcome(error=result["error"], seconds=_since(started))
    return Outcome(result=result, seconds=_since(started))


def _since(started: float) -> float:
    return round(time.monotonic() - started, 1)


def sections_of(benchmark: Benchmark, outcome: Outcome) -> dict[str, Any]:
    """The report sections this benchmark fills; on failure each holds the error and nulls."""
    filled: dict[str, Any] = {}
    for section, key in benchmark.sections.items():
        result = outcome.result
        if result is not None:
            nested = result.get(key or section)
            part = nested if isinstance(nested, dict) else (result if key is None else None)
            if part is not None:
                filled[section] = {**part, "benchmark_seconds": outcome.seconds}
                continue
        error = outcome.error or f"{benchmark.module} returned no {key!r} section"
        filled[section] = {"error": error, **_null_keys(section)}
    return filled


def _null_keys(section: str) -> dict[str, None]:
    return {c.key.split(".", 1)[1]: None for c in CHECKS if c.key.startswith(section + ".")}


def run_all(quick: bool, only: set[str] | None = None) -> dict[str, Any]:
    """Every benchmark in turn (one at a time, so none disturbs another's timing)."""
    started = time.monotonic()
    report: dict[str, Any] = {
        "quick": quick,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
    }
    for benchmark in BENCHMARKS:
        if only and benchmark.name not in only:
            continue
        print(f"benchmarks: {benchmark.name} ...", file=sys.stderr, flush=True)
        report.update(sections_of(benchmark, _in_own_process(benchmark, quick)))
    report["checks"] = [check.verdict(report) for check in CHECKS]
    report["seconds"] = _since(started)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short version (~3 minutes)")
    parser.add_argument("--only", help="comma-separated benchmark names, e.g. startup,entry")
    parser.add_argument("--out", help="also write the JSON to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        benchmark = next(b for b in BENCHMARKS if b.name == args.child)
        result = run_one(benchmark, args.quick)
        Path(args.result_file).write_text(json.dumps(result, default=str), encoding="utf-8")
        return 0
    only = {name.strip() for name in args.only.split(",")} if args.only else None
    text = json.dumps(run_all(args.quick, only), indent=2, default=str)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
