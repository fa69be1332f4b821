"""How many sites, participants, instruments and sessions a study has, for the navigator.

Counted from the repositories' lists until storage offers a counting query (see the
Foundation report); the numbers are small for one study.
"""

from __future__ import annotations

from storage.store import Store

SECTIONS = ("sites", "participants", "instruments", "sessions")


def study_counts(store: Store, study_id: str) -> dict[str, int]:
    """Live (not deleted) rows of each section in one study."""
    repos = store.repos
    return {
        "sites": len(repos.studies.sites(study_id)),
        "participants": len(repos.participants.list(study_id)),
        "instruments": len(repos.instruments.list(study_id)),
        "sessions": len(repos.sessions.list(study_id)),
    }
