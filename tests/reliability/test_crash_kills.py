"""Crash safety: a writer is SIGKILLed at random points, many times, on one database.

Each scenario builds a laptop's database, then repeatedly starts a writer process, lets it
report a random number of commits, waits a random part of one operation's time (so kills
land inside transactions too) and kills it. After every kill the database must pass
`PRAGMA integrity_check` and `fieldnotes check`, hold every write that was reported
committed, and hold every all-or-nothing operation whole or not at all.

FIELDNOTES_KILLS sets the kills per scenario (CI default: conftest.CI_KILLS);
FIELDNOTES_KILL_SEED replays a run. The long variant (slow) runs by hand.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from reliability_process import WriterProcess
from reliability_verify import Journal, interrupted_operation, verify_database
from reliability_world import build_world

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# How many reported commits to wait for before a kill, at most, per scenario: enough to
# reach the interesting operations, few enough to keep each run short.
MOST_REPORTS = {"autosave": 80, "import-data": 6, "merge": 4, "transcript": 8, "mixed": 10}
SCENARIOS = tuple(MOST_REPORTS)


def _seed() -> int:
    return int(os.environ.get("FIELDNOTES_KILL_SEED") or random.SystemRandom().randrange(2**31))


def run_kills(scenario: str, kills: int, folder: Path, seed: int) -> dict[str, Any]:
    """Kill a writer `kills` times; verify after each. Returns the scenario's report."""
    world = build_world(folder / "laptop.db")
    rng = random.Random(seed)
    journal = Journal()
    survived = inside = checked = 0
    started = time.monotonic()
    for number in range(kills):
        writer = WriterProcess(world.to_json(), scenario, str(number), rng.randrange(2**31), folder)
        try:
            writer.wait_for(rng.randint(0, MOST_REPORTS[scenario]))
            time.sleep(min(1.0, rng.uniform(0, 1.5 * writer.last_interval())))
        finally:
            writer.kill()
        journal.add(writer.events)
        inside += interrupted_operation(writer.events) is not None
        checked = verify_database(Path(world.db), journal)
        survived += 1
    return {
        "scenario": scenario,
        "kills": kills,
        "kills_survived": survived,
        "killed_inside_atomic_operation": inside,
        "reported_commits_verified": checked,
        "operations_started": len(journal.started),
        "seconds": round(time.monotonic() - started, 1),
        "seed": seed,
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_kill_is_survived(scenario, kills, tmp_path, kill_report):
    seed = _seed()
    report = run_kills(scenario, kills, tmp_path, seed)
    kill_report(report)
    assert report["kills_survived"] == kills
    assert report["reported_commits_verified"] > 0 or kills < 3


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_many_kills_are_survived(scenario, long_run, tmp_path, kill_report):
    seed = _seed()
    report = run_kills(scenario, long_run, tmp_path, seed)
    kill_report({**report, "scenario": f"{scenario} (long)"})
    assert report["kills_survived"] == long_run
    assert report["killed_inside_atomic_operation"] > 0 or scenario == "autosave"
