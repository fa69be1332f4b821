"""Changing an instrument mid-fieldwork without touching the data already collected.

The rule: an instrument version that sessions already use is frozen. Saving an edit of it
stores a new version (same family, next version_number, the changes as its summary) and
the old sessions keep pointing at the version they were filled in, so their answers still
mean what they meant. A version no live session in this database uses yet is updated in
place instead (an audited update of its definition): fixing a typo before fieldwork
starts should not leave an empty version behind. New sessions use the latest version.

Sessions on laptops that have not been merged yet are invisible here: once a version has
gone out in a field pack, edit it after merging the laptops' packs, or the in-place update
travels to laptops whose sessions were made on the old definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument
from instruments.version_changes import describe_changes
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store

__all__ = ["VersionInfo", "describe_changes", "family_id_of", "save_new_version", "versions"]


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of an instrument family, as the instrument screen lists it."""

    instrument_id: str
    version_number: int
    version: str
    name: str
    form_id: str
    sessions: int
    change_summary: str
    retired: bool
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> VersionInfo:
        return cls(
            instrument_id=row["id"],
            version_number=row["version_number"],
            version=row["version"],
            name=row["name"],
            form_id=row["form_id"],
            sessions=row["sessions"],
            change_summary=row["change_summary"],
            retired=bool(row["retired"]),
            created_at=row["created_at"],
        )


def family_id_of(store: Store, family_or_instrument_id: str) -> str:
    """The family of an instrument id, or the id itself when it names a family."""
    row = store.repos.instruments.get(family_or_instrument_id)
    if row is not None and not row["deleted"]:
        return row["family_id"]
    if store.repos.instruments.family(family_or_instrument_id):
        return family_or_instrument_id
    raise ValidationError(f"There is no instrument with id {family_or_instrument_id}.")


def versions(store: Store, family_id: str) -> list[VersionInfo]:
    """Every live version of a family (an instrument id also works), oldest first."""
    rows = store.repos.instruments.family(family_id_of(store, family_id))
    return [VersionInfo.from_row(row) for row in rows]


def save_new_version(
    store: Store,
    family_or_instrument_id: str,
    instrument: Instrument,
    change_summary: str | None = None,
) -> str:
    """Save an edited definition of a family; returns the id of the version holding it.

    The latest version is updated in place when no live session uses it, else a new
    version is added (see the module's rule). An unchanged definition writes nothing.
    Without `change_summary`, the summary is `describe_changes` from the version before.
    """
    family = store.repos.instruments.family(family_id_of(store, family_or_instrument_id))
    latest = family[-1]
    if instrument.kind != latest["kind"]:
        raise ValidationError(
            f"A {latest['kind']} cannot become a {instrument.kind}; "
            "create a new instrument instead."
        )
    definition = instrument.to_dict()
    current = Instrument.from_dict(store.repos.instruments.definition(latest["id"]))
    if current.to_dict() == definition:
        return latest["id"]
    name = (instrument.title or latest["name"]).strip()
    with store.transaction():
        if latest["sessions"] == 0:
            summary = change_summary
            if summary is None and len(family) > 1:
                summary = _summary(_definition_of(store, family[-2]["id"]), instrument)
            store.repos.instruments.update_definition(
                latest["id"],
                definition,
                name=name,
                form_id=instrument.form_id,
                version=instrument.version,
                change_summary=summary,
            )
            return latest["id"]
        new_id = store.repos.instruments.add(
            latest["study_id"],
            instrument.kind,
            name,
            definition,
            form_id=instrument.form_id,
            version=instrument.version,
            family_id=latest["family_id"],
            change_summary=change_summary
            if change_summary is not None
            else _summary(current, instrument),
        )
        if latest["retired"]:
            store.repos.instruments.retire(new_id)
    return new_id


def _definition_of(store: Store, instrument_id: str) -> Instrument:
    return Instrument.from_dict(store.repos.instruments.definition(instrument_id))


def _summary(old: Instrument, new: Instrument) -> str:
    return "; ".join(describe_changes(old, new)) or "no visible changes"
