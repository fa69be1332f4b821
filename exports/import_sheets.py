"""Which sheets of a workbook hold a form's responses: the main sheet and repeat sheets.

A Fieldnotes export holds many sheets; KoboToolbox's too. The main sheet is the one named
`sheet`, else the one named like the instrument, else the sheet with the most columns that
are questions of the form. Repeat sheets carry `_parent_index`; each is matched to the
repeat whose questions it has, and kept only if its `_parent_table_name` is the main sheet
or another kept repeat sheet (a workbook of several forms may have look-alikes). A sheet
continued past Excel's row limit (`Name (2)`, same headers) is read with its first part.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from exports.errors import DataImportError
from exports.import_columns import map_columns
from exports.questionnaire_layout import FamilyLayout, RepeatSpec
from exports.sheet_names import clean_sheet_name
from exports.tabular_read import TableSheet

_CONTINUED = re.compile(r"^(?P<base>.+) \((?P<number>\d+)\)$")


@dataclass
class SheetGroup:
    """A logical sheet: its first part and any continuation sheets."""

    parts: list[TableSheet]

    @property
    def name(self) -> str:
        return self.parts[0].name

    @property
    def headers(self) -> list[str]:
        return self.parts[0].headers

    @property
    def row_count(self) -> int:
        return sum(part.row_count for part in self.parts)

    @property
    def is_repeat(self) -> bool:
        return "_parent_index" in {h.lower() for h in self.headers}


@dataclass
class ChosenSheets:
    main: SheetGroup
    repeats: list[tuple[SheetGroup, RepeatSpec]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _groups(sheets: list[TableSheet]) -> list[SheetGroup]:
    by_name = {sheet.name.lower(): SheetGroup([sheet]) for sheet in sheets}
    groups: list[SheetGroup] = []
    for sheet in sheets:
        found = _CONTINUED.match(sheet.name)
        base = by_name.get(found["base"].lower()) if found else None
        if base is not None and base.headers == sheet.headers and base.parts[0] is not sheet:
            base.parts.append(sheet)
            continue
        groups.append(by_name[sheet.name.lower()])
    return groups


def choose_sheets(
    sheets: list[TableSheet],
    layout: FamilyLayout,
    wanted: str | None = None,
    owns_session: Callable[[str], bool] | None = None,
) -> ChosenSheets:
    groups = _groups(sheets)
    if wanted:
        chosen = [g for g in groups if g.name.lower() == wanted.strip().lower()]
        if not chosen:
            names = ", ".join(g.name for g in groups)
            raise DataImportError(f"There is no sheet called {wanted!r} (sheets: {names}).")
        main = chosen[0]
    else:
        main = _best_main(groups, layout, owns_session)
    result = ChosenSheets(main)
    accepted = {main.name.lower()}
    candidates: list[tuple[int, SheetGroup, RepeatSpec]] = []
    for group in groups:
        if group is main:
            continue
        repeat = _best_repeat(group, layout) if group.is_repeat else None
        if repeat is None:
            result.ignored.append(group.name)
        else:
            candidates.append((len(repeat.parents), group, repeat))
    for _depth, group, repeat in sorted(candidates, key=lambda item: item[0]):
        if _first_value(group, "_parent_table_name").lower() in accepted:
            result.repeats.append((group, repeat))
            accepted.add(group.name.lower())
        else:
            result.ignored.append(group.name)
    return result


def _first_value(group: SheetGroup, header: str) -> str:
    lowered = [h.lower() for h in group.headers]
    if header not in lowered:
        return ""
    position = lowered.index(header)
    for _number, values in group.parts[0].rows():
        value = values[position] if position < len(values) else None
        return str(value).strip() if value is not None else ""
    return ""


def _best_main(
    groups: list[SheetGroup],
    layout: FamilyLayout,
    owns_session: Callable[[str], bool] | None,
) -> SheetGroup:
    """The sheet holding the form's sessions, most telling sign first: its first `_id` is
    a session of this form; it is named like the form; it has the most question columns."""
    own_name = clean_sheet_name(layout.name).lower()
    scored = [
        (map_columns(g.headers, layout, None).questions, g) for g in groups if not g.is_repeat
    ]
    candidates = [group for score, group in scored if score]
    if owns_session is not None:
        for group in candidates:
            first_id = _first_value(group, "_id")
            if first_id and owns_session(first_id):
                return group
    for group in candidates:
        if group.name.lower() == own_name:
            return group
    best = max((score for score, _ in scored), default=0)
    if best:
        return next(group for score, group in scored if score == best)
    if len(groups) == 1:
        return groups[0]
    names = ", ".join(g.name for g in groups)
    raise DataImportError(
        f"No sheet has columns named after questions of {layout.name!r} (sheets: {names}); "
        "the header row must hold question names."
    )


def _best_repeat(group: SheetGroup, layout: FamilyLayout) -> RepeatSpec | None:
    best, found = 0, None
    for repeat in layout.repeats:
        score = map_columns(group.headers, layout, repeat.path).questions
        if score > best:
            best, found = score, repeat
    return found
