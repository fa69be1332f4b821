"""The `fieldnotes` command: opens the GUI, or runs one scriptable verb without any GUI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__version__ = "0.1.0"


class CommandError(Exception):
    """A verb failed for a reason the user can act on; printed as one line."""


def _database_path(args: argparse.Namespace) -> Path:
    from storage.device import default_database_path

    return Path(args.db).expanduser() if getattr(args, "db", None) else default_database_path()


def _open(args: argparse.Namespace, create: bool = False, **options: object):
    from storage import open_store

    return open_store(_database_path(args), create=create, **options)


# --- verbs -------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from gui.app import run_gui

    return run_gui(Path(args.db).expanduser() if args.db else None)


def cmd_demo(args: argparse.Namespace) -> int:
    from storage.demo import build_demo

    path = _database_path(args)
    with _open(args, create=True) as store:
        summary = build_demo(store)
    print(f"Demo built in {path}: {summary}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from storage.check import check_database

    with _open(args, full_check=False) as store:
        findings = check_database(store)
    if findings:
        for finding in findings:
            print(finding, file=sys.stderr)
        print(f"{len(findings)} problem(s) found in {_database_path(args)}.", file=sys.stderr)
        return 1
    print(f"{_database_path(args)}: no problems found.")
    return 0


def cmd_import_form(args: argparse.Namespace) -> int:
    from instruments.errors import FormError
    from storage.instrument_import import import_instrument, read_instrument_file

    source = Path(args.form_file).expanduser()
    if not source.is_file():
        raise CommandError(f"There is no file at {source}.")
    try:
        instrument, report, digest = read_instrument_file(source)
    except FormError as error:
        raise CommandError(f"{source.name} was not imported: {error}") from error
    with _open(args, create=True) as store:
        imported = import_instrument(
            store,
            instrument,
            study_name=args.study,
            source_file=str(source),
            source_sha256=digest,
            report_lines=report,
        )
    for line in imported.report_lines:
        print(line)
    print(imported.summary())
    print(imported.instrument_id)
    return 0


def cmd_export_form(args: argparse.Namespace) -> int:
    from instruments.model import Instrument
    from instruments.xlsform_writer import write_instrument

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise CommandError(f"{out.name}: the XLSForm must be written to an .xlsx file.")
    with _open(args) as store:
        study_id = None
        if args.study:
            study = store.repos.studies.by_name(args.study)
            if study is None:
                raise CommandError(f"There is no study named {args.study!r}.")
            study_id = study["id"]
        found = store.repos.instruments.find(args.form, study_id)
        if not found:
            raise CommandError(f"No instrument has the id, form_id or name {args.form!r}.")
        if len(found) > 1:
            raise CommandError(
                f"{len(found)} instruments match {args.form!r}; "
                "give the instrument's id, or the study with --study NAME."
            )
        row = found[0]
        instrument = Instrument.from_dict(store.repos.instruments.definition(row["id"]))
    if not (instrument.questions or instrument.topics):
        raise CommandError(f"{row['name']} is empty: add questions or topics before exporting it.")
    try:
        write_instrument(instrument, out)
    except OSError as error:
        raise CommandError(f"Could not write {out}: {error.strerror or error}") from error
    print(f"{row['name']} (version {row['version_number']}) written to {out}")
    return 0


def _passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from --passphrase-file (never from the command line, where it would
    be seen in process lists and shell history); trailing line breaks are not part of it."""
    if not getattr(args, "passphrase_file", None):
        return None
    path = Path(args.passphrase_file).expanduser()
    try:
        passphrase = path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Could not read the passphrase file {path}: {error}") from error
    if not passphrase:
        raise CommandError(f"The passphrase file {path} is empty.")
    return passphrase


def cmd_pack(args: argparse.Namespace) -> int:
    from storage.packs import make_pack

    passphrase = _passphrase(args)
    with _open(args) as store:
        report = make_pack(
            store,
            Path(args.out).expanduser(),
            studies=args.study,
            passphrase=passphrase,
            for_label=args.for_label,
            with_identities=args.with_identities,
        )
    print(report)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from storage.packs import merge_into_path

    path = _database_path(args)
    packs = [Path(p).expanduser() for p in args.packs]
    reports = merge_into_path(path, packs, _passphrase(args))
    for report in reports:
        print(report)
    skipped = sum(1 for report in reports if report.skipped_already_merged)
    print(f"{len(reports) - skipped} pack(s) merged into {path}, {skipped} already merged before.")
    return 0


def _day(text: str | None, flag: str):
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{flag} {text!r} is not a date; use YYYY-MM-DD.") from None


def _export_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--out", required=True, metavar="FILE.xlsx", help="file to write")
    for flag, what in (
        ("--study", "study"),
        ("--instrument", "instrument (name or form_id)"),
        ("--site", "site"),
        ("--status", "session status (draft, complete, verified)"),
    ):
        sub.add_argument(
            flag, action="append", metavar="NAME", help=f"only this {what}; repeatable"
        )
    sub.add_argument("--from", dest="date_from", metavar="DATE", help="sessions started from DATE")
    sub.add_argument("--to", dest="date_to", metavar="DATE", help="sessions started up to DATE")
    for flag, what in (
        ("--labels", "question labels as headers instead of names"),
        ("--value-labels", "choice labels in cells instead of names"),
        ("--include-nonrelevant", "keep answers to questions that were not relevant"),
        ("--include-withdrawn", "keep data of participants whose consent is withdrawn"),
        ("--with-identities", "include participants' names and contacts (personal data)"),
        ("--deidentify", "for data leaving the team: no identifying questions or identities"),
    ):
        sub.add_argument(flag, action="store_true", help=what)
    sub.add_argument("--csv", metavar="SHEET", help="write only this sheet, as UTF-8 CSV")


