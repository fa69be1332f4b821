"""Questionnaire sheets: one row per session, and one sheet per repeat group.

Sessions stream in start order with their answers (storage.export_queries), one session
in memory at a time. Repeat rows are linked Kobo-style: `_index` is a row's number on its
own sheet, `_parent_index` the `_index` of the row it belongs to on `_parent_table_name`,
and `_submission__id` the session's `_id`. Every repeat instance that has any stored
answer gets a row (blank where its answers are left out), ordered by instance number, so
the k-th row under a parent is always the k-th instance the database holds; the import
relies on that.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from exports.cells import UNLIMITED_TEXT, parts_needed
from exports.context import ExportContext
from exports.questionnaire_cells import label_expansion, question_columns, value_cells
from exports.questionnaire_layout import (
    META_COLUMNS,
    REPEAT_META_COLUMNS,
    FamilyLayout,
    QuestionSpec,
    meta_header,
    question_headers,
)
from exports.sheet_names import SheetNames
from exports.sheet_writer import Column, SheetSink
from instruments.answers import question_path_of
from storage import export_queries as queries
from storage.clock import parse_timestamp

_META_TYPES = {
    "_id": ("id", "the session's unique id"),
    "_index": ("integer", "row number on this sheet"),
    "participant": ("text", "participant code (blank: anonymous)"),
    "site": ("text", "site"),
    "fieldworker": ("text", "fieldworker"),
    "started": ("dateTime", "session started (UTC)"),
    "ended": ("dateTime", "session ended (UTC)"),
    "status": ("text", "draft, complete or verified"),
    "version": ("text", "instrument version"),
    "_parent_index": ("integer", "_index of the row this one belongs to"),
    "_parent_table_name": ("text", "sheet of the row this one belongs to"),
    "_submission__id": ("id", "_id of the session"),
}


@dataclass
class _Cells:
    """One question's place in a row."""

    path: str
    emit: Callable[[Any], Any] | None
    width: int
    free_text: bool


@dataclass
class _Table:
    name: str
    repeat: str | None
    cells: list[_Cells]
    sink: SheetSink | None = None
    rows: int = 0
    assigned: dict[tuple[int, ...], int] = field(default_factory=dict)


@dataclass
class SheetPlan:
    """The sheet names of one questionnaire: taken before anything is written."""

    layout: FamilyLayout
    main: str
    repeats: dict[str, str]


def plan_names(layout: FamilyLayout, names: SheetNames) -> SheetPlan:
    main = names.take(layout.name, "Questionnaire")
    repeats = {repeat.path: names.take(repeat.name, "Repeat") for repeat in layout.repeats}
    return SheetPlan(layout, main, repeats)


def _included(ctx: ExportContext, specs: list[QuestionSpec]) -> list[QuestionSpec]:
    if ctx.options.deidentify:
        return [spec for spec in specs if not spec.identifying]
    return specs


def _meta_column(name: str, header: str) -> Column:
    kind, label = _META_TYPES[name]
    return Column(header=header, name=header, label=label, type=kind)


def _long_value_parts(ctx: ExportContext, layout: FamilyLayout) -> dict[str, int]:
    """Question path -> cells its longest value needs, for the columns that need > 1."""
    limit = ctx.max_text
    if limit >= UNLIMITED_TEXT:
        return {}
    specs = _included(ctx, layout.questions)
    expansion = max([label_expansion(spec, ctx.options) for spec in specs] + [1.0])
    emits = {spec.path: value_cells(spec, ctx.options)[0] for spec in specs}
    parts: dict[str, int] = {}
    found = queries.long_answer_values(
        ctx.store,
        layout.instrument_ids,
        ctx.scope.filter,
        int(limit / expansion),
        only_relevant=not ctx.options.include_nonrelevant,
    )
    for path, value, structured in found:
        question_path = question_path_of(path)[0] if "[" in path else path
        if question_path not in emits:
            continue
        emit = emits[question_path]
        decoded = json.loads(value) if structured else value
        shown = emit(decoded) if emit else decoded
        first = shown[0] if type(shown) is list else shown
        if isinstance(first, str):
            needed = parts_needed(first, limit)
            if needed > 1:
                parts[question_path] = max(parts.get(question_path, 1), needed)
    return parts


def _table(
    ctx: ExportContext, plan: SheetPlan, repeat: str | None, parts: dict[str, int]
) -> tuple[_Table, list[Column]]:
    specs = _included(ctx, plan.layout.columns_of(repeat))
    names = question_headers(specs)
    taken = {name.lower() for name in names.values()}
    if repeat is None:
        columns = [_meta_column(n, meta_header(n, taken)) for n in META_COLUMNS]
    else:
        columns = [_meta_column(n, n) for n in REPEAT_META_COLUMNS]
    cells = []
    for spec in specs:
        emit, width = value_cells(spec, ctx.options)
        columns += question_columns(spec, names[spec.path], ctx.options, parts.get(spec.path, 1))
        cells.append(_Cells(spec.path, emit, width, spec.is_free_text))
    name = plan.main if repeat is None else plan.repeats[repeat]
    return _Table(name, repeat, cells), columns


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_timestamp(text).astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        return None


