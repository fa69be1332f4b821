"""Interview and focus-group notes: ordered, typed, attributed to a speaker and topic."""

from __future__ import annotations

from typing import Any

from storage.changes import Changes
from storage.errors import ValidationError
from storage.repositories.base import Repository

NOTE_KINDS = ("note", "quote", "observation", "summary")


class NoteRepository(Repository):
    def add(
        self,
        session_id: str,
        text: str,
        kind: str = "note",
        topic: str = "",
        speaker_id: str | None = None,
        speaker_label: str = "",
        elapsed_ms: int | None = None,
        position: float | None = None,
    ) -> str:
        """Append a note (or place it at `position`); order is kept by position."""
        if kind not in NOTE_KINDS:
            raise ValidationError(f"A note's kind must be one of {', '.join(NOTE_KINDS)}.")
        if position is None:
            last = self.store.scalar(
                "SELECT max(position) FROM notes WHERE session_id = ?", (session_id,)
            )
            position = (last or 0) + 1
        return self.writer.insert(
            "notes",
            {
                "session_id": session_id,
                "position": position,
                "topic": topic,
                "speaker_id": speaker_id,
                "speaker_label": speaker_label,
                "kind": kind,
                "text": text,
                "elapsed_ms": elapsed_ms,
            },
        )

    def update(self, note_id: str, **values: Any) -> Changes:
        if "kind" in values and values["kind"] not in NOTE_KINDS:
            raise ValidationError(f"A note's kind must be one of {', '.join(NOTE_KINDS)}.")
        changed = self.writer.update("notes", note_id, values)
        return Changes().add("notes", note_id) if changed else Changes()

    def delete(self, note_id: str) -> bool:
        return self.writer.delete("notes", note_id)

    def get(self, note_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM notes WHERE id = ?", (note_id,))

    def list(self, session_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT n.*, coalesce(p.code, '') AS speaker_code, "
            "coalesce(p.role, '') AS speaker_role FROM notes n "
            "LEFT JOIN participants p ON p.id = n.speaker_id "
            "WHERE n.session_id = ? AND n.deleted = 0 ORDER BY n.position, n.created_at",
            (session_id,),
        )
