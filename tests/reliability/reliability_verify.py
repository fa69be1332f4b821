"""Checking a database after a kill or a race: sound, nothing reported lost, nothing half-done.

The writers' "done" lines are promises; `verify_database` holds the database to every one of
them, and to the all-or-nothing rule for every operation that was started, reported or not:
a group of answers, a spreadsheet import, a transcript import and a pack merge are each found
whole or not at all.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliability_world import GROUP_SIZE, IMPORT_ROWS, TRANSCRIPT_TURNS


@dataclass
class Journal:
    """Every event the writers printed, across all runs on one database."""

    done: list[dict[str, Any]] = field(default_factory=list)
    started: list[dict[str, Any]] = field(default_factory=list)
    waits: int = 0

    def add(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["ev"] == "done":
                self.done.append(event)
            elif event["ev"] == "start":
                self.started.append(event)
            elif event["ev"] == "wait":
                self.waits += 1

    def of(self, operation: str) -> list[dict[str, Any]]:
        return [event for event in self.done if event["op"] == operation]


def interrupted_operation(events: list[dict[str, Any]]) -> str | None:
    """The all-or-nothing operation a kill cut short: a start with no done after it."""
    open_marker: str | None = None
    for event in events:
        if event["ev"] == "start":
            open_marker = event["marker"]
        elif event["ev"] == "done" and event.get("marker") == open_marker:
            open_marker = None
    return open_marker


def sqlite_integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def fieldnotes_check(db: Path) -> tuple[int, str]:
    """`fieldnotes check --db DB`, run through the command's own entry point."""
    import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main.main(["check", "--db", str(db)])
    return status, out.getvalue() + err.getvalue()


def verify_database(db: Path, journal: Journal) -> int:
    """Assert everything; returns how many reported commits were checked."""
    from storage import open_store

    verdict = sqlite_integrity(db)
    assert verdict == ["ok"], f"PRAGMA integrity_check: {verdict[:5]}"
    status, said = fieldnotes_check(db)
    assert status == 0, f"fieldnotes check failed: {said}"
    with open_store(db) as store:
        checked = _reported(store, journal)
        _all_or_nothing(store, journal)
    return checked


def _reported(store: Any, journal: Journal) -> int:
    checked = 0
    for event in journal.of("session"):
        assert store.repos.sessions.get(event["id"]) is not None, f"lost session {event['id']}"
        checked += 1
    latest: dict[tuple[str, str], int] = {}
    for event in journal.of("answer"):
        key = (event["session"], event["path"])
        latest[key] = max(latest.get(key, 0), event["seq"])
        checked += 1
    for (session, path), seq in latest.items():
        stored = store.repos.sessions.answers(session).get(path)
        assert stored is not None, f"lost answer {path} (seq {seq}) of {session}"
        assert int(stored.split()[0][1:]) >= seq, f"answer {path} went back: {stored!r} < s{seq}"
    for event in journal.of("group"):
        answers = store.repos.sessions.answers(event["session"])
        assert all(answers.get(path) == event["marker"] for path in event["paths"]), (
            f"lost answers of group {event['marker']}"
        )
        checked += 1
    for event in journal.of("note"):
        note = store.repos.notes.get(event["id"])
        assert note is not None and not note["deleted"], f"lost note {event['marker']}"
        assert note["text"].startswith(f"[{event['marker']}]")
        checked += 1
    imported = _marker_counts(store, "I")
    for event in journal.of("import"):
        assert imported.get(event["marker"]) == event["rows"], f"lost import {event['marker']}"
        checked += 1
    turns = _transcript_counts(store)
    for event in journal.of("transcript"):
        assert turns.get(event["marker"]) == event["turns"], f"lost transcript {event['marker']}"
        checked += 1
    for event in journal.of("merge"):
        assert _pack_merged(store, event["pack_id"]), f"lost merge {event['marker']}"
        assert _present(store, event["sessions"]) == len(event["sessions"])
        checked += 1
    return checked


def _all_or_nothing(store: Any, journal: Journal) -> None:
    groups = store.rows(
        "SELECT value, count(*) AS n FROM answers WHERE path LIKE 'grp/%' GROUP BY value"
    )
    for row in groups:
        assert row["n"] == GROUP_SIZE, f"half a group: {row}"
    for marker, count in _marker_counts(store, "I").items():
        assert count == IMPORT_ROWS, f"half an import: {marker} has {count} of {IMPORT_ROWS} rows"
    for marker, count in _transcript_counts(store).items():
        assert count == TRANSCRIPT_TURNS, f"half a transcript: {marker} has {count} turns"
    for event in journal.started:
        if event["op"] != "merge":
            continue
        present = _present(store, event["sessions"])
        merged = _pack_merged(store, event["pack_id"])
        whole = len(event["sessions"]) if merged else 0
        assert present == whole, f"half a merge: {event['marker']} ({present} sessions, {merged})"


def _marker_counts(store: Any, prefix: str) -> dict[str, int]:
    rows = store.rows(
        "SELECT value, count(*) AS n FROM answers WHERE path = 'marker' AND deleted = 0 "
        "AND value LIKE ? GROUP BY value",
        (json.dumps(prefix)[:-1] + "%",),
    )
    return {json.loads(row["value"]): row["n"] for row in rows}


def _transcript_counts(store: Any) -> dict[str, int]:
    rows = store.rows(
        "SELECT substr(text, 1, instr(text, ' turn ') - 1) AS marker, count(*) AS n "
        "FROM notes WHERE deleted = 0 AND text GLOB 'T*.* turn *' GROUP BY marker"
    )
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["marker"]] += row["n"]
    return dict(counts)


def _present(store: Any, session_ids: list[str]) -> int:
    marks = ", ".join("?" for _ in session_ids)
    return store.scalar(f"SELECT count(*) FROM sessions WHERE id IN ({marks})", tuple(session_ids))


def _pack_merged(store: Any, pack_id: str) -> bool:
    return bool(store.scalar("SELECT count(*) FROM imports WHERE pack_id = ?", (pack_id,)))


def database_dump(db: Path) -> list[str]:
    """Every committed row and schema object, as SQL text: equal dumps, unchanged database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
