"""Coded segments counted in one pass, for the theme matrix, co-occurrence and code counts.

Joining every coding to its participant and instrument in SQL costs a lookup per coding; on
200,000 codings that is most of a second. Here the walk is sessions -> notes -> codings only
(over covering indexes, schema version 4), counted by what the counts need; roles and
instrument families come from small dictionaries. The rules for site and person
are those of storage.segments: the session's site, else the speaker's, else the session
participant's; the speaker, else (an unlabelled interview note) the interviewee.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store


# A tally key: (code id, study id, site id or "", instrument id, person id or None).
TallyKey = tuple[str, str, str, str, "str | None"]
CODE, STUDY, SITE, INSTRUMENT, PERSON = range(5)
_NOTE_PERSON = (
    "CASE WHEN n.speaker_id IS NOT NULL THEN n.speaker_id "
    "WHEN trim(n.speaker_label) = '' THEN s.participant_id END"
)
# The participants' sites are looked up only for sessions held without a site.
_NOTE_SITE = (
    "CASE WHEN s.site_id IS NOT NULL THEN s.site_id ELSE coalesce("
    "(SELECT site_id FROM participants WHERE id = n.speaker_id), "
    "(SELECT site_id FROM participants WHERE id = s.participant_id), '') END"
)
_ANSWER_SITE = (
    "coalesce(s.site_id, (SELECT site_id FROM participants WHERE id = s.participant_id), '')"
)


@dataclass
class SegmentTally:
    """Coding counts by key (plain tuples: hundreds of thousands are hashed), with each
    person's role and each instrument's family to hand."""

    counts: Counter[TallyKey] = field(default_factory=Counter)
    roles: dict[str, str] = field(default_factory=dict)
    families: dict[str, str] = field(default_factory=dict)

    def column_of(self, dimension: str) -> Callable[[TallyKey], str]:
        """The matrix column a key falls in: its site, role, instrument family or study."""
        if dimension == "sites":
            return itemgetter(SITE)
        if dimension == "roles":
            roles = self.roles
            return lambda key: roles.get(key[PERSON] or "", "")
        if dimension == "instruments":
            families = self.families
            return lambda key: families.get(key[INSTRUMENT], "")
        return itemgetter(STUDY)


def _marks(ids: Sequence[str]) -> str:
    return ", ".join("?" for _ in ids) or "NULL"


@dataclass(frozen=True)
class SessionLimits:
    """Which sessions' codings count, beyond their study and site: an export's instrument,
    date and status filters. None or empty means no limit on that part."""

    instrument_ids: tuple[str, ...] | None = None
    started_from: str | None = None  # 'YYYY-MM-DD', inclusive
    started_before: str | None = None  # exclusive
    statuses: tuple[str, ...] = ()

    def sql(self, alias: str = "s") -> tuple[str, tuple]:
        """' AND ...' clauses on the session alias, and their parameters."""
        clauses: list[str] = []
        values: list[str] = []
        if self.instrument_ids is not None:
            clauses.append(f"{alias}.instrument_id IN ({_marks(self.instrument_ids)})")
            values += self.instrument_ids
        if self.started_from:
            clauses.append(f"{alias}.started_at >= ?")
            values.append(self.started_from)
        if self.started_before:
            clauses.append(f"{alias}.started_at < ?")
            values.append(self.started_before)
        if self.statuses:
            clauses.append(f"{alias}.status IN ({_marks(self.statuses)})")
            values += self.statuses
        return "".join(f" AND {clause}" for clause in clauses), tuple(values)


def segment_tally(
    store: Store, study_ids: Sequence[str], limits: SessionLimits | None = None
) -> SegmentTally:
    """Live codings of live notes and answers of live sessions of these studies, counted."""
    marks, ids = _marks(study_ids), tuple(study_ids)
    limit_sql, limit_values = (limits or SessionLimits()).sql("s")
    tally = SegmentTally(
        roles=dict(
            store.conn.execute(
                f"SELECT id, role FROM participants WHERE study_id IN ({marks})", ids
            ).fetchall()
        ),
        families=dict(
            store.conn.execute(
                f"SELECT id, family_id FROM instruments WHERE study_id IN ({marks})", ids
            ).fetchall()
        ),
    )
    tally.counts.update(
        store.conn.execute(
            f"SELECT c.code_id, s.study_id, {_NOTE_SITE}, s.instrument_id, {_NOTE_PERSON} "
            "FROM sessions s JOIN notes n ON n.session_id = s.id AND n.deleted = 0 "
            "JOIN codings c ON c.note_id = n.id AND c.deleted = 0 "
            f"WHERE s.study_id IN ({marks}) AND s.deleted = 0{limit_sql}",
            ids + limit_values,
        )
    )
    tally.counts.update(
        store.conn.execute(
            f"SELECT c.code_id, s.study_id, {_ANSWER_SITE}, s.instrument_id, s.participant_id "
            "FROM sessions s JOIN answers a ON a.session_id = s.id AND a.deleted = 0 "
            "JOIN codings c ON c.answer_id = a.id AND c.deleted = 0 "
            f"WHERE s.study_id IN ({marks}) AND s.deleted = 0{limit_sql}",
            ids + limit_values,
        )
    )
    return tally


def unit_codes(
    store: Store, study_ids: Sequence[str], limits: SessionLimits | None = None
) -> list[frozenset[str]]:
    """The set of codes applied to each coded note or answer (live rows only).

    The walk sessions -> notes -> codings meets a note's codings one after another, so they
    are grouped as they arrive instead of sorted for DISTINCT.
    """
    marks, ids = _marks(study_ids), tuple(study_ids)
    limit_sql, limit_values = (limits or SessionLimits()).sql("s")
    found: list[frozenset[str]] = []
    for sql in (
        "SELECT n.id, c.code_id FROM sessions s "
        "JOIN notes n ON n.session_id = s.id AND n.deleted = 0 "
        "JOIN codings c ON c.note_id = n.id AND c.deleted = 0 "
        f"WHERE s.study_id IN ({marks}) AND s.deleted = 0{limit_sql}",
        "SELECT a.id, c.code_id FROM sessions s "
        "JOIN answers a ON a.session_id = s.id AND a.deleted = 0 "
        "JOIN codings c ON c.answer_id = a.id AND c.deleted = 0 "
        f"WHERE s.study_id IN ({marks}) AND s.deleted = 0{limit_sql}",
    ):
        by_unit: dict[str, set[str]] = defaultdict(set)
        for unit, code in store.conn.execute(sql, ids + limit_values):
            by_unit[unit].add(code)
        found += [frozenset(codes) for codes in by_unit.values()]
    return found