def _fill(row: list[Any], cells: list[_Cells], answers: dict[str, Any], drop_text: bool) -> None:
    get = answers.get
    append = row.append
    extend = row.extend
    for cell in cells:
        value = get(cell.path)
        if value is None or (drop_text and cell.free_text):
            if cell.width == 1:
                append(None)
            else:
                extend([None] * cell.width)
        elif cell.emit is None:
            append(value)
        elif cell.width == 1:
            append(cell.emit(value))
        else:
            extend(cell.emit(value))


MAX_INSTANCES = 500  # the form engine's limit on entries of one repeat


def _register(
    instances: dict[str, dict[tuple[int, ...], dict[str, Any]]],
    chain: tuple[str, ...],
    key: tuple[int, ...],
) -> dict[str, Any]:
    """The entry `key` of the repeat chain[-1], and every entry above it, made to exist."""
    for depth in range(1, len(chain)):
        instances.setdefault(chain[depth - 1], {}).setdefault(key[:depth], {})
    return instances.setdefault(chain[-1], {}).setdefault(key, {})


def _split_repeats(
    answers: dict[str, Any],
    chains: dict[str, tuple[str, ...]],
    repeat_chains: dict[str, tuple[str, ...]],
    instances: dict[str, dict[tuple[int, ...], dict[str, Any]]],
    hidden: list[str],
    keep_all: bool,
) -> tuple[dict[str, Any], int]:
    """Main-sheet answers, with repeat answers moved into `instances` by repeat and key.

    An entry exists when any answer is stored in it, or when the repeat's stored count
    (the answer at the repeat's own path) reaches it; it gets a row even when all its
    answers are left out, so rows keep the database's entry order.
    """
    top: dict[str, Any] = {}
    unmatched = 0
    hidden_paths = set(hidden) if hidden and not keep_all else ()
    for path, value in answers.items():
        if "[" not in path and path not in repeat_chains:
            top[path] = value
            continue
        question_path, numbers = question_path_of(path)
        if question_path in repeat_chains:
            chain = repeat_chains[question_path]
            if len(chain) != len(numbers) + 1 or type(value) is not int:
                unmatched += 1
                continue
            for number in range(1, min(value, MAX_INSTANCES) + 1):
                _register(instances, chain, (*numbers, number))
            continue
        chain = chains.get(question_path)
        if chain is None or len(chain) != len(numbers):
            unmatched += 1
            continue
        found = _register(instances, chain, tuple(numbers))
        if path not in hidden_paths:
            found[question_path] = value
    return top, unmatched


def write_questionnaire(ctx: ExportContext, plan: SheetPlan) -> None:
    """Write one questionnaire's sheet and its repeat sheets, streaming its sessions."""
    started = time.perf_counter()
    _write_questionnaire(ctx, plan)
    timings = ctx.report.timings
    timings["questionnaires"] = timings.get("questionnaires", 0.0) + time.perf_counter() - started


def _write_questionnaire(ctx: ExportContext, plan: SheetPlan) -> None:
    layout = plan.layout
    options = ctx.options
    parts = _long_value_parts(ctx, layout)
    main, main_columns = _table(ctx, plan, None, parts)
    main.sink = ctx.open_sheet(main.name, main_columns)
    repeat_tables: list[_Table] = []
    for repeat in layout.repeats:
        table, columns = _table(ctx, plan, repeat.path, parts)
        table.sink = ctx.open_sheet(table.name, columns)
        repeat_tables.append(table)
    by_repeat = {table.repeat: table for table in repeat_tables}
    parent_of = {
        repeat.path: (by_repeat[repeat.parent] if repeat.parent else main)
        for repeat in layout.repeats
    }
    top_paths = {spec.path for spec in layout.questions if spec.repeat is None}
    chains = {spec.path: spec.repeats for spec in layout.questions if spec.repeats}
    repeat_chains = layout.repeat_chains
    keep_all = options.include_nonrelevant
    versions = {row["id"]: layout.version_label(row["id"]) for row in layout.rows}
    unmatched = 0
    sessions = queries.iter_session_answers(ctx.store, layout.instrument_ids, ctx.scope.filter)
    for session in sessions:
        answers, hidden = queries.unpack_answers(session[9])
        instances: dict[str, dict[tuple[int, ...], dict[str, Any]]] = {}
        if repeat_chains:
            top, unmatched_here = _split_repeats(
                answers, chains, repeat_chains, instances, hidden, keep_all
            )
            unmatched += unmatched_here
        else:
            top = answers
        if hidden and not keep_all:
            for path in hidden:
                top.pop(path, None)
        unmatched += len(top.keys() - top_paths)
        session_id = session[0]
        drop_text = bool(options.deidentify and session[6])
        main.rows += 1
        row: list[Any] = [
            session_id,
            main.rows,
            session[5] or None,
            session[7] or None,
            session[8] or None,
            _timestamp(session[1]),
            _timestamp(session[2]),
            session[3],
            versions.get(session[4], ""),
        ]
        _fill(row, main.cells, top, drop_text)
        main.sink.append(row)
        for table in repeat_tables:
            found_instances = instances.get(table.repeat)
            if not found_instances:
                continue
            parent = parent_of[table.repeat]
            table.assigned = {}
            for key in sorted(found_instances):
                table.rows += 1
                table.assigned[key] = table.rows
                parent_index = main.rows if parent is main else parent.assigned[key[:-1]]
                row = [table.rows, parent_index, parent.name, session_id]
                _fill(row, table.cells, found_instances[key], drop_text)
                table.sink.append(row)
        ctx.ticker.tick()
    ctx.report.unmatched_answers += unmatched
