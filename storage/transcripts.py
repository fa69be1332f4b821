"""Importing a parsed transcript into a session: names mapped to speakers, all or nothing.

Each name in the transcript is mapped to a SpeakerTarget: a roster participant (their
label and participant id), the facilitator or interviewer, 'Several', 'Unknown', or just
the name kept as text. Names the caller leaves out of the mapping are kept as text and
reported. The turns are appended after the session's notes in one transaction: a refusal
(a participant without consent, a database error) leaves the session as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storage.errors import ValidationError
from storage.qualitative import (
    FACILITATOR,
    INTERVIEWER,
    SEVERAL,
    UNKNOWN,
    roster,
    session_context,
)
from storage.transcript_parse import ParsedTranscript, name_key

if TYPE_CHECKING:
    from storage.store import Store

TRANSCRIPT_KIND = "quote"  # a transcript is what was said, word for word
_FACILITATOR_NAMES = {
    "facilitator",
    "moderator",
    "interviewer",
    "researcher",
    "int",
    "i",
    "fac",
    "mod",
    "q",
}
_PARTICIPANT_NAMES = {"participant", "respondent", "interviewee", "r", "p", "a"}
_SEVERAL_NAMES = {"several", "all", "group", "multiple", "many", "everyone"}
_UNKNOWN_NAMES = {"unknown", "?", "inaudible", "unclear", "unidentified"}


@dataclass(frozen=True)
class SpeakerTarget:
    """Who a transcript name stands for: a participant with a label, or a label alone."""

    label: str
    speaker_id: str | None = None
    description: str = ""

    @property
    def shown(self) -> str:
        return f"{self.label} — {self.description}" if self.description else self.label


@dataclass
class ImportReport:
    """What an import wrote, for the message the user reads."""

    turns: int = 0
    preamble_kept: bool = False
    dropped_empty: int = 0
    kept_as_text: list[str] = field(default_factory=list)
    encoding: str = ""
    note_ids: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"Imported {self.turns} turn{'s' if self.turns != 1 else ''}"]
        if self.preamble_kept:
            parts.append("the text before the first speaker kept as a note")
        if self.dropped_empty:
            parts.append(f"{self.dropped_empty} empty turn(s) skipped")
        if self.kept_as_text:
            parts.append("names kept as text: " + ", ".join(self.kept_as_text))
        return "; ".join(parts) + "."


def speaker_targets(store: Store, session_id: str) -> list[SpeakerTarget]:
    """Whom a name can be mapped to in this session (roster or participant, then labels)."""
    context = session_context(store, session_id)
    if context.kind == "interview":
        person = context.participant
        targets = [SpeakerTarget(INTERVIEWER, None, context.interviewer)]
        if person:
            targets.insert(0, SpeakerTarget(person["code"], person["id"], person["role"]))
        return targets
    members = [
        SpeakerTarget(member.label, member.participant_id, member.code)
        for member in roster(store, session_id)
        if member.may_speak
    ]
    return members + [SpeakerTarget(label) for label in (FACILITATOR, SEVERAL, UNKNOWN)]


def suggest_mapping(
    store: Store, session_id: str, names: list[str]
) -> dict[str, SpeakerTarget | None]:
    """A first guess for each name (label, code or a usual word); None when unknown."""
    targets = speaker_targets(store, session_id)
    by_key: dict[str, SpeakerTarget] = {}
    for target in targets:
        by_key.setdefault(name_key(target.label), target)
        if target.speaker_id and target.description:
            by_key.setdefault(name_key(target.description), target)
    labelled = {name_key(t.label): t for t in targets if t.speaker_id is None}
    participant = next((t for t in targets if t.speaker_id), None)
    interview = session_context(store, session_id).kind == "interview"
    guesses: dict[str, SpeakerTarget | None] = {}
    for name in names:
        key = name_key(name)
        guess = by_key.get(key)
        if guess is None and key in _FACILITATOR_NAMES:
            guess = labelled.get(name_key(INTERVIEWER if interview else FACILITATOR))
        elif guess is None and key in _PARTICIPANT_NAMES and interview:
            guess = participant
        elif guess is None and key in _SEVERAL_NAMES:
            guess = labelled.get(name_key(SEVERAL))
        elif guess is None and key in _UNKNOWN_NAMES:
            guess = labelled.get(name_key(UNKNOWN))
        guesses[name] = guess
    return guesses


def import_transcript(
    store: Store,
    session_id: str,
    transcript: ParsedTranscript,
    mapping: Mapping[str, SpeakerTarget | None],
    topic: str = "",
) -> ImportReport:
    """Append the transcript's turns to the session, all or nothing.

    A name mapped to None, or missing from `mapping`, is kept as the turn's speaker label.
    """
    if not transcript.turns and not transcript.preamble.strip():
        raise ValidationError(
            "The transcript holds no spoken text (only names with nothing after them); "
            "nothing was imported."
        )
    by_key = {name_key(name): target for name, target in mapping.items()}
    report = ImportReport(encoding=transcript.encoding, dropped_empty=transcript.dropped_empty)
    notes = store.repos.notes
    with store.transaction():
        if transcript.preamble.strip():
            report.note_ids.append(notes.add(session_id, transcript.preamble, topic=topic))
            report.preamble_kept = True
        for turn in transcript.turns:
            target = by_key.get(name_key(turn.speaker))
            if target is None:
                target = SpeakerTarget(turn.speaker)
                if turn.speaker not in report.kept_as_text:
                    report.kept_as_text.append(turn.speaker)
            try:
                note_id = notes.add(
                    session_id,
                    turn.text,
                    kind=TRANSCRIPT_KIND,
                    topic=topic,
                    speaker_id=target.speaker_id,
                    speaker_label=target.label,
                    elapsed_ms=turn.elapsed_ms,
                )
            except ValidationError as error:
                raise ValidationError(
                    f"Nothing was imported: line {turn.line} ({turn.speaker}): {error}"
                ) from error
            report.note_ids.append(note_id)
            report.turns += 1
    return report
