"""export_workbook and export_sheet_csv: plan the sheets, stream them, then move into place.

The file is written to a temporary name in the target's folder and moved over the target
only when complete (os.replace), so a cancelled or failed export leaves no file, or the
previous file untouched, at the target path. The whole export reads one snapshot of the
database, so a fieldworker saving meanwhile cannot make sheets disagree.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from exports.about_sheet import write_about
from exports.coding_sheets import SHEETS as CODING_SHEETS
from exports.coding_sheets import write_coding_sheets
from exports.context import CancelCheck, ExportCancelled, ExportContext, ProgressCallback, Ticker
from exports.dictionary_sheet import write_dictionary
from exports.errors import ExportError
from exports.focus_groups_sheet import write_focus_groups
from exports.interviews_sheet import write_interviews
from exports.options import ExportOptions, ExportReport
from exports.participants_sheet import write_participants
from exports.questionnaire_sheet import SheetPlan, plan_names, write_questionnaire
from exports.scope import ExportScope, resolve_scope
from exports.sheet_names import SheetNames
from exports.sheet_writer import Book, CsvBook, XlsxBook
from exports.summary_sheet import write_summary
from storage import export_queries as queries

if TYPE_CHECKING:
    from storage.store import Store

FIXED_AFTER_QUESTIONNAIRES = (
    "Interviews",
    "Focus groups",
    "Participants",
    "Dictionary",
    *CODING_SHEETS,
    "Summary",
)


def _total_work(store: Store, scope: ExportScope, options: ExportOptions) -> int:
    flt = scope.filter
    total = sum(queries.count_sessions(store, f.instrument_ids, flt) for f in scope.families)
    for kind in ("interview", "focus_group"):
        total += queries.count_notes(store, scope.guide_ids(kind), flt)
    if scope.study_ids:
        total += queries.count_participants(
            store, scope.study_ids, scope.site_ids, options.include_withdrawn
        )
    return total


def sheet_names(plans: list[SheetPlan]) -> list[str]:
    """Every sheet a workbook has, in order (continuation sheets aside)."""
    names = ["About"]
    for plan in plans:
        names += [plan.main, *plan.repeats.values()]
    return names + list(FIXED_AFTER_QUESTIONNAIRES)


def _write_sheets(ctx: ExportContext, plans: list[SheetPlan]) -> None:
    for plan in plans:
        write_questionnaire(ctx, plan)
    write_interviews(ctx)
    write_focus_groups(ctx)
    write_participants(ctx)
    write_dictionary(ctx)
    write_coding_sheets(ctx)
    write_summary(ctx)
    write_about(ctx)
    ctx.ticker.check()


def _temporary_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name to export to.")
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist.")


def _move_into_place(partial: Path, target: Path) -> None:
    try:
        os.replace(partial, target)
    except OSError as error:
        raise ExportError(
            f"Could not write {target} ({error.strerror or error}); if it is open in Excel, "
            "close it and export again."
        ) from error


@contextlib.contextmanager
def _export_run(
    store: Store,
    options: ExportOptions,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> Iterator[tuple[ExportScope, list[SheetPlan], SheetNames, Ticker, ExportReport]]:
    with queries.read_snapshot(store):
        scope = resolve_scope(store, options)
        names = SheetNames()
        plans = [plan_names(layout, names) for layout in scope.families]
        ticker = Ticker(_total_work(store, scope, options), progress, cancelled)
        report = ExportReport(
            deidentified=options.deidentify,
            identities_included=options.with_identities and not options.deidentify,
        )
        yield scope, plans, names, ticker, report


def export_workbook(
    store: Store,
    out_path: Path | str,
    options: ExportOptions | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportReport:
    """Write the coordinators' workbook (DESIGN.md section 4) to `out_path`.

    `progress(done, total)` is called as rows are written; `cancelled()` is checked every
    hundred rows, and when it returns True the export stops, no file is left at
    `out_path`, and the report says `cancelled`.
    """
    options = options or ExportOptions()
    target = Path(out_path).expanduser().resolve()
    _check_target(target)
    started = time.monotonic()
    with _export_run(store, options, progress, cancelled) as (scope, plans, names, ticker, report):
        book = XlsxBook(options.limits, names)
        partial = _temporary_beside(target)
        ctx = ExportContext(store, options, scope, book, names, ticker, report)
        try:
            _write_sheets(ctx, plans)
            saving = time.monotonic()
            book.save(str(partial))
            report.timings["save"] = time.monotonic() - saving
            _move_into_place(partial, target)
        except ExportCancelled:
            report.cancelled = True
            book.discard()
        except BaseException:
            book.discard()
            raise
        finally:
            partial.unlink(missing_ok=True)
    if not report.cancelled:
        report.path = target
        ticker.finish()
    report.seconds = time.monotonic() - started
    return report


def export_sheet_csv(
    store: Store,
    out_path: Path | str,
    sheet: str,
    options: ExportOptions | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportReport:
    """Write one sheet of the workbook as CSV: UTF-8 with a byte-order mark, for Excel.

    No cell or row limit applies, so nothing is split. Text Excel would take for a formula
    gets a protective leading apostrophe (see exports.cells.csv_text).
    """
    options = options or ExportOptions()
    target = Path(out_path).expanduser().resolve()
    _check_target(target)
    started = time.monotonic()
    with _export_run(store, options, progress, cancelled) as (scope, plans, names, ticker, report):
        available = sheet_names(plans)
        if sheet.strip().lower() not in {name.lower() for name in available}:
            raise ExportError(
                f"There is no sheet called {sheet!r}; sheets are: {', '.join(available)}."
            )
        report.csv_sheet = next(n for n in available if n.lower() == sheet.strip().lower())
        partial = _temporary_beside(target)
        try:
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                book: Book = CsvBook(handle, sheet.strip())
                ctx = ExportContext(store, options, scope, book, names, ticker, report)
                _write_sheets(ctx, plans)
            _move_into_place(partial, target)
        except ExportCancelled:
            report.cancelled = True
        finally:
            partial.unlink(missing_ok=True)
    if not report.cancelled:
        report.path = target
        ticker.finish()
    report.seconds = time.monotonic() - started
    return report
