"""Sessions (one filled questionnaire, interview or focus group), answers and rosters."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storage.changes import Changes
from storage.clock import stamp_after, utc_now
from storage.coding_offsets import adjust_codings_for_answer_edit
from storage.errors import ValidationError
from storage.repositories.base import Repository

STATUSES = ("draft", "complete", "verified")
MODES = ("face_to_face", "phone", "video", "paper", "online")
_ANSWER_NAMESPACE = uuid.UUID("6f1c2f3e-8a51-4a53-9a1e-3c1b4f0d2e77")


def answer_id(session_id: str, path: str) -> str:
    """The same answer gets the same id on every laptop, so merges meet per answer."""
    return str(uuid.uuid5(_ANSWER_NAMESPACE, f"{session_id}\x1f{path}"))


class SessionRepository(Repository):
    def start(
        self,
        study_id: str,
        instrument_id: str,
        site_id: str | None = None,
        participant_id: str | None = None,
        fieldworker_id: str | None = None,
        mode: str = "face_to_face",
        started_at: str | None = None,
        title: str = "",
        note_taker_id: str | None = None,
        language: str = "",
        verifies_session_id: str | None = None,
    ) -> str:
        if mode not in MODES:
            raise ValidationError(f"Mode must be one of {', '.join(MODES)}, not {mode!r}.")
        return self.writer.insert(
            "sessions",
            {
                "study_id": study_id,
                "instrument_id": instrument_id,
                "site_id": site_id,
                "participant_id": participant_id,
                "fieldworker_id": fieldworker_id,
                "note_taker_id": note_taker_id,
                "started_at": started_at or utc_now(),
                "mode": mode,
                "title": title,
                "language": language,
                "verifies_session_id": verifies_session_id,
            },
        )

    def get(self, session_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM sessions WHERE id = ?", (session_id,))

    def update(self, session_id: str, **values: Any) -> bool:
        if "status" in values and values["status"] not in STATUSES:
            raise ValidationError(f"Status must be one of {', '.join(STATUSES)}.")
        return self.writer.update("sessions", session_id, values)

    def set_status(self, session_id: str, status: str) -> bool:
        values: dict[str, Any] = {"status": status}
        if status != "draft":
            current = self.get(session_id)
            if current and not current["ended_at"]:
                values["ended_at"] = utc_now()
        return self.update(session_id, **values)

    def delete(self, session_id: str) -> bool:
        return self.writer.delete("sessions", session_id)

    def list(self, study_id: str | None = None) -> list[dict[str, Any]]:
        """Sessions with the names a list shows; for big tables use a paged query instead."""
        where = "WHERE s.deleted = 0" + (" AND s.study_id = ?" if study_id else "")
        return self.store.rows(
            "SELECT s.*, i.name AS instrument_name, i.kind AS instrument_kind, "
            "coalesce(st.name, '') AS site_name, coalesce(p.code, '') AS participant_code, "
            "coalesce(f.name, '') AS fieldworker_name FROM sessions s "
            "JOIN instruments i ON i.id = s.instrument_id "
            "LEFT JOIN sites st ON st.id = s.site_id "
            "LEFT JOIN participants p ON p.id = s.participant_id "
            "LEFT JOIN fieldworkers f ON f.id = s.fieldworker_id "
            f"{where} ORDER BY s.started_at, s.id",
            (study_id,) if study_id else (),
        )

    # --- answers -------------------------------------------------------------------------

    def save_answer(self, session_id: str, path: str, value: Any, relevant: bool = True) -> Changes:
        """Commit one answer now (autosave): upsert by (session, path), audited."""
        with self.store.transaction():
            return self._upsert_answer(session_id, path, value, relevant)

    def _upsert_answer(self, session_id: str, path: str, value: Any, relevant: bool) -> Changes:
        """Write one answer and its audit row inside the caller's transaction."""
        row_id = answer_id(session_id, path)
        encoded = None if value is None else json.dumps(value, ensure_ascii=False)
        store = self.store
        current = store.row(
            "SELECT value, relevant, deleted, updated_at FROM answers WHERE id = ?", (row_id,)
        )
        if current and (current["value"], current["relevant"], current["deleted"]) == (
            encoded,
            int(relevant),
            0,
        ):
            return Changes()
        now = stamp_after(utc_now(), current["updated_at"] if current else None)
        device = store.device.device_id
        store.conn.execute(
            "INSERT INTO answers(id, created_at, updated_at, device_id, deleted, session_id, "
            "path, value, relevant) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET value = excluded.value, "
            "relevant = excluded.relevant, updated_at = excluded.updated_at, "
            "device_id = excluded.device_id, deleted = 0",
            (row_id, now, now, device, session_id, path, encoded, int(relevant)),
        )
        old = None if current is None else current["value"]
        if current is not None and isinstance(_decoded(old), str):
            new_text = value if isinstance(value, str) else ""
            adjust_codings_for_answer_edit(store, row_id, _decoded(old), new_text)
        self.writer.audit(
            "answers",
            row_id,
            "insert" if current is None else "update",
            {"path": path, "value": [old, encoded], "relevant": int(relevant)},
            at=now,
        )
        return Changes().add("answers", row_id).add("sessions", session_id)

    def answers(self, session_id: str, include_hidden: bool = True) -> dict[str, Any]:
        """path -> decoded value of a session's live answers."""
        sql = "SELECT path, value FROM answers WHERE session_id = ? AND deleted = 0"
        if not include_hidden:
            sql += " AND relevant = 1"
        return {
            row["path"]: None if row["value"] is None else json.loads(row["value"])
            for row in self.store.rows(sql, (session_id,))
        }

    def answer_rows(self, session_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT * FROM answers WHERE session_id = ? AND deleted = 0 ORDER BY path",
            (session_id,),
        )

    def commit_answers(
        self,
        session_id: str,
        answers: Mapping[str, tuple[Any, bool]],
        removed: Iterable[str] = (),
    ) -> Changes:
        """One finished edit, all or nothing: path -> (value, relevant), plus answer paths
        that no longer exist (a removed repeat entry), which are tombstoned.

        Entry screens call this once per edit, so an answer and the calculated values and
        relevance flags it changed reach the disk in one commit.
        """
        changes = Changes()
        with self.store.transaction():
            for path, (value, relevant) in answers.items():
                changes.merge(self._upsert_answer(session_id, path, value, relevant))
            for path in removed:
                if self.writer.delete("answers", answer_id(session_id, path)):
                    changes.add("answers", answer_id(session_id, path))
        return changes

    def relevance_flags(self, session_id: str) -> dict[str, bool]:
        """path -> stored relevant flag of a session's live answers."""
        return {
            row["path"]: bool(row["relevant"])
            for row in self.store.rows(
                "SELECT path, relevant FROM answers WHERE session_id = ? AND deleted = 0",
                (session_id,),
            )
        }

    def attachments_folder(self, session_id: str) -> Path:
        """Where a session's attached files live: `<db>.attachments/<session id>/`."""
        return self.store.path.parent / f"{self.store.path.name}.attachments" / session_id

    def attach_file(self, session_id: str, source: Path | str) -> str:
        """Copy a chosen file beside the database; returns its path relative to the database's
        folder (what an attachment answer stores). A different file of the same name is
        kept under a numbered name, never overwritten.
        """
        source = Path(source)
        if not source.is_file():
            raise ValidationError(f"{source} is not a file that can be attached.")
        folder = self.attachments_folder(session_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        number = 1
        while target.exists() and target.read_bytes() != source.read_bytes():
            number += 1
            target = folder / f"{source.stem}-{number}{source.suffix}"
        if not target.exists():
            shutil.copy2(source, target)
            with target.open("rb") as copied:  # on disk before the answer naming it commits
                os.fsync(copied.fileno())
        return target.relative_to(self.store.path.parent).as_posix()

    # --- focus-group roster ------------------------------------------------------------------

    def add_member(
        self,
        session_id: str,
        label: str,
        participant_id: str | None = None,
        seat: str = "",
        role: str = "participant",
    ) -> str:
        label = label.strip()
        if not label:
            raise ValidationError("A roster label (such as P1) is required.")
        taken = self.store.scalar(
            "SELECT count(*) FROM session_members WHERE session_id = ? AND deleted = 0 "
            "AND lower(label) = lower(?)",
            (session_id, label),
        )
        if taken:
            raise ValidationError(f"The label {label!r} is already used in this group.")
        return self.writer.insert(
            "session_members",
            {
                "session_id": session_id,
                "participant_id": participant_id,
                "label": label,
                "seat": seat,
                "role": role,
            },
        )

    def members(self, session_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT m.*, coalesce(p.code, '') AS participant_code, "
            "coalesce(p.role, '') AS participant_role FROM session_members m "
            "LEFT JOIN participants p ON p.id = m.participant_id "
            "WHERE m.session_id = ? AND m.deleted = 0 ORDER BY m.created_at, m.label",
            (session_id,),
        )


def _decoded(encoded: str | None) -> Any:
    """A stored JSON answer value, decoded (None stays None)."""
    return None if encoded is None else json.loads(encoded)
