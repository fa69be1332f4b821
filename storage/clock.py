"""Timestamps and identifiers in the one format every table uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta


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


def stamp_after(now: str, previous: str | None) -> str:
    """`now`, or 1 ms after `previous` if that is not older: a row's new version always sorts
    after the one it replaces (newer updated_at wins a merge), even when this laptop's clock is
    behind the one that wrote the row, or both writes fall in the same millisecond."""
    if not previous or now > previous:
        return now
    try:
        return format_timestamp(parse_timestamp(previous) + timedelta(milliseconds=1))
    except ValueError:
        return now


def new_id() -> str:
    """A random UUID: rows made on different laptops never collide when merged."""
    return str(uuid.uuid4())
