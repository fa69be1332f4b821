"""What a user types in the search box, turned into an FTS5 query that never fails to parse.

Understood: words (all must match), "quoted phrases", prefixes (`budg*`), OR between terms,
and exclusions (`-word` or `NOT word`). Everything else a user might type (stray quotes,
`*` alone, `AND`, parentheses, `column:` syntax, punctuation) is read as plain words or
dropped; every term reaches FTS5 inside double quotes, so no input can inject syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+", re.UNICODE)
_CHUNK = re.compile(r'"[^"]*"?\*?|\S+')
# A one-letter prefix would expand to a large share of the vocabulary; it is read as a word.
MIN_PREFIX = 2


@dataclass(frozen=True)
class Term:
    """A word or phrase (its words), possibly a prefix of its last word."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


@dataclass
class ParsedQuery:
    """Alternatives (OR) of terms that must all match, minus excluded terms."""

    alternatives: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(self.alternatives)

    def fts(self) -> str:
        """The FTS5 MATCH expression ('' when there is nothing to look for)."""
        groups = [group for group in self.alternatives if group]
        if not groups:
            return ""
        parts = [" AND ".join(term.fts() for term in group) for group in groups]
        expression = " OR ".join(f"({part})" for part in parts)
        if self.excluded:
            excluded = " OR ".join(term.fts() for term in self.excluded)
            expression = f"({expression}) NOT ({excluded})"
        return expression

    def highlight_words(self) -> list[str]:
        """Lower-case words (and prefixes) to mark in a text that FTS did not snippet."""
        return [
            word.lower() for group in self.alternatives for term in group for word in term.words
        ]


def _term(chunk: str) -> Term | None:
    prefix = chunk.endswith("*")
    words = tuple(_WORD.findall(chunk))
    if not words:
        return None
    if prefix and len(words[-1]) < MIN_PREFIX:
        prefix = False
    return Term(words, prefix)


def parse_query(text: str) -> ParsedQuery:
    """Read a user's search text; never raises, whatever they typed."""
    parsed = ParsedQuery(alternatives=[[]])
    exclude_next = False
    for chunk in _CHUNK.findall(text or ""):
        if chunk == "OR":
            if parsed.alternatives[-1]:
                parsed.alternatives.append([])
            continue
        if chunk in ("AND", "NOT"):
            exclude_next = chunk == "NOT"
            continue
        excluded = exclude_next or (chunk.startswith("-") and len(chunk) > 1)
        exclude_next = False
        if chunk.startswith('"'):
            body = chunk[1:]
            prefix = body.endswith('"*')
            term = _term(body.rstrip("*").rstrip('"') + ("*" if prefix else ""))
        else:
            term = _term(chunk.lstrip("-").strip("()"))
        if term is None:
            continue
        (parsed.excluded if excluded else parsed.alternatives[-1]).append(term)
    if not parsed.alternatives[-1] and len(parsed.alternatives) > 1:
        parsed.alternatives.pop()
    return parsed


def fts_expression(text: str) -> str:
    """A user's search text as a safe FTS5 MATCH expression ('' when nothing to search)."""
    return parse_query(text).fts()
