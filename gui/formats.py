"""How dates, times and consent states read on screen: one place, so every screen agrees."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale

from storage.clock import parse_timestamp

# Day, named month, year: no reader mistakes 03/04 for 4 March or 3 April.
QT_DATE_FORMAT = "d MMM yyyy"

MODE_LABELS = {
    "face_to_face": "Face to face",
    "phone": "Phone",
    "video": "Video call",
    "paper": "Paper returned",
    "online": "Online",
}
STATUS_LABELS = {"draft": "Draft", "complete": "Complete", "verified": "Verified"}

CONSENT_LABELS = {
    "not_recorded": "Not recorded",
    "given": "Given",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
}


def mode_label(mode: str) -> str:
    """The words a user reads for a stored session mode."""
    return MODE_LABELS.get(mode, mode.replace("_", " "))


def status_label(status: str) -> str:
    """The word a user reads for a stored session status."""
    return STATUS_LABELS.get(status, status)


def consent_label(status: str | None) -> str:
    """The word a user reads for a stored consent status."""
    return CONSENT_LABELS.get(status or "not_recorded", status or "")


def display_date(iso_date: str | None) -> str:
    """A stored YYYY-MM-DD date as '14 Mar 2026'; anything unreadable is shown as it is."""
    if not iso_date:
        return ""
    parsed = QDate.fromString(iso_date[:10], "yyyy-MM-dd")
    if not parsed.isValid():
        return iso_date
    return QLocale().toString(parsed, QT_DATE_FORMAT)


def display_timestamp(stored: str | None) -> str:
    """A stored UTC timestamp in this laptop's local time, to the minute."""
    if not stored:
        return ""
    try:
        local = parse_timestamp(stored).astimezone()
    except ValueError:
        return stored
    return f"{display_date(local.date().isoformat())} {local:%H:%M}"


def clock_time(moment: datetime) -> str:
    """A time of day to the second, as the saved-state indicator shows it."""
    return f"{moment:%H:%M:%S}"


def iso_date(value: QDate) -> str:
    """A QDate in the stored YYYY-MM-DD form."""
    return value.toString("yyyy-MM-dd")
