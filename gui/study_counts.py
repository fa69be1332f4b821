"""How many sites, participants, instruments and sessions a study has, for the navigator."""

from __future__ import annotations

from storage.store import Store

SECTIONS = ("sites", "participants", "instruments", "sessions")


def study_counts(store: Store, study_id: str) -> dict[str, int]:
    """Live (not deleted) rows of each section in one study, counted by storage."""
    counts = store.repos.studies.counts(study_id)
    return {section: counts.get(section, 0) for section in SECTIONS}
