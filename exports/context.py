"""What every sheet module gets: the store, the options, where to write, progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exports.options import ExportOptions, ExportReport, SplitColumn
from exports.scope import ExportScope
from exports.sheet_names import SheetNames
from exports.sheet_writer import Book, Column, SheetSink

if TYPE_CHECKING:
    from storage.store import Store

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class ExportCancelled(Exception):
    """Raised inside the export when `cancelled()` says so; never leaves export_workbook."""


class Ticker:
    """Counts work done; reports progress and checks for Cancel every few rows.

    Checking every `every` rows keeps the cost out of the per-row loop while a click on
    Cancel still stops a large export within a fraction of a second.
    """

    def __init__(
        self,
        total: int,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        every: int = 100,
    ) -> None:
        self.total = max(total, 0)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self.every = every
        self._next = every
        self._last_report = 0.0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled

    def tick(self, count: int = 1) -> None:
        self.done += count
        if self.done < self._next:
            return
        self._next = self.done + self.every
        self.check()
        now = time.monotonic()
        if self.progress is not None and now - self._last_report >= 0.05:
            self._last_report = now
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


@dataclass
class ExportContext:
    store: Store
    options: ExportOptions
    scope: ExportScope
    book: Book
    names: SheetNames
    ticker: Ticker
    report: ExportReport
    #: (sheet, columns) of every data sheet, for the Dictionary.
    described: list[tuple[str, list[Column]]] = field(default_factory=list)

    @property
    def max_text(self) -> int:
        return self.book.limits.max_text

    def open_sheet(
        self, name: str, columns: list[Column], first: bool = False, describe: bool = True
    ) -> SheetSink:
        """Start a sheet; its row count, split columns and columns go into the report."""
        sink = self.book.sheet(name, columns, first=first)
        if first:
            self.report.sheets.insert(0, sink.report)
        else:
            self.report.sheets.append(sink.report)
        for column in columns:
            if column.parts > 1:
                self.report.split_columns.append(SplitColumn(name, column.header, column.parts))
        if describe:
            self.described.append((name, columns))
        return sink
