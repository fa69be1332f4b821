"""The Dictionary sheet: every column of every data sheet, and what it holds."""

from __future__ import annotations

from exports.cells import parts_needed
from exports.context import ExportContext
from exports.sheet_writer import Column

SHEET = "Dictionary"
_FIELDS = ("sheet", "name", "label", "type", "choices", "relevance", "constraint", "required")


def _rows(ctx: ExportContext) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for sheet, columns in ctx.described:
        for column in columns:
            base = [
                sheet,
                column.name,
                column.label,
                column.type,
                column.choices,
                column.relevance,
                column.constraint,
                column.required,
            ]
            rows.append([value or None for value in base])
            for number in range(2, column.parts + 1):
                rows.append(
                    [
                        sheet,
                        f"{column.name} (part {number})",
                        f"continues {column.name}: text too long for one cell",
                        "text (continued)",
                        None,
                        None,
                        None,
                        None,
                    ]
                )
    return rows


def write_dictionary(ctx: ExportContext) -> None:
    rows = _rows(ctx)
    columns = [Column(name, name) for name in _FIELDS]
    for position, column in enumerate(columns):
        column.parts = max(
            [parts_needed(row[position], ctx.max_text) for row in rows if row[position]] + [1]
        )
    for wide in (2, 4, 5, 6):
        columns[wide].type = "text"
    sink = ctx.open_sheet(SHEET, columns, describe=False)
    for row in rows:
        sink.append(row)
