"""Applying codes to text: spans of interview/focus-group notes and of free-text answers.

A coding is (code, note or answer, start, end, memo) with Python string offsets into the
text. The rules live here, not in a screen: the span must lie inside the text and hold
words; the code must belong to the study of the note's session; applying a code twice to
the same span keeps one coding. `code_speaker` codes every turn of one focus-group speaker
at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from instruments.answers import question_path_of
from instruments.model import Instrument
from storage.changes import Changes
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class Unit:
    """A codable text: a note or a text answer, with the study it belongs to."""

    kind: str  # "note" or "answer"
    id: str
    study_id: str
    session_id: str
    text: str

    @property
    def column(self) -> str:
        return "note_id" if self.kind == "note" else "answer_id"


def note_unit(store: Store, note_id: str) -> Unit:
    row = store.row(
        "SELECT n.id, n.text, n.session_id, s.study_id FROM notes n "
        "JOIN sessions s ON s.id = n.session_id WHERE n.id = ? AND n.deleted = 0",
        (note_id,),
    )
    if row is None:
        raise ValidationError("That note no longer exists (it may have been deleted).")
    return Unit("note", row["id"], row["study_id"], row["session_id"], row["text"])


def answer_unit(store: Store, answer_id: str) -> Unit:
    row = store.row(
        "SELECT a.id, a.path, a.value, a.session_id, s.study_id, s.instrument_id FROM answers a "
        "JOIN sessions s ON s.id = a.session_id WHERE a.id = ? AND a.deleted = 0",
        (answer_id,),
    )
    if row is None:
        raise ValidationError("That answer no longer exists (it may have been deleted).")
    value = json.loads(row["value"]) if row["value"] is not None else None
    if not isinstance(value, str) or not is_free_text_question(
        store, row["instrument_id"], row["path"]
    ):
        raise ValidationError("Only answers to free-text questions can be coded.")
    return Unit("answer", row["id"], row["study_id"], row["session_id"], value)


def is_free_text_question(store: Store, instrument_id: str, answer_path: str) -> bool:
    """Whether an answer's question is typed free text (not a choice, date or number)."""
    try:
        definition = store.repos.instruments.definition(instrument_id)
    except KeyError:
        return False
    question = Instrument.from_dict(definition).find(question_path_of(answer_path)[0])
    return question is not None and question.entry_type == "text"


def unit_for(store: Store, note_id: str | None = None, answer_id: str | None = None) -> Unit:
    if (note_id is None) == (answer_id is None):
        raise ValueError("Give a note or an answer, not both")
    return note_unit(store, note_id) if note_id else answer_unit(store, answer_id or "")


def codings_of(store: Store, unit: Unit) -> list[dict[str, Any]]:
    """The live codings of a text with their code's name and colour, in text order."""
    return store.rows(
        'SELECT c.id, c.code_id, c.start, c."end", c.memo, k.name AS code_name, '
        "k.colour AS code_colour FROM codings c JOIN codes k ON k.id = c.code_id "
        f"WHERE c.{unit.column} = ? AND c.deleted = 0 AND k.deleted = 0 "
        'ORDER BY c.start, c."end", k.name',
        (unit.id,),
    )


