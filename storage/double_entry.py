"""Double entry verification of paper questionnaires, as EpiData and REDCap offer it.

A second person keys the same paper blind into a new session whose `verifies_session_id`
names the first. `compare_answers` (pure data) lists every question where the two entries
disagree; the verifier picks the right side for each and `resolve` writes the picks into
the first session (audited, through the autosave path, with calculations and relevance
recomputed) and marks it "verified", in one transaction.

The second-entry session is kept, live and linked, as the audit trail of what was keyed
twice: it is not tombstoned (a tombstoned session with live answers would be an orphan to
`fieldnotes check`). Its status becomes "complete". Anything that counts or exports
responses must leave out sessions whose `verifies_session_id` is set (`is_second_entry`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from instruments.answers import question_path_of
from instruments.form_engine import FormState
from instruments.model import Instrument, Question
from storage.changes import Changes
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store

Side = Literal["first", "second"]
# Question types that hold no keyed answer: filled by the app or computed from others.
_NOT_KEYED = frozenset({"group", "note", "calculate", "hidden"})


@dataclass(frozen=True)
class Disagreement:
    """One answer path where the two entries differ; None means left blank."""

    path: str
    label: str
    first: Any
    second: Any


@dataclass
class Comparison:
    """The outcome of comparing a second entry with the first."""

    first_session_id: str
    second_session_id: str
    compared: int
    disagreements: list[Disagreement] = field(default_factory=list)


def is_second_entry(session: Mapping[str, Any]) -> bool:
    """A verification copy: left out of exports and counts of responses."""
    return bool(session.get("verifies_session_id"))


def _keyed(question: Question) -> bool:
    return question.type not in _NOT_KEYED and not question.is_metadata


def _same(question: Question, first: Any, second: Any) -> bool:
    """Equal answers; the order of a select_multiple's choices does not matter."""
    if question.type == "select_multiple" and isinstance(first, list) and isinstance(second, list):
        return sorted(first) == sorted(second)
    if isinstance(first, int | float) and isinstance(second, int | float):
        return float(first) == float(second)
    return first == second


def compare_answers(
    instrument: Instrument,
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    language: str | None = None,
) -> tuple[int, list[Disagreement]]:
    """(paths compared, disagreements in form order) between two entries' relevant answers.

    Metadata, notes and calculations are not compared: the app fills them, or they follow
    from keyed answers. A repeat's entry count is compared like any answer.
    """
    order = {path: number for number, (path, _q) in enumerate(instrument.walk())}
    questions = dict(instrument.walk())
    compared = 0
    found: list[tuple[tuple[int, list[int]], Disagreement]] = []
    for path in set(first) | set(second):
        question_path, numbers = question_path_of(path)
        question = questions.get(question_path)
        if question is None or not _keyed(question):
            continue
        compared += 1
        a, b = first.get(path), second.get(path)
        if _same(question, a, b):
            continue
        label = question.label(language, instrument.default_language) or question.name
        found.append(((order[question_path], numbers), Disagreement(path, label, a, b)))
    found.sort(key=lambda pair: pair[0])
    return compared, [item for _key, item in found]


# --- storage operations ---------------------------------------------------------------------


def start_second_entry(store: Store, first_session_id: str, fieldworker_id: str | None) -> str:
    """Open a blind second entry of a questionnaire session; returns the new session's id."""
    sessions = store.repos.sessions
    first = sessions.get(first_session_id)
    if first is None or first["deleted"]:
        raise ValidationError("That session no longer exists.")
    if is_second_entry(first):
        raise ValidationError("This session is itself a second entry; verify the first one.")
    if first["status"] == "verified":
        raise ValidationError("This session has already been verified by double entry.")
    instrument = store.repos.instruments.get(first["instrument_id"])
    if instrument is None or instrument["kind"] != "questionnaire":
        raise ValidationError("Only questionnaires can be verified by double entry.")
    return sessions.start(
        first["study_id"],
        first["instrument_id"],
        site_id=first["site_id"],
        participant_id=first["participant_id"],
        fieldworker_id=fieldworker_id,
        mode=first["mode"],
        language=first["language"],
        verifies_session_id=first_session_id,
    )


