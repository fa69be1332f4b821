"""Read queries behind the Excel export: streamed through cursors, never whole tables.

Exports and the spreadsheet import read the database only through these functions (and
the repositories), so every statement they run sits in storage/. Rows come back as tuples
in a fixed column order (named by the `*_COLUMNS` constants) because an export touches
millions of them and a dict per row would cost more than the writing does.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions an export takes; empty tuples mean "all".

    Dates are 'YYYY-MM-DD' compared with the stored UTC start time: `started_from` is
    inclusive, `started_before` exclusive (the day after the last day wanted).
    """

    study_ids: tuple[str, ...] = ()
    site_ids: tuple[str, ...] = ()
    started_from: str | None = None
    started_before: str | None = None
    statuses: tuple[str, ...] = ()
    include_withdrawn: bool = False


#: Columns of the rows `iter_sessions` yields.
SESSION_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "status",
    "instrument_id",
    "participant_code",
    "participant_withdrawn",
    "site_name",
    "fieldworker_name",
)

#: Columns of the rows `iter_notes` yields.
NOTE_COLUMNS = (
    "session_id",
    "started_at",
    "instrument_id",
    "site_name",
    "fieldworker_name",
    "participant_code",
    "participant_role",
    "participant_withdrawn",
    "topic",
    "kind",
    "text",
    "elapsed_ms",
    "speaker_code",
    "speaker_role",
    "speaker_withdrawn",
    "speaker_label",
    "member_role",
    "codes",
)

#: Columns of the rows `iter_participants` yields (the last two only with identities).
PARTICIPANT_COLUMNS = (
    "study_name",
    "code",
    "role",
    "site_name",
    "organisation",
    "consent_status",
    "consent_date",
    "full_name",
    "contact",
)

# A stored answer as SQL gives it: scalars decoded by SQLite (text, integer, real), arrays
# and objects left as JSON text with a flag, so Python decodes only those.
_ANSWER_VALUE = (
    "CASE WHEN a.value IS NULL THEN NULL "
    "WHEN substr(a.value, 1, 1) IN ('[', '{') THEN a.value ELSE a.value ->> '$' END"
)
_ANSWER_STRUCTURED = "coalesce(substr(a.value, 1, 1) IN ('[', '{'), 0)"


@contextlib.contextmanager
def read_snapshot(store: Store) -> Iterator[None]:
    """One consistent view for a long read (WAL readers never block the writer).

    Without it, a fieldworker saving an answer mid-export could leave the sheets and the
    About sheet's counts describing two different moments.
    """
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if store.conn.in_transaction:
            store.conn.execute("ROLLBACK")


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _session_where(
    instrument_ids: Sequence[str], flt: SessionFilter, alias: str = "s"
) -> tuple[str, list[Any]]:
    """The WHERE clause selecting a filter's live sessions of some instruments."""
    clauses = [
        f"{alias}.deleted = 0",
        f"{alias}.instrument_id IN ({_placeholders(instrument_ids)})",
    ]
    parameters: list[Any] = list(instrument_ids)
    if flt.study_ids:
        clauses.append(f"{alias}.study_id IN ({_placeholders(flt.study_ids)})")
        parameters += flt.study_ids
    if flt.site_ids:
        clauses.append(f"{alias}.site_id IN ({_placeholders(flt.site_ids)})")
        parameters += flt.site_ids
    if flt.started_from:
        clauses.append(f"{alias}.started_at >= ?")
        parameters.append(flt.started_from)
    if flt.started_before:
        clauses.append(f"{alias}.started_at < ?")
        parameters.append(flt.started_before)
    if flt.statuses:
        clauses.append(f"{alias}.status IN ({_placeholders(flt.statuses)})")
        parameters += flt.statuses
    if not flt.include_withdrawn:
        clauses.append(
            "NOT EXISTS (SELECT 1 FROM participants wp WHERE wp.id = "
            f"{alias}.participant_id AND wp.consent_status = 'withdrawn')"
        )
    return " AND ".join(clauses), parameters


# --- the frame: studies, sites, instruments ------------------------------------------------


def sites_named(store: Store, study_ids: Sequence[str], names: Sequence[str]) -> list[dict]:
    """Live sites of these studies whose name is one of `names` (any case)."""
    lowered = [name.strip().lower() for name in names]
    return store.rows(
        f"SELECT id, study_id, name FROM sites WHERE deleted = 0 "
        f"AND study_id IN ({_placeholders(study_ids)}) "
        f"AND lower(name) IN ({_placeholders(lowered)}) ORDER BY name, id",
        (*study_ids, *lowered),
    )


