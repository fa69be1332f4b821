"""The coding sheets of the workbook (DESIGN.md section 4): Codes, Coded segments, Theme
matrix (sites) and Theme matrix (roles); and the codebook sheet a user exports to share or
re-import a codebook.

Each sheet is built as a SheetRows (columns + rows of plain values) from storage's queries,
so the workbook writer, a CSV export and tests all get the same rows. Counts are numbers,
never formulas. Quotes of people who withdrew or refused consent are left out unless the
export includes withdrawn participants (and never when de-identified); counts keep them, as
numbers say nothing about a person.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exports.cells import CellMaker, csv_text, parts_needed
from exports.sheet_writer import Column
from storage.codebook import Codebook, studies_have_codes
from storage.codebook_sheet import SHEET_COLUMNS, export_rows
from storage.connections import theme_matrix
from storage.segment_tally import SessionLimits, segment_tally
from storage.segments import coded_segments

if TYPE_CHECKING:
    from exports.context import ExportContext
    from storage.store import Store

CODES_SHEET = "Codes"
SEGMENTS_SHEET = "Coded segments"
MATRIX_SHEETS = {"sites": "Theme matrix (sites)", "roles": "Theme matrix (roles)"}
SHEETS = (CODES_SHEET, SEGMENTS_SHEET, *MATRIX_SHEETS.values())


@dataclass
class SheetRows:
    """A sheet's name, its columns and its rows of plain Python values."""

    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def has_codes(store: Store, study_ids: Sequence[str]) -> bool:
    """Whether any of these studies has a codebook (the sheets appear only then)."""
    return studies_have_codes(store, study_ids)


def codes_sheet(
    store: Store,
    study_ids: Sequence[str],
    max_text: int | None = None,
    limits: SessionLimits | None = None,
) -> SheetRows:
    """The codebook with, per code, its own segments, those with its subcodes, the notes or
    answers coded and the participants behind them."""
    codebook = Codebook(store)
    trees = {study_id: codebook.tree(study_id) for study_id in study_ids}
    nodes = [node for tree in trees.values() for node in tree]
    parts = {
        name: _parts([getattr(node, name) for node in nodes], max_text)
        for name in ("description", "inclusion", "exclusion")
    }
    sheet = SheetRows(
        CODES_SHEET,
        [
            Column("study", "study", "study (programme) the code belongs to"),
            Column("code", "code", "code (theme) name"),
            Column("parent", "parent", "the code it sits under"),
            Column("level", "level", "1 for a theme, 2 for its subcodes, ...", "integer"),
            Column(
                "description",
                "description",
                "what the code means",
                "text",
                parts=parts["description"],
            ),
            Column("colour", "colour", "highlight colour"),
            Column("inclusion", "inclusion", "when to apply it", "text", parts=parts["inclusion"]),
            Column(
                "exclusion",
                "exclusion",
                "when not to apply it",
                "text",
                parts=parts["exclusion"],
            ),
            Column("segments", "segments", "coded segments with this code", "integer"),
            Column(
                "segments with subcodes",
                "segments_all",
                "segments of it and its subcodes",
                "integer",
            ),
            Column("notes and answers", "units", "notes and answers coded with it", "integer"),
            Column("participants", "participants", "distinct participants coded", "integer"),
        ],
    )
    for study_id in study_ids:
        study = store.repos.studies.get(study_id) or {"name": ""}
        counts = codebook.counts(study_id, limits=limits)
        tree = trees[study_id]
        below: dict[str, int] = {node.id: 0 for node in tree}
        by_id = {node.id: node for node in tree}
        for node in tree:
            own = counts[node.id].segments if node.id in counts else 0
            current: str | None = node.id
            while current is not None and current in by_id:
                below[current] += own
                current = by_id[current].parent_id
        for node in tree:
            count = counts.get(node.id)
            sheet.rows.append(
                [
                    study["name"],
                    node.name,
                    node.parent_name,
                    node.depth + 1,
                    node.description,
                    node.colour,
                    node.inclusion,
                    node.exclusion,
                    count.segments if count else 0,
                    below[node.id],
                    count.units if count else 0,
                    count.participants if count else 0,
                ]
            )
    return sheet


