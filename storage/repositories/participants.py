"""Participants (pseudonymous codes), their consent, and their identities kept apart."""

from __future__ import annotations

import json
from typing import Any

from storage.errors import ValidationError
from storage.repositories.base import Repository, required_text

CONSENT_STATES = ("not_recorded", "given", "refused", "withdrawn")
ROLES = (
    "client",
    "carer",
    "staff",
    "school",
    "voluntary organisation",
    "public-sector team",
    "manager",
    "other",
)


class ParticipantRepository(Repository):
    def add(
        self,
        study_id: str,
        code: str,
        role: str = "",
        site_id: str | None = None,
        organisation: str = "",
        attributes: dict[str, Any] | None = None,
    ) -> str:
        code = required_text(code, "A participant code", "code")
        if self.by_code(study_id, code):
            raise ValidationError(
                f"The participant code {code!r} is already used in this study.", field="code"
            )
        return self.writer.insert(
            "participants",
            {
                "study_id": study_id,
                "code": code,
                "role": role.strip(),
                "site_id": site_id,
                "organisation": organisation.strip(),
                "attributes": json.dumps(attributes or {}, ensure_ascii=False),
            },
        )

    def update(self, participant_id: str, **values: Any) -> bool:
        if "code" in values:
            values["code"] = required_text(values["code"], "A participant code", "code")
            current = self.get(participant_id)
            other = current and self.by_code(current["study_id"], values["code"])
            if other and other["id"] != participant_id:
                raise ValidationError(
                    f"The participant code {values['code']!r} is already used in this study.",
                    field="code",
                )
        for text_field in ("role", "organisation"):
            if isinstance(values.get(text_field), str):
                values[text_field] = values[text_field].strip()
        if "attributes" in values and not isinstance(values["attributes"], str):
            values["attributes"] = json.dumps(values["attributes"], ensure_ascii=False)
        return self.writer.update("participants", participant_id, values)

    def record_consent(
        self, participant_id: str, status: str, date: str | None, method: str = "", by: str = ""
    ) -> bool:
        """Record consent given, refused or withdrawn: when, how and by whom."""
        if status not in CONSENT_STATES:
            raise ValidationError(
                f"Consent must be one of {', '.join(CONSENT_STATES)}, not {status!r}."
            )
        if status != "not_recorded" and not date:
            raise ValidationError(
                "The date consent was given, refused or withdrawn is required.",
                field="consent_date",
            )
        return self.writer.update(
            "participants",
            participant_id,
            {
                "consent_status": status,
                "consent_date": date,
                "consent_method": method.strip(),
                "consent_recorded_by": by.strip(),
            },
        )

    def delete(self, participant_id: str) -> bool:
        return self.writer.delete("participants", participant_id)

    def get(self, participant_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM participants WHERE id = ?", (participant_id,))

    def by_code(self, study_id: str, code: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM participants WHERE deleted = 0 AND study_id = ? AND code = ?",
            (study_id, code.strip()),
        )

    def list(
        self, study_id: str | None = None, search: str = "", site_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Participants with their site's name, ordered by code."""
        clauses = ["p.deleted = 0"]
        parameters: list[Any] = []
        if study_id:
            clauses.append("p.study_id = ?")
            parameters.append(study_id)
        if site_id:
            clauses.append("p.site_id = ?")
            parameters.append(site_id)
        if search.strip():
            clauses.append("(p.code LIKE ? OR p.role LIKE ? OR p.organisation LIKE ?)")
            parameters += [f"%{search.strip()}%"] * 3
        return self.store.rows(
            "SELECT p.*, coalesce(s.name, '') AS site_name FROM participants p "
            "LEFT JOIN sites s ON s.id = p.site_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY p.code, p.id",
            tuple(parameters),
        )

    def session_count(self, participant_id: str) -> int:
        """Live sessions recorded with this participant (asked before deleting one)."""
        return self.store.scalar(
            "SELECT count(*) FROM sessions WHERE participant_id = ? AND deleted = 0",
            (participant_id,),
        )

    # --- identities: personal data, kept in their own table --------------------------------

    def set_identity(
        self, participant_id: str, full_name: str = "", contact: str = "", notes: str = ""
    ) -> str:
        values = {"full_name": full_name.strip(), "contact": contact.strip(), "notes": notes}
        existing = self.store.row(
            "SELECT id FROM participant_identities WHERE participant_id = ?", (participant_id,)
        )
        if existing:
            self.writer.update("participant_identities", existing["id"], {**values, "deleted": 0})
            return existing["id"]
        return self.writer.insert(
            "participant_identities", {"participant_id": participant_id, **values}
        )

    def identity(self, participant_id: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM participant_identities WHERE participant_id = ? AND deleted = 0",
            (participant_id,),
        )


def may_record_data(participant: dict[str, Any]) -> bool:
    """The consent gate: notes and answers are recorded only with consent given."""
    return participant.get("consent_status") == "given"
