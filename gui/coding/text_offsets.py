"""Python string offsets (what codings store) against Qt text positions (UTF-16 units).

They differ only for characters outside the Basic Multilingual Plane (emoji, some CJK),
which count 1 in Python and 2 in Qt; without this conversion a coded span after such a
character would be highlighted one place off.
"""

from __future__ import annotations


def _wide(char: str) -> bool:
    return ord(char) > 0xFFFF


def to_qt(text: str, index: int) -> int:
    """The Qt position of Python index `index` in `text`."""
    if text.isascii():
        return index
    return index + sum(1 for char in text[:index] if _wide(char))


def from_qt(text: str, position: int) -> int:
    """The Python index of Qt position `position` in `text` (inside a pair: the next char)."""
    if text.isascii():
        return min(position, len(text))
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if _wide(char) else 1
    return len(text)
