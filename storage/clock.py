"""Timestamps and identifiers in the one format every table uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utc_now() -> str:
    """Now as UTC ISO-8601 with milliseconds and a Z, so text order is time order."""
    return format_timestamp(datetime.now(UTC))


def format_timestamp(moment: datetime) -> str:
    """A datetime as the stored text form (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """The stored text form back to an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def new_id() -> str:
    """A random UUID: rows made on different laptops never collide when merged."""
    return str(uuid.uuid4())
