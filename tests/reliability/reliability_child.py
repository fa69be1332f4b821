"""A writer process for the crash and concurrency tests: realistic writes, each one reported.

    python reliability_child.py PROJECT WORLD_JSON SCENARIO RUN SEED [OPERATIONS]

It opens the world's database and performs writes chosen by SCENARIO until killed (or, with
OPERATIONS, that many, then exits). It prints one JSON line per event, flushed at once:
`{"ev": "start", ...}` before an all-or-nothing operation, `{"ev": "done", ...}` only after
the write committed (the handshake: a "done" line is a promise that the write is on disk),
and `{"ev": "wait", ...}` when the database was busy and the write was retried.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCENARIOS: dict[str, tuple[str, ...]] = {
    "autosave": ("answer", "answer", "answer", "group", "note"),
    "import-data": ("answer", "import"),
    "merge": ("answer", "merge"),
    "transcript": ("note", "transcript"),
    "mixed": ("answer", "answer", "group", "note", "import", "merge", "transcript"),
    "race": ("answer", "answer", "group", "note"),
    "coordinator": ("merge",),
}
ANSWER_PATHS = ("remark", "extra/one", "extra/two", "extra/three")


def say(event: str, **fields: Any) -> None:
    print(json.dumps({"ev": event, "t": time.monotonic(), **fields}), flush=True)


class ScenarioWriter:
    """Performs one scenario's writes on one Store, reporting each commit."""

    def __init__(self, world: Any, run: str, seed: int) -> None:
        from storage import open_store

        self.world = world
        self.run = run
        self.rng = random.Random(seed)
        self.store = open_store(world.db)
        self.folder = Path(world.db).parent / "work"
        self.folder.mkdir(exist_ok=True)
        self.sequence = 0
        self.session: str | None = None

    def next_marker(self, kind: str) -> str:
        self.sequence += 1
        return f"{kind}{self.run}.{self.sequence}"

    def answer(self) -> None:
        if self.session is None:
            w = self.world
            self.session = self.store.repos.sessions.start(
                w.study, w.form, w.site, w.participant, w.fieldworker
            )
            say("done", op="session", id=self.session)
        self.sequence += 1
        path = self.rng.choice(ANSWER_PATHS)
        self.store.repos.sessions.save_answer(self.session, path, f"s{self.sequence} é中")
        say("done", op="answer", session=self.session, path=path, seq=self.sequence)

    def group(self) -> None:
        from reliability_world import GROUP_SIZE

        if self.session is None:
            self.answer()
        marker = self.next_marker("G")
        values = {f"grp/{marker}/{k}": (marker, True) for k in range(GROUP_SIZE)}
        say("start", op="group", marker=marker)
        self.store.repos.sessions.commit_answers(self.session, values)
        say("done", op="group", marker=marker, session=self.session, paths=sorted(values))

    def note(self) -> None:
        marker = self.next_marker("N")
        text = f"[{marker}] Staff know each other by name; referrals are quicker."
        note_id = self.store.repos.notes.add(self.world.interview, text, kind="observation")
        say("done", op="note", id=note_id, marker=marker)

    def import_data(self) -> None:
        """Paper returns typed into a spreadsheet, loaded with `fieldnotes import-data`."""
        from reliability_world import IMPORT_ROWS, import_csv

        import main

        marker = self.next_marker("I")
        source = import_csv(self.folder / f"{marker}.csv", marker)
        say("start", op="import", marker=marker)
        command = ["import-data", "--db", self.world.db, "--form", self.world.form, str(source)]
        with contextlib.redirect_stdout(io.StringIO()):
            status = main.main(command)
        if status != 0:
            raise RuntimeError(f"fieldnotes import-data exited {status}")
        say("done", op="import", marker=marker, rows=IMPORT_ROWS)

    def transcript(self) -> None:
        from reliability_world import TRANSCRIPT_TURNS, transcript_bytes

        from storage.transcript_parse import read_transcript
        from storage.transcripts import import_transcript, suggest_mapping

        marker = self.next_marker("T")
        parsed = read_transcript(transcript_bytes(marker))
        mapping = suggest_mapping(self.store, self.world.interview, parsed.names)
        say("start", op="transcript", marker=marker)
        import_transcript(self.store, self.world.interview, parsed, mapping)
        say("done", op="transcript", marker=marker, turns=TRANSCRIPT_TURNS)

    def merge(self) -> None:
        """A coordinator's `fieldnotes merge` of another laptop's fresh pack, through the CLI."""
        from reliability_world import seed_laptop

        import main
        from storage import open_store
        from storage.packs import make_pack

        marker = self.next_marker("M")
        source = self.folder / f"{marker}.db"
        sessions = seed_laptop(source, f"laptop-{marker}", marker)
        pack = self.folder / f"{marker}.fieldpack"
        with open_store(source) as laptop:
            pack_id = make_pack(laptop, pack).pack_id
        say("start", op="merge", marker=marker, pack=str(pack), pack_id=pack_id, sessions=sessions)
        with contextlib.redirect_stdout(io.StringIO()):
            status = main.main(["merge", "--db", self.world.db, str(pack)])
        if status != 0:
            raise RuntimeError(f"fieldnotes merge exited {status}")
        say("done", op="merge", marker=marker, pack_id=pack_id, sessions=sessions)

    def perform(self, operation: str) -> None:
        """One operation; a busy database is waited for and retried, as the GUI does."""
        from storage.errors import DatabaseInUseError

        actions: dict[str, Callable[[], None]] = {
            "answer": self.answer,
            "group": self.group,
            "note": self.note,
            "import": self.import_data,
            "transcript": self.transcript,
            "merge": self.merge,
        }
        while True:
            try:
                actions[operation]()
                return
            except DatabaseInUseError as error:
                say("wait", op=operation, error=str(error))
                time.sleep(0.05)


def main(argv: list[str]) -> int:
    project, world_json, scenario, run, seed = argv[:5]
    limit = int(argv[5]) if len(argv) > 5 else None
    sys.path.insert(0, project)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from reliability_world import World

    writer = ScenarioWriter(World.from_json(world_json), run, int(seed))
    say("ready", pid=os.getpid())
    operations = SCENARIOS[scenario]
    count = 0
    while limit is None or count < limit:
        writer.perform(writer.rng.choice(operations))
        count += 1
    writer.store.close()
    say("finished", operations=count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