def apply_codes(
    store: Store,
    unit: Unit,
    code_ids: Sequence[str],
    start: int,
    end: int,
    memo: str = "",
) -> list[str]:
    """Code a span with one or more codes; returns the coding ids (existing ones reused).

    Surrounding spaces of a selection are left out, so a span starts and ends on a word.
    """
    if not code_ids:
        raise ValidationError("Choose at least one code.")
    start, end = trimmed_span(unit.text, start, end)
    ids: list[str] = []
    with store.transaction():
        for code_id in dict.fromkeys(code_ids):
            _check_code(store, code_id, unit.study_id)
            existing = store.row(
                f"SELECT id FROM codings WHERE {unit.column} = ? AND code_id = ? "
                'AND start = ? AND "end" = ? AND deleted = 0',
                (unit.id, code_id, start, end),
            )
            if existing is not None:
                ids.append(existing["id"])
                continue
            ids.append(
                store.repos.writer.insert(
                    "codings",
                    {
                        "code_id": code_id,
                        unit.column: unit.id,
                        "start": start,
                        "end": end,
                        "memo": memo.strip(),
                    },
                )
            )
    return ids


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading/trailing whitespace; refuses one outside the text or empty."""
    if start > end:
        start, end = end, start
    if start < 0 or end > len(text):
        raise ValidationError("The selection lies outside the text; select the words again.")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("Select some words to code.")
    return start, end


def remove_coding(store: Store, coding_id: str) -> Changes:
    """Take one code off one span (a tombstone, so the removal travels in a merge)."""
    changed = store.repos.writer.delete("codings", coding_id)
    return Changes().add("codings", coding_id) if changed else Changes()


def remove_codes_in_span(
    store: Store, unit: Unit, start: int, end: int, code_ids: Sequence[str] | None = None
) -> Changes:
    """Take codes (all, or the given ones) off every coding that overlaps a selection."""
    changes = Changes()
    with store.transaction():
        for coding in codings_of(store, unit):
            if coding["start"] >= end or coding["end"] <= start:
                continue
            if code_ids is not None and coding["code_id"] not in code_ids:
                continue
            changes.merge(remove_coding(store, coding["id"]))
    return changes


def set_memo(store: Store, coding_id: str, memo: str) -> Changes:
    """Write the analyst's memo on one coding."""
    row = store.row("SELECT deleted FROM codings WHERE id = ?", (coding_id,))
    if row is None or row["deleted"]:
        raise ValidationError("That coding no longer exists.")
    changed = store.repos.writer.update("codings", coding_id, {"memo": memo.strip()})
    return Changes().add("codings", coding_id) if changed else Changes()


def code_speaker(
    store: Store,
    session_id: str,
    code_ids: Sequence[str],
    speaker_id: str | None = None,
    speaker_label: str | None = None,
) -> Changes:
    """Code every turn of one speaker of a session (a participant, or a label such as
    'Facilitator') with the given codes, each turn's whole text; turns already coded so
    are left as they are."""
    if (speaker_id is None) == (speaker_label is None):
        raise ValueError("Give a speaker id or a speaker label")
    if speaker_id is not None:
        turns = store.rows(
            "SELECT id FROM notes WHERE session_id = ? AND deleted = 0 AND speaker_id = ? "
            "ORDER BY position",
            (session_id, speaker_id),
        )
    else:
        turns = store.rows(
            "SELECT id FROM notes WHERE session_id = ? AND deleted = 0 AND speaker_id IS NULL "
            "AND lower(trim(speaker_label)) = lower(trim(?)) ORDER BY position",
            (session_id, speaker_label),
        )
    changes = Changes()
    with store.transaction():
        for turn in turns:
            unit = note_unit(store, turn["id"])
            if not unit.text.strip():
                continue
            before = {c["id"] for c in codings_of(store, unit)}
            for coding_id in apply_codes(store, unit, code_ids, 0, len(unit.text)):
                if coding_id not in before:
                    changes.add("codings", coding_id)
    return changes


def speakers_of(store: Store, session_id: str) -> list[dict[str, Any]]:
    """The distinct speakers of a session's notes: participant id or label, and turn count."""
    return store.rows(
        "SELECT n.speaker_id, CASE WHEN n.speaker_id IS NULL THEN n.speaker_label ELSE '' END "
        "AS speaker_label, coalesce(p.code, n.speaker_label) AS name, count(*) AS turns "
        "FROM notes n LEFT JOIN participants p ON p.id = n.speaker_id "
        "WHERE n.session_id = ? AND n.deleted = 0 "
        "AND (n.speaker_id IS NOT NULL OR trim(n.speaker_label) != '') "
        "GROUP BY n.speaker_id, CASE WHEN n.speaker_id IS NULL THEN lower(n.speaker_label) END "
        "ORDER BY name",
        (session_id,),
    )


def _check_code(store: Store, code_id: str, study_id: str) -> None:
    code = store.row("SELECT study_id, deleted FROM codes WHERE id = ?", (code_id,))
    if code is None or code["deleted"]:
        raise ValidationError("That code no longer exists (it may have been deleted).")
    if code["study_id"] != study_id:
        raise ValidationError("That code belongs to another study's codebook.")
