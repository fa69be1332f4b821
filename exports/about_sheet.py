"""The About sheet: what was exported, when, by whom, how, and how many rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from exports.cells import parts_needed
from exports.context import ExportContext
from exports.sheet_writer import Column
from storage.store import APP_VERSION

SHEET = "About"
_DEIDENTIFIED = (
    "yes: no identities, no question flagged identifying, participants only by code, "
    "no free text of participants whose consent is withdrawn"
)


def _yes_no(flag: bool, yes: str, no: str) -> str:
    return yes if flag else no


def _settings(ctx: ExportContext, exported_at: datetime) -> list[list[Any]]:
    options = ctx.options
    studies = ", ".join(study["name"] for study in ctx.scope.studies) or "(none)"
    rows: list[list[Any]] = [
        ["Studies", studies],
        ["Exported at (UTC)", exported_at],
        ["Exported by", ctx.store.device.label],
        ["Fieldnotes version", APP_VERSION],
        ["De-identified", _yes_no(options.deidentify, _DEIDENTIFIED, "no")],
        [
            "Identities included",
            _yes_no(options.with_identities and not options.deidentify, "yes", "no"),
        ],
        [
            "Withdrawn participants",
            _yes_no(options.include_withdrawn, "included", "left out (consent withdrawn)"),
        ],
        [
            "Non-relevant answers",
            _yes_no(options.include_nonrelevant, "included", "left blank"),
        ],
        ["Headers", _yes_no(options.header_labels, "question labels", "question names")],
        ["Choice values", _yes_no(options.value_labels, "choice labels", "choice names")],
    ]
    rows += [[f"Filter: {name}", value] for name, value in options.filter_lines()]
    return rows


def _counts(ctx: ExportContext) -> list[list[Any]]:
    rows: list[list[Any]] = [[None, None], ["Sheet", "Rows"]]
    for sheet in ctx.report.sheets:
        rows.append([sheet.name, sheet.rows])
        if sheet.continued_on:
            rows.append(
                [
                    f"{sheet.name} (continued)",
                    f"over Excel's row limit, continued on: {', '.join(sheet.continued_on)}",
                ]
            )
    return rows


def _notes(ctx: ExportContext) -> list[list[Any]]:
    notes: list[list[Any]] = [[None, None], ["Notes", None]]
    notes.append(["Values only", "no cell holds a formula; totals are written as numbers"])
    for split in ctx.report.split_columns:
        notes.append(
            [
                f"Split text: {split.sheet}",
                f"texts longer than {ctx.max_text:,} characters in column {split.column!r} "
                f"continue in '{split.column} (part 2)' to '{split.column} (part {split.parts})'; "
                "join them in order to read the whole text",
            ]
        )
    if ctx.report.unmatched_answers:
        notes.append(
            [
                "Answers not exported",
                f"{ctx.report.unmatched_answers} stored answers match no question of their "
                "questionnaire (any version) and are not on any sheet",
            ]
        )
    return notes


def write_about(ctx: ExportContext, exported_at: datetime | None = None) -> None:
    """Written last, placed first: it reports the other sheets' row counts."""
    moment = (exported_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    rows = _settings(ctx, moment) + _counts(ctx) + _notes(ctx)
    columns = [Column("item", "item", type="about"), Column("value", "value", type="text")]
    for position, column in enumerate(columns):
        texts = [row[position] for row in rows if type(row[position]) is str]
        column.parts = max([parts_needed(text, ctx.max_text) for text in texts] + [1])
    sink = ctx.open_sheet(SHEET, columns, first=True, describe=False)
    for row in rows:
        sink.append(row)