def cmd_export(args: argparse.Namespace) -> int:
    from exports import ExportOptions, export_sheet_csv, export_workbook

    options = ExportOptions(
        studies=tuple(args.study or ()),
        instruments=tuple(args.instrument or ()),
        sites=tuple(args.site or ()),
        date_from=_day(args.date_from, "--from"),
        date_to=_day(args.date_to, "--to"),
        statuses=tuple(args.status or ()),
        header_labels=args.labels,
        value_labels=args.value_labels,
        include_nonrelevant=args.include_nonrelevant,
        include_withdrawn=args.include_withdrawn,
        with_identities=args.with_identities,
        deidentify=args.deidentify,
    )
    out = Path(args.out).expanduser()
    if not args.csv and out.suffix.lower() != ".xlsx":
        raise CommandError(f"{out.name}: the workbook must be written to an .xlsx file.")
    with _open(args) as store:
        if args.csv:
            report = export_sheet_csv(store, out, args.csv, options)
        else:
            report = export_workbook(store, out, options)
    print(report.summary())
    return 0


def cmd_import_data(args: argparse.Namespace) -> int:
    from exports import import_responses

    with _open(args) as store:
        report = import_responses(store, args.form, Path(args.file).expanduser())
    if not report.accepted:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print(f"fieldnotes import-data: {report.summary()}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.backups import restore_backup

    path = _database_path(args).resolve()
    try:
        aside = restore_backup(path, Path(args.backup).expanduser())
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from error
    kept = f"the previous file is kept as {aside}" if aside else "there was no file there before"
    print(f"Restored {args.backup} to {path}; {kept}.")
    return 0


# --- parser ------------------------------------------------------------------------------

VERBS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (cmd_demo, "create a demo study: the three programmes, with their data"),
    "check": (cmd_check, "integrity and consistency check"),
    "import-form": (cmd_import_form, "import an XLSForm (or a guide workbook) as an instrument"),
    "export-form": (cmd_export_form, "write an instrument back out as an XLSForm (or guide)"),
    "pack": (cmd_pack, "make a field pack to carry data to another laptop"),
    "merge": (cmd_merge, "merge field packs (creates the database if there is none)"),
    "export": (cmd_export, "export the coordinators' Excel workbook (or one sheet as CSV)"),
    "import-data": (cmd_import_data, "load questionnaire responses from a spreadsheet"),
    "restore": (cmd_restore, "put a backup back (the current file is kept aside)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldnotes",
        description="Fieldnotes: offline questionnaires, interviews and focus groups.",
    )
    parser.add_argument("--version", action="version", version=f"fieldnotes {__version__}")
    parser.add_argument("--db", help="database file (default: your user data folder)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, (_, summary) in VERBS.items():
        sub = verbs.add_parser(name, help=summary, description=summary)
        sub.add_argument("--db", default=argparse.SUPPRESS, help="database file")
        if name == "import-form":
            sub.add_argument("form_file", metavar="FORM.xlsx", help="the XLSForm or guide")
            sub.add_argument("--study", help="study to import into (created if new)")
        if name == "export-form":
            sub.add_argument("--form", required=True, help="instrument id, form_id or name")
            sub.add_argument("--out", required=True, metavar="FILE.xlsx", help="file to write")
            sub.add_argument("--study", help="study to look in, when several have the form")
        if name == "pack":
            sub.add_argument("--out", required=True, metavar="FILE.fieldpack", help="pack to write")
            sub.add_argument(
                "--study", action="append", metavar="NAME", help="study to pack (repeatable)"
            )
            sub.add_argument("--passphrase-file", metavar="F", help="encrypt with this passphrase")
            sub.add_argument(
                "--for", dest="for_label", metavar="LABEL", help="only changes since LABEL's last"
            )
            sub.add_argument(
                "--with-identities",
                action="store_true",
                help="include participants' names and contacts (personal data)",
            )
        if name == "merge":
            sub.add_argument("packs", nargs="+", metavar="FILE.fieldpack", help="packs to merge")
            sub.add_argument("--passphrase-file", metavar="F", help="passphrase of the packs")
        if name == "export":
            _export_arguments(sub)
        if name == "import-data":
            sub.add_argument("--form", required=True, help="instrument id or form_id")
            sub.add_argument("file", metavar="FILE.xlsx|FILE.csv", help="the responses")
        if name == "restore":
            sub.add_argument("--backup", required=True, help="the backup file to put back")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from storage.errors import StorageError

    args = build_parser().parse_args(argv)
    if args.verb is None:
        return cmd_gui(args)
    handler = VERBS[args.verb][0]
    try:
        return handler(args)
    except (StorageError, CommandError) as error:
        reason = " ".join(str(error).split())  # one line, whatever the error's own text
        print(f"fieldnotes {args.verb}: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"fieldnotes {args.verb}: interrupted; nothing half-done was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback in front of a user
        if os.environ.get("FIELDNOTES_DEBUG"):
            raise
        detail = " ".join(str(error).split())
        print(
            f"fieldnotes {args.verb}: unexpected error ({type(error).__name__}: {detail}). "
            "Set FIELDNOTES_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
