"""Reading a transcript text into turns: `Name: what they said`, as NVivo, ATLAS.ti and MAXQDA
take them. Pure text work, no database.

- Bytes are decoded from UTF-8 (with or without a byte-order mark), UTF-16 with a mark,
  else Windows-1252 (Word's "Plain text" on Windows), else Latin-1, which never fails.
- Windows and old Mac line endings, Word's manual line and page breaks become newlines.
- A turn starts with a name of up to four words and a colon (then a space, the end of the
  line or a letter). A timestamp may stand before or after the name: `[00:12:31]`,
  `(00:12:31)`, `00:12:31`, `12:31`, MAXQDA's `#00:12:31-5#`; a bracketed one may also open
  the text. It becomes the turn's elapsed time.
- A line that does not start a turn belongs to the turn before it (joined with a newline);
  blank lines are skipped. Text before the first turn is kept as the preamble.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from storage.errors import ValidationError

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_STAMP = rf"(?:\[{_TIME}\]|\({_TIME}\)|#{_TIME}(?:-\d+)?#|{_TIME})"
_BRACKETED = rf"(?:\[{_TIME}\]|\({_TIME}\)|#{_TIME}(?:-\d+)?#)"
_NAME = r"[^\W\d_][\w.'’&/-]*(?:[ \t]+[\w.'’&/()-]+){0,3}?"
_TURN = re.compile(
    rf"^(?:(?P<before>{_STAMP})[ \t]*)?"
    rf"(?P<name>{_NAME})[ \t]*"
    rf"(?:(?P<after>{_STAMP})[ \t]*)?"
    rf":(?:[ \t]+|$|(?=[^\W\d_]))"
    rf"(?:(?P<opening>{_BRACKETED})[ \t]*)?"
    rf"(?P<text>.*)$"
)
_CLOCK = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})


class TranscriptError(ValidationError):
    """The text could not be read as a transcript; nothing was imported."""


@dataclass
class ParsedTurn:
    """One speaker's turn as written: the name, their words, when (if stamped), first line."""

    speaker: str
    text: str
    elapsed_ms: int | None
    line: int


@dataclass
class ParsedTranscript:
    turns: list[ParsedTurn]
    preamble: str = ""
    encoding: str = "utf-8"
    dropped_empty: int = 0
    names: list[str] = field(default_factory=list)

    def turn_counts(self) -> dict[str, int]:
        """How many turns each name (as first spelled) has."""
        counts = dict.fromkeys(self.names, 0)
        for turn in self.turns:
            counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
        return counts


def name_key(name: str) -> str:
    """Names are matched ignoring case, spacing and a trailing full stop."""
    return " ".join(name.split()).strip(" .").casefold()


def decode_transcript(data: bytes) -> tuple[str, str]:
    """The text of a transcript file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8 (with byte-order mark)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2:].decode(codec, errors="replace"), "utf-16 (with byte-order mark)"
    for codec, shown in (("utf-8", "utf-8"), ("cp1252", "windows-1252")):
        try:
            return data.decode(codec), shown
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def normalise_lines(text: str) -> list[str]:
    text = text.lstrip("\ufeff").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
    return text.split("\n")


def stamp_ms(stamp: str | None) -> int | None:
    """`[01:02:03]` -> 3723000 ms; None when there is no stamp."""
    if not stamp:
        return None
    found = _CLOCK.search(stamp)
    if found is None:
        return None
    hours, minutes, seconds, fraction = found.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    millis = int((fraction or "0").ljust(3, "0")[:3])
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def turn_start(line: str) -> tuple[str, int | None, str] | None:
    """(name, elapsed ms, text) if the line starts a turn, else None."""
    found = _TURN.match(line.strip())
    if found is None:
        return None
    name = " ".join(found["name"].split()).rstrip()
    if len(name) > 40:
        return None
    stamp = found["before"] or found["after"] or found["opening"]
    return name, stamp_ms(stamp), found["text"].strip()


def parse_transcript(
    text: str, not_speakers: Iterable[str] = (), encoding: str = "utf-8"
) -> ParsedTranscript:
    """Turns of a transcript text; `not_speakers` are names whose lines continue a turn.

    Raises TranscriptError when no line looks like a turn.
    """
    ignored = {name_key(name) for name in not_speakers}
    turns: list[ParsedTurn] = []
    preamble: list[str] = []
    spelling: dict[str, str] = {}
    for number, line in enumerate(normalise_lines(text), start=1):
        started = turn_start(line) if line.strip() else None
        if started and name_key(started[0]) not in ignored:
            name, elapsed, words = started
            name = spelling.setdefault(name_key(name), name)
            turns.append(ParsedTurn(name, words, elapsed, number))
            continue
        if not line.strip():
            continue
        if turns:
            turn = turns[-1]
            turn.text = f"{turn.text}\n{line.strip()}" if turn.text else line.strip()
        else:
            preamble.append(line.strip())
    if not turns:
        raise TranscriptError(
            "No line looks like the start of a turn ('Name: what they said'), so nothing was "
            "imported. Check that each turn starts with the speaker's name and a colon."
        )
    kept = [turn for turn in turns if turn.text.strip()]
    names = list(dict.fromkeys(turn.speaker for turn in kept))
    return ParsedTranscript(
        turns=kept,
        preamble="\n".join(preamble),
        encoding=encoding,
        dropped_empty=len(turns) - len(kept),
        names=names,
    )


def read_transcript(data: bytes, not_speakers: Iterable[str] = ()) -> ParsedTranscript:
    """Decode and parse a transcript file's bytes."""
    text, encoding = decode_transcript(data)
    return parse_transcript(text, not_speakers, encoding)
