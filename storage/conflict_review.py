"""Conflicts as a person reviews them: which record, in which study, from which laptops.

storage.packs.list_conflicts gives table, row id and column; the Conflicts screen needs to
say "Team assessment, 3 Mar 2026, DUR-004: question q2" and which laptop wrote each side,
and to show one study's conflicts. Read-only; the answers are worked out here so the GUI
runs no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from instruments.model import Instrument
from storage.packs import Conflict, list_conflicts

if TYPE_CHECKING:
    from storage.store import Store

#: What a row of each table is, in words.
RECORD_KINDS = {
    "studies": "Study",
    "sites": "Site",
    "fieldworkers": "Fieldworker",
    "participants": "Participant",
    "participant_identities": "Personal details",
    "instruments": "Questionnaire or guide",
    "sessions": "Session",
    "answers": "Answer",
    "session_members": "Group member",
    "notes": "Note",
    "codes": "Code",
    "codings": "Coded segment",
    "targets": "Target",
}


@dataclass(frozen=True)
class ConflictReview:
    """One open (or resolved) conflict with the words to show it."""

    conflict: Conflict
    study_id: str | None
    kind: str
    record: str
    field: str
    kept_device: str
    lost_device: str


class _Describer:
    """Looks rows up once each, so a long list of conflicts costs few queries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._rows: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._instruments: dict[str, Instrument | None] = {}

    def row(self, table: str, row_id: str | None) -> dict[str, Any] | None:
        if not row_id or table not in RECORD_KINDS:
            return None
        key = (table, row_id)
        if key not in self._rows:
            self._rows[key] = self.store.row(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
        return self._rows[key]

    def instrument(self, instrument_id: str) -> Instrument | None:
        if instrument_id not in self._instruments:
            row = self.row("instruments", instrument_id)
            try:
                found = Instrument.from_json(row["definition"]) if row else None
            except (ValueError, TypeError, KeyError):
                found = None
            self._instruments[instrument_id] = found
        return self._instruments[instrument_id]

    def participant_code(self, participant_id: str | None) -> str:
        row = self.row("participants", participant_id)
        return row["code"] if row else ""

    def session(self, session_id: str | None) -> tuple[str | None, str]:
        row = self.row("sessions", session_id)
        if row is None:
            return None, "a session not on this laptop"
        instrument = self.row("instruments", row["instrument_id"])
        parts = [instrument["name"] if instrument else "Session", str(row["started_at"])[:10]]
        code = self.participant_code(row["participant_id"])
        parts.append(code or row["title"] or "no participant")
        return row["study_id"], ", ".join(part for part in parts if part)

    def question(self, session_id: str, path: str) -> str:
        session = self.row("sessions", session_id)
        instrument = self.instrument(session["instrument_id"]) if session else None
        question = instrument.find(path) if instrument else None
        label = question.label() if question else ""
        return f"{path} ({label})" if label and label != path else path

    def describe(self, table: str, row_id: str) -> tuple[str | None, str]:
        """(study id, the record in words) for one row."""
        row = self.row(table, row_id)
        if row is None:
            return None, f"a {table} row not on this laptop ({row_id[:8]})"
        if table == "studies":
            return row["id"], row["name"]
        if table in ("sites", "fieldworkers", "codes"):
            return row["study_id"], row["name"]
        if table == "participants":
            return row["study_id"], row["code"]
        if table == "participant_identities":
            person = self.row("participants", row["participant_id"]) or {}
            return person.get("study_id"), person.get("code", "a participant not on this laptop")
        if table == "instruments":
            return row["study_id"], f"{row['name']} (version {row['version_number']})"
        if table == "sessions":
            return self.session(row_id)
        if table == "answers":
            study_id, session = self.session(row["session_id"])
            return study_id, f"{session}: question {self.question(row['session_id'], row['path'])}"
        if table == "notes":
            study_id, session = self.session(row["session_id"])
            text = " ".join(str(row["text"]).split())
            return study_id, f"{session}: “{text[:50]}{'…' if len(text) > 50 else ''}”"
        if table == "session_members":
            study_id, session = self.session(row["session_id"])
            return study_id, f"{row['label']} in {session}"
        if table == "codings":
            code = self.row("codes", row["code_id"])
            return (code or {}).get("study_id"), f"coded with {(code or {}).get('name', '?')}"
        if table == "targets":
            site = self.row("sites", row["site_id"])
            return row["study_id"], f"for {(site or {}).get('name', 'a site')}"
        return row.get("study_id"), row_id[:8]


def device_labels(store: Store) -> dict[str, str]:
    """Device id -> the label its packs carried (this laptop's own label for itself)."""
    labels = {
        row["source_device_id"]: row["source_label"]
        for row in store.rows(
            "SELECT source_device_id, source_label FROM imports "
            "WHERE source_label != '' ORDER BY imported_at"
        )
    }
    labels[store.device.device_id] = f"{store.device.label} (this laptop)"
    return labels


def review_conflicts(
    store: Store, study_id: str | None = None, include_resolved: bool = False
) -> list[ConflictReview]:
    """Conflicts described for review; with `study_id`, only those of that study's records."""
    describer = _Describer(store)
    labels = device_labels(store)

    def device(device_id: str) -> str:
        return labels.get(device_id) or (f"device {device_id[:8]}" if device_id else "unknown")

    reviewed = []
    for conflict in list_conflicts(store, include_resolved=include_resolved):
        owner, record = describer.describe(conflict.table_name, conflict.row_id)
        if study_id is not None and owner not in (study_id, None):
            continue
        reviewed.append(
            ConflictReview(
                conflict=conflict,
                study_id=owner,
                kind=RECORD_KINDS.get(conflict.table_name, conflict.table_name),
                record=record,
                field=conflict.column_name.replace("_", " "),
                kept_device=device(conflict.kept_device_id),
                lost_device=device(conflict.lost_device_id),
            )
        )
    return reviewed
