"""Interview and focus-group notes: ordered, typed, attributed to a speaker and topic.

Order is the REAL `position`: a note appended gets max + 1, a note moved or split off is
placed at the midpoint between its new neighbours, so a move rewrites one row only and
merges of two laptops' edits meet per row. Only when two neighbours are closer than
`_MIN_GAP` is the session renumbered 1..n (rare; one transaction).

The consent gate lives here: no note is added, or re-attributed, for a participant whose
consent is not recorded as given (the session's participant for an interview, the speaker
for a focus-group turn). Every refusal is a ConsentError naming the participant.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.changes import Changes
from storage.coding_offsets import adjust_codings_for_note_edit
from storage.errors import ValidationError
from storage.repositories.base import Repository
from storage.repositories.note_review import NoteReviewQueries
from storage.repositories.participants import may_record_data

NOTE_KINDS = ("note", "quote", "observation", "summary")
_MIN_GAP = 1e-6
# Columns whose change records new data about a person, so the consent gate applies.
_GATED_COLUMNS = ("text", "kind", "speaker_id")
_LISTED = (
    "SELECT n.*, coalesce(p.code, '') AS speaker_code, coalesce(p.role, '') AS speaker_role, "
    "coalesce(p.consent_status, '') AS speaker_consent FROM notes n "
    "LEFT JOIN participants p ON p.id = n.speaker_id"
)


class ConsentError(ValidationError):
    """A note refused because a participant's consent is not recorded as given."""

    def __init__(self, participant: dict[str, Any]) -> None:
        self.participant = participant
        super().__init__(consent_refusal(participant))


def consent_refusal(participant: dict[str, Any]) -> str:
    """Why nothing may be recorded for this participant, in a sentence with what to do."""
    code = participant.get("code") or "this participant"
    status = participant.get("consent_status") or "not_recorded"
    when = (
        f" on {_readable_date(participant['consent_date'])}"
        if participant.get("consent_date")
        else ""
    )
    if status == "withdrawn":
        return f"{code} withdrew consent{when}: no further notes can be recorded for them."
    if status == "refused":
        return f"{code} refused consent{when}: no notes can be recorded for them."
    return (
        f"Consent of {code} is not recorded as given: record their consent (date, how, by "
        "whom) before taking notes."
    )


