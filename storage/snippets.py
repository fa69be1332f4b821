"""Snippets of a text around the words a search matched, with the hits marked.

Made in Python from the parsed query rather than by FTS5's snippet(): for a prefix query
FTS5 re-expands the prefix for every row shown (about a millisecond each on 100,000 notes),
while a text of a few hundred words is scanned here in microseconds. Words are compared the
way the index's tokenizer (unicode61, remove_diacritics) compares them: case and accents
folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storage.repositories.note_review import HIT_END, HIT_START
from storage.search_query import ParsedQuery

_WORD = re.compile(r"\w+", re.UNICODE)
ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """A word as the tokenizer indexes it: lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _matcher(query: ParsedQuery) -> tuple[set[str], tuple[str, ...]]:
    words: set[str] = set()
    prefixes: list[str] = []
    for group in query.alternatives:
        for term in group:
            for index, word in enumerate(term.words):
                if term.prefix and index == len(term.words) - 1:
                    prefixes.append(fold(word))
                else:
                    words.add(fold(word))
    return words, tuple(prefixes)


def hit_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that a term of the query matches."""
    words, prefixes = _matcher(query)
    spans = []
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded in words or (prefixes and folded.startswith(prefixes)):
            spans.append(match.span())
    return spans


def make_snippet(text: str, query: ParsedQuery, size: int = 24) -> str:
    """Up to `size` words of `text` around its densest cluster of hits, hits marked with
    HIT_START/HIT_END, an ellipsis where text was cut."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return text.strip()
    hits = set(hit_spans(text, query))
    flags = [token.span() in hits for token in tokens]
    first = _best_window(flags, size)
    last = min(len(tokens), first + size)
    start = tokens[first].start() if first > 0 else 0
    end = tokens[last - 1].end() if last < len(tokens) else len(text)
    pieces: list[str] = [ELLIPSIS] if first > 0 else []
    cursor = start
    for token, hit in zip(tokens[first:last], flags[first:last], strict=True):
        if not hit:
            continue
        pieces.append(text[cursor : token.start()])
        pieces.append(f"{HIT_START}{token.group()}{HIT_END}")
        cursor = token.end()
    pieces.append(text[cursor:end])
    if last < len(tokens):
        pieces.append(ELLIPSIS)
    return " ".join("".join(pieces).split()) if "\n" in text else "".join(pieces).strip()


def _best_window(flags: list[bool], size: int) -> int:
    """First token of the window of `size` tokens holding the most hits (earliest wins),
    moved back a little so the first hit is not the window's first word."""
    if len(flags) <= size:
        return 0
    count = sum(flags[:size])
    best, best_at = count, 0
    for first in range(1, len(flags) - size + 1):
        count += flags[first + size - 1] - flags[first - 1]
        if count > best:
            best, best_at = count, first
    if best == 0:
        return 0
    lead = next(i for i in range(best_at, best_at + size) if flags[i]) - best_at
    return max(0, best_at - max(0, size // 4 - lead))
