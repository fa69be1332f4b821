"""The Participants sheet: codes, roles, sites and consent; identities only when asked."""

from __future__ import annotations

from datetime import date
from typing import Any

from exports.cells import parts_needed
from exports.context import ExportContext
from exports.sheet_writer import Column
from storage import export_queries as queries

SHEET = "Participants"


def _consent_date(text: str | None) -> date | str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


def write_participants(ctx: ExportContext) -> None:
    """Participants of the exported studies (and sites), by study then code.

    The rows are few (one per person), so they are read first to size long-text columns.
    """
    identities = ctx.options.with_identities and not ctx.options.deidentify
    columns = [
        Column("study", "study", "study"),
        Column("code", "code", "participant code"),
        Column("role", "role", "client, carer, staff, ..."),
        Column("site", "site", "site"),
        Column("organisation", "organisation", "organisation"),
        Column("consent", "consent", "not_recorded, given, refused or withdrawn"),
        Column("consent_date", "consent_date", "date consent was given or changed", "date"),
    ]
    if identities:
        columns += [
            Column("full_name", "full_name", "IDENTITY: full name"),
            Column("contact", "contact", "IDENTITY: contact details"),
        ]
    rows: list[list[Any]] = []
    for found in queries.iter_participants(
        ctx.store,
        ctx.scope.study_ids,
        ctx.scope.site_ids,
        ctx.options.include_withdrawn,
        identities,
    ):
        row = [value if value != "" else None for value in found[:6]]
        row.append(_consent_date(found[6]))
        if identities:
            row += [found[7] or None, found[8] or None]
        rows.append(row)
    for position, column in enumerate(columns):
        texts = [row[position] for row in rows if type(row[position]) is str]
        column.parts = max([parts_needed(text, ctx.max_text) for text in texts] + [1])
    sink = ctx.open_sheet(SHEET, columns)
    for row in rows:
        sink.append(row)
        ctx.ticker.tick()
