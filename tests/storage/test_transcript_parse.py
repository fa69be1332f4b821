"""Reading transcripts as NVivo, ATLAS.ti and MAXQDA write them, whatever the encoding."""

from __future__ import annotations

import pytest

from storage.transcript_parse import (
    TranscriptError,
    decode_transcript,
    parse_transcript,
    read_transcript,
    stamp_ms,
    turn_start,
)

SAMPLE = "Interviewer: How did you first get help?\nCUM-K01: Through the GP – eventually.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8 (with byte-order mark)"),
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16 (with byte-order mark)"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16 (with byte-order mark)"),
        (SAMPLE.encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings_word_and_transcribers_leave(data, encoding):
    transcript = read_transcript(data)
    assert transcript.encoding == encoding
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Interviewer", "How did you first get help?"),
        ("CUM-K01", "Through the GP – eventually."),
    ]


def test_undecodable_bytes_still_read_as_latin_1():
    text, encoding = decode_transcript(b"P1: caf\x81\xe9\n")
    assert encoding == "latin-1"
    assert text.startswith("P1: caf")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_and_continuation_lines(newline):
    text = newline.join(
        [
            "Focus group, Carlisle, 10 June",
            "",
            "Facilitator: Welcome.",
            "P1: It started with the GP",
            "and then nothing for months.",
            "",
            "",
            "P2: Same for us.",
        ]
    )
    transcript = parse_transcript(text)
    assert transcript.preamble == "Focus group, Carlisle, 10 June"
    assert [(t.speaker, t.text, t.line) for t in transcript.turns] == [
        ("Facilitator", "Welcome.", 3),
        ("P1", "It started with the GP\nand then nothing for months.", 4),
        ("P2", "Same for us.", 8),
    ]
    assert transcript.names == ["Facilitator", "P1", "P2"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[00:12:31] Interviewer: So tell me", ("Interviewer", 751_000, "So tell me")),
        ("00:12:31 P1: yes", ("P1", 751_000, "yes")),
        ("Mary Jones [00:01:02]: ok", ("Mary Jones", 62_000, "ok")),
        ("Mary Jones 01:02:03: ok", ("Mary Jones", 3_723_000, "ok")),
        ("R: [00:03:04] well", ("R", 184_000, "well")),
        ("(12:31) Dr. Patel: fine", ("Dr. Patel", 751_000, "fine")),
        ("#00:12:31-5# Int: hm", ("Int", 751_000, "hm")),
        ("Siân Owen: diolch", ("Siân Owen", None, "diolch")),
        ("Speaker 1:", ("Speaker 1", None, "")),
        ("P3:no space", ("P3", None, "no space")),
    ],
)
def test_turn_starts_with_timestamps_before_or_after_the_name(line, expected):
    assert turn_start(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "see http://example.org: it helps",
        "A sentence with far too many words before its colon: no",
        "10:30 was when they came",
        "- a bullet point",
    ],
)
def test_lines_that_are_not_turns(line):
    assert turn_start(line) is None


def test_stamps():
    assert stamp_ms("[1:02:03.5]") == 3_723_500
    assert stamp_ms("00:99:00") is None
    assert stamp_ms(None) is None


def test_names_match_ignoring_case_and_keep_their_first_spelling():
    transcript = parse_transcript("p1: one\nP1: two\nP1.: three\n")
    assert transcript.names == ["p1"]
    assert transcript.turn_counts() == {"p1": 3}


def test_empty_turns_are_dropped_and_counted():
    transcript = parse_transcript("P1: hello\nP2:\n\nP3: bye\n")
    assert [t.speaker for t in transcript.turns] == ["P1", "P3"]
    assert transcript.dropped_empty == 1


def test_not_speakers_continue_the_turn_before():
    transcript = parse_transcript("P1: I said\nNote: this matters\nP2: yes", not_speakers=["note"])
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("P1", "I said\nNote: this matters"),
        ("P2", "yes"),
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "Just a paragraph of notes\nwith no speakers."])
def test_nothing_that_looks_like_a_turn_is_refused_whole(text):
    with pytest.raises(TranscriptError, match="No line looks like the start of a turn"):
        parse_transcript(text)
