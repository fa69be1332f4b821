"""Starting, copying and ending instruments: new from scratch, duplicate, delete or retire.

An instrument whose data exists is never deleted: deleting a family that any session used
would orphan that session's answers, so such a family is retired instead (all its versions
get `retired = 1`: kept, exported, still editable, but no longer offered for new sessions).
Only a family no live session uses is deleted, as a tombstone that travels through merges.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from instruments.guide_reader import GUIDE_KINDS
from instruments.model import INSTRUMENT_KINDS, Instrument
from instruments.xlsform_columns import normalised_settings
from storage.errors import ValidationError
from storage.instrument_versions import family_id_of
from storage.repositories.base import required_text

if TYPE_CHECKING:
    from storage.store import Store

_RE_NOT_NAME = re.compile(r"[^0-9a-z]+")
_RE_FORM_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]*$")
_MAX_FORM_ID = 60


@dataclass(frozen=True, slots=True)
class EndResult:
    """What `delete_or_retire` did, and to which versions."""

    action: Literal["deleted", "retired"]
    name: str
    instrument_ids: tuple[str, ...]
    sessions: int

    @property
    def message(self) -> str:
        if self.action == "deleted":
            return f"{self.name} was deleted (no session used it)."
        return (
            f"{self.name} was retired, not deleted: {self.sessions} session(s) use it. "
            "Its data is kept; it is no longer offered for new sessions."
        )


def form_id_from_title(title: str, taken: set[str]) -> str:
    """A valid XLSForm form_id from a title ('Carer experience' -> 'carer_experience'),
    made unique against `taken` with a number (_2, _3, ...)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    base = _RE_NOT_NAME.sub("_", folded.lower()).strip("_")[:_MAX_FORM_ID] or "form"
    if base[0].isdigit():
        base = f"form_{base}"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def _checked_form_id(form_id: str, taken: set[str]) -> str:
    form_id = form_id.strip()
    if not _RE_FORM_ID.match(form_id):
        raise ValidationError(
            f"{form_id!r} is not a usable form id: start with a letter, then letters, "
            "digits, '_', '-' or '.'."
        )
    if form_id in taken:
        raise ValidationError(f"The form id {form_id!r} is already used in this study.")
    return form_id


def renamed(instrument: Instrument, title: str, form_id: str) -> Instrument:
    """A copy with a new title and form_id, its settings saying the same."""
    copy = Instrument.from_dict(instrument.to_dict())
    copy.title, copy.form_id = title, form_id
    if copy.kind == "questionnaire":
        settings = {
            header: value
            for header, value in copy.settings.items()
            if _setting_name(header) not in ("form_id", "form_title")
        }
        copy.settings = {"form_title": title, "form_id": form_id, **settings}
    else:
        settings = {k: v for k, v in copy.settings.items() if k not in ("title", "form_title")}
        copy.settings = {**settings, "title": title, "form_id": form_id}
    return copy


def _setting_name(header: str) -> str:
    """What a settings header means ('Form_ID', 'id_string' -> 'form_id')."""
    return next(iter(normalised_settings({header: ""})))


def empty_instrument(kind: str, title: str, form_id: str) -> Instrument:
    """A questionnaire with no questions yet, or a guide with no topics yet."""
    if kind not in INSTRUMENT_KINDS:
        raise ValidationError(f"An instrument's kind must be one of {', '.join(INSTRUMENT_KINDS)}.")
    if kind == "questionnaire":
        settings = {"form_title": title, "form_id": form_id}
    else:
        settings = {"kind": kind, "title": title, "form_id": form_id}
    return Instrument(kind=kind, form_id=form_id, title=title, settings=settings)


def new_instrument(
    store: Store, study_id: str, kind: str, title: str, form_id: str | None = None
) -> str:
    """Create an empty questionnaire or guide (version 1 of a new family); returns its id."""
    title = required_text(title, "An instrument's title")
    kind = GUIDE_KINDS.get(kind, kind)
    if store.repos.studies.get(study_id) is None:
        raise ValidationError(f"There is no study with id {study_id}.")
    with store.transaction():
        taken = store.repos.instruments.form_ids(study_id)
        form_id = _checked_form_id(form_id, taken) if form_id else form_id_from_title(title, taken)
        instrument = empty_instrument(kind, title, form_id)
        return store.repos.instruments.add(
            study_id,
            kind,
            title,
            instrument.to_dict(),
            form_id=form_id,
            change_summary="created from scratch",
        )


def duplicate_instrument(store: Store, instrument_id: str, new_title: str) -> str:
    """Copy a version's definition as version 1 of a new family, with a new form_id."""
    new_title = required_text(new_title, "The copy's title")
    row = _live_row(store, instrument_id)
    original = Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    with store.transaction():
        form_id = form_id_from_title(new_title, store.repos.instruments.form_ids(row["study_id"]))
        copy = renamed(original, new_title, form_id)
        return store.repos.instruments.add(
            row["study_id"],
            copy.kind,
            new_title,
            copy.to_dict(),
            form_id=form_id,
            version=copy.version,
            change_summary=f"copied from {row['name']} (version {row['version_number']})",
        )


def delete_or_retire(store: Store, instrument_id: str) -> EndResult:
    """Delete the instrument's family if no live session used any version, else retire it."""
    family = store.repos.instruments.family(family_id_of(store, instrument_id))
    ids = tuple(row["id"] for row in family)
    sessions = sum(row["sessions"] for row in family)
    with store.transaction():
        if sessions:
            for version_id in ids:
                store.repos.instruments.retire(version_id)
        else:
            for version_id in ids:
                store.repos.instruments.delete(version_id)
    return EndResult("retired" if sessions else "deleted", family[-1]["name"], ids, sessions)


def unretire(store: Store, instrument_id: str) -> tuple[str, ...]:
    """Offer a retired family for new sessions again; returns the versions changed."""
    family = store.repos.instruments.family(family_id_of(store, instrument_id))
    with store.transaction():
        return tuple(
            row["id"] for row in family if store.repos.instruments.retire(row["id"], False)
        )


def available_for_new_sessions(
    store: Store, study_id: str, kind: str | None = None
) -> list[dict[str, Any]]:
    """The latest version of each family that is not retired: what a new session offers."""
    rows = store.repos.instruments.list(study_id, kind=kind, latest_only=True)
    return [row for row in rows if not row["retired"]]


def _live_row(store: Store, instrument_id: str) -> dict[str, Any]:
    row = store.repos.instruments.get(instrument_id)
    if row is None or row["deleted"]:
        raise ValidationError(f"There is no instrument with id {instrument_id}.")
    return row
