"""What a search may be narrowed by: site, participant role, instrument, speaker, code.

The filters become SQL clauses that compare ids only: roles and instruments are turned into
lists of participant and instrument ids first, and a participant's site is looked up only
for sessions held without a site, so no filter costs a lookup per match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.segments import ANSWER_PERSON, ANSWER_SITE, NOTE_PERSON, NOTE_SITE

if TYPE_CHECKING:
    from storage.store import Store

SOURCES = ("note", "answer")


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search; an empty tuple means any. Roles are participant roles ('' = none)."""

    site_ids: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    family_ids: tuple[str, ...] = ()
    speaker_ids: tuple[str, ...] = ()
    code_ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = SOURCES

    def narrows(self) -> bool:
        """Whether any filter beyond the study applies (sources choose indexes, not rows)."""
        return bool(
            self.site_ids or self.roles or self.family_ids or self.speaker_ids or self.code_ids
        )


@dataclass(frozen=True)
class SearchSource:
    """How one FTS table (notes_fts, answers_fts), its rows and their context are joined."""

    kind: str
    fts: str
    content: str
    rowid_join: str
    # Rows looked up by rowid first (CROSS JOIN keeps SQLite from starting at the study's
    # sessions and scanning all their notes).
    content_from: str
    unit_deleted: str
    site: str
    person: str
    code_column: str
    site_fallback: str
    extra_joins: str


SEARCH_SOURCES = {
    "note": SearchSource(
        kind="note",
        fts="notes_fts",
        content="n",
        rowid_join="JOIN notes n ON n.rowid = notes_fts.rowid "
        "JOIN sessions s ON s.id = n.session_id",
        content_from="notes n CROSS JOIN sessions s ON s.id = n.session_id",
        unit_deleted="n.deleted = 0",
        site=NOTE_SITE,
        person=NOTE_PERSON,
        code_column="note_id",
        site_fallback="coalesce((SELECT site_id FROM participants WHERE id = n.speaker_id), "
        "(SELECT site_id FROM participants WHERE id = s.participant_id))",
        extra_joins="LEFT JOIN participants sp ON sp.id = n.speaker_id "
        "LEFT JOIN participants pp ON pp.id = s.participant_id",
    ),
    "answer": SearchSource(
        kind="answer",
        fts="answers_fts",
        content="a",
        rowid_join="JOIN answers a ON a.rowid = answers_fts.rowid "
        "JOIN sessions s ON s.id = a.session_id",
        content_from="answers a CROSS JOIN sessions s ON s.id = a.session_id",
        unit_deleted="a.deleted = 0",
        site=ANSWER_SITE,
        person=ANSWER_PERSON,
        code_column="answer_id",
        site_fallback="(SELECT site_id FROM participants WHERE id = s.participant_id)",
        extra_joins="LEFT JOIN participants pp ON pp.id = s.participant_id",
    ),
}


def where_clauses(
    store: Store, index: SearchSource, study_id: str, filters: SearchFilters
) -> tuple[str, list[Any]]:
    """Filter clauses after the MATCH and their values.

    Roles and instruments are turned into lists of participant and instrument ids first,
    and a participant's site is looked up only for sessions without a site, so no filter
    costs a lookup per match.
    """
    clauses = ["s.study_id = ?", index.unit_deleted, "s.deleted = 0"]
    values: list[Any] = [study_id]

    def any_of(expression: str, wanted: list[str] | tuple[str, ...]) -> str:
        values.extend(wanted)
        return f"{expression} IN ({', '.join('?' for _ in wanted) or 'NULL'})"

    if filters.site_ids:
        known = any_of("s.site_id", filters.site_ids)
        fallback = any_of(f"({index.site_fallback})", filters.site_ids)
        clauses.append(f"(CASE WHEN s.site_id IS NOT NULL THEN {known} ELSE {fallback} END)")
    if filters.speaker_ids:
        clauses.append(any_of(f"({index.person})", filters.speaker_ids))
    if filters.roles:
        people = _ids(
            store,
            "SELECT id FROM participants WHERE study_id = ? AND role IN ({marks})",
            study_id,
            filters.roles,
        )
        clause = any_of(f"({index.person})", people)
        if "" in filters.roles:  # nobody (Facilitator, Interviewer) has no participant role
            clause = f"({clause} OR ({index.person}) IS NULL)"
        clauses.append(clause)
    if filters.family_ids:
        instruments = _ids(
            store,
            "SELECT id FROM instruments WHERE study_id = ? AND family_id IN ({marks})",
            study_id,
            filters.family_ids,
        )
        clauses.append(any_of("s.instrument_id", instruments))
    if filters.code_ids:
        clauses.append(
            f"EXISTS (SELECT 1 FROM codings c WHERE c.{index.code_column} = "
            f"{index.content}.id AND c.deleted = 0 AND "
            + any_of("c.code_id", filters.code_ids)
            + ")"
        )
    return " AND ".join(clauses), values


def _ids(store: Store, sql: str, study_id: str, wanted: tuple[str, ...]) -> list[str]:
    marks = ", ".join("?" for _ in wanted)
    return [row[0] for row in store.conn.execute(sql.format(marks=marks), (study_id, *wanted))]


def filter_choices(store: Store, study_id: str) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs a search screen offers for each filter of a study."""
    return {
        "sites": [
            (row["id"], row["name"])
            for row in store.rows(
                "SELECT id, name FROM sites WHERE study_id = ? AND deleted = 0 ORDER BY name",
                (study_id,),
            )
        ],
        "roles": [
            (row["role"], row["role"] or "(no role)")
            for row in store.rows(
                "SELECT DISTINCT role FROM participants WHERE study_id = ? AND deleted = 0 "
                "ORDER BY role",
                (study_id,),
            )
        ],
        "instruments": [
            (row["family_id"], row["name"])
            for row in store.rows(
                "SELECT family_id, name FROM instruments i WHERE study_id = ? AND deleted = 0 "
                "AND version_number = (SELECT max(version_number) FROM instruments j "
                "WHERE j.family_id = i.family_id AND j.deleted = 0) ORDER BY name",
                (study_id,),
            )
        ],
        "speakers": [
            (row["id"], f"{row['code']} ({row['role']})" if row["role"] else row["code"])
            for row in store.rows(
                "SELECT id, code, role FROM participants WHERE study_id = ? AND deleted = 0 "
                "ORDER BY code",
                (study_id,),
            )
        ],
    }
