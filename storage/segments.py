"""Coded segments with their context: one definition of who said it, where, in what.

Search filters, the theme matrix, the codebook counts and the export sheets all ask the same
questions of a coded span, so they share these SQL fragments:

- site: the session's site, else the speaker's, else the session participant's;
- person: the turn's speaker; in an interview a note without a speaker label is the
  interviewee's; a labelled non-participant (Facilitator, Interviewer) is nobody;
- role: that person's role; instrument: the session's instrument family (all its versions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.segment_tally import SessionLimits
    from storage.store import Store

NOTE_SITE = "coalesce(s.site_id, sp.site_id, pp.site_id)"
NOTE_PERSON = (
    "CASE WHEN n.speaker_id IS NOT NULL THEN n.speaker_id "
    "WHEN trim(n.speaker_label) = '' THEN s.participant_id END"
)
ANSWER_SITE = "coalesce(s.site_id, pp.site_id)"
ANSWER_PERSON = "s.participant_id"
# Consent states whose holders' words stay out of exported quotes unless asked for.
WITHHELD_CONSENT = ("withdrawn", "refused")

_NOTE_FROM = (
    "FROM codings c JOIN notes n ON n.id = c.note_id "
    "JOIN sessions s ON s.id = n.session_id "
    "JOIN instruments i ON i.id = s.instrument_id "
    "LEFT JOIN participants sp ON sp.id = n.speaker_id "
    "LEFT JOIN participants pp ON pp.id = s.participant_id "
    "WHERE c.deleted = 0 AND n.deleted = 0 AND s.deleted = 0 AND s.study_id IN ({studies})"
)
_ANSWER_FROM = (
    "FROM codings c JOIN answers a ON a.id = c.answer_id "
    "JOIN sessions s ON s.id = a.session_id "
    "JOIN instruments i ON i.id = s.instrument_id "
    "LEFT JOIN participants pp ON pp.id = s.participant_id "
    "WHERE c.deleted = 0 AND a.deleted = 0 AND s.deleted = 0 AND s.study_id IN ({studies})"
)
_COLUMNS = (
    "c.id AS coding_id, c.code_id, {unit} AS unit_id, s.study_id, {site} AS site_id, "
    '{person} AS person_id, i.family_id, c.start, c."end", c.memo, s.id AS session_id, '
    "s.started_at, i.name AS instrument_name, i.kind AS instrument_kind, "
    "{note_id} AS note_id, {answer_id} AS answer_id, {text} AS unit_text, "
    "{speaker} AS speaker_label, {topic} AS topic, {position} AS position"
)


def _marks(study_ids: Sequence[str]) -> str:
    return ", ".join("?" for _ in study_ids) or "NULL"


def segments_cte(study_ids: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """`seg AS (...)`: one row per live coding of live notes and answers of these studies,
    with its context, span, memo and the text it sits in. (Counting uses
    storage.segment_tally, which is much cheaper per coding.)"""
    note_columns = _COLUMNS.format(
        unit="n.id",
        site=NOTE_SITE,
        person=NOTE_PERSON,
        note_id="n.id",
        answer_id="NULL",
        text="n.text",
        speaker="n.speaker_label",
        topic="n.topic",
        position="n.position",
    )
    answer_columns = _COLUMNS.format(
        unit="a.id",
        site=ANSWER_SITE,
        person=ANSWER_PERSON,
        note_id="NULL",
        answer_id="a.id",
        text="json_extract(a.value, '$')",
        speaker="''",
        topic="a.path",
        position="0",
    )
    marks = _marks(study_ids)
    sql = (
        f"seg AS (SELECT {note_columns} {_NOTE_FROM.format(studies=marks)} "
        f"UNION ALL SELECT {answer_columns} {_ANSWER_FROM.format(studies=marks)})"
    )
    return sql, tuple(study_ids) * 2


def coded_segments(
    store: Store,
    study_ids: Sequence[str],
    code_ids: Sequence[str] | None = None,
    site_id: str | None = None,
    role: str | None = None,
    family_id: str | None = None,
    study_id: str | None = None,
    unit_ids: Sequence[str] | None = None,
    site_ids: Sequence[str] | None = None,
    include_withheld: bool = True,
    limit: int | None = None,
    limits: SessionLimits | None = None,
) -> list[dict[str, Any]]:
    """Coded spans with their words and context, in session and note order.

    Filters: codes (exact ids; pass descendants for a theme with its subcodes), the matrix
    column values (site, role, instrument family, study), units (notes or answers) and the
    sites an export is limited to.
    `include_withheld=False` leaves out the words of people who withdrew or refused consent.
    """
    cte, parameters = segments_cte(study_ids)
    clauses: list[str] = []
    values: list[Any] = list(parameters)
    if code_ids is not None:
        clauses.append(f"seg.code_id IN ({_marks(code_ids)})")
        values += list(code_ids)
    if unit_ids is not None:
        clauses.append(f"seg.unit_id IN ({_marks(unit_ids)})")
        values += list(unit_ids)
    if site_ids is not None:
        clauses.append(f"seg.site_id IN ({_marks(site_ids)})")
        values += list(site_ids)
    for column, wanted in (("site_id", site_id), ("family_id", family_id), ("study_id", study_id)):
        if wanted is not None:
            clauses.append(f"seg.{column} IS ?" if wanted == "" else f"seg.{column} = ?")
            values.append(None if wanted == "" else wanted)
    if role is not None:
        clauses.append("coalesce(p.role, '') = ?")
        values.append(role)
    if not include_withheld:
        marks = _marks(WITHHELD_CONSENT)
        clauses.append(
            f"coalesce(p.consent_status, '') NOT IN ({marks}) "
            f"AND coalesce(owner.consent_status, '') NOT IN ({marks})"
        )
        values += list(WITHHELD_CONSENT) * 2
    if limits is not None:
        limit_sql, limit_values = limits.sql("owner_s")
        if limit_sql:
            clauses.append(limit_sql.removeprefix(" AND "))
            values += list(limit_values)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    rows = store.rows(
        f'WITH {cte} SELECT seg.*, substr(seg.unit_text, seg.start + 1, seg."end" - seg.start) '
        "AS text, k.name AS code_name, k.colour AS code_colour, "
        "coalesce(p.code, '') AS person_code, coalesce(p.role, '') AS role, "
        "coalesce(p.consent_status, '') AS consent_status, coalesce(t.name, '') AS site_name, "
        "st.name AS study_name FROM seg JOIN codes k ON k.id = seg.code_id "
        "JOIN studies st ON st.id = seg.study_id "
        "JOIN sessions owner_s ON owner_s.id = seg.session_id "
        "LEFT JOIN participants owner ON owner.id = owner_s.participant_id "
        "LEFT JOIN participants p ON p.id = seg.person_id "
        f"LEFT JOIN sites t ON t.id = seg.site_id {where} "
        "ORDER BY seg.started_at, seg.session_id, seg.position, seg.start, k.name" + tail,
        tuple(values),
    )
    for row in rows:
        row["speaker"] = row["person_code"] or row["speaker_label"]
    return rows


def unit_context(store: Store, note_id: str | None = None, answer_id: str | None = None) -> dict:
    """Who, where and in what a note or answer was recorded, for a heading above its text:
    speaker (code or label), role, site, instrument, kind of session, date, and the guide
    topic's title or the answer's question (topic_title)."""
    if note_id is not None:
        row = store.row(
            f"SELECT n.id, n.session_id, n.topic, n.kind, n.speaker_id, n.speaker_label, "
            f"({NOTE_PERSON}) AS person_id, ({NOTE_SITE}) AS site_id, i.name AS instrument_name, "
            "i.kind AS instrument_kind, s.started_at, s.study_id FROM notes n "
            "JOIN sessions s ON s.id = n.session_id JOIN instruments i ON i.id = s.instrument_id "
            "LEFT JOIN participants sp ON sp.id = n.speaker_id "
            "LEFT JOIN participants pp ON pp.id = s.participant_id WHERE n.id = ?",
            (note_id,),
        )
    else:
        row = store.row(
            f"SELECT a.id, a.session_id, a.path AS topic, 'answer' AS kind, NULL AS speaker_id, "
            f"'' AS speaker_label, ({ANSWER_PERSON}) AS person_id, ({ANSWER_SITE}) AS site_id, "
            "i.name AS instrument_name, i.kind AS instrument_kind, s.started_at, s.study_id "
            "FROM answers a JOIN sessions s ON s.id = a.session_id "
            "JOIN instruments i ON i.id = s.instrument_id "
            "LEFT JOIN participants pp ON pp.id = s.participant_id WHERE a.id = ?",
            (answer_id,),
        )
    if row is None:
        return {}
    person = store.row(
        "SELECT code, role, consent_status FROM participants WHERE id = ?", (row["person_id"],)
    )
    site = store.scalar("SELECT name FROM sites WHERE id = ?", (row["site_id"],))
    row["topic_title"] = _topic_title(store, row["session_id"], row["topic"], note_id is None)
    row["speaker"] = (person or {}).get("code") or row["speaker_label"]
    row["role"] = (person or {}).get("role", "")
    row["consent_status"] = (person or {}).get("consent_status", "")
    row["site_name"] = site or ""
    return row


def _topic_title(store: Store, session_id: str, topic: str, is_answer: bool) -> str:
    """A guide topic's title, or an answer's question label (its path when unknown)."""
    from instruments.answers import question_path_of
    from instruments.model import Instrument

    if not topic:
        return ""
    instrument_id = store.scalar("SELECT instrument_id FROM sessions WHERE id = ?", (session_id,))
    try:
        guide = Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    except (KeyError, ValueError):
        return topic
    if is_answer:
        question = guide.find(question_path_of(topic)[0])
        return (question.label() if question else "") or topic
    return next((t.title for t in guide.topics if t.id == topic), topic)