def _readable_date(text: str) -> str:
    """'2026-07-20' -> '20 Jul 2026' (day, named month: never read the wrong way round)."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {day:%b %Y}"


class NoteRepository(NoteReviewQueries, Repository):
    # --- the consent gate -----------------------------------------------------------------

    def consent_blocker(
        self, session_id: str, speaker_id: str | None = None
    ) -> dict[str, Any] | None:
        """The participant whose missing consent stops a note here (session's, then speaker)."""
        session = self.store.row(
            "SELECT participant_id FROM sessions WHERE id = ? AND deleted = 0", (session_id,)
        )
        if session is None:
            raise ValidationError(f"There is no session with id {session_id}.")
        for participant_id in dict.fromkeys((session["participant_id"], speaker_id)):
            if not participant_id:
                continue
            participant = self.store.row(
                "SELECT id, study_id, code, role, consent_status, consent_date FROM participants "
                "WHERE id = ? AND deleted = 0",
                (participant_id,),
            )
            if participant is None:
                raise ValidationError(f"There is no participant with id {participant_id}.")
            if not may_record_data(participant):
                return participant
        return None

    def require_consent(self, session_id: str, speaker_id: str | None = None) -> None:
        """Raise ConsentError unless notes may be recorded in this session for this speaker."""
        blocker = self.consent_blocker(session_id, speaker_id)
        if blocker is not None:
            raise ConsentError(blocker)

    # --- writing --------------------------------------------------------------------------

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
        _check_kind(kind)
        with self.store.transaction():
            self.require_consent(session_id, speaker_id)
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
        """Change a note; new text, kind or speaker passes the consent gate first."""
        if "kind" in values:
            _check_kind(values["kind"])
        with self.store.transaction():
            note = self._live(note_id)
            if any(column in values for column in _GATED_COLUMNS):
                speaker = values.get("speaker_id", note["speaker_id"])
                self.require_consent(note["session_id"], speaker)
            changed = self.writer.update("notes", note_id, values)
            if changed and "text" in values and values["text"] != note["text"]:
                # Coded spans follow their words through the edit, in the same transaction.
                adjust_codings_for_note_edit(self.store, note_id, note["text"], values["text"])
        return Changes().add("notes", note_id) if changed else Changes()

    def delete(self, note_id: str) -> bool:
        return self.writer.delete("notes", note_id)

    def set_speaker(self, note_id: str, speaker_id: str | None, speaker_label: str) -> Changes:
        """Fix who said it: a roster participant (with consent) or a label such as 'Several'."""
        return self.update(note_id, speaker_id=speaker_id, speaker_label=speaker_label)

    def move_to_topic(self, note_ids: list[str], topic: str) -> Changes:
        """Put notes under another topic ('' for free notes); their order is kept."""
        changes = Changes()
        with self.store.transaction():
            for note_id in note_ids:
                self._live(note_id)
                if self.writer.update("notes", note_id, {"topic": topic}):
                    changes.add("notes", note_id)
        return changes

    def move_before(self, note_id: str, other_id: str) -> Changes:
        """Reorder: place a note just before another note of the same session."""
        return self._move(note_id, other_id, after=False)

    def move_after(self, note_id: str, other_id: str) -> Changes:
        """Reorder: place a note just after another note of the same session."""
        return self._move(note_id, other_id, after=True)

    def split(self, note_id: str, at: int) -> str:
        """Cut a note's text at character `at`; the tail becomes a new note right after it.

        Both parts keep the speaker, topic, kind and elapsed time; coded spans follow their
        text. Returns the new note's id.
        """
        with self.store.transaction():
            note = self._live(note_id)
            text = note["text"]
            head = text[:at].rstrip()
            tail = text[at:].lstrip()
            if not head or not tail:
                raise ValidationError("Place the split between two pieces of text.")
            tail_start = len(text) - len(tail)
            ids = [row["id"] for row in self._order(note["session_id"])]
            index = ids.index(note_id)
            upper_id = ids[index + 1] if index + 1 < len(ids) else None
            position = self._between(note["session_id"], None, note_id, upper_id)
            self.require_consent(note["session_id"], note["speaker_id"])
            # The raw writer, not update(): coded spans are recut here, by the split itself.
            self.writer.update("notes", note_id, {"text": head})
            new_id = self.add(
                note["session_id"],
                tail,
                kind=note["kind"],
                topic=note["topic"],
                speaker_id=note["speaker_id"],
                speaker_label=note["speaker_label"],
                elapsed_ms=note["elapsed_ms"],
                position=position,
            )
            self._recut_codings(note_id, new_id, len(head), tail_start, len(tail))
        return new_id

    def merge(self, first_id: str, second_id: str, separator: str = " ") -> Changes:
        """Join two notes of a session into the earlier one; the later is deleted.

        The joined note keeps the earlier note's speaker, topic, kind and elapsed time;
        coded spans of the later note move with its text.
        """
        if first_id == second_id:
            raise ValidationError("Choose two different notes to merge.")
        with self.store.transaction():
            first, second = sorted(
                (self._live(first_id), self._live(second_id)),
                key=lambda row: (row["position"], row["created_at"]),
            )
            if first["session_id"] != second["session_id"]:
                raise ValidationError("Only notes of the same session can be merged.")
            head = first["text"].rstrip()
            joiner = separator if head and second["text"].strip() else ""
            offset = len(head) + len(joiner)
            self.require_consent(first["session_id"], first["speaker_id"])
            # The raw writer, not update(): the later note's coded spans are moved below.
            self.writer.update(
                "notes", first["id"], {"text": head + joiner + second["text"].strip()}
            )
            lead = len(second["text"]) - len(second["text"].lstrip())
            for coding in self._codings(second["id"]):
                self.writer.update(
                    "codings",
                    coding["id"],
                    {
                        "note_id": first["id"],
                        "start": max(0, coding["start"] - lead) + offset,
                        "end": max(0, coding["end"] - lead) + offset,
                    },
                )
            self.writer.delete("notes", second["id"])
        return Changes().add("notes", first["id"]).add("notes", second["id"])

    # --- reading --------------------------------------------------------------------------

    def get(self, note_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM notes WHERE id = ?", (note_id,))

    def list(self, session_id: str) -> list[dict[str, Any]]:
        """A session's live notes in order, with the speaker's code, role and consent."""
        return self.store.rows(
            f"{_LISTED} WHERE n.session_id = ? AND n.deleted = 0 ORDER BY n.position, n.created_at",
            (session_id,),
        )

    def listed(self, note_id: str) -> dict[str, Any] | None:
        """One note as `list` shows it (with speaker code, role, consent), for a screen's row."""
        return self.store.row(f"{_LISTED} WHERE n.id = ?", (note_id,))

    # --- helpers --------------------------------------------------------------------------

    def _live(self, note_id: str) -> dict[str, Any]:
        note = self.get(note_id)
        if note is None or note["deleted"]:
            raise ValidationError("That note no longer exists (it may have been deleted).")
        return note

    def _order(self, session_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT id, position FROM notes WHERE session_id = ? AND deleted = 0 "
            "ORDER BY position, created_at",
            (session_id,),
        )

    def _move(self, note_id: str, other_id: str, after: bool) -> Changes:
        with self.store.transaction():
            note, other = self._live(note_id), self._live(other_id)
            if note["session_id"] != other["session_id"]:
                raise ValidationError("A note can only be moved within its own session.")
            if note_id == other_id:
                return Changes()
            ids = [row["id"] for row in self._order(note["session_id"]) if row["id"] != note_id]
            index = ids.index(other_id) + (1 if after else 0)
            lower_id = ids[index - 1] if index > 0 else None
            upper_id = ids[index] if index < len(ids) else None
            position = self._between(note["session_id"], note_id, lower_id, upper_id)
            self.writer.update("notes", note_id, {"position": position})
        return Changes().add("notes", note_id)

    def _between(
        self, session_id: str, moving_id: str | None, lower_id: str | None, upper_id: str | None
    ) -> float:
        """A position strictly between two neighbours, renumbering the session if too close."""
        lower, upper = self._position(lower_id), self._position(upper_id)
        if upper is None:
            return (lower or 0.0) + 1
        if lower is None:
            return upper - 1
        if upper - lower <= _MIN_GAP:
            self._renumber(session_id, moving_id)
            lower, upper = self._position(lower_id), self._position(upper_id)
        return (lower + upper) / 2  # type: ignore[operator]

    def _position(self, note_id: str | None) -> float | None:
        if note_id is None:
            return None
        return self.store.scalar("SELECT position FROM notes WHERE id = ?", (note_id,))

    def _renumber(self, session_id: str, moving_id: str | None) -> None:
        """Spread the session's positions out to 1..n, keeping their order."""
        rows = [row for row in self._order(session_id) if row["id"] != moving_id]
        for number, row in enumerate(rows, start=1):
            self.writer.update("notes", row["id"], {"position": float(number)})

    def _codings(self, note_id: str) -> list[dict[str, Any]]:
        return self.store.rows(
            'SELECT id, code_id, start, "end", memo FROM codings WHERE note_id = ? AND deleted = 0',
            (note_id,),
        )

    def _recut_codings(
        self, head_id: str, tail_id: str, head_length: int, tail_start: int, tail_length: int
    ) -> None:
        """After a split, each coded span stays with its text (a span across the cut is cut)."""
        for coding in self._codings(head_id):
            start, end = coding["start"], coding["end"]
            if start < head_length:
                if end > head_length:
                    self.writer.update("codings", coding["id"], {"end": head_length})
                if end > tail_start:
                    self._copy_coding(coding, tail_id, 0, min(end - tail_start, tail_length))
                continue
            new_start = max(0, start - tail_start)
            new_end = min(max(new_start, end - tail_start), tail_length)
            self.writer.update(
                "codings", coding["id"], {"note_id": tail_id, "start": new_start, "end": new_end}
            )

    def _copy_coding(self, coding: dict[str, Any], note_id: str, start: int, end: int) -> None:
        self.writer.insert(
            "codings",
            {
                "code_id": coding["code_id"],
                "note_id": note_id,
                "start": start,
                "end": end,
                "memo": coding["memo"],
            },
        )


def _check_kind(kind: str) -> None:
    if kind not in NOTE_KINDS:
        raise ValidationError(f"A note's kind must be one of {', '.join(NOTE_KINDS)}.")
