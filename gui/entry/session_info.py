"""What the entry screen needs to know about a session before it shows the form.

Read through the repositories: the session, its instrument as a live FormState, who and
where, consent (answers are recorded only with consent given; anonymous postal
questionnaires have no participant), and whether it is a blind second entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gui.formats import mode_label, status_label
from instruments.form_engine import FormState
from instruments.model import Instrument
from storage.double_entry import is_second_entry
from storage.errors import ValidationError
from storage.repositories.participants import may_record_data
from storage.store import Store


@dataclass
class SessionInfo:
    session_id: str
    title: str
    state: FormState
    status: str
    mode: str
    participant: str = ""
    site: str = ""
    fieldworker: str = ""
    consented: bool = True
    consent_note: str = ""
    is_second_entry: bool = False
    stored_relevance: dict[str, bool] = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.status == "draft" and self.consented

    def details(self) -> str:
        parts = [
            f"Participant {self.participant}" if self.participant else "Anonymous response",
            self.site,
            mode_label(self.mode),
            self.fieldworker,
            status_label(self.status),
        ]
        return " · ".join(part for part in parts if part)

    def banner(self) -> str:
        """Why the form cannot be edited, or what kind of entry this is."""
        if not self.consented:
            return self.consent_note
        if self.status == "complete" and self.is_second_entry:
            return (
                "Second entry, complete. Choose “Compare with first entry…” to see where the "
                "two entries disagree and settle each against the paper."
            )
        if self.status == "complete":
            return "This session is complete. Choose “Reopen for editing” to change answers."
        if self.status == "verified":
            return (
                "This session was verified by double entry. Reopening it makes it a draft "
                "again, and it would need verifying anew."
            )
        if self.is_second_entry:
            return (
                "Second entry (blind): key this questionnaire from the paper. The first "
                "entry's answers are not shown; mark complete, then compare."
            )
        return ""


def load_session(store: Store, session_id: str) -> SessionInfo:
    repos = store.repos
    session = repos.sessions.get(session_id)
    if session is None or session["deleted"]:
        raise ValidationError("That session no longer exists.")
    instrument_row = repos.instruments.get(session["instrument_id"])
    instrument = Instrument.from_dict(repos.instruments.definition(session["instrument_id"]))
    state = FormState(
        instrument,
        repos.sessions.answers(session_id),
        language=session["language"] or None,
    )
    info = SessionInfo(
        session_id=session_id,
        title=instrument_row["name"] if instrument_row else instrument.title,
        state=state,
        status=session["status"],
        mode=session["mode"],
        is_second_entry=is_second_entry(session),
        stored_relevance=repos.sessions.relevance_flags(session_id),
    )
    sites = {s["id"]: s["name"] for s in repos.studies.sites(session["study_id"])}
    info.site = sites.get(session["site_id"], "")
    workers = {f["id"]: f["name"] for f in repos.studies.fieldworkers(session["study_id"])}
    info.fieldworker = workers.get(session["fieldworker_id"], "")
    if session["participant_id"]:
        participant = repos.participants.get(session["participant_id"]) or {}
        info.participant = participant.get("code", "")
        info.consented = may_record_data(participant)
        if not info.consented:
            status = (participant.get("consent_status") or "not_recorded").replace("_", " ")
            info.consent_note = (
                f"Consent of {info.participant} is {status}: no answers can be recorded for "
                "them. Record their consent first (Participants screen)."
            )
    return info
