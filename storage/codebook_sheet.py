"""The codebook as a sheet (xlsx or csv): columns code, parent, description, colour,
inclusion, exclusion, one code per row, parents before or after their children.

Import is all or nothing: every row is checked first and every problem is reported with its
sheet, row and column, so a user fixes the file once; only a clean sheet changes the
codebook. A code already in the codebook (same name, ignoring case) is updated from the
columns the sheet has; columns the sheet lacks are left as they are.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.codebook import Codebook, normal_colour
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store

SHEET_COLUMNS = ("code", "parent", "description", "colour", "inclusion", "exclusion")
_ALIASES = {"color": "colour", "name": "code", "theme": "code"}
SHEET_NAMES = ("codes", "codebook")
# A CSV export guards text Excel would run as a formula with one more leading apostrophe.
_GUARDED = re.compile("^'+[=+\\-@\t\r]")


@dataclass(frozen=True)
class SheetRow:
    """One row of the sheet: where it is (for messages) and its cells by column name."""

    sheet: str
    row: int
    values: dict[str, str]


@dataclass
class SheetTable:
    sheet: str
    columns: list[str]
    rows: list[SheetRow]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.added} codes added, {self.updated} updated, {self.unchanged} unchanged"
        if self.ignored_columns:
            text += f"; columns ignored: {', '.join(self.ignored_columns)}"
        return text + "."


class CodebookSheetError(ValidationError):
    """A sheet refused; `problems` lists every one, each naming sheet, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(problems[:20])
        more = f"\n… and {len(problems) - 20} more." if len(problems) > 20 else ""
        super().__init__(f"The codebook sheet was not imported; nothing changed.\n{shown}{more}")


def _where(row: SheetRow, column: str) -> str:
    return f"Sheet '{row.sheet}', row {row.row}, column {column}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if _GUARDED.match(text):
        text = text[1:]  # the apostrophe a CSV export puts before formula-like text
    return text.strip()


def table_from_cells(sheet: str, cells: list[list[Any]]) -> SheetTable:
    """Headers from the first non-blank row; blank rows skipped; row numbers as Excel's."""
    numbered = [(n, [_cell(v) for v in row]) for n, row in enumerate(cells, start=1)]
    numbered = [(n, row) for n, row in numbered if any(row)]
    if not numbered:
        raise CodebookSheetError([f"Sheet '{sheet}' is empty: it needs a header row with code."])
    header_row, headers = numbered[0]
    names = [_ALIASES.get(h.casefold(), h.casefold()) for h in headers]
    problems = [
        f"Sheet '{sheet}', row {header_row}: column {name!r} appears twice."
        for position, name in enumerate(names)
        if name and name in names[:position]
    ]
    if "code" not in names:
        problems.append(
            f"Sheet '{sheet}', row {header_row}: there is no column 'code' "
            f"(the columns are {', '.join(SHEET_COLUMNS)})."
        )
    if problems:
        raise CodebookSheetError(problems)
    known = [name if name in SHEET_COLUMNS else "" for name in names]
    ignored = [h for h, k in zip(headers, known, strict=True) if h and not k]
    rows = [
        SheetRow(
            sheet,
            number,
            {k: (cells_row[i] if i < len(cells_row) else "") for i, k in enumerate(known) if k},
        )
        for number, cells_row in numbered[1:]
    ]
    return SheetTable(sheet, [k for k in known if k], rows, ignored)


