"""The Interviews sheet: one row per interview note, in session then note order."""

from __future__ import annotations

from exports.context import ExportContext
from exports.guide_notes import NOTE, blank, notes, session_date, text_parts, topic_parts
from exports.sheet_writer import Column

SHEET = "Interviews"
KIND = "interview"


def columns(ctx: ExportContext) -> list[Column]:
    title_parts, question_parts = topic_parts(ctx, KIND)
    return [
        Column("session", "session", "the interview session's unique id", "id"),
        Column("date", "date", "day the interview started (UTC)", "date"),
        Column("site", "site", "site"),
        Column("interviewer", "interviewer", "fieldworker who led the interview"),
        Column("participant", "participant", "participant code"),
        Column("role", "role", "participant's role"),
        Column("topic", "topic", "topic of the guide", parts=title_parts),
        Column("prompt", "prompt", "the topic's main question", parts=question_parts),
        Column("kind", "kind", "note, quote, observation or summary"),
        Column("text", "text", "what was noted", "text", parts=text_parts(ctx, KIND)),
        Column("codes", "codes", "codes applied to the note"),
    ]


def write_interviews(ctx: ExportContext) -> None:
    sink = ctx.open_sheet(SHEET, columns(ctx))
    for row, (title, question), drop_text in notes(ctx, KIND):
        sink.append(
            [
                row[NOTE["session_id"]],
                session_date(row[NOTE["started_at"]]),
                blank(row[NOTE["site_name"]]),
                blank(row[NOTE["fieldworker_name"]]),
                blank(row[NOTE["participant_code"]]),
                blank(row[NOTE["participant_role"]]),
                blank(title),
                blank(question),
                row[NOTE["kind"]],
                None if drop_text else blank(row[NOTE["text"]]),
                blank(row[NOTE["codes"]]),
            ]
        )
        ctx.ticker.tick()
