"""Reliability fixtures: how many kills to survive, long-run gating, and the kill report.

The number of SIGKILLs per scenario comes from FIELDNOTES_KILLS (default small, for CI).
Tests marked slow run only with `-m slow` or a FIELDNOTES_KILLS of at least LONG_KILLS.
Every scenario's result goes to `reliability-report.json` in pytest's base temporary folder
(and to FIELDNOTES_RELIABILITY_REPORT if set), and is printed (visible with `pytest -s`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the helper modules beside this file
    sys.path.insert(0, str(HERE))

CI_KILLS = 6
LONG_KILLS = 50
REPORT_ENV = "FIELDNOTES_RELIABILITY_REPORT"
_RESULTS: list[dict[str, Any]] = []


def kills_requested() -> int:
    """FIELDNOTES_KILLS, or the CI default; never below one."""
    try:
        return max(1, int(os.environ.get("FIELDNOTES_KILLS", CI_KILLS)))
    except ValueError:
        return CI_KILLS


@pytest.fixture
def kills() -> int:
    return kills_requested()


@pytest.fixture
def long_run(request: pytest.FixtureRequest) -> int:
    """Kills for a long variant; skipped unless asked for (-m slow, or a large FIELDNOTES_KILLS)."""
    asked = "slow" in (request.config.getoption("markexpr", "") or "")
    if not asked and kills_requested() < LONG_KILLS:
        pytest.skip(f"long run: use -m slow or FIELDNOTES_KILLS>={LONG_KILLS}")
    return max(kills_requested(), 10 * CI_KILLS)


@pytest.fixture
def kill_report(record_property, tmp_path_factory):
    """Record one scenario's outcome: printed, a test property, and the JSON report file."""

    def record(result: dict[str, Any]) -> None:
        _RESULTS.append(result)
        record_property("kills_survived", result["kills_survived"])
        record_property("kill_scenario", result["scenario"])
        print(
            f"\n[reliability] {result['scenario']}: {result['kills_survived']}/{result['kills']} "
            f"kills survived, {result['killed_inside_atomic_operation']} inside an all-or-nothing "
            f"operation, {result['reported_commits_verified']} reported commits verified "
            f"(seed {result['seed']})"
        )
        _write(tmp_path_factory.getbasetemp() / "reliability-report.json")
        if os.environ.get(REPORT_ENV):
            _write(Path(os.environ[REPORT_ENV]))

    return record


def _write(target: Path) -> None:
    total = sum(r["kills_survived"] for r in _RESULTS)
    report = {"kills_survived_total": total, "scenarios": _RESULTS}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2), encoding="utf-8")
