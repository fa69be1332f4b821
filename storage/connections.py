"""Where themes recur: codes x sites (or roles, instruments, programmes), and co-occurrence.

Evaluators ask whether the problem one team meets is met by others, so every site of the
chosen studies is a column, even with nothing coded there (an empty cell is a finding).
Codes are matched by name across studies, so one matrix can span the three programmes when
they share a codebook. With `include_subcodes` a theme counts its subcodes' segments too.

Each cell has two counts: coded segments, and distinct participants behind them. Totals are
computed, not summed: a participant quoted at two sites counts once in the row total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storage.codebook import Codebook
from storage.segment_tally import (
    CODE,
    PERSON,
    SITE,
    SegmentTally,
    segment_tally,
    unit_codes,
)
from storage.segments import coded_segments

if TYPE_CHECKING:
    from storage.store import Store

DIMENSIONS = ("sites", "roles", "instruments", "studies")
DIMENSION_LABELS = {
    "sites": "Sites",
    "roles": "Participant roles",
    "instruments": "Instruments",
    "studies": "Programmes",
}
NO_VALUE = ""
_NO_VALUE_LABELS = {
    "sites": "(no site)",
    "roles": "(no participant role)",
    "instruments": "(no instrument)",
    "studies": "(no programme)",
}


@dataclass(frozen=True)
class ThemeRow:
    """A code (matched by name across studies) and the code ids whose segments it counts."""

    key: str
    name: str
    depth: int
    colour: str
    parent_name: str
    code_ids: tuple[str, ...]
    counted_ids: tuple[str, ...]


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    label: str
    detail: str = ""


@dataclass
class ThemeMatrix:
    """Counts by (row key, column key); totals per row, per column and overall."""

    dimension: str
    rows: list[ThemeRow]
    columns: list[MatrixColumn]
    segments: dict[tuple[str, str], int] = field(default_factory=dict)
    participants: dict[tuple[str, str], int] = field(default_factory=dict)
    row_segments: dict[str, int] = field(default_factory=dict)
    row_participants: dict[str, int] = field(default_factory=dict)
    column_segments: dict[str, int] = field(default_factory=dict)
    column_participants: dict[str, int] = field(default_factory=dict)

    def value(self, row_key: str, column_key: str, measure: str = "segments") -> int:
        table = self.segments if measure == "segments" else self.participants
        return table.get((row_key, column_key), 0)

    def row_total(self, row_key: str, measure: str = "segments") -> int:
        table = self.row_segments if measure == "segments" else self.row_participants
        return table.get(row_key, 0)

    def maximum(self, measure: str = "segments") -> int:
        table = self.segments if measure == "segments" else self.participants
        return max(table.values(), default=0)


def theme_rows(
    store: Store, study_ids: Sequence[str], include_subcodes: bool = True
) -> list[ThemeRow]:
    """The codes of these studies in tree order, matched by name across studies."""
    codebook = Codebook(store)
    order: list[str] = []
    found: dict[str, dict[str, Any]] = {}
    for study_id in study_ids:
        nodes = codebook.tree(study_id)
        below: dict[str, list[str]] = {node.id: [node.id] for node in nodes}
        for node in nodes:
            for ancestor in _ancestors(nodes, node):
                below[ancestor].append(node.id)
        for node in nodes:
            key = node.name.casefold()
            if key not in found:
                order.append(key)
                found[key] = {"node": node, "own": [], "counted": []}
            found[key]["own"].append(node.id)
            found[key]["counted"] += below[node.id] if include_subcodes else [node.id]
    return [
        ThemeRow(
            key=key,
            name=found[key]["node"].name,
            depth=found[key]["node"].depth,
            colour=found[key]["node"].colour,
            parent_name=found[key]["node"].parent_name,
            code_ids=tuple(found[key]["own"]),
            counted_ids=tuple(dict.fromkeys(found[key]["counted"])),
        )
        for key in order
    ]


def _ancestors(nodes: list[Any], node: Any) -> list[str]:
    by_id = {n.id: n for n in nodes}
    result = []
    parent = node.parent_id
    while parent is not None and parent in by_id:
        result.append(parent)
        parent = by_id[parent].parent_id
    return result


def _targets(rows: list[ThemeRow]) -> dict[str, list[str]]:
    """code id -> the keys of the rows that count it (itself, and its themes if rolled up)."""
    targets: dict[str, list[str]] = {}
    for row in rows:
        for code_id in row.counted_ids:
            targets.setdefault(code_id, []).append(row.key)
    return targets


def theme_matrix(
    store: Store,
    study_ids: Sequence[str],
    dimension: str = "sites",
    include_subcodes: bool = True,
    site_ids: Sequence[str] | None = None,
    tally: SegmentTally | None = None,
) -> ThemeMatrix:
    """Coded segments and participants per theme and per site / role / instrument / study.

    `site_ids` limits the count to segments from those sites (an export's site filter).
    Pass the `tally` of an earlier call (segment_tally) to switch dimension or roll-up
    without reading the codings again.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    rows = theme_rows(store, study_ids, include_subcodes)
    tally = tally if tally is not None else segment_tally(store, study_ids)
    targets = _targets(rows)
    allowed = None if site_ids is None else set(site_ids)
    column_of = tally.column_of(dimension)
    # First per (code, column): one addition per tally key; then roll up those few groups.
    code_segments: dict[tuple[str, str], int] = defaultdict(int)
    code_people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, count in tally.counts.items():
        if key[CODE] not in targets or (allowed is not None and key[SITE] not in allowed):
            continue
        group = (key[CODE], column_of(key))
        code_segments[group] += count
        if key[PERSON]:
            code_people[group].add(key[PERSON])
    segments: dict[tuple[str, str], int] = defaultdict(int)
    row_segments: dict[str, int] = defaultdict(int)
    column_segments: dict[str, int] = defaultdict(int)
    cell_people: dict[tuple[str, str], set[str]] = defaultdict(set)
    row_people: dict[str, set[str]] = defaultdict(set)
    column_people: dict[str, set[str]] = defaultdict(set)
    for (code_id, column), count in code_segments.items():
        people = code_people.get((code_id, column), set())
        column_segments[column] += count
        column_people[column] |= people
        for row_key in targets[code_id]:
            segments[(row_key, column)] += count
            row_segments[row_key] += count
            cell_people[(row_key, column)] |= people
            row_people[row_key] |= people
    matrix = ThemeMatrix(dimension, rows, [], dict(segments))
    matrix.row_segments, matrix.column_segments = dict(row_segments), dict(column_segments)
    matrix.participants = {cell: len(people) for cell, people in cell_people.items()}
    matrix.row_participants = {key: len(people) for key, people in row_people.items()}
    matrix.column_participants = {key: len(people) for key, people in column_people.items()}
    columns = matrix_columns(store, study_ids, dimension, set(matrix.column_segments))
    if allowed is not None and dimension == "sites":
        columns = [column for column in columns if column.key in allowed]
    matrix.columns = columns
    return matrix


def matrix_columns(
    store: Store, study_ids: Sequence[str], dimension: str, seen: set[str] | None = None
) -> list[MatrixColumn]:
    """Every site / role / instrument / study of these studies, plus values only the
    coded segments hold (such as no site); labels made unique across studies."""
    marks = ", ".join("?" for _ in study_ids) or "NULL"
    ids = tuple(study_ids)
    if dimension == "sites":
        found = store.rows(
            "SELECT t.id AS key, t.name AS label, s.name AS detail FROM sites t "
            f"JOIN studies s ON s.id = t.study_id WHERE t.deleted = 0 AND t.study_id IN ({marks}) "
            "ORDER BY s.name, t.name",
            ids,
        )
    elif dimension == "roles":
        found = store.rows(
            "SELECT DISTINCT role AS key, role AS label, '' AS detail FROM participants "
            f"WHERE deleted = 0 AND role != '' AND study_id IN ({marks}) ORDER BY role",
            ids,
        )
    elif dimension == "instruments":
        found = store.rows(
            "SELECT i.family_id AS key, i.name AS label, s.name AS detail FROM instruments i "
            f"JOIN studies s ON s.id = i.study_id WHERE i.deleted = 0 AND i.study_id IN ({marks}) "
            "AND i.kind IN ('interview', 'focus_group') AND i.version_number = "
            "(SELECT max(version_number) FROM instruments j WHERE j.family_id = i.family_id) "
            "ORDER BY s.name, i.name",
            ids,
        )
    else:
        found = store.rows(
            f"SELECT id AS key, name AS label, '' AS detail FROM studies WHERE id IN ({marks}) "
            "ORDER BY name",
            ids,
        )
    columns = [MatrixColumn(row["key"], row["label"], row["detail"]) for row in found]
    known = {column.key for column in columns}
    for extra in sorted((seen or set()) - known):
        label = _NO_VALUE_LABELS[dimension] if extra == NO_VALUE else _label_of(store, extra)
        columns.append(MatrixColumn(extra, label))
    return _unique_labels(columns, several_studies=len(study_ids) > 1)


def _label_of(store: Store, family_id: str) -> str:
    name = store.scalar(
        "SELECT name FROM instruments WHERE family_id = ? ORDER BY version_number DESC LIMIT 1",
        (family_id,),
    )
    return name or family_id


def _unique_labels(columns: list[MatrixColumn], several_studies: bool) -> list[MatrixColumn]:
    counts: dict[str, int] = {}
    for column in columns:
        counts[column.label.casefold()] = counts.get(column.label.casefold(), 0) + 1
    return [
        MatrixColumn(column.key, f"{column.label} ({column.detail})", column.detail)
        if column.detail and (counts[column.label.casefold()] > 1)
        else column
        for column in columns
    ]


def cell_segments(
    store: Store,
    study_ids: Sequence[str],
    row: ThemeRow,
    dimension: str,
    column_key: str | None,
    include_withheld: bool = True,
) -> list[dict[str, Any]]:
    """The coded segments (quotes) behind one cell; column_key None = the whole row."""
    filters: dict[str, Any] = {}
    if column_key is not None:
        name = {"sites": "site_id", "roles": "role", "instruments": "family_id"}.get(
            dimension, "study_id"
        )
        filters[name] = column_key
    return coded_segments(
        store,
        study_ids,
        code_ids=list(row.counted_ids),
        include_withheld=include_withheld,
        **filters,
    )


@dataclass
class CoOccurrence:
    """How many notes (or answers) hold both codes; the diagonal holds each code's own."""

    rows: list[ThemeRow]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def value(self, first: str, second: str) -> int:
        return self.counts.get((first, second), self.counts.get((second, first), 0))

    def pairs(self) -> list[tuple[ThemeRow, ThemeRow, int]]:
        """Pairs of different codes that appear together, most often first."""
        by_key = {row.key: row for row in self.rows}
        found = [
            (by_key[a], by_key[b], n)
            for (a, b), n in self.counts.items()
            if a != b and a in by_key and b in by_key
        ]
        return sorted(found, key=lambda item: (-item[2], item[0].name, item[1].name))


def co_occurrence(
    store: Store, study_ids: Sequence[str], include_subcodes: bool = False
) -> CoOccurrence:
    """Which themes appear together in the same note or answer, and how often."""
    rows = theme_rows(store, study_ids, include_subcodes)
    targets = _targets(rows)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for codes in unit_codes(store, study_ids):
        keys = sorted({key for code in codes for key in targets.get(code, ())})
        for index, first in enumerate(keys):
            for second in keys[index:]:
                counts[(first, second)] += 1
    return CoOccurrence(rows, dict(counts))


def shared_units(
    store: Store, study_ids: Sequence[str], first: ThemeRow, second: ThemeRow
) -> list[dict[str, Any]]:
    """The notes/answers where two themes meet, each with its coded segments of either."""
    segments = coded_segments(
        store, study_ids, code_ids=list(dict.fromkeys(first.counted_ids + second.counted_ids))
    )
    units: dict[str, dict[str, Any]] = {}
    for segment in segments:
        unit = units.setdefault(segment["unit_id"], {**segment, "segments": [], "codes": set()})
        unit["segments"].append(segment)
        if segment["code_id"] in first.counted_ids:
            unit["codes"].add(first.key)
        if segment["code_id"] in second.counted_ids:
            unit["codes"].add(second.key)
    wanted = {first.key, second.key}
    return [unit for unit in units.values() if wanted <= unit["codes"]]