def instruments_with_definitions(
    store: Store, study_ids: Sequence[str], kind: str | None = None
) -> list[dict[str, Any]]:
    """Live instruments of some studies with their definitions, by family and version."""
    parameters: list[Any] = list(study_ids)
    kind_clause = ""
    if kind:
        kind_clause = "AND kind = ? "
        parameters.append(kind)
    rows = store.rows(
        "SELECT id, study_id, family_id, kind, name, form_id, version, version_number, "
        "definition FROM instruments WHERE deleted = 0 "
        f"AND study_id IN ({_placeholders(study_ids)}) {kind_clause}"
        "ORDER BY family_id, version_number, id",
        tuple(parameters),
    )
    for row in rows:
        row["definition"] = json.loads(row["definition"])
    return rows


def instrument_family(store: Store, family_id: str) -> list[dict[str, Any]]:
    """Every live version of one instrument family, oldest first, with definitions."""
    rows = store.rows(
        "SELECT id, study_id, family_id, kind, name, form_id, version, version_number, "
        "definition FROM instruments WHERE deleted = 0 AND family_id = ? "
        "ORDER BY version_number, id",
        (family_id,),
    )
    for row in rows:
        row["definition"] = json.loads(row["definition"])
    return rows


# --- questionnaire sessions and their answers ------------------------------------------------


def count_sessions(store: Store, instrument_ids: Sequence[str], flt: SessionFilter) -> int:
    if not instrument_ids:
        return 0
    where, parameters = _session_where(instrument_ids, flt)
    return store.scalar(f"SELECT count(*) FROM sessions s WHERE {where}", tuple(parameters))


# One session's answers packed by SQLite as `[{path: value, ...}, [path not relevant, ...]]`:
# stored values are valid JSON already (a CHECK says so), so they are pasted in as they are
# and Python decodes a whole session with one json.loads instead of stepping a cursor per
# answer (which costs more than writing the cells does).
_PACKED_ANSWERS = (
    "(SELECT '[{' || group_concat(json_quote(a.path) || ':' || coalesce(a.value, 'null'), ',') "
    "|| '},[' || coalesce(group_concat(CASE WHEN a.relevant = 0 THEN json_quote(a.path) END, "
    "','), '') || ']]' FROM answers a WHERE a.session_id = s.id AND a.deleted = 0)"
)


def iter_session_answers(
    store: Store, instrument_ids: Sequence[str], flt: SessionFilter
) -> Iterator[tuple]:
    """Sessions by start time then id, each with its answers: one ordered query.

    Tuples in SESSION_COLUMNS order plus one more item: the packed answers (see
    `unpack_answers`), or None for a session without any.
    """
    if not instrument_ids:
        return iter(())
    where, parameters = _session_where(instrument_ids, flt)
    return store.conn.execute(
        "SELECT s.id, s.started_at, s.ended_at, s.status, s.instrument_id, "
        "coalesce(p.code, ''), coalesce(p.consent_status = 'withdrawn', 0), "
        f"coalesce(st.name, ''), coalesce(f.name, ''), {_PACKED_ANSWERS} FROM sessions s "
        "LEFT JOIN participants p ON p.id = s.participant_id "
        "LEFT JOIN sites st ON st.id = s.site_id "
        "LEFT JOIN fieldworkers f ON f.id = s.fieldworker_id "
        f"WHERE {where} ORDER BY s.started_at, s.id",
        parameters,
    )


def unpack_answers(packed: str | None) -> tuple[dict[str, Any], list[str]]:
    """(answer path -> decoded value, paths stored as not relevant) of a packed session."""
    if packed is None:
        return {}, []
    values, hidden = json.loads(packed)
    return values, hidden


def long_answer_values(
    store: Store,
    instrument_ids: Sequence[str],
    flt: SessionFilter,
    min_bytes: int,
    only_relevant: bool = True,
) -> Iterator[tuple[str, Any, int]]:
    """(path, value, structured) of answers whose stored JSON is over `min_bytes` bytes.

    The JSON's UTF-8 size is never below the text's length in UTF-16 units, so this finds
    every text that might need splitting without reading the others into Python.
    """
    if not instrument_ids:
        return iter(())
    where, parameters = _session_where(instrument_ids, flt)
    relevant = " AND a.relevant = 1" if only_relevant else ""
    return store.conn.execute(
        f"SELECT a.path, {_ANSWER_VALUE}, {_ANSWER_STRUCTURED} "
        "FROM sessions s JOIN answers a ON a.session_id = s.id "
        f"WHERE {where} AND a.deleted = 0{relevant} AND length(CAST(a.value AS BLOB)) > ?",
        (*parameters, min_bytes),
    )


# --- interview and focus-group notes -----------------------------------------------------------


def _note_where(instrument_ids: Sequence[str], flt: SessionFilter) -> tuple[str, list[Any]]:
    where, parameters = _session_where(instrument_ids, flt)
    where += " AND n.deleted = 0"
    if not flt.include_withdrawn:
        where += " AND coalesce(sp.consent_status, '') != 'withdrawn'"
    return where, parameters


