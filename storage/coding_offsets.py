"""Coded spans follow their words when the text they sit in is edited.

A coding stores character offsets into a note's text (or a text answer). When the text is
edited the offsets would point at the wrong words, so the old and new texts are compared word
by word (difflib opcodes over word, space and punctuation tokens, after trimming the common
head and tail) and each span boundary is carried across:

- text typed before a span moves it; text typed inside it widens it;
- text typed exactly at a span's edge stays outside it (the span keeps its own words);
- a word of the span that is replaced is replaced inside the span;
- a span whose words are all deleted is gone (None);
- when the diff loses a span whose exact words are still in the text (a diff cannot tell
  "deleted here, typed again there" from a move), the nearest occurrence of them is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from storage.changes import Changes

if TYPE_CHECKING:
    from storage.store import Store

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class _Op:
    """One diff opcode in character offsets: old [old_start, old_end) -> new [new_start, ...)."""

    tag: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _offsets(tokens: list[str]) -> list[int]:
    """Character offset of each token's start, plus the end of the text."""
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def diff_ops(old_text: str, new_text: str) -> list[_Op]:
    """The edit from old to new as character-offset opcodes, diffed on whole words."""
    old_tokens, new_tokens = _tokens(old_text), _tokens(new_text)
    head = 0
    limit = min(len(old_tokens), len(new_tokens))
    while head < limit and old_tokens[head] == new_tokens[head]:
        head += 1
    tail = 0
    while (
        tail < limit - head
        and old_tokens[len(old_tokens) - 1 - tail] == new_tokens[len(new_tokens) - 1 - tail]
    ):
        tail += 1
    old_mid = old_tokens[head : len(old_tokens) - tail]
    new_mid = new_tokens[head : len(new_tokens) - tail]
    opcodes = [("equal", 0, head, 0, head)] if head else []
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        opcodes.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        opcodes.append(
            (
                "equal",
                len(old_tokens) - tail,
                len(old_tokens),
                len(new_tokens) - tail,
                len(new_tokens),
            )
        )
    old_at, new_at = _offsets(old_tokens), _offsets(new_tokens)
    return [
        _Op(tag, old_at[i1], old_at[i2], new_at[j1], new_at[j2])
        for tag, i1, i2, j1, j2 in opcodes
        if i1 != i2 or j1 != j2
    ]


def _map_start(ops: list[_Op], position: int) -> int:
    """Where a span's first character goes: text inserted right before it stays outside."""
    for op in ops:
        if op.tag != "insert" and op.old_start <= position < op.old_end:
            if op.tag == "equal":
                return op.new_start + (position - op.old_start)
            return op.new_start
    return ops[-1].new_end if ops else position


def _map_end(ops: list[_Op], position: int) -> int:
    """Where a span's end goes: text inserted right after it stays outside."""
    for op in reversed(ops):
        if op.tag != "insert" and op.old_start < position <= op.old_end:
            if op.tag == "equal":
                return op.new_start + (position - op.old_start)
            return op.new_end
    return 0


def adjust_span(start: int, end: int, old_text: str, new_text: str) -> tuple[int, int] | None:
    """The span (start, end) of `old_text` carried onto `new_text`, or None if its words are gone.

    Offsets are Python string indices (code points), as codings store them.
    """
    if not 0 <= start < end <= len(old_text):
        return None
    if old_text == new_text:
        return start, end
    return _adjust_with(diff_ops(old_text, new_text), start, end, old_text, new_text)


def _adjust_with(
    ops: list[_Op], start: int, end: int, old_text: str, new_text: str
) -> tuple[int, int] | None:
    new_start = _map_start(ops, start)
    new_end = _map_end(ops, end)
    mapped = (new_start, new_end)
    if new_end <= new_start or not new_text[new_start:new_end].strip():
        mapped = None
    words = old_text[start:end]
    if mapped is not None and _shares_a_word(words, new_text[new_start:new_end]):
        return mapped
    # The diff lost the span, or put it on other words (a diff cannot tell "deleted here,
    # typed again there" from a move): the span's own words, if still there, win.
    found = _nearest(new_text, words, new_start)
    return found if found is not None else mapped


def _shares_a_word(old: str, new: str) -> bool:
    old_words = {token.casefold() for token in _tokens(old) if token.strip()}
    return any(token.casefold() in old_words for token in _tokens(new) if token.strip())


def _nearest(text: str, words: str, anchor: int) -> tuple[int, int] | None:
    """The occurrence of `words` in `text` that starts nearest to `anchor`."""
    best: int | None = None
    at = text.find(words)
    while at != -1:
        if best is None or abs(at - anchor) < abs(best - anchor):
            best = at
        at = text.find(words, at + 1)
    return None if best is None else (best, best + len(words))


def adjust_spans(
    spans: list[tuple[int, int]], old_text: str, new_text: str
) -> list[tuple[int, int] | None]:
    """adjust_span for several spans of one text, diffing the texts once."""
    if old_text == new_text:
        return [(start, end) if 0 <= start < end <= len(old_text) else None for start, end in spans]
    ops = diff_ops(old_text, new_text)
    return [
        _adjust_with(ops, start, end, old_text, new_text)
        if 0 <= start < end <= len(old_text)
        else None
        for start, end in spans
    ]


def adjust_codings_for_note_edit(
    store: Store, note_id: str, old_text: str, new_text: str
) -> Changes:
    """Move the codings of a note after its text changed; codings whose words are gone are
    deleted (tombstoned). Call inside the transaction that saves the new text."""
    return _adjust_codings(store, "note_id", note_id, old_text, new_text)


def adjust_codings_for_answer_edit(
    store: Store, answer_id: str, old_text: str, new_text: str
) -> Changes:
    """The same for a free-text answer (its decoded string value)."""
    return _adjust_codings(store, "answer_id", answer_id, old_text, new_text)


def _adjust_codings(
    store: Store, column: str, unit_id: str, old_text: str, new_text: str
) -> Changes:
    changes = Changes()
    if old_text == new_text:
        return changes
    codings = store.rows(
        f'SELECT id, start, "end" FROM codings WHERE {column} = ? AND deleted = 0', (unit_id,)
    )
    if not codings:
        return changes
    moved = adjust_spans([(c["start"], c["end"]) for c in codings], old_text, new_text)
    writer = store.repos.writer
    with store.transaction():
        for coding, span in zip(codings, moved, strict=True):
            if span is None:
                writer.delete("codings", coding["id"])
                changes.add("codings", coding["id"])
            elif span != (coding["start"], coding["end"]):
                writer.update("codings", coding["id"], {"start": span[0], "end": span[1]})
                changes.add("codings", coding["id"])
    return changes
