"""Fieldwork progress: what came back, from where, by whom, when, against the targets set.

Progress counts fieldwork done, so every live session counts, whatever its participant's
consent says now. "Returned" is every session of the instrument at the site (drafts
included: the form is in, entry may be unfinished); "complete" is status complete or
verified. A session's site is its own, or else its participant's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import Store

GROUPINGS = ("site", "instrument", "status", "fieldworker")
STATUSES = ("draft", "complete", "verified")
NO_SITE = "No site"
NO_FIELDWORKER = "No fieldworker"

_GROUP_SQL = {
    "site": f"coalesce(st.name, '{NO_SITE}')",
    "instrument": "i.family_id",
    "status": "s.status",
    "fieldworker": f"coalesce(f.name, '{NO_FIELDWORKER}')",
}
_JOINS = (
    "FROM sessions s JOIN instruments i ON i.id = s.instrument_id "
    "LEFT JOIN participants p ON p.id = s.participant_id "
    "LEFT JOIN sites st ON st.id = coalesce(s.site_id, p.site_id) "
    "LEFT JOIN fieldworkers f ON f.id = s.fieldworker_id"
)
_PERIOD_SQL = {
    "week": "date(substr(s.started_at, 1, 10), '-6 days', 'weekday 1')",
    "month": "substr(s.started_at, 1, 7) || '-01'",
}


@dataclass(frozen=True)
class TargetProgress:
    """One site and instrument: the target (None if none is set) and what came back."""

    site_id: str | None
    site_name: str
    family_id: str
    instrument_name: str
    target: int | None
    returned: int
    complete: int
    notes: str = ""

    @property
    def drafts(self) -> int:
        return self.returned - self.complete

    @property
    def still_to_come(self) -> int | None:
        """Complete sessions still needed to reach the target."""
        return None if self.target is None else max(0, self.target - self.complete)

    @property
    def percent_complete(self) -> float | None:
        if not self.target:
            return None
        return 100.0 * self.complete / self.target

    @property
    def behind(self) -> bool:
        return bool(self.still_to_come)


def family_names(store: Store, study_id: str) -> dict[str, str]:
    """family id -> its newest version's name, for every instrument of the study."""
    rows = store.rows(
        "SELECT family_id, name FROM instruments WHERE study_id = ? AND deleted = 0 "
        "ORDER BY version_number",
        (study_id,),
    )
    return {row["family_id"]: row["name"] for row in rows}


def target_progress(store: Store, study_id: str) -> list[TargetProgress]:
    """Every site and instrument with a target or sessions; those furthest behind first."""
    names = family_names(store, study_id)
    counts = {
        (row["site_id"], row["family_id"]): row
        for row in store.rows(
            "SELECT coalesce(s.site_id, p.site_id) AS site_id, st.name AS site_name, "
            "i.family_id, count(*) AS returned, "
            "sum(s.status IN ('complete', 'verified')) AS complete "
            f"{_JOINS} WHERE s.deleted = 0 AND s.study_id = ? "
            "GROUP BY coalesce(s.site_id, p.site_id), i.family_id",
            (study_id,),
        )
    }
    found: list[TargetProgress] = []
    for target in store.repos.targets.list(study_id):
        row = counts.pop((target["site_id"], target["family_id"]), None)
        found.append(
            TargetProgress(
                target["site_id"],
                target["site_name"],
                target["family_id"],
                names.get(target["family_id"], target["instrument_name"] or ""),
                target["target"],
                row["returned"] if row else 0,
                row["complete"] if row else 0,
                target["notes"],
            )
        )
    for (site_id, family_id), row in counts.items():
        found.append(
            TargetProgress(
                site_id,
                row["site_name"] or NO_SITE,
                family_id,
                names.get(family_id, ""),
                None,
                row["returned"],
                row["complete"],
            )
        )
    return sorted(
        found,
        key=lambda p: (
            p.target is None,
            -(p.still_to_come or 0),
            p.site_name.casefold(),
            p.instrument_name.casefold(),
        ),
    )


@dataclass(frozen=True)
class StatusCounts:
    """Sessions of one group (a site, instrument, status or fieldworker) by status."""

    group: str
    draft: int
    complete: int
    verified: int

    @property
    def total(self) -> int:
        return self.draft + self.complete + self.verified


def session_counts(store: Store, study_id: str, by: str) -> list[StatusCounts]:
    """Live sessions of a study grouped by site, instrument, status or fieldworker."""
    group_sql = _group_sql(by)
    rows = store.rows(
        f"SELECT {group_sql} AS grp, sum(s.status = 'draft') AS draft, "
        "sum(s.status = 'complete') AS complete, sum(s.status = 'verified') AS verified "
        f"{_JOINS} WHERE s.deleted = 0 AND s.study_id = ? GROUP BY grp",
        (study_id,),
    )
    names = family_names(store, study_id) if by == "instrument" else {}
    counts = [
        StatusCounts(names.get(r["grp"], r["grp"]), r["draft"], r["complete"], r["verified"])
        for r in rows
    ]
    return sorted(counts, key=lambda c: c.group.casefold())


@dataclass
class Timeline:
    """Sessions started per period (weeks from Monday, or months) for each group."""

    period: str
    periods: list[str] = field(default_factory=list)  # YYYY-MM-DD of each period's start
    series: dict[str, list[int]] = field(default_factory=dict)

    def cumulative(self) -> dict[str, list[int]]:
        totals: dict[str, list[int]] = {}
        for group, counts in self.series.items():
            running, total = [], 0
            for count in counts:
                total += count
                running.append(total)
            totals[group] = running
        return totals


def sessions_over_time(store: Store, study_id: str, by: str, period: str = "week") -> Timeline:
    """Sessions started per week (or month) by group, every period from first to last."""
    if period not in _PERIOD_SQL:
        raise ValueError(f"period must be one of {', '.join(_PERIOD_SQL)}")
    group_sql = _group_sql(by)
    rows = store.rows(
        f"SELECT {_PERIOD_SQL[period]} AS start, {group_sql} AS grp, count(*) AS n "
        f"{_JOINS} WHERE s.deleted = 0 AND s.study_id = ? GROUP BY start, grp ORDER BY start",
        (study_id,),
    )
    timeline = Timeline(period)
    if not rows:
        return timeline
    names = family_names(store, study_id) if by == "instrument" else {}
    timeline.periods = _periods(rows[0]["start"], rows[-1]["start"], period)
    position = {start: index for index, start in enumerate(timeline.periods)}
    groups = sorted({names.get(r["grp"], r["grp"]) for r in rows}, key=str.casefold)
    timeline.series = {group: [0] * len(timeline.periods) for group in groups}
    for row in rows:
        timeline.series[names.get(row["grp"], row["grp"])][position[row["start"]]] += row["n"]
    return timeline


def _group_sql(by: str) -> str:
    if by not in _GROUP_SQL:
        raise ValueError(f"sessions can be grouped by {', '.join(GROUPINGS)}, not {by!r}")
    return _GROUP_SQL[by]


def _periods(first: str, last: str, period: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    found = []
    while start <= end:
        found.append(start.isoformat())
        if period == "week":
            start += timedelta(days=7)
        else:
            start = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return found
