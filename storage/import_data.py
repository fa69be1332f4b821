"""The write half of the spreadsheet import: lookups, sessions and answers, audited.

`import_transaction` takes a backup ("before-import") and opens one transaction; the
caller validates rows and writes them through a ResponseWriter as it reads the file, and
raises to roll everything back when any cell was refused. Writes follow the autosave
rules: an answer's row id is derived from (session, path), unchanged values are not
written (so importing the same file twice changes nothing), every change is audited.
A blank cell never erases a stored answer.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.backups import rotate_backups
from storage.clock import utc_now
from storage.repositories.sessions import answer_id

if TYPE_CHECKING:
    from storage.store import Store

_BATCH = 400  # ids per IN (...) query, well under SQLite's parameter limit


@dataclass
class SessionFields:
    """A session's columns as the import sets them (None: leave as it is)."""

    participant_id: str | None = None
    site_id: str | None = None
    fieldworker_id: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    status: str | None = None
    mode: str | None = None

    def changes(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if value is not None}


@dataclass
class WriteCounts:
    sessions_added: int = 0
    sessions_updated: int = 0
    answers_written: int = 0
    session_ids: set[str] = field(default_factory=set)


class ResponseWriter:
    """Reads what validation needs and writes sessions and answers, inside one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.writer = store.repos.writer
        self.counts = WriteCounts()

    # --- lookups -------------------------------------------------------------------------

    def session(self, session_id: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT s.id, s.instrument_id, s.participant_id, s.deleted, i.family_id "
            "FROM sessions s JOIN instruments i ON i.id = s.instrument_id WHERE s.id = ?",
            (session_id,),
        )

    def participants(self, study_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT id, code, consent_status, consent_date FROM participants "
            "WHERE deleted = 0 AND study_id = ?",
            (study_id,),
        )

    def sites(self, study_id: str) -> list[dict[str, Any]]:
        return self.store.repos.studies.sites(study_id)

    def fieldworkers(self, study_id: str) -> list[dict[str, Any]]:
        return self.store.repos.studies.fieldworkers(study_id)

    def session_answers(self, session_id: str) -> dict[str, tuple[Any, bool]]:
        """path -> (decoded value, relevant) of a session's live answers."""
        return {
            path: (None if value is None else json.loads(value), bool(relevant))
            for path, value, relevant in self.store.conn.execute(
                "SELECT path, value, relevant FROM answers WHERE session_id = ? AND deleted = 0",
                (session_id,),
            )
        }

    def _current(self, ids: list[str]) -> dict[str, tuple[Any, int, int]]:
        found: dict[str, tuple[Any, int, int]] = {}
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            marks = ", ".join("?" for _ in chunk)
            for row_id, value, relevant, deleted in self.store.conn.execute(
                f"SELECT id, value, relevant, deleted FROM answers WHERE id IN ({marks})", chunk
            ):
                found[row_id] = (value, relevant, deleted)
        return found

    # --- writes --------------------------------------------------------------------------

    def add_session(
        self, session_id: str, study_id: str, instrument_id: str, fields: SessionFields
    ) -> None:
        values = {
            "study_id": study_id,
            "instrument_id": instrument_id,
            "started_at": fields.started_at or utc_now(),
            "status": fields.status or "complete",
            "mode": fields.mode or "paper",
            **{k: v for k, v in fields.changes().items() if k not in ("status", "mode")},
        }
        self.writer.insert("sessions", values, row_id=session_id)
        self.counts.sessions_added += 1
        self.counts.session_ids.add(session_id)

    def update_session(self, session_id: str, fields: SessionFields) -> None:
        if self.writer.update("sessions", session_id, fields.changes()):
            self.counts.sessions_updated += 1
            self.counts.session_ids.add(session_id)

    def write_answers(
        self,
        session_id: str,
        values: Mapping[str, Any],
        placeholders: Iterable[str] = (),
        relevance: Mapping[str, bool] | None = None,
    ) -> int:
        """Store answers that differ from what is stored; returns how many were written.

        `values` maps answer path -> value (never None: blank cells are left out).
        `placeholders` are paths stored as an empty answer only if nothing is stored there
        yet: they keep a repeat entry whose cells were all blank. `relevance` gives the
        form's verdict for each path written (default: relevant).
        """
        relevance = relevance or {}
        wanted: dict[str, Any] = dict(values)
        for path in placeholders:
            wanted.setdefault(path, None)
        if not wanted:
            return 0
        ids = {answer_id(session_id, path): path for path in wanted}
        current = self._current(list(ids))
        now = utc_now()
        device = self.store.device.device_id
        rows = []
        for row_id, path in ids.items():
            value = wanted[path]
            old = current.get(row_id)
            live = old is not None and not old[2]
            if live and (value is None or _same(old[0], value)):
                continue
            encoded = None if value is None else json.dumps(value, ensure_ascii=False)
            relevant = int(relevance.get(path, bool(old[1]) if live else True))
            rows.append((row_id, now, now, device, session_id, path, encoded, relevant))
            self.writer.audit(
                "answers",
                row_id,
                "update" if old is not None else "insert",
                {"path": path, "value": [old[0] if live else None, encoded], "relevant": relevant},
            )
        if rows:
            self.store.conn.executemany(
                "INSERT INTO answers(id, created_at, updated_at, device_id, deleted, session_id, "
                "path, value, relevant) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET value = excluded.value, "
                "relevant = excluded.relevant, updated_at = excluded.updated_at, "
                "device_id = excluded.device_id, deleted = 0",
                rows,
            )
            self.counts.answers_written += len(rows)
            self.counts.session_ids.add(session_id)
        return len(rows)

    def set_relevance(self, session_id: str, flags: Mapping[str, bool]) -> int:
        """Mark stored answers relevant or not, as the form now says; returns how many."""
        changed = 0
        now = utc_now()
        for path, flag in flags.items():
            row_id = answer_id(session_id, path)
            cursor = self.store.conn.execute(
                "UPDATE answers SET relevant = ?, updated_at = ?, device_id = ? "
                "WHERE id = ? AND deleted = 0 AND relevant != ?",
                (int(flag), now, self.store.device.device_id, row_id, int(flag)),
            )
            if cursor.rowcount:
                self.writer.audit(
                    "answers", row_id, "update", {"path": path, "relevant": int(flag)}
                )
                changed += 1
        if changed:
            self.counts.answers_written += changed
            self.counts.session_ids.add(session_id)
        return changed


def _same(stored: str | None, value: Any) -> bool:
    """The stored JSON holds this value (8.0 and 8 are the same number; True is not 1)."""
    if stored is None:
        return False
    decoded = json.loads(stored)
    if decoded != value:
        return False
    numbers = (int, float)
    if isinstance(decoded, numbers) and isinstance(value, numbers):
        return isinstance(decoded, bool) == isinstance(value, bool)
    return type(decoded) is type(value)


@contextlib.contextmanager
def import_transaction(
    store: Store, backup: bool = True
) -> Iterator[tuple[ResponseWriter, Path | None]]:
    """Backup, then one transaction: everything the block writes, or nothing.

    A refused or failed import removes its own backup again and rotates nothing out, so
    retrying a spreadsheet ten times never costs the older good backups.
    """
    taken = store.backup("before-import", rotate=False) if backup else None
    try:
        with store.transaction():
            yield ResponseWriter(store), taken
    except BaseException:
        if taken is not None:
            taken.unlink(missing_ok=True)
        raise
    if taken is not None:
        rotate_backups(store.path)
