"""Fetching answers for summaries: the filters, and one session at a time from one query.

The query streams (a cursor, rows grouped by session as they arrive), so a summary of a
large study never holds every answer row in memory. Filters mean what the export's do:
study, instrument (all versions of its family), sites, a date range on the day a session
started (UTC), statuses, and participants whose consent is withdrawn left out unless asked.
A session's site is its own, or else its participant's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument

if TYPE_CHECKING:
    from storage.store import Store

NO_SITE = "No site"
NO_ROLE = "No participant role"


@dataclass(frozen=True)
class SummaryFilter:
    """Which sessions a summary, profile or progress figure counts."""

    study_id: str | None = None
    family_id: str | None = None
    site_ids: tuple[str, ...] = ()
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    statuses: tuple[str, ...] = ()  # empty: every status
    include_withdrawn: bool = False

    def describe(self) -> str:
        """The filter in words, for a screen's caption."""
        parts = []
        if self.site_ids:
            parts.append(f"{len(self.site_ids)} site(s)")
        if self.date_from or self.date_to:
            parts.append(f"started {self.date_from or '…'} to {self.date_to or '…'}")
        if self.statuses:
            parts.append("status " + " or ".join(self.statuses))
        parts.append(
            "withdrawn participants included"
            if self.include_withdrawn
            else "withdrawn participants left out"
        )
        return "; ".join(parts)


@dataclass
class SessionAnswers:
    """One session with what breakdowns need and its answers: path -> (value, relevant)."""

    session_id: str
    instrument_id: str
    status: str
    started_at: str
    site_id: str | None
    site_name: str
    role: str
    organisation: str
    answers: dict[str, tuple[Any, bool]] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """path -> value of every stored answer (hidden ones too), as the form engine wants."""
        return {path: value for path, (value, _relevant) in self.answers.items()}


def _where(summary_filter: SummaryFilter) -> tuple[str, list[Any]]:
    clauses = ["s.deleted = 0", "i.deleted = 0"]
    parameters: list[Any] = []
    if summary_filter.study_id:
        clauses.append("s.study_id = ?")
        parameters.append(summary_filter.study_id)
    if summary_filter.family_id:
        clauses.append("i.family_id = ?")
        parameters.append(summary_filter.family_id)
    if summary_filter.site_ids:
        marks = ", ".join("?" for _ in summary_filter.site_ids)
        clauses.append(f"coalesce(s.site_id, p.site_id) IN ({marks})")
        parameters += list(summary_filter.site_ids)
    if summary_filter.date_from:
        clauses.append("substr(s.started_at, 1, 10) >= ?")
        parameters.append(summary_filter.date_from)
    if summary_filter.date_to:
        clauses.append("substr(s.started_at, 1, 10) <= ?")
        parameters.append(summary_filter.date_to)
    if summary_filter.statuses:
        marks = ", ".join("?" for _ in summary_filter.statuses)
        clauses.append(f"s.status IN ({marks})")
        parameters += list(summary_filter.statuses)
    if not summary_filter.include_withdrawn:
        clauses.append("(p.id IS NULL OR p.consent_status != 'withdrawn')")
    return " AND ".join(clauses), parameters


_SESSION_COLUMNS = (
    "s.id, s.instrument_id, s.status, s.started_at, coalesce(s.site_id, p.site_id), "
    f"coalesce(st.name, '{NO_SITE}'), coalesce(p.role, ''), coalesce(p.organisation, '')"
)
_SESSION_JOINS = (
    "FROM sessions s JOIN instruments i ON i.id = s.instrument_id "
    "LEFT JOIN participants p ON p.id = s.participant_id "
    "LEFT JOIN sites st ON st.id = coalesce(s.site_id, p.site_id)"
)


def iter_session_answers(store: Store, summary_filter: SummaryFilter) -> Iterator[SessionAnswers]:
    """The filtered sessions in start order, each with its live answers."""
    where, parameters = _where(summary_filter)
    cursor = store.conn.execute(
        f"SELECT {_SESSION_COLUMNS}, a.path, a.value, a.relevant {_SESSION_JOINS} "
        "LEFT JOIN answers a ON a.session_id = s.id AND a.deleted = 0 "
        f"WHERE {where} ORDER BY s.started_at, s.id",
        parameters,
    )
    current: SessionAnswers | None = None
    for row in cursor:
        if current is None or current.session_id != row[0]:
            if current is not None:
                yield current
            current = SessionAnswers(*row[:8])
        path, value, relevant = row[8], row[9], row[10]
        if path is not None:
            current.answers[path] = (None if value is None else json.loads(value), bool(relevant))
    if current is not None:
        yield current


def count_sessions(store: Store, summary_filter: SummaryFilter) -> int:
    where, parameters = _where(summary_filter)
    return store.scalar(f"SELECT count(*) {_SESSION_JOINS} WHERE {where}", tuple(parameters))


def session_date_range(store: Store, study_id: str) -> tuple[str, str] | None:
    """The first and last day (YYYY-MM-DD) a session of the study started, or None."""
    row = store.row(
        "SELECT min(substr(started_at, 1, 10)) AS first, max(substr(started_at, 1, 10)) AS last "
        "FROM sessions WHERE study_id = ? AND deleted = 0",
        (study_id,),
    )
    return (row["first"], row["last"]) if row and row["first"] else None


def family_of(store: Store, instrument_id: str) -> str:
    """The family (all versions) an instrument belongs to."""
    family = store.scalar("SELECT family_id FROM instruments WHERE id = ?", (instrument_id,))
    if family is None:
        raise KeyError(instrument_id)
    return family


@dataclass(frozen=True)
class Version:
    """One stored version of an instrument family."""

    instrument_id: str
    version_number: int
    name: str
    instrument: Instrument


def family_versions(store: Store, family_id: str) -> list[Version]:
    """Every live version of a family, newest first."""
    rows = store.rows(
        "SELECT id, version_number, name, definition FROM instruments "
        "WHERE family_id = ? AND deleted = 0 ORDER BY version_number DESC, id",
        (family_id,),
    )
    return [
        Version(
            row["id"],
            row["version_number"],
            row["name"],
            Instrument.from_dict(json.loads(row["definition"])),
        )
        for row in rows
    ]


def questionnaire_families(store: Store, study_id: str) -> list[dict[str, Any]]:
    """A study's questionnaire families: family id, latest name, versions, session count."""
    return store.rows(
        "SELECT i.family_id, "
        "(SELECT i2.name FROM instruments i2 WHERE i2.family_id = i.family_id "
        " AND i2.deleted = 0 ORDER BY i2.version_number DESC LIMIT 1) AS name, "
        "(SELECT i3.id FROM instruments i3 WHERE i3.family_id = i.family_id "
        " AND i3.deleted = 0 ORDER BY i3.version_number DESC LIMIT 1) AS latest_id, "
        "count(DISTINCT i.id) AS versions, "
        "(SELECT count(*) FROM sessions s JOIN instruments i4 ON i4.id = s.instrument_id "
        " WHERE i4.family_id = i.family_id AND s.deleted = 0) AS sessions "
        "FROM instruments i WHERE i.deleted = 0 AND i.kind = 'questionnaire' AND i.study_id = ? "
        "GROUP BY i.family_id ORDER BY name, i.family_id",
        (study_id,),
    )
