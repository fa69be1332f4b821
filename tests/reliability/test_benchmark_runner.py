"""benchmarks/run.py: a missing, failing or peer-less benchmark is a section with its error and
null figures, never a crash; results land in the sections other tools read."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests_support import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "benchmarks"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def runner():
    return _load("benchmarks_run", BENCHMARKS / "run.py")


@pytest.fixture
def fake_benchmarks(tmp_path, monkeypatch):
    """A folder of stand-in benchmark modules, importable by name."""
    (tmp_path / "bench_fine.py").write_text(
        "def run(quick):\n    return {'outer': {'p95_ms': 3.0}, 'ratio_to_floor': 1.1}\n"
    )
    (tmp_path / "bench_broken.py").write_text("def run(quick):\n    raise OSError('disk gone')\n")
    (tmp_path / "bench_needs_pandas.py").write_text(
        "import pandas\n\n\ndef run(quick):\n    return {}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_a_missing_benchmark_is_an_error_not_a_crash(runner):
    result = runner.run_one(runner.Benchmark("nowhere", {"nowhere": None}), quick=True)
    assert result == {"error": "benchmarks/bench_nowhere.py does not exist yet"}


def test_a_failing_benchmark_reports_its_error(runner, fake_benchmarks):
    result = runner.run_one(runner.Benchmark("broken", {"broken": None}), quick=True)
    assert result == {"error": "OSError: disk gone"}


def test_a_missing_peer_is_named(runner, fake_benchmarks, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    result = runner.run_one(runner.Benchmark("needs_pandas", {"x": None}), quick=True)
    assert result == {"error": "pandas is not installed (pip install -e '.[bench]')"}


def test_sections_are_taken_whole_or_by_key_and_failures_keep_the_keys(runner):
    fine = runner.Outcome(result={"outer": {"p95_ms": 3.0}, "ratio_to_floor": 1.1}, seconds=2.0)
    whole = runner.sections_of(runner.Benchmark("export", {"export": None}), fine)
    assert whole["export"]["ratio_to_floor"] == 1.1 and whole["export"]["benchmark_seconds"] == 2
    keyed = runner.sections_of(runner.Benchmark("x", {"search": "outer"}), fine)
    assert keyed["search"]["p95_ms"] == 3.0
    failed = runner.sections_of(
        runner.Benchmark("entry", {"save": "save", "sessions_table": "sessions_table"}),
        runner.Outcome(error="exited -11: Segmentation fault"),
    )
    assert failed["save"] == {
        "error": "exited -11: Segmentation fault",
        "p99_ratio_to_bare_commit": None,
    }
    assert failed["sessions_table"]["first_paint_ms"] is None


def test_checks_use_the_benchmarks_own_targets(runner):
    report = {
        "export": {"ratio_to_floor": 1.5, "targets": {"ratio_to_floor": 1.25}},
        "merge": {"ratio_to_executemany": 1.5, "target_ratio_to_executemany": 3.0},
        "startup": {"ratio_to_bare_qt": 1.8},
    }
    verdicts = {check.key: check.verdict(report) for check in runner.CHECKS}
    assert verdicts["export.ratio_to_floor"]["met"] is False
    assert verdicts["merge.ratio_to_executemany"]["met"] is True
    assert verdicts["startup.ratio_to_bare_qt"] == {
        "key": "startup.ratio_to_bare_qt",
        "value": 1.8,
        "at_most": 2.0,
        "met": True,
    }
    assert verdicts["search.p95_ms"]["met"] is None


def test_the_script_prints_one_json_object(tmp_path):
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--quick",
            "--only",
            "none",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    printed = json.loads(done.stdout)
    assert printed == json.loads(out.read_text())
    assert {c["key"] for c in printed["checks"]} >= {
        "startup.ratio_to_bare_qt",
        "save.p99_ratio_to_bare_commit",
        "export.ratio_to_floor",
        "merge.ratio_to_executemany",
        "search.p95_ms",
        "sessions_table.first_paint_ms",
    }


def test_the_startup_benchmark_times_a_bare_window(tmp_path):
    bench = _load("benchmarks_bench_startup", BENCHMARKS / "bench_startup.py")
    script = tmp_path / "bare.py"
    script.write_text(bench.BARE_WINDOW, encoding="utf-8")
    seconds = bench.time_to_first_paint([sys.executable, str(script)], bench._environment(tmp_path))
    assert 0 < seconds < 60
