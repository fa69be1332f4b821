"""Reading a session's notes back for review: per-topic tallies, who spoke, search, coverage.

Mixed into NoteRepository, so callers write `store.repos.notes.speaker_counts(...)`.

Covered topics (the interviewer's ticks against the guide) are stored as answers of the
session at the path `_covered/<topic id>` (or `_covered/<topic id>/prompt/<n>`, `/probe/<n>`,
`/question`) with the value true or false. An answer's id is derived from (session, path),
so the same tick made on two laptops is the same row, and a merge keeps the newer value
per tick; unticking writes false rather than deleting, so it travels too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storage.changes import Changes

if TYPE_CHECKING:
    from storage.records import RowWriter
    from storage.store import Store

COVERED_PREFIX = "_covered/"
# Kinds that are somebody speaking (a turn); observations and summaries are the note-taker's.
SPOKEN_KINDS = ("note", "quote")
# Marks around a search hit in a snippet; the GUI turns them into emphasis.
HIT_START, HIT_END = "\x02", "\x03"
# Consent states whose holders' notes are left out of exports unless asked for.
EXCLUDED_FROM_EXPORT = ("withdrawn", "refused")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class TopicTally:
    """What a session holds under one topic ('' = free notes)."""

    topic: str
    notes: int = 0
    quotes: int = 0
    observations: int = 0
    summaries: list[str] = field(default_factory=list)
    speakers: set[str] = field(default_factory=set)
    words: int = 0

    @property
    def total(self) -> int:
        return self.notes + self.quotes + self.observations + len(self.summaries)


@dataclass
class SpeakerCount:
    """How often one speaker took a turn, and how much they said."""

    speaker_id: str | None
    label: str
    code: str
    role: str
    consent: str
    turns: int = 0
    words: int = 0


def speaker_key(note: dict[str, Any]) -> str:
    """One key per speaker: the participant if known, else the label ('Facilitator', ...)."""
    return note["speaker_id"] or f"label:{note['speaker_label'].strip().lower()}"


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query every word must match (as prefixes); '' if none."""
    words = _WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words)


class NoteReviewQueries:
    store: Store
    writer: RowWriter

    if TYPE_CHECKING:

        def list(self, session_id: str) -> list[dict[str, Any]]: ...  # NoteRepository's

    def topic_tallies(self, session_id: str) -> dict[str, TopicTally]:
        """Per topic: counts by kind, distinct speakers, words, and the summaries' texts."""
        tallies: dict[str, TopicTally] = {}
        for note in self.list(session_id):
            tally = tallies.setdefault(note["topic"], TopicTally(note["topic"]))
            kind = note["kind"]
            if kind == "summary":
                tally.summaries.append(note["text"])
                continue
            if kind == "observation":
                tally.observations += 1
                continue
            if kind == "quote":
                tally.quotes += 1
            else:
                tally.notes += 1
            tally.words += word_count(note["text"])
            if note["speaker_id"] or note["speaker_label"].strip():
                tally.speakers.add(speaker_key(note))
        return tallies

    def speaker_counts(self, session_id: str) -> list[SpeakerCount]:
        """Who spoke how often (turns and words), most turns first; consent shown with each."""
        counts: dict[str, SpeakerCount] = {}
        for note in self.list(session_id):
            if note["kind"] not in SPOKEN_KINDS:
                continue
            if not (note["speaker_id"] or note["speaker_label"].strip()):
                continue
            key = speaker_key(note)
            count = counts.get(key)
            if count is None:
                count = counts[key] = SpeakerCount(
                    speaker_id=note["speaker_id"],
                    label=note["speaker_label"] or note["speaker_code"],
                    code=note["speaker_code"],
                    role=note["speaker_role"],
                    consent=note["speaker_consent"],
                )
            count.turns += 1
            count.words += word_count(note["text"])
        return sorted(counts.values(), key=lambda c: (-c.turns, c.label.lower()))

    def search(self, session_id: str, text: str, limit: int = 200) -> list[dict[str, Any]]:
        """Notes of one session matching every word typed (prefixes), in session order.

        Each row has a `snippet` with hits between HIT_START and HIT_END.
        """
        query = fts_query(text)
        if not query:
            return []
        return self.store.rows(
            "SELECT n.id, n.position, n.topic, n.kind, n.speaker_id, n.speaker_label, "
            "n.elapsed_ms, n.text, coalesce(p.code, '') AS speaker_code, "
            f"snippet(notes_fts, 0, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet "
            "FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid "
            "LEFT JOIN participants p ON p.id = n.speaker_id "
            "WHERE notes_fts MATCH ? AND n.session_id = ? AND n.deleted = 0 "
            "ORDER BY n.position, n.created_at LIMIT ?",
            (query, session_id, limit),
        )

    def list_for_export(
        self, session_id: str, include_withdrawn: bool = False
    ) -> list[dict[str, Any]]:
        """Notes an export may show: by default none of a participant who withdrew (or refused).

        For an interview the session's participant decides for every note; for a focus
        group each turn's speaker does.
        """
        notes = self.list(session_id)
        if include_withdrawn:
            return notes
        owner = self.store.scalar(
            "SELECT coalesce(p.consent_status, '') FROM sessions s "
            "LEFT JOIN participants p ON p.id = s.participant_id WHERE s.id = ?",
            (session_id,),
        )
        if owner in EXCLUDED_FROM_EXPORT:
            return []
        return [note for note in notes if note["speaker_consent"] not in EXCLUDED_FROM_EXPORT]

    # --- covered topics and prompts --------------------------------------------------------

    def covered(self, session_id: str) -> set[str]:
        """Keys ticked as covered: 'topic_id', 'topic_id/prompt/0', 'topic_id/probe/2', ..."""
        rows = self.store.rows(
            "SELECT path FROM answers WHERE session_id = ? AND deleted = 0 AND path LIKE ? "
            "AND value = 'true'",
            (session_id, COVERED_PREFIX + "%"),
        )
        return {row["path"][len(COVERED_PREFIX) :] for row in rows}

    def set_covered(self, session_id: str, key: str, covered: bool) -> Changes:
        """Tick (or untick) a topic or one of its prompts as covered; merges per tick."""
        return self.store.repos.sessions.save_answer(session_id, COVERED_PREFIX + key, covered)
