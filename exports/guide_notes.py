"""What the Interviews and Focus groups sheets share: their notes, topics and long texts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

from exports.cells import UNLIMITED_TEXT, parts_needed
from exports.context import ExportContext
from exports.scope import Guide
from storage import export_queries as queries
from storage.clock import parse_timestamp

NOTE = {name: position for position, name in enumerate(queries.NOTE_COLUMNS)}


def session_date(text: str | None) -> date | None:
    """The UTC day a session started on."""
    if not text:
        return None
    try:
        return parse_timestamp(text).astimezone(UTC).date()
    except ValueError:
        return None


def guides(ctx: ExportContext, kind: str) -> dict[str, Guide]:
    return ctx.scope.guides.get(kind, {})


def text_parts(ctx: ExportContext, kind: str) -> int:
    """Cells the longest note text of these guides' sessions needs."""
    instrument_ids = ctx.scope.guide_ids(kind)
    needed = 1
    if ctx.max_text >= UNLIMITED_TEXT:
        return needed
    for (text,) in queries.long_note_texts(
        ctx.store, instrument_ids, ctx.scope.filter, ctx.max_text
    ):
        needed = max(needed, parts_needed(text or "", ctx.max_text))
    return needed


def topic_parts(ctx: ExportContext, kind: str) -> tuple[int, int]:
    """Cells the longest topic title and the longest main question need."""
    titles = questions = 1
    for guide in guides(ctx, kind).values():
        for topic in guide.instrument.topics:
            titles = max(titles, parts_needed(topic.title, ctx.max_text))
            questions = max(questions, parts_needed(topic.question, ctx.max_text))
    return titles, questions


def notes(ctx: ExportContext, kind: str) -> Iterator[tuple[tuple, tuple[str, str], bool]]:
    """(note row, (topic title, main question), drop its text) for every note, in order.

    A de-identified export drops the text of a participant whose consent is withdrawn
    (only present when withdrawn participants are included at all).
    """
    known = guides(ctx, kind)
    deidentify = ctx.options.deidentify
    withdrawn = (NOTE["participant_withdrawn"], NOTE["speaker_withdrawn"])
    for row in queries.iter_notes(ctx.store, list(known), ctx.scope.filter):
        guide = known.get(row[NOTE["instrument_id"]])
        topic_id = row[NOTE["topic"]] or ""
        if guide is not None and topic_id:
            topic = guide.topic(topic_id)
        else:
            topic = (topic_id, "")
        drop = deidentify and any(row[position] for position in withdrawn)
        yield row, topic, drop


def blank(value: Any) -> Any:
    """Empty text as a blank cell."""
    return value if value not in ("", None) else None