def read_codebook_file(path: Path | str) -> SheetTable:
    """Read a codebook from .xlsx (sheet 'Codes' or 'Codebook', else the first) or .csv."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return table_from_cells(path.stem, list(csv.reader(io.StringIO(text), dialect)))
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:
            raise ValidationError(
                f"{path.name} could not be read as an Excel file ({error})."
            ) from error
        try:
            by_name = {name.casefold(): name for name in workbook.sheetnames}
            chosen = next((by_name[n] for n in SHEET_NAMES if n in by_name), None)
            sheet = workbook[chosen or workbook.sheetnames[0]]
            cells = [list(row) for row in sheet.iter_rows(values_only=True)]
            return table_from_cells(sheet.title, cells)
        finally:
            workbook.close()
    raise ValidationError(f"{path.name}: choose an .xlsx or .csv file for a codebook.")


def export_rows(store: Store, study_id: str) -> list[dict[str, str]]:
    """The codebook as sheet rows, parents before their children."""
    return [
        {
            "code": node.name,
            "parent": node.parent_name,
            "description": node.description,
            "colour": node.colour,
            "inclusion": node.inclusion,
            "exclusion": node.exclusion,
        }
        for node in Codebook(store).tree(study_id)
    ]


def import_table(store: Store, study_id: str, table: SheetTable) -> ImportReport:
    """Check every row, then add or update the codes in one transaction; refuses with every
    problem (sheet, row, column) and changes nothing if any row is wrong."""
    codebook = Codebook(store)
    existing = {node.name.casefold(): node for node in codebook.tree(study_id)}
    problems: list[str] = []
    by_name: dict[str, SheetRow] = {}
    for row in table.rows:
        name = row.values.get("code", "")
        if not name:
            problems.append(f"{_where(row, 'code')}: a code name is required.")
            continue
        if name.casefold() in by_name:
            first = by_name[name.casefold()].row
            problems.append(f"{_where(row, 'code')}: {name!r} is already on row {first}.")
            continue
        by_name[name.casefold()] = row
        colour = row.values.get("colour", "")
        try:
            normal_colour(colour, "#000000")
        except ValidationError:
            problems.append(f"{_where(row, 'colour')}: {colour!r} is not a colour like #4e79a7.")
    parents = {key: node.parent_name.casefold() for key, node in existing.items()}
    for key, row in by_name.items():
        if "parent" not in row.values:
            continue
        parent = row.values["parent"].casefold()
        if parent and parent not in by_name and parent not in existing:
            problems.append(
                f"{_where(row, 'parent')}: there is no code called {row.values['parent']!r} "
                "in the sheet or the codebook."
            )
        elif parent == key:
            problems.append(f"{_where(row, 'parent')}: a code cannot be its own parent.")
        else:
            parents[key] = parent
    for key, row in by_name.items():
        if _in_cycle(key, parents):
            problems.append(
                f"{_where(row, 'parent')}: {row.values['code']!r} would end up inside itself "
                "(its parents lead back to it)."
            )
    if problems:
        raise CodebookSheetError(problems)
    return _apply(codebook, study_id, table, by_name, existing, parents)


def _in_cycle(key: str, parents: dict[str, str]) -> bool:
    seen = {key}
    current = parents.get(key, "")
    while current:
        if current in seen:
            return current == key
        seen.add(current)
        current = parents.get(current, "")
    return False


def _depth(key: str, parents: dict[str, str]) -> int:
    depth, current = 0, parents.get(key, "")
    while current:
        depth, current = depth + 1, parents.get(current, "")
    return depth


def _apply(
    codebook: Codebook,
    study_id: str,
    table: SheetTable,
    by_name: dict[str, SheetRow],
    existing: dict[str, Any],
    parents: dict[str, str],
) -> ImportReport:
    report = ImportReport(ignored_columns=table.ignored_columns)
    ids = {key: node.id for key, node in existing.items()}
    fields = [c for c in ("description", "colour", "inclusion", "exclusion") if c in table.columns]
    store = codebook.store
    with store.transaction():
        for key in sorted(by_name, key=lambda k: (_depth(k, parents), by_name[k].row)):
            row = by_name[key]
            parent_id = ids.get(parents.get(key, ""))
            if key not in existing:
                values = {f: row.values.get(f, "") for f in fields}
                ids[key] = codebook.add(study_id, row.values["code"], parent_id, **values)
                report.added += 1
                continue
            node = existing[key]
            values = {f: row.values[f] for f in fields if row.values[f] != getattr(node, f)}
            if "colour" in values and not values["colour"]:
                del values["colour"]
            if row.values["code"] != node.name:
                values["name"] = row.values["code"]
            changed = bool(codebook.update(node.id, **values).tables) if values else False
            if "parent" in table.columns and parent_id != node.parent_id:
                codebook.move(node.id, parent_id)
                changed = True
            report.updated += int(changed)
            report.unchanged += int(not changed)
    return report


def import_codebook_file(store: Store, study_id: str, path: Path | str) -> ImportReport:
    """Read a codebook sheet and import it (all or nothing)."""
    return import_table(store, study_id, read_codebook_file(path))
