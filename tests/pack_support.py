"""Helpers for the field-pack tests: simulated laptops, a controllable clock, canonical dumps,
and re-sealing a pack with altered contents (imported as a plain module)."""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import open_store
from storage.clock import format_timestamp
from storage.device import Device
from storage.packs import read_pack
from storage.packs.format import ScryptParams, seal
from storage.schema import USER_TABLES

CHEAP_SCRYPT = ScryptParams(n=2**14)  # the reader's minimum: fast tests, still accepted


class FakeClock:
    """Stands in for storage's utc_now: starts at a fixed time and moves `step_ms` per call,
    so every write has a known, distinct (or, with step 0, deliberately equal) stamp."""

    def __init__(self, start: datetime | None = None, step_ms: int = 1) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self.step = timedelta(milliseconds=step_ms)

    def __call__(self) -> str:
        stamp = format_timestamp(self.now)
        self.now += self.step
        return stamp

    def advance(self, milliseconds: int = 1000) -> None:
        self.now += timedelta(milliseconds=milliseconds)


def install_clock(monkeypatch, clock: FakeClock) -> FakeClock:
    """Replace utc_now in every storage module that imported it (storage.clock itself keeps
    the real one, so a module imported later never binds a stale fake)."""
    import storage.clock
    import storage.packs  # noqa: F401
    import storage.repositories  # noqa: F401  (imported lazily by Store otherwise)

    original = storage.clock.utc_now
    for name, module in list(sys.modules.items()):
        if name == "storage.clock" or not name.startswith("storage"):
            continue
        current = getattr(module, "utc_now", None)
        if current is original or isinstance(current, FakeClock):
            monkeypatch.setattr(module, "utc_now", clock)
    return clock


def laptop(path: Path, device_id: str, label: str | None = None):
    """A Store on `path` written by a simulated installation. Commits are not synced to disk
    (tests need no power-loss durability, and fsync on a busy machine dominates their time)."""
    device = Device(device_id, label or f"Laptop {device_id}")
    store = open_store(path, create=True, device=device)
    store.conn.execute("PRAGMA synchronous = OFF")
    return store


def canonical(store, with_audit: bool = True) -> dict[str, list]:
    """Everything that matters in a database, independent of merge order: every user row
    (all columns), conflicts without their ids, times and import, and the audit trail as a
    sorted list without its local ids."""
    dump: dict[str, list] = {}
    for table in USER_TABLES:
        exists = store.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
        if exists:
            dump[table] = [
                tuple(r.values()) for r in store.rows(f"SELECT * FROM {table} ORDER BY id")
            ]
    dump["conflicts"] = sorted(
        tuple(r.values())
        for r in store.rows(
            "SELECT table_name, row_id, column_name, kept_value, lost_value, kept_device_id, "
            "lost_device_id, lost_updated_at, resolved_at, resolution FROM conflicts"
        )
    )
    if with_audit:
        dump["audit"] = sorted(
            tuple(r.values())
            for r in store.rows(
                "SELECT at, device_id, table_name, row_id, action, changes FROM audit"
            )
        )
    return dump


def open_conflicts(store) -> set[tuple]:
    """(table, row, column, lost, lost device, kept, kept device) of the open conflicts."""
    return {
        tuple(r.values())
        for r in store.rows(
            "SELECT table_name, row_id, column_name, lost_value, lost_device_id, kept_value, "
            "kept_device_id FROM conflicts WHERE resolved_at IS NULL"
        )
    }


def body_lines(path: Path, passphrase: str | None = None) -> list[bytes]:
    pack = read_pack(path, passphrase)
    return zlib.decompress(pack.body).split(b"\n")[:-1]


def reseal(
    path: Path,
    out: Path,
    change: Callable[[list[bytes]], list[bytes]],
    passphrase: str | None = None,
    **manifest_changes,
) -> Path:
    """Write `out`: `path`'s pack with its body lines changed and the counts and checksums
    made to match again, as a buggy or hostile program could. Tests the content checks."""
    import hashlib

    pack = read_pack(path, passphrase)
    lines = change(zlib.decompress(pack.body).split(b"\n")[:-1])
    counts: dict[str, int] = {}
    heads: dict[str, int] = {}
    current = None
    for index, line in enumerate(lines):
        if line.startswith(b"{"):
            current = json.loads(line)["table"]
            counts[current], heads[current] = 0, index
        elif current is not None:
            counts[current] += 1
    for table, index in heads.items():  # section lines state their row counts too
        head = json.loads(lines[index])
        if "count" in head:
            lines[index] = json.dumps({**head, "count": counts[table]}).encode()
    body = b"".join(line + b"\n" for line in lines)
    changes = {"counts": counts, "payload_sha256": hashlib.sha256(body).hexdigest()}
    manifest = replace(pack.manifest, **{**changes, **manifest_changes})
    out.write_bytes(seal(manifest, zlib.compress(body), passphrase, CHEAP_SCRYPT))
    return out


def _questionnaire(questions: int):
    from instruments.model import Instrument, Question

    return Instrument(
        kind="questionnaire",
        form_id="team_assessment",
        title="Team assessment",
        questions=[
            Question(name=f"q{n}", type="text", path=f"q{n}", labels={"": f"Question {n}"})
            for n in range(1, questions + 1)
        ],
    )


def _guide():
    from instruments.model import Instrument, Topic

    return Instrument(
        kind="interview",
        form_id="client_interview",
        title="Client interview",
        topics=[Topic(id="access", title="Getting help", question="How did you get help?")],
    )


def seed_study(store, participants: int = 3, sessions: int = 3, questions: int = 4) -> dict:
    """A small study as a coordinator sets it up: site, fieldworker, questionnaire, interview
    guide, participants with consent, sessions with answers, an interview with notes."""
    repos = store.repos
    study = repos.studies.add("Durham access programme")
    site = repos.studies.add_site(study, "Stanley integrated team", "integrated team")
    worker = repos.studies.add_fieldworker(study, "Aisha Rahman")
    form = repos.instruments.add(
        study, "questionnaire", "Team assessment", _questionnaire(questions).to_dict()
    )
    guide = repos.instruments.add(study, "interview", "Client interview", _guide().to_dict())
    people = []
    for number in range(1, participants + 1):
        person = repos.participants.add(study, f"DUR-{number:03d}", role="client", site_id=site)
        repos.participants.record_consent(person, "given", "2026-02-01", "written", "AR")
        people.append(person)
    session_ids = []
    for number in range(sessions):
        session = repos.sessions.start(study, form, site, people[number % len(people)], worker)
        for q in range(1, questions + 1):
            repos.sessions.save_answer(session, f"q{q}", q)
        session_ids.append(session)
    interview = repos.sessions.start(study, guide, site, people[0], worker)
    notes = [
        repos.notes.add(interview, "Referral took six weeks.", kind="quote"),
        repos.notes.add(interview, "Staff know each other by name.", kind="observation"),
    ]
    return {
        "study": study,
        "site": site,
        "worker": worker,
        "form": form,
        "guide": guide,
        "participants": people,
        "sessions": session_ids,
        "interview": interview,
        "notes": notes,
    }