_NOTE_FROM = (
    "FROM notes n JOIN sessions s ON s.id = n.session_id "
    "LEFT JOIN participants p ON p.id = s.participant_id "
    "LEFT JOIN participants sp ON sp.id = n.speaker_id "
    "LEFT JOIN sites st ON st.id = s.site_id "
    "LEFT JOIN fieldworkers f ON f.id = s.fieldworker_id "
)


def count_notes(store: Store, instrument_ids: Sequence[str], flt: SessionFilter) -> int:
    if not instrument_ids:
        return 0
    where, parameters = _note_where(instrument_ids, flt)
    return store.scalar(f"SELECT count(*) {_NOTE_FROM} WHERE {where}", tuple(parameters))


def iter_notes(store: Store, instrument_ids: Sequence[str], flt: SessionFilter) -> Iterator[tuple]:
    """Notes of some guides' sessions, by session start, session id, then note order.

    Tuples in NOTE_COLUMNS order; the roster role comes from the session's member with
    the note's speaker label.
    """
    if not instrument_ids:
        return iter(())
    where, parameters = _note_where(instrument_ids, flt)
    return store.conn.execute(
        "SELECT n.session_id, s.started_at, s.instrument_id, coalesce(st.name, ''), "
        "coalesce(f.name, ''), coalesce(p.code, ''), coalesce(p.role, ''), "
        "coalesce(p.consent_status = 'withdrawn', 0), n.topic, n.kind, n.text, n.elapsed_ms, "
        "coalesce(sp.code, ''), coalesce(sp.role, ''), "
        "coalesce(sp.consent_status = 'withdrawn', 0), n.speaker_label, "
        "coalesce((SELECT m.role FROM session_members m WHERE m.session_id = n.session_id "
        "AND m.deleted = 0 AND lower(m.label) = lower(n.speaker_label) "
        "ORDER BY m.created_at, m.id LIMIT 1), ''), "
        "(SELECT group_concat(name, '; ') FROM (SELECT DISTINCT c.name FROM codings g "
        "JOIN codes c ON c.id = g.code_id WHERE g.note_id = n.id AND g.deleted = 0 "
        "AND c.deleted = 0 ORDER BY c.name)) "
        f"{_NOTE_FROM} WHERE {where} "
        "ORDER BY s.started_at, s.id, n.position, n.created_at, n.id",
        parameters,
    )


def long_note_texts(
    store: Store, instrument_ids: Sequence[str], flt: SessionFilter, min_bytes: int
) -> Iterator[tuple[str]]:
    """Texts of the notes `iter_notes` yields that are over `min_bytes` bytes long."""
    if not instrument_ids:
        return iter(())
    where, parameters = _note_where(instrument_ids, flt)
    return store.conn.execute(
        f"SELECT n.text {_NOTE_FROM} WHERE {where} AND length(CAST(n.text AS BLOB)) > ?",
        (*parameters, min_bytes),
    )


# --- participants ---------------------------------------------------------------------------


def _participant_where(
    study_ids: Sequence[str], site_ids: Sequence[str], include_withdrawn: bool
) -> tuple[str, list[Any]]:
    clauses = ["p.deleted = 0", f"p.study_id IN ({_placeholders(study_ids)})"]
    parameters: list[Any] = list(study_ids)
    if site_ids:
        clauses.append(f"p.site_id IN ({_placeholders(site_ids)})")
        parameters += site_ids
    if not include_withdrawn:
        clauses.append("p.consent_status != 'withdrawn'")
    return " AND ".join(clauses), parameters


def count_participants(
    store: Store, study_ids: Sequence[str], site_ids: Sequence[str], include_withdrawn: bool
) -> int:
    where, parameters = _participant_where(study_ids, site_ids, include_withdrawn)
    return store.scalar(f"SELECT count(*) FROM participants p WHERE {where}", tuple(parameters))


def iter_participants(
    store: Store,
    study_ids: Sequence[str],
    site_ids: Sequence[str],
    include_withdrawn: bool,
    with_identities: bool,
) -> Iterator[tuple]:
    """Participants by study name, code and id, in PARTICIPANT_COLUMNS order.

    Identities are joined only when asked for; otherwise the last two columns are NULL
    and participant_identities is not read at all.
    """
    where, parameters = _participant_where(study_ids, site_ids, include_withdrawn)
    if with_identities:
        identity = "coalesce(i.full_name, ''), coalesce(i.contact, '')"
        join = "LEFT JOIN participant_identities i ON i.participant_id = p.id AND i.deleted = 0 "
    else:
        identity, join = "NULL, NULL", ""
    return store.conn.execute(
        f"SELECT sd.name, p.code, p.role, coalesce(st.name, ''), p.organisation, "
        f"p.consent_status, p.consent_date, {identity} FROM participants p "
        "JOIN studies sd ON sd.id = p.study_id "
        f"LEFT JOIN sites st ON st.id = p.site_id {join}"
        f"WHERE {where} ORDER BY sd.name, sd.id, p.code, p.id",
        parameters,
    )