def segments_sheet(
    store: Store,
    study_ids: Sequence[str],
    include_withheld: bool = False,
    site_ids: Sequence[str] | None = None,
    max_text: int | None = None,
    limits: SessionLimits | None = None,
) -> SheetRows:
    """One row per coded span: its words, code, speaker, site, role, memo and where it is."""
    found = coded_segments(
        store, study_ids, include_withheld=include_withheld, site_ids=site_ids, limits=limits
    )
    text_parts = _parts([row["text"] for row in found], max_text)
    memo_parts = _parts([row["memo"] for row in found], max_text)
    sheet = SheetRows(
        SEGMENTS_SHEET,
        [
            Column("study", "study", "study (programme)"),
            Column("code", "code", "code applied"),
            Column("parent", "parent", "the code's parent theme"),
            Column("text", "text", "the coded words", "text", parts=text_parts),
            Column("speaker", "speaker", "participant code, or who spoke (Facilitator, ...)"),
            Column("role", "role", "the speaker's role"),
            Column("site", "site", "site of the session (else of the speaker)"),
            Column("memo", "memo", "the analyst's memo on this coding", "text", parts=memo_parts),
            Column("instrument", "instrument", "guide or questionnaire"),
            Column("source", "source", "note (interview or focus group) or answer"),
            Column("topic or question", "topic", "guide topic id, or answer path"),
            Column("date", "date", "day the session started (UTC)", "date"),
            Column("session", "session", "the session's unique id", "id"),
            Column("note or answer", "unit", "the note's or answer's unique id", "id"),
            Column("start", "start", "first character of the span in the text", "integer"),
            Column("end", "end", "character after the span", "integer"),
        ],
    )
    parents = _parent_names(store, study_ids)
    for row in found:
        sheet.rows.append(
            [
                row["study_name"],
                row["code_name"],
                parents.get(row["code_id"], ""),
                row["text"],
                row["speaker"],
                row["role"],
                row["site_name"],
                row["memo"],
                row["instrument_name"],
                "note" if row["note_id"] else "answer",
                row["topic"],
                _day(row["started_at"]),
                row["session_id"],
                row["unit_id"],
                row["start"],
                row["end"],
            ]
        )
    return sheet


def matrix_sheet(
    store: Store,
    study_ids: Sequence[str],
    dimension: str,
    site_ids: Sequence[str] | None = None,
    limits: SessionLimits | None = None,
) -> SheetRows:
    """Codes down, sites (or roles) across: coded segments per cell and a total, then the
    distinct participants per cell and a total. Themes include their subcodes' segments."""
    tally = segment_tally(store, study_ids, limits) if limits is not None else None
    matrix = theme_matrix(
        store, study_ids, dimension, include_subcodes=True, site_ids=site_ids, tally=tally
    )
    what = "site" if dimension == "sites" else "participant role"
    columns = [
        Column("code", "code", "code (theme)"),
        Column("parent", "parent", "the code it sits under"),
    ]
    columns += [
        Column(c.label, f"segments_{n}", f"coded segments at this {what}", "integer")
        for n, c in enumerate(matrix.columns)
    ]
    columns.append(Column("total segments", "segments", "coded segments, all", "integer"))
    columns += [
        Column(
            f"{c.label} (participants)",
            f"participants_{n}",
            f"participants at this {what}",
            "integer",
        )
        for n, c in enumerate(matrix.columns)
    ]
    columns.append(
        Column("total participants", "participants", "distinct participants, all", "integer")
    )
    sheet = SheetRows(MATRIX_SHEETS[dimension], columns)
    for row in matrix.rows:
        sheet.rows.append(
            [row.name, row.parent_name]
            + [matrix.value(row.key, c.key) for c in matrix.columns]
            + [matrix.row_total(row.key)]
            + [matrix.value(row.key, c.key, "participants") for c in matrix.columns]
            + [matrix.row_total(row.key, "participants")]
        )
    return sheet


