"""Sheet names Excel accepts, unique in a stable order.

Excel refuses []*?:/\\ in a sheet name, names over 31 characters, names starting or ending
with an apostrophe, the name "History", and two names differing only in case. Names are
taken in the order the workbook plans its sheets (fixed sheets first, then questionnaires
by name and family id), so the same data always gives the same names.
"""

from __future__ import annotations

import re

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]*?:/\\\x00-\x1f]")

#: Sheets the workbook has or will have (later issues add the coding and summary sheets);
#: taken before any questionnaire, so a questionnaire called "About" cannot move them.
FIXED_SHEETS = (
    "About",
    "Interviews",
    "Focus groups",
    "Participants",
    "Dictionary",
    "Codes",
    "Coded segments",
    "Theme matrix (sites)",
    "Theme matrix (roles)",
    "Summary",
)


def clean_sheet_name(name: str, fallback: str = "Sheet") -> str:
    """`name` with forbidden characters replaced, trimmed to Excel's 31 characters."""
    cleaned = _FORBIDDEN.sub("_", name).strip().strip("'").strip()
    cleaned = cleaned[:MAX_SHEET_NAME].rstrip().strip("'")
    if not cleaned:
        cleaned = fallback
    if cleaned.lower() == "history":
        cleaned = f"{cleaned}_"
    return cleaned


def _with_suffix(base: str, suffix: str) -> str:
    return base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix


class SheetNames:
    """Hands out unique sheet names; a taken name gets `_2`, `_3`, ... (case-insensitive)."""

    def __init__(self, reserved: tuple[str, ...] = FIXED_SHEETS) -> None:
        self._taken: set[str] = {name.lower() for name in reserved}

    def take(self, wanted: str, fallback: str = "Sheet") -> str:
        base = clean_sheet_name(wanted, fallback)
        name = base
        counter = 1
        while name.lower() in self._taken:
            counter += 1
            name = _with_suffix(base, f"_{counter}")
        self._taken.add(name.lower())
        return name

    def continuation(self, base: str, number: int) -> str:
        """The name of the sheet a too-long sheet continues on: `Base (2)`, `Base (3)`."""
        name = _with_suffix(base, f" ({number})")
        counter = 1
        while name.lower() in self._taken:
            counter += 1
            name = _with_suffix(base, f" ({number})_{counter}")
        self._taken.add(name.lower())
        return name
