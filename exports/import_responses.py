"""import_responses: load questionnaire responses from a spreadsheet, all or nothing.

The sheet's headers are question names: a Fieldnotes export of the form, a KoboToolbox or
ODK export of the same form, or paper returns typed into Excel. Every value is checked
against the instrument; one problem anywhere refuses the whole file, the database is left
as it was, and the report lists every refused cell (sheet, row, column, why). Before
writing, a backup is taken ("before-import"). A row whose `_id` is already a session of
this form updates that session, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from exports.context import CancelCheck, ExportCancelled, ProgressCallback, Ticker
from exports.errors import DataImportError
from exports.import_report import ImportReport
from exports.import_rows import RowImporter
from exports.import_sheets import choose_sheets
from exports.questionnaire_layout import build_family_layout
from exports.tabular_read import open_table_file
from storage import export_queries as queries
from storage.import_data import import_transaction

if TYPE_CHECKING:
    from storage.store import Store


class _Refused(Exception):
    """Rolls the import's transaction back; the report says why."""


def find_form(store: Store, form_ref: str) -> dict:
    """The questionnaire an import goes into: an instrument id, form_id or name."""
    found = store.repos.instruments.find(form_ref.strip())
    if not found:
        raise DataImportError(f"No instrument has the id, form_id or name {form_ref!r}.")
    if len(found) > 1:
        described = "; ".join(
            f"{row['id']} in {(store.repos.studies.get(row['study_id']) or {}).get('name', '?')}"
            for row in found
        )
        raise DataImportError(
            f"{len(found)} instruments match {form_ref!r}; give the id of one: {described}."
        )
    form = store.repos.instruments.get(found[0]["id"]) or found[0]
    if form["kind"] != "questionnaire":
        raise DataImportError(
            f"{form['name']!r} is an {form['kind'].replace('_', ' ')} guide; responses can only "
            "be imported into a questionnaire."
        )
    return form


def import_responses(
    store: Store,
    form_ref: str,
    path: Path | str,
    *,
    sheet: str | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    backup: bool = True,
) -> ImportReport:
    """Import the responses in `path` (.xlsx or .csv) into the questionnaire `form_ref`.

    Returns a report; `report.accepted` is False when anything was refused or the import
    was cancelled, and then nothing was written. New sessions take the form's own version
    unless a `version` column names another; `sheet` picks the main sheet of a workbook.
    """
    form = find_form(store, form_ref)
    layout = build_family_layout(queries.instrument_family(store, form["family_id"]))
    report = ImportReport(Path(path), form=form["name"], instrument_id=form["id"])
    with open_table_file(path) as sheets:
        family = set(layout.instrument_ids)

        def owns_session(session_id: str) -> bool:
            found = store.repos.sessions.get(session_id)
            return found is not None and found["instrument_id"] in family

        chosen = choose_sheets(sheets, layout, sheet, owns_session)
        report.sheets = [chosen.main.name] + [group.name for group, _ in chosen.repeats]
        report.ignored_sheets = chosen.ignored
        total = chosen.main.row_count + sum(group.row_count for group, _ in chosen.repeats)
        ticker = Ticker(total, progress, cancelled)
        try:
            with import_transaction(store, backup) as (writer, taken):
                report.backup = taken
                rows = RowImporter(writer, layout, form, report, ticker)
                rows.main_sheet(chosen.main)
                sheet_of = {None: chosen.main.name}
                for group, repeat in chosen.repeats:
                    sheet_of[repeat.path] = group.name
                    rows.repeat_sheet(group, repeat, sheet_of.get(repeat.parent, ""))
                ticker.check()
                if report.problem_count:
                    raise _Refused
                counts = writer.counts
                report.sessions_added = counts.sessions_added
                report.sessions_updated = counts.sessions_updated
                report.answers_written = counts.answers_written
                for session_id in counts.session_ids:
                    report.changes.add("sessions", session_id)
                if counts.answers_written:
                    report.changes.add("answers")
        except _Refused:
            pass
        except ExportCancelled:
            report.cancelled = True
    if report.accepted:
        ticker.finish()
    return report