def coding_sheets(
    store: Store,
    study_ids: Sequence[str],
    include_withheld: bool = False,
    site_ids: Sequence[str] | None = None,
    max_text: int | None = None,
    limits: SessionLimits | None = None,
) -> list[SheetRows]:
    """The four coding sheets in workbook order; none when no study has a codebook.

    `limits` carries the export's instrument, date and status filters, so no quote or
    count from a session outside them reaches the workbook.
    """
    if not has_codes(store, study_ids):
        return []
    return [
        codes_sheet(store, study_ids, max_text, limits),
        segments_sheet(store, study_ids, include_withheld, site_ids, max_text, limits),
        matrix_sheet(store, study_ids, "sites", site_ids, limits),
        matrix_sheet(store, study_ids, "roles", site_ids, limits),
    ]


def write_coding_sheets(ctx: ExportContext) -> None:
    """Append the coding sheets to an export (workbook or one-sheet CSV)."""
    options = ctx.options
    include = options.include_withdrawn and not options.deidentify
    site_ids = list(ctx.scope.site_ids) or None
    limits = _limits_of(ctx)
    sheets = coding_sheets(ctx.store, ctx.scope.study_ids, include, site_ids, ctx.max_text, limits)
    for sheet in sheets:
        sink = ctx.open_sheet(sheet.name, sheet.columns)
        for values in sheet.rows:
            sink.append(values)
            ctx.ticker.tick()


def _limits_of(ctx: ExportContext) -> SessionLimits:
    """The export's instrument, date and status filters as limits on coded sessions."""
    flt, options = ctx.scope.filter, ctx.options
    instrument_ids: tuple[str, ...] | None = None
    if options.instruments:
        chosen = [i for layout in ctx.scope.families for i in layout.instrument_ids]
        chosen += [i for kind in ctx.scope.guides for i in ctx.scope.guide_ids(kind)]
        instrument_ids = tuple(chosen)
    return SessionLimits(instrument_ids, flt.started_from, flt.started_before, flt.statuses)


def _parts(texts: list[str], max_text: int | None) -> int:
    if max_text is None:
        return 1
    return max((parts_needed(text, max_text) for text in texts if text), default=1)


def _parent_names(store: Store, study_ids: Sequence[str]) -> dict[str, str]:
    codebook = Codebook(store)
    return {node.id: node.parent_name for study_id in study_ids for node in codebook.tree(study_id)}


def _day(started_at: str | None) -> Any:
    from datetime import date

    if not started_at:
        return None
    try:
        return date.fromisoformat(started_at[:10])
    except ValueError:
        return started_at


# --- the codebook as a file of its own ----------------------------------------------------------


def write_codebook_file(store: Store, study_id: str, path: Path | str) -> int:
    """Write a study's codebook to .xlsx (sheet 'Codes') or .csv (UTF-8 with BOM) with the
    columns code, parent, description, colour, inclusion, exclusion; returns the rows written.
    Text that Excel could take for a formula stays text (exports.cells)."""
    path = Path(path)
    rows = export_rows(store, study_id)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(SHEET_COLUMNS)
            for row in rows:
                writer.writerow([csv_text(row[name]) for name in SHEET_COLUMNS])
        return len(rows)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(CODES_SHEET)
    maker = CellMaker(worksheet)
    header = []
    for name in SHEET_COLUMNS:
        cell = maker.text_cell(name)
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for row in rows:
        worksheet.append([maker.make(row[name]) for name in SHEET_COLUMNS])
    workbook.save(str(path))
    return len(rows)
