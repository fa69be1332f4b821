"""Choosing the column order of an exported sheet so the reader finds the same definition.

The reader keeps a question's texts and other columns in sheet order (`{"English": ..,
"French": ..}`), lists languages in the order their first column appears, and takes the
first label column's language as the default. Each question shows part of the original
column order; these functions find one order that agrees with all of them, so the
re-imported definition is equal down to the order of its keys (and so its sha256).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence


class _Graph:
    """Headers with 'comes before' edges taken from consecutive keys of each sequence."""

    def __init__(self, sequences: Iterable[Sequence[str]]) -> None:
        self.seen: dict[str, int] = {}
        self.after: dict[str, set[str]] = {}
        self.waiting: dict[str, int] = {}
        for sequence in sequences:
            for key in sequence:
                if key not in self.seen:
                    self.seen[key] = len(self.seen)
                    self.after[key] = set()
                    self.waiting[key] = 0
            for before, key in zip(sequence, sequence[1:], strict=False):
                if before != key and key not in self.after[before]:
                    self.after[before].add(key)
                    self.waiting[key] += 1
        self.ready = [(self.seen[k], k) for k, count in self.waiting.items() if count == 0]
        heapq.heapify(self.ready)
        self.left = len(self.seen)

    def take(self, accept: Callable[[str], bool]) -> str | None:
        """The earliest-seen ready key that `accept` allows, removed from the graph."""
        held = []
        found = None
        while self.ready:
            item = heapq.heappop(self.ready)
            if accept(item[1]):
                found = item[1]
                break
            held.append(item)
        for item in held:
            heapq.heappush(self.ready, item)
        if found is not None:
            self._remove(found)
        return found

    def take_any(self) -> str:
        """Ready first; on a cycle (inconsistent rows), the earliest-seen key left."""
        if self.ready:
            key = heapq.heappop(self.ready)[1]
        else:
            key = min((k for k, count in self.waiting.items() if count >= 0), key=self.seen.get)
        self._remove(key)
        return key

    def _remove(self, key: str) -> None:
        self.waiting[key] = -1
        self.left -= 1
        for following in self.after[key]:
            if self.waiting[following] > 0:
                self.waiting[following] -= 1
                if self.waiting[following] == 0:
                    heapq.heappush(self.ready, (self.seen[following], following))


def merged_order(sequences: Iterable[Sequence[str]]) -> list[str]:
    """One order that keeps every sequence's own order (ties: first seen first)."""
    graph = _Graph(sequences)
    return [graph.take_any() for _ in range(graph.left)]


def text_column_order(
    sequences: Iterable[Sequence[str]],
    language_of: Mapping[str, str],
    languages: Sequence[str],
    placeholder: Callable[[str], str],
    default_label: str | None = None,
    is_label: Callable[[str], bool] = lambda header: False,
    listed_elsewhere: Iterable[str] = (),
) -> list[str]:
    """Text headers ordered so that every sequence keeps its order, languages first appear
    in `languages` order and, with `default_label`, that label is the first label column.

    A language with no column of its own gets `placeholder(language)` (an empty column) at
    its place, unless it is `listed_elsewhere` (another sheet holds its place).
    """
    graph = _Graph(sequences)
    order: list[str] = []
    introduced: set[str] = set()
    used = {language_of[header] for header in graph.seen}
    elsewhere = set(listed_elsewhere)
    default_pending = default_label is not None and default_label in graph.seen

    def allowed(header: str, language: str | None = None) -> bool:
        if default_pending and is_label(header) and header != default_label:
            return False
        if language is not None:
            return language_of[header] == language
        return language_of[header] in introduced

    for language in languages:
        if language in introduced:
            continue
        while (found := graph.take(allowed)) is not None:
            order.append(found)
            default_pending = default_pending and found != default_label
        if language in used:
            found = graph.take(lambda h, language=language: allowed(h, language))
            if found is None:
                found = graph.take_any()  # rows that disagree: keep going, order may differ
            order.append(found)
            default_pending = default_pending and found != default_label
            introduced.add(language_of[found])
        elif language not in elsewhere:
            order.append(placeholder(language))
        introduced.add(language)
    while graph.left:
        found = graph.take(allowed) or graph.take_any()
        order.append(found)
        default_pending = default_pending and found != default_label
    return order
