"""Studies, sites and fieldworkers: the frame every session hangs on."""

from __future__ import annotations

from typing import Any

from storage.errors import ValidationError
from storage.repositories.base import Repository, required_text


class StudyRepository(Repository):
    def add(self, name: str, description: str = "") -> str:
        name = required_text(name, "A study's name")
        if self.by_name(name):
            raise ValidationError(f"A study called {name!r} already exists.")
        return self.writer.insert("studies", {"name": name, "description": description})

    def list(self) -> list[dict[str, Any]]:
        return self.store.rows("SELECT * FROM studies WHERE deleted = 0 ORDER BY name, id")

    def get(self, study_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM studies WHERE id = ?", (study_id,))

    def by_name(self, name: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM studies WHERE deleted = 0 AND lower(name) = lower(?)", (name.strip(),)
        )

    def rename(self, study_id: str, name: str, description: str | None = None) -> bool:
        values: dict[str, Any] = {"name": required_text(name, "A study's name")}
        if description is not None:
            values["description"] = description
        return self.writer.update("studies", study_id, values)

    def counts(self, study_id: str) -> dict[str, int]:
        """Live rows per section of a study (instruments: one per family, not per version)."""
        row = self.store.row(
            "SELECT "
            "(SELECT count(*) FROM sites WHERE study_id = :s AND deleted = 0) AS sites, "
            "(SELECT count(*) FROM participants WHERE study_id = :s AND deleted = 0) "
            "AS participants, "
            "(SELECT count(DISTINCT family_id) FROM instruments "
            "WHERE study_id = :s AND deleted = 0) AS instruments, "
            "(SELECT count(*) FROM sessions WHERE study_id = :s AND deleted = 0) AS sessions, "
            "(SELECT count(*) FROM fieldworkers WHERE study_id = :s AND deleted = 0) "
            "AS fieldworkers",
            {"s": study_id},
        )
        return dict(row) if row else {}

    # --- sites ---------------------------------------------------------------------------

    def add_site(self, study_id: str, name: str, kind: str = "", notes: str = "") -> str:
        name = required_text(name, "A site's name")
        if self.site_by_name(study_id, name):
            raise ValidationError(f"A site called {name!r} already exists in this study.")
        return self.writer.insert(
            "sites", {"study_id": study_id, "name": name, "kind": kind, "notes": notes}
        )

    def sites(self, study_id: str | None = None) -> list[dict[str, Any]]:
        if study_id is None:
            return self.store.rows("SELECT * FROM sites WHERE deleted = 0 ORDER BY name, id")
        return self.store.rows(
            "SELECT * FROM sites WHERE deleted = 0 AND study_id = ? ORDER BY name, id",
            (study_id,),
        )

    def site_by_name(self, study_id: str, name: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM sites WHERE deleted = 0 AND study_id = ? AND lower(name) = lower(?)",
            (study_id, name.strip()),
        )

    def update_site(self, site_id: str, **values: Any) -> bool:
        return self.writer.update("sites", site_id, values)

    # --- fieldworkers ----------------------------------------------------------------------

    def add_fieldworker(self, study_id: str, name: str, role: str = "") -> str:
        name = required_text(name, "A fieldworker's name")
        return self.writer.insert(
            "fieldworkers", {"study_id": study_id, "name": name, "role": role}
        )

    def fieldworkers(self, study_id: str | None = None) -> list[dict[str, Any]]:
        if study_id is None:
            return self.store.rows("SELECT * FROM fieldworkers WHERE deleted = 0 ORDER BY name, id")
        return self.store.rows(
            "SELECT * FROM fieldworkers WHERE deleted = 0 AND study_id = ? ORDER BY name, id",
            (study_id,),
        )

    def fieldworker_by_name(self, study_id: str, name: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM fieldworkers WHERE deleted = 0 AND study_id = ? "
            "AND lower(name) = lower(?)",
            (study_id, name.strip()),
        )
