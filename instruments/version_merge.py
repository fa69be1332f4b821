"""One set of data columns for all versions of an instrument.

Sessions of version 1 and version 2 go on the same export sheet, so the sheet needs every
question any version asked: the latest version's questions in its order, then questions
later versions removed (their old answers stay visible instead of being dropped).
"""

from __future__ import annotations

from collections.abc import Sequence

from instruments.model import Instrument, Question


def merged_columns(instruments: Sequence[Instrument]) -> list[tuple[str, Question]]:
    """(path, question) for every path in any version; versions given oldest first.

    The latest version's questions come first, in its order; then paths it no longer
    has, taken from the versions before it newest first, each in that version's order
    and with its definition from the newest version that had it (as the Excel export's
    family layout orders them).
    """
    columns: dict[str, Question] = {}
    for instrument in reversed(instruments):
        for path, question in instrument.walk():
            columns.setdefault(path, question)
    return list(columns.items())
