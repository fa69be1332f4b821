"""Fieldwork targets: how many sessions of an instrument each site should return.

A coordinator sets, say, 6 partnership assessments for a locality; the progress screen
compares that with what came back. Targets belong to an instrument family, so they carry
over to a new version of the questionnaire.
"""

from __future__ import annotations

import uuid
from typing import Any

from storage.errors import ValidationError
from storage.repositories.base import Repository

_TARGET_NAMESPACE = uuid.UUID("0b7c6a52-5d0e-4f3b-9d7a-2f61c8e4a913")


def target_id(site_id: str, family_id: str) -> str:
    """The same (site, instrument) target gets the same id on every laptop, so merges meet."""
    return str(uuid.uuid5(_TARGET_NAMESPACE, f"{site_id}\x1f{family_id}"))


class TargetRepository(Repository):
    def set(self, study_id: str, site_id: str, family_id: str, target: int, notes: str = "") -> str:
        """Set (or replace) the target of a site and instrument family; returns its id."""
        if isinstance(target, bool) or not isinstance(target, int) or target < 0:
            raise ValidationError("A target must be a whole number of sessions, 0 or more.")
        site = self.store.row("SELECT study_id FROM sites WHERE id = ?", (site_id,))
        if site is None or site["study_id"] != study_id:
            raise ValidationError("A target's site must belong to the same study.")
        family = self.store.scalar(
            "SELECT count(*) FROM instruments WHERE family_id = ? AND study_id = ?",
            (family_id, study_id),
        )
        if not family:
            raise ValidationError("A target's instrument must belong to the same study.")
        row_id = target_id(site_id, family_id)
        values = {"target": target, "notes": notes.strip()}
        with self.store.transaction():
            if self.store.scalar("SELECT count(*) FROM targets WHERE id = ?", (row_id,)):
                self.writer.update("targets", row_id, {**values, "deleted": 0})
            else:
                self.writer.insert(
                    "targets",
                    {"study_id": study_id, "site_id": site_id, "family_id": family_id, **values},
                    row_id=row_id,
                )
        return row_id

    def get(self, site_id: str, family_id: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM targets WHERE id = ? AND deleted = 0", (target_id(site_id, family_id),)
        )

    def list(self, study_id: str) -> list[dict[str, Any]]:
        """A study's live targets with the site's name and the family's latest name."""
        return self.store.rows(
            "SELECT t.*, s.name AS site_name, "
            "(SELECT i.name FROM instruments i WHERE i.family_id = t.family_id AND i.deleted = 0 "
            " ORDER BY i.version_number DESC LIMIT 1) AS instrument_name "
            "FROM targets t JOIN sites s ON s.id = t.site_id "
            "WHERE t.deleted = 0 AND t.study_id = ? ORDER BY s.name, instrument_name, t.id",
            (study_id,),
        )

    def delete(self, site_id: str, family_id: str) -> bool:
        return self.writer.delete("targets", target_id(site_id, family_id))
