"""What every repository shares: its store and the stamped, audited writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.records import RowWriter
    from storage.store import Store


class Repository:
    def __init__(self, store: Store, writer: RowWriter) -> None:
        self.store = store
        self.writer = writer


def required_text(value: str | None, what: str, field: str | None = None) -> str:
    """Trimmed text, or a ValidationError naming the field."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{what} must not be empty.", field)
    return text
