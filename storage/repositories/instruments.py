"""Instruments (questionnaires and guides) with their definition stored as JSON."""

from __future__ import annotations

import json
from typing import Any

from storage.clock import new_id
from storage.repositories.base import Repository, required_text

KINDS = ("questionnaire", "interview", "focus_group")


class InstrumentRepository(Repository):
    def add(
        self,
        study_id: str,
        kind: str,
        name: str,
        definition: dict[str, Any],
        form_id: str = "",
        version: str = "",
        source_file: str = "",
        source_sha256: str = "",
        family_id: str | None = None,
        change_summary: str = "",
    ) -> str:
        """Store an instrument; with family_id, as the next version of that family."""
        name = required_text(name, "An instrument's name")
        instrument_id = new_id()
        family = family_id or instrument_id
        number = 1
        if family_id:
            number = 1 + (
                self.store.scalar(
                    "SELECT max(version_number) FROM instruments WHERE family_id = ?",
                    (family_id,),
                )
                or 0
            )
        return self.writer.insert(
            "instruments",
            {
                "study_id": study_id,
                "family_id": family,
                "kind": kind,
                "name": name,
                "form_id": form_id,
                "version": version,
                "version_number": number,
                "definition": json.dumps(definition, ensure_ascii=False, separators=(",", ":")),
                "source_file": source_file,
                "source_sha256": source_sha256,
                "change_summary": change_summary,
            },
            row_id=instrument_id,
        )

    def get(self, instrument_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM instruments WHERE id = ?", (instrument_id,))

    def definition(self, instrument_id: str) -> dict[str, Any]:
        text = self.store.scalar(
            "SELECT definition FROM instruments WHERE id = ?", (instrument_id,)
        )
        if text is None:
            raise KeyError(instrument_id)
        return json.loads(text)

    def list(
        self, study_id: str | None = None, kind: str | None = None, latest_only: bool = False
    ) -> list[dict[str, Any]]:
        """Instruments without their (large) definitions, by name then version."""
        clauses = ["deleted = 0"]
        parameters: list[Any] = []
        if study_id:
            clauses.append("study_id = ?")
            parameters.append(study_id)
        if kind:
            clauses.append("kind = ?")
            parameters.append(kind)
        if latest_only:
            clauses.append(
                "version_number = (SELECT max(i2.version_number) FROM instruments i2 "
                "WHERE i2.family_id = instruments.family_id AND i2.deleted = 0)"
            )
        return self.store.rows(
            "SELECT id, study_id, family_id, kind, name, form_id, version, version_number, "
            "source_file, source_sha256, change_summary, retired, created_at, updated_at "
            f"FROM instruments WHERE {' AND '.join(clauses)} "
            "ORDER BY name, version_number, id",
            tuple(parameters),
        )

    def find(self, reference: str, study_id: str | None = None) -> list[dict[str, Any]]:
        """Instruments matching an id, or the latest version of a form_id or name."""
        by_id = self.get(reference)
        if by_id and not by_id["deleted"]:
            return [by_id]
        matches = [
            row
            for row in self.list(study_id, latest_only=True)
            if reference in (row["form_id"], row["name"])
        ]
        return matches

    def retire(self, instrument_id: str, retired: bool = True) -> bool:
        return self.writer.update("instruments", instrument_id, {"retired": int(retired)})

    def session_count(self, instrument_id: str) -> int:
        return self.store.scalar(
            "SELECT count(*) FROM sessions WHERE instrument_id = ? AND deleted = 0",
            (instrument_id,),
        )

    def family(self, family_id: str) -> list[dict[str, Any]]:
        """Every live version of a family, oldest first, each with its live `sessions` count."""
        return self.store.rows(
            "SELECT i.id, i.study_id, i.family_id, i.kind, i.name, i.form_id, i.version, "
            "i.version_number, i.source_file, i.change_summary, i.retired, i.created_at, "
            "i.updated_at, (SELECT count(*) FROM sessions s WHERE s.instrument_id = i.id "
            "AND s.deleted = 0) AS sessions FROM instruments i "
            "WHERE i.family_id = ? AND i.deleted = 0 ORDER BY i.version_number, i.id",
            (family_id,),
        )

    def form_ids(self, study_id: str) -> set[str]:
        """The form_ids live instruments of a study use (a new one must differ)."""
        rows = self.store.rows(
            "SELECT DISTINCT form_id FROM instruments WHERE study_id = ? AND deleted = 0",
            (study_id,),
        )
        return {row["form_id"] for row in rows}

    def update_definition(
        self,
        instrument_id: str,
        definition: dict[str, Any],
        name: str,
        form_id: str,
        version: str,
        change_summary: str | None = None,
    ) -> bool:
        """Replace a version's definition in place (audited); False if nothing differs."""
        values: dict[str, Any] = {
            "definition": json.dumps(definition, ensure_ascii=False, separators=(",", ":")),
            "name": required_text(name, "An instrument's name"),
            "form_id": form_id,
            "version": version,
        }
        if change_summary is not None:
            values["change_summary"] = change_summary
        return self.writer.update("instruments", instrument_id, values)

    def delete(self, instrument_id: str) -> bool:
        """Tombstone one version (deleted = 1), so the deletion travels through merges."""
        return self.writer.delete("instruments", instrument_id)
