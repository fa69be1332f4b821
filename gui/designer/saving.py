"""Saving a designed instrument: a new version when sessions use the current one.

storage.instrument_versions decides (a version in use is frozen); this module says to the
coordinator beforehand what Save will do, and afterwards what it did and what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gui.write_tracker import WriteTracker
from instruments.model import Instrument
from instruments.version_changes import describe_changes
from storage.instrument_versions import VersionInfo, save_new_version, versions
from storage.store import Store


@dataclass(frozen=True)
class SaveOutcome:
    """What a save did: the version holding the definition and the changes it made."""

    instrument_id: str
    version_number: int
    previous: VersionInfo
    changes: list[str] = field(default_factory=list)
    unchanged: bool = False

    @property
    def new_version(self) -> bool:
        return self.instrument_id != self.previous.instrument_id

    def message(self) -> str:
        if self.unchanged:
            return "Nothing to save: the form is as it was last saved."
        before = self.previous
        if self.new_version:
            head = (
                f"Saved as version {self.version_number}. {before.sessions} session(s) were "
                f"filled in with version {before.version_number}; they keep it, and new "
                f"sessions use version {self.version_number}."
            )
        else:
            head = (
                f"Saved. No session uses version {before.version_number} yet, so it was "
                "updated in place."
            )
        if not self.changes:
            return head
        return head + "\nChanges:\n" + "\n".join(f"• {line}" for line in self.changes)


def latest_version(store: Store, family_id: str) -> VersionInfo:
    return versions(store, family_id)[-1]


def stored_definition(store: Store, instrument_id: str) -> Instrument | None:
    """The definition as stored, or None when it cannot be read as an instrument."""
    try:
        return Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    except (KeyError, ValueError, TypeError):
        return None


def what_save_will_do(store: Store, family_id: str) -> str:
    """A sentence for beside the Save button."""
    latest = latest_version(store, family_id)
    if latest.sessions:
        return (
            f"{latest.sessions} session(s) use version {latest.version_number}: saving "
            f"creates version {latest.version_number + 1}, and those sessions keep "
            f"version {latest.version_number}."
        )
    return f"No session uses version {latest.version_number} yet: saving updates it in place."


def save_design(
    store: Store, tracker: WriteTracker, family_id: str, instrument: Instrument
) -> SaveOutcome:
    """Store the edited definition (StorageError propagates, reported by the tracker)."""
    before = latest_version(store, family_id)
    old = stored_definition(store, before.instrument_id)
    if old is not None and old.to_dict() == instrument.to_dict():
        return SaveOutcome(before.instrument_id, before.version_number, before, unchanged=True)
    saved_id = tracker.run(lambda: save_new_version(store, family_id, instrument), ("instruments",))
    after = latest_version(store, family_id)
    changes = describe_changes(old, instrument) if old is not None else []
    return SaveOutcome(saved_id, after.version_number, before, changes)
