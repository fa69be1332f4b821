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


def cmd_restore(args: argparse.Namespace) -> int:
    from storage.backups import restore_backup

    path = _database_path(args).resolve()
    try:
        aside = restore_backup(path, Path(args.backup).expanduser())
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from error
    print(f"Restored {args.backup} to {path}; the previous file is kept as {aside}.")
    return 0


# --- parser ------------------------------------------------------------------------------

VERBS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (cmd_demo, "create a demo study: the three programmes, with their data"),
    "check": (cmd_check, "integrity and consistency check"),
    "import-form": (cmd_import_form, "import an XLSForm (or a guide workbook) as an instrument"),
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
        print(f"fieldnotes {args.verb}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"fieldnotes {args.verb}: interrupted; nothing half-done was kept.", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback in front of a user
        if os.environ.get("FIELDNOTES_DEBUG"):
            raise
        print(
            f"fieldnotes {args.verb}: unexpected error ({type(error).__name__}: {error}). "
            "Set FIELDNOTES_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
