"""A row's session: which one (its `_id`), which version of the form, and its metadata.

Participants, sites and fieldworkers are looked up by code or name in the form's study;
an unknown one is a refused cell, never created. A row without `_id` is a new session; a
KoboToolbox or ODK export's instance UUID (`_uuid`, `meta/instanceID`, `KEY`) serves as
its id, so importing such a file twice changes nothing either.
"""

from __future__ import annotations

import uuid
from typing import Any

from exports.import_columns import ColumnRole, SheetColumns
from exports.import_row import ImportRow
from exports.import_values import mode, status, text_of, timestamp
from exports.questionnaire_layout import FamilyLayout
from instruments.answers import AnswerError
from storage.import_data import ResponseWriter, SessionFields

_ID_FALLBACKS = ("_uuid", "meta/instanceID", "meta-instanceID", "KEY", "instanceID")
_STARTED_FALLBACKS = ("start", "_submission_time", "SubmissionDate")


def _uuid_text(raw: Any) -> str | None:
    text = text_of(raw).removeprefix("uuid:")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


class SessionReader:
    """Reads the session metadata of rows for one form, remembering ids already seen."""

    def __init__(self, writer: ResponseWriter, layout: FamilyLayout, form: dict[str, Any]):
        self.layout = layout
        self.form = form
        study_id = form["study_id"]
        self.participants = {row["code"]: row for row in writer.participants(study_id)}
        self.participants_by_id = {row["id"]: row for row in self.participants.values()}
        self.sites = {row["name"].lower(): row["id"] for row in writer.sites(study_id)}
        self.fieldworkers = {
            row["name"].lower(): row["id"] for row in writer.fieldworkers(study_id)
        }
        self.seen_ids: dict[str, int] = {}

    def session_id(self, row: ImportRow, columns: SheetColumns) -> str | None:
        role = columns.meta("_id")
        raw = row.cell(role)
        if raw is not None:
            found = _uuid_text(raw)
            if found:
                return self._unique(row, role, found)
            if not text_of(raw).isdigit():
                row.refuse(role, "not a session id (a UUID)", raw)
                return None
        for name in _ID_FALLBACKS:
            fallback = columns.ignored(name)
            value = row.cell(fallback)
            if value is not None and _uuid_text(value):
                return self._unique(row, fallback, _uuid_text(value) or "")
        return None

    def _unique(self, row: ImportRow, role: ColumnRole | None, session_id: str) -> str:
        if session_id in self.seen_ids:
            row.refuse(role, f"this _id is also on row {self.seen_ids[session_id]}", session_id)
        else:
            self.seen_ids[session_id] = row.number
        return session_id

    def version(
        self, row: ImportRow, columns: SheetColumns, existing: dict[str, Any] | None
    ) -> str | None:
        role = columns.meta("version")
        raw = row.cell(role)
        if raw is None:
            return existing["instrument_id"] if existing else self.form["id"]
        found = self.layout.version_by_label(text_of(raw))
        if found is None:
            known = ", ".join(self.layout.version_label(r["id"]) for r in self.layout.rows)
            row.refuse(role, f"no version {text_of(raw)!r} of this form (versions: {known})", raw)
            return None
        if existing and existing["instrument_id"] != found["id"]:
            current = self.layout.version_label(existing["instrument_id"])
            row.refuse(role, f"this session is version {current} of the form", raw)
            return None
        return found["id"]

    def fields(self, row: ImportRow, columns: SheetColumns, new: bool) -> SessionFields:
        fields = SessionFields()
        checks = (
            ("participant", "participant_id", self._participant),
            ("site", "site_id", self._lookup(self.sites, "site")),
            ("fieldworker", "fieldworker_id", self._lookup(self.fieldworkers, "fieldworker")),
            ("started", "started_at", timestamp),
            ("ended", "ended_at", timestamp),
            ("status", "status", status),
            ("mode", "mode", mode),
        )
        for name, attribute, parse in checks:
            role = columns.meta(name)
            raw = row.cell(role)
            if raw is None:
                continue
            try:
                setattr(fields, attribute, parse(raw))
            except AnswerError as error:
                row.refuse(role, str(error), raw)
        if new:
            fields.started_at = fields.started_at or _first_time(row, columns, _STARTED_FALLBACKS)
            fields.ended_at = fields.ended_at or _first_time(row, columns, ("end",))
        return fields

    def _participant(self, raw: Any) -> str:
        code = text_of(raw)
        found = self.participants.get(code)
        if found is None:
            matches = [p for c, p in self.participants.items() if c.lower() == code.lower()]
            found = matches[0] if len(matches) == 1 else None
        if found is None:
            raise AnswerError(f"no participant with code {code!r} in this study")
        return found["id"]

    @staticmethod
    def _lookup(known: dict[str, str], what: str):
        def parse(raw: Any) -> str:
            name = text_of(raw)
            if name.lower() not in known:
                raise AnswerError(f"no {what} called {name!r} in this study")
            return known[name.lower()]

        return parse


def _first_time(row: ImportRow, columns: SheetColumns, names: tuple[str, ...]) -> str | None:
    """The first readable time among other tools' columns (Kobo's start, ...)."""
    for name in names:
        raw = row.cell(columns.ignored(name))
        if raw is not None:
            try:
                return timestamp(raw)
            except AnswerError:
                continue
    return None
