"""Integrity and consistency check of a database: what `fieldnotes check` reports."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class Finding:
    """One problem, in words a coordinator can act on."""

    table: str
    row_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table} {self.row_id}" if self.row_id else self.table
        return f"{where}: {self.message}"


# (table, column, parent table, what the link means) for links a foreign key alone cannot
# vouch for: rows written with foreign keys off, or a live row pointing at a tombstone.
# A session's own contents (answers, members, notes) and codings follow their parent's
# tombstone: after a merge, an answer edited on one laptop may outlive the session deleted
# on another, and is simply not shown; only a missing parent is a fault there.
_FOLLOW_PARENT_TOMBSTONE = {
    ("answers", "session_id"),
    ("session_members", "session_id"),
    ("notes", "session_id"),
    ("codings", "note_id"),
    ("codings", "answer_id"),
}
_LINKS = (
    ("sites", "study_id", "studies", "its study"),
    ("fieldworkers", "study_id", "studies", "its study"),
    ("participants", "study_id", "studies", "its study"),
    ("participants", "site_id", "sites", "its site"),
    ("participant_identities", "participant_id", "participants", "its participant"),
    ("instruments", "study_id", "studies", "its study"),
    ("sessions", "study_id", "studies", "its study"),
    ("sessions", "instrument_id", "instruments", "its instrument"),
    ("sessions", "site_id", "sites", "its site"),
    ("sessions", "participant_id", "participants", "its participant"),
    ("sessions", "fieldworker_id", "fieldworkers", "its fieldworker"),
    ("answers", "session_id", "sessions", "its session"),
    ("session_members", "session_id", "sessions", "its session"),
    ("session_members", "participant_id", "participants", "its participant"),
    ("notes", "session_id", "sessions", "its session"),
    ("notes", "speaker_id", "participants", "its speaker"),
    ("codes", "study_id", "studies", "its study"),
    ("codes", "parent_id", "codes", "its parent code"),
    ("codings", "code_id", "codes", "its code"),
    ("codings", "note_id", "notes", "its note"),
    ("codings", "answer_id", "answers", "its answer"),
    ("targets", "study_id", "studies", "its study"),
    ("targets", "site_id", "sites", "its site"),
)


def check_database(store: Store) -> list[Finding]:
    """Everything wrong with the database; an empty list means it is sound."""
    conn = store.conn
    findings: list[Finding] = []
    verdicts = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if verdicts != ["ok"]:
        findings += [Finding("database", "", f"SQLite integrity: {v}") for v in verdicts[:20]]
        return findings
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        found = conn.execute(f"SELECT id FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        row_id = found[0] if found else f"rowid {rowid}"
        findings.append(Finding(table, row_id, f"refers to a missing row of {parent}"))
    for table, column, parent, meaning in _LINKS:
        dead_parent = "" if (table, column) in _FOLLOW_PARENT_TOMBSTONE else " OR p.deleted = 1"
        orphans = conn.execute(
            f"SELECT c.id, c.{column} FROM {table} c LEFT JOIN {parent} p ON p.id = c.{column} "
            f"WHERE c.{column} IS NOT NULL AND c.deleted = 0 AND (p.id IS NULL{dead_parent})"
        ).fetchall()
        for row_id, target in orphans:
            findings.append(
                Finding(table, row_id, f"{meaning} ({column} = {target}) is missing or deleted")
            )
    findings += _cross_study_links(conn)
    findings += _bad_definitions(conn)
    findings += _bad_codings(conn)
    for index in ("notes_fts", "answers_fts"):
        try:
            conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            findings.append(Finding(index, "", f"the search index is out of step ({error})"))
    return _first_per_row(findings)


def _first_per_row(findings: list[Finding]) -> list[Finding]:
    """A row the foreign-key check and the link check both catch is reported once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.table, finding.row_id)
        if finding.row_id and key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    return kept


def _cross_study_links(conn: sqlite3.Connection) -> list[Finding]:
    rows = conn.execute(
        "SELECT s.id, 'participant' FROM sessions s JOIN participants p ON p.id = s.participant_id "
        "WHERE s.deleted = 0 AND p.study_id != s.study_id "
        "UNION ALL SELECT s.id, 'instrument' FROM sessions s "
        "JOIN instruments i ON i.id = s.instrument_id "
        "WHERE s.deleted = 0 AND i.study_id != s.study_id "
        "UNION ALL SELECT s.id, 'site' FROM sessions s JOIN sites t ON t.id = s.site_id "
        "WHERE s.deleted = 0 AND t.study_id != s.study_id"
    ).fetchall()
    return [
        Finding("sessions", row_id, f"its {what} belongs to another study") for row_id, what in rows
    ]


def _bad_definitions(conn: sqlite3.Connection) -> list[Finding]:
    findings = []
    for row_id, definition in conn.execute("SELECT id, definition FROM instruments"):
        try:
            parsed = json.loads(definition)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            findings.append(Finding("instruments", row_id, "its definition is not a JSON object"))
    return findings


def _bad_codings(conn: sqlite3.Connection) -> list[Finding]:
    rows = conn.execute(
        "SELECT c.id FROM codings c JOIN notes n ON n.id = c.note_id "
        'WHERE c.deleted = 0 AND c."end" > length(n.text)'
    ).fetchall()
    return [
        Finding("codings", row_id, "its span runs past the end of the note") for (row_id,) in rows
    ]
