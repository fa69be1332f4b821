"""The Focus groups sheet: one row per turn, in session then turn order."""

from __future__ import annotations

from datetime import timedelta

from exports.context import ExportContext
from exports.guide_notes import NOTE, blank, notes, session_date, text_parts, topic_parts
from exports.sheet_writer import Column

SHEET = "Focus groups"
KIND = "focus_group"


def columns(ctx: ExportContext) -> list[Column]:
    title_parts, _ = topic_parts(ctx, KIND)
    return [
        Column("session", "session", "the focus group session's unique id", "id"),
        Column("date", "date", "day the group met (UTC)", "date"),
        Column("site", "site", "site"),
        Column("facilitator", "facilitator", "fieldworker who facilitated"),
        Column("order", "order", "turn number within the session", "integer"),
        Column("elapsed", "elapsed", "time into the session (h:mm:ss)", "duration"),
        Column("speaker", "speaker", "participant code, or roster label"),
        Column("role", "role", "speaker's role"),
        Column("topic", "topic", "topic of the guide", parts=title_parts),
        Column("kind", "kind", "note, quote, observation or summary"),
        Column("text", "text", "what was said or noted", "text", parts=text_parts(ctx, KIND)),
        Column("codes", "codes", "codes applied to the turn"),
    ]


def write_focus_groups(ctx: ExportContext) -> None:
    sink = ctx.open_sheet(SHEET, columns(ctx))
    current_session = None
    order = 0
    for row, (title, _question), drop_text in notes(ctx, KIND):
        session_id = row[NOTE["session_id"]]
        if session_id != current_session:
            current_session, order = session_id, 0
        order += 1
        elapsed_ms = row[NOTE["elapsed_ms"]]
        speaker = row[NOTE["speaker_code"]] or row[NOTE["speaker_label"]]
        role = row[NOTE["speaker_role"]] if row[NOTE["speaker_code"]] else row[NOTE["member_role"]]
        sink.append(
            [
                session_id,
                session_date(row[NOTE["started_at"]]),
                blank(row[NOTE["site_name"]]),
                blank(row[NOTE["fieldworker_name"]]),
                order,
                None if elapsed_ms is None else timedelta(milliseconds=elapsed_ms),
                blank(speaker),
                blank(role),
                blank(title),
                row[NOTE["kind"]],
                None if drop_text else blank(row[NOTE["text"]]),
                blank(row[NOTE["codes"]]),
            ]
        )
        ctx.ticker.tick()
