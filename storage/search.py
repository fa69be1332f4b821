"""Search every note and text answer of a study (SQLite FTS5), best matches first.

Speed on 100,000 notes comes from rules measured on these machines:
- rank only ids: the ranked query selects rowid and bm25 rank; snippets are made afterwards,
  in Python, for the rows shown (storage.snippets says why not FTS5's snippet());
- ranking costs about 1 microsecond per match, so a word found in more than RANK_WINDOW
  notes (a very common word) is ranked among its RANK_WINDOW most recent matches
  (`rowid >=` a threshold FTS5 finds at once); the result says so (`window_limited`), and the
  window widens when filters leave too few hits in it;
- with no filter but the study, FTS5 ranks inside the index and stops at a few candidates
  (`ORDER BY rank LIMIT`), which are then checked against study and deletion; filters
  (site, role, ...) are joined per match, but only the ids of their rows are compared;
- counting raw matches is nearly free: when there are at most EXACT_COUNT_LIMIT, every
  filtered match is ranked in one pass and the exact number of hits comes with it; above
  that, `matches` (the index's count, an upper bound) says how many there may be.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storage.search_filters import (
    SEARCH_SOURCES,
    SOURCES,
    SearchFilters,
    SearchSource,
    where_clauses,
)
from storage.search_query import ParsedQuery, parse_query
from storage.snippets import make_snippet

if TYPE_CHECKING:
    from storage.store import Store

RANK_WINDOW = 5_000
EXACT_COUNT_LIMIT = 1_000
SNIPPET_WORDS = 24


@dataclass
class SearchResults:
    """The hits shown (best first) and what is known about how many there are."""

    query: str
    hits: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = None  # exact number of hits when known
    matches: int = 0  # matches in the search indexes (all studies): an upper bound
    window_limited: bool = False  # ranked among the most recent matches only
    elapsed_ms: float = 0.0


def search(
    store: Store,
    study_id: str,
    text: str,
    filters: SearchFilters | None = None,
    limit: int = 50,
) -> SearchResults:
    """The best `limit` notes and text answers of a study matching what the user typed."""
    began = time.perf_counter()
    filters = filters or SearchFilters()
    parsed = parse_query(text)
    expression = parsed.fts()
    results = SearchResults(query=expression)
    if not expression or limit <= 0:
        return results
    ranked: list[tuple[float, str, int]] = []
    total: int | None = 0
    for kind in SOURCES:
        if kind not in filters.sources:
            continue
        index = SEARCH_SOURCES[kind]
        matches = store.scalar(
            f"SELECT count(*) FROM {index.fts} WHERE {index.fts} MATCH ?", (expression,)
        )
        results.matches += matches
        rows, count, limited = _ranked(store, index, expression, study_id, filters, limit, matches)
        ranked += [(rank, kind, rowid) for rowid, rank in rows]
        results.window_limited |= limited
        total = None if total is None or count is None else total + count
    ranked.sort()
    results.hits = _hydrate(store, parsed, ranked[:limit])
    results.total = total
    results.elapsed_ms = (time.perf_counter() - began) * 1000
    return results


def _threshold(store: Store, fts: str, expression: str, matches: int, window: int) -> int | None:
    """The smallest rowid among the `window` most recent matches (None: all are in it)."""
    if matches <= window:
        return None
    return store.scalar(
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (expression, window - 1),
    )


def _ranked(
    store: Store,
    index: SearchSource,
    expression: str,
    study_id: str,
    filters: SearchFilters,
    limit: int,
    matches: int,
) -> tuple[list[tuple[int, float]], int | None, bool]:
    """(rowid, rank) of the best of `matches` matches, the exact hit count if cheap, and
    whether ranking was limited to the most recent matches."""
    fts = index.fts
    if not matches:
        return [], 0, False
    where, values = where_clauses(store, index, study_id, filters)
    base = f"FROM {fts} {index.rowid_join} WHERE {fts} MATCH ? AND {where}"
    if matches <= EXACT_COUNT_LIMIT:
        every = store.conn.execute(
            f"SELECT {fts}.rowid, {fts}.rank {base} ORDER BY {fts}.rank", (expression, *values)
        ).fetchall()
        return [(rowid, rank) for rowid, rank in every[:limit]], len(every), False
    if filters.narrows():
        return _ranked_filtered(store, index, expression, base, values, matches, limit)
    return _ranked_early(store, index, expression, where, values, matches, limit)


def _ranked_early(
    store: Store,
    index: SearchSource,
    expression: str,
    where: str,
    values: list[Any],
    matches: int,
    limit: int,
) -> tuple[list[tuple[int, float]], None, bool]:
    """No filter but the study: FTS5 ranks inside the index and stops at a few candidates,
    which are then checked against study and deletion (more are fetched if some fail)."""
    fts, window, wanted = index.fts, RANK_WINDOW, limit * 2
    while True:
        threshold = _threshold(store, fts, expression, matches, window)
        bound = " AND rowid >= ?" if threshold is not None else ""
        extra = (threshold,) if threshold is not None else ()
        top = store.conn.execute(
            f"SELECT rowid, rank FROM {fts} WHERE {fts} MATCH ?{bound} ORDER BY rank LIMIT ?",
            (expression, *extra, wanted),
        ).fetchall()
        marks = ", ".join("?" for _ in top) or "NULL"
        alive = {
            row[0]
            for row in store.conn.execute(
                f"SELECT {index.content}.rowid FROM {index.content_from} "
                f"WHERE {index.content}.rowid IN ({marks}) AND {where}",
                (*(rowid for rowid, _rank in top), *values),
            )
        }
        kept = [(rowid, rank) for rowid, rank in top if rowid in alive]
        if len(kept) >= limit:
            return kept[:limit], None, threshold is not None
        if len(top) == wanted:
            wanted *= 4
        elif threshold is None:
            return kept, None, False
        else:
            window *= 4


def _ranked_filtered(
    store: Store,
    index: SearchSource,
    expression: str,
    base: str,
    values: list[Any],
    matches: int,
    limit: int,
) -> tuple[list[tuple[int, float]], None, bool]:
    """Filters narrow the matches: rank those that pass, among the most recent matches
    first, widening the window when the filters leave too few."""
    fts, window = index.fts, RANK_WINDOW
    while True:
        threshold = _threshold(store, fts, expression, matches, window)
        bound = f" AND {fts}.rowid >= ?" if threshold is not None else ""
        extra = (threshold,) if threshold is not None else ()
        rows = store.conn.execute(
            f"SELECT {fts}.rowid, {fts}.rank {base}{bound} ORDER BY {fts}.rank LIMIT ?",
            (expression, *values, *extra, limit),
        ).fetchall()
        if threshold is None or len(rows) >= limit:
            return [(rowid, rank) for rowid, rank in rows], None, threshold is not None
        window *= 4


def _hydrate(
    store: Store, query: ParsedQuery, ranked: list[tuple[float, str, int]]
) -> list[dict[str, Any]]:
    """The shown hits with their snippet and context, in rank order."""
    by_kind: dict[str, list[int]] = {}
    for _rank, kind, rowid in ranked:
        by_kind.setdefault(kind, []).append(rowid)
    details: dict[tuple[str, int], dict[str, Any]] = {}
    for kind, rowids in by_kind.items():
        for row in _details(store, kind, query, rowids):
            details[(kind, row.pop("rowid"))] = row
    hits = []
    for rank, kind, rowid in ranked:
        row = details.get((kind, rowid))
        if row is not None:
            row["kind"], row["rank"] = kind, rank
            hits.append(row)
    return hits


def _details(
    store: Store, kind: str, query: ParsedQuery, rowids: list[int]
) -> list[dict[str, Any]]:
    index = SEARCH_SOURCES[kind]
    marks = ", ".join("?" for _ in rowids)
    if kind == "note":
        select = (
            "n.rowid, n.id AS unit_id, n.id AS note_id, NULL AS answer_id, n.topic, n.kind "
            "AS note_kind, n.speaker_label, n.position, NULL AS path, n.text"
        )
    else:
        select = (
            "a.rowid, a.id AS unit_id, NULL AS note_id, a.id AS answer_id, '' AS topic, "
            "'' AS note_kind, '' AS speaker_label, 0 AS position, a.path, "
            "json_extract(a.value, '$') AS text"
        )
    rows = store.rows(
        f"SELECT {select}, s.id AS session_id, s.started_at, s.instrument_id, "
        f"i.name AS instrument_name, i.kind AS instrument_kind, ({index.site}) AS site_id, "
        f"({index.person}) AS person_id FROM {index.content_from} "
        f"JOIN instruments i ON i.id = s.instrument_id {index.extra_joins} "
        f"WHERE {index.content}.rowid IN ({marks})",
        tuple(rowids),
    )
    people = _names(store, "participants", "code", "role", [r["person_id"] for r in rows])
    sites = _names(store, "sites", "name", "kind", [r["site_id"] for r in rows])
    for row in rows:
        person = people.get(row["person_id"], {})
        row["snippet"] = make_snippet(row["text"] or "", query, SNIPPET_WORDS)
        row["speaker"] = person.get("code") or row["speaker_label"]
        row["role"] = person.get("role", "")
        row["site_name"] = sites.get(row["site_id"], {}).get("name", "")
    return rows


def _names(
    store: Store, table: str, first: str, second: str, ids: list[str | None]
) -> dict[str, dict[str, Any]]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = store.rows(
        f"SELECT id, {first}, {second} FROM {table} WHERE id IN ({marks})", tuple(wanted)
    )
    return {row["id"]: row for row in rows}