def _instrument_of(store: Store, session: Mapping[str, Any]) -> Instrument:
    return Instrument.from_dict(store.repos.instruments.definition(session["instrument_id"]))


def _pair(store: Store, second_session_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    sessions = store.repos.sessions
    second = sessions.get(second_session_id)
    if second is None or not is_second_entry(second):
        raise ValidationError("That session is not a second entry of another session.")
    first = sessions.get(second["verifies_session_id"])
    if first is None or first["deleted"]:
        raise ValidationError("The first entry of this questionnaire no longer exists.")
    return first, second


def compare_sessions(store: Store, second_session_id: str) -> Comparison:
    """Compare a second entry with the session it verifies (relevant answers only).

    Only once the second entry is complete: the verifier keys blind, and sees the first
    entry's values only after finishing.
    """
    first, second = _pair(store, second_session_id)
    if second["status"] == "draft":
        raise ValidationError(
            "Finish the second entry first (mark it complete); the first entry's answers "
            "are shown only after that, so the second keying stays blind."
        )
    instrument = _instrument_of(store, first)
    answers = store.repos.sessions.answers
    compared, disagreements = compare_answers(
        instrument,
        answers(first["id"], include_hidden=False),
        answers(second["id"], include_hidden=False),
        first["language"] or None,
    )
    return Comparison(first["id"], second["id"], compared, disagreements)


def resolve(store: Store, second_session_id: str, picks: Mapping[str, Side]) -> Changes:
    """Write the picked values into the first session and mark it verified.

    `picks` maps each disagreeing path to the side that is right; every disagreement needs
    one. Repeat counts are settled first, so picked answers inside added entries have a
    place. All of it commits together, or nothing does.
    """
    comparison = compare_sessions(store, second_session_id)
    missing = [d.path for d in comparison.disagreements if d.path not in picks]
    if missing:
        raise ValidationError(f"{len(missing)} disagreement(s) still need a decision.")
    first, _second = _pair(store, second_session_id)
    sessions = store.repos.sessions
    state = FormState(_instrument_of(store, first), sessions.answers(first["id"]))
    writes: dict[str, tuple[Any, bool]] = {}
    removed: list[str] = []
    chosen = [d for d in comparison.disagreements if picks[d.path] == "second"]
    repeats = [d for d in chosen if _is_repeat(state, d.path)]
    for item in repeats:
        removed += _set_count(state, item.path, int(item.second or 0), writes)
    for item in chosen:
        if item in repeats or state.item(item.path) is None:
            continue  # a roster entry the picked count no longer has
        _value, edit = state.set_answer(item.path, item.second)
        writes.update(state.answer_writes(edit, edited=item.path))
    writes = {
        path: (state.answers.get(path), state.is_relevant(path))
        for path in writes
        if path not in removed
    }
    changes = Changes()
    with store.transaction():
        changes.merge(sessions.commit_answers(first["id"], writes, removed))
        sessions.set_status(first["id"], "verified")
        sessions.set_status(second_session_id, "complete")
    return changes.add("sessions", first["id"]).add("sessions", second_session_id)


def _is_repeat(state: FormState, path: str) -> bool:
    item = state.item(path)
    return item is not None and item.question.type == "repeat"


def _set_count(
    state: FormState, path: str, count: int, writes: dict[str, tuple[Any, bool]]
) -> list[str]:
    """Grow or shrink a user-counted repeat to `count` entries; returns removed paths."""
    removed: list[str] = []
    while state.can_add_instance(path) and state.instance_count(path) < count:
        writes.update(state.answer_writes(state.add_instance(path)))
    while state.can_add_instance(path) and state.instance_count(path) > count:
        changes, gone = state.remove_instance(path, state.instance_count(path))
        writes.update(state.answer_writes(changes))
        removed += gone
    return [p for p in removed if p not in state.answers]
