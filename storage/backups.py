"""Rotating backups with SQLite's online backup API, and putting one back.

Backups sit beside the database in `<name>.backups/`, so a database copied with its
folder keeps them, and the damaged-file message can list them without any config.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP_BACKUPS = 10
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}\d{3}Z)-(?P<reason>[a-z-]+?)(?:-\d+)?\.db$")
_REASONS = {
    "open": "taken when the database was opened",
    "before-migration": "taken before the database was upgraded",
    "before-import": "taken before an import",
    "before-merge": "taken before a merge",
}


def backup_folder(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".backups")


def list_backups(database_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    folder = backup_folder(database_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def describe_backup(backup: Path) -> tuple[datetime, str] | None:
    """When a backup was taken (UTC) and why, read from its name; None if not ours."""
    found = _NAME.match(Path(backup).name)
    if not found:
        return None
    taken = datetime.strptime(found["stamp"][:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    reason = found["reason"]
    return taken, _REASONS.get(reason, reason.replace("-", " "))


def take_backup(
    conn: sqlite3.Connection, database_path: Path, reason: str, rotate: bool = True
) -> Path:
    """Copy the live database (consistent even mid-use) and drop the oldest beyond KEEP.

    rotate=False leaves the older ones for now: an operation that may still be refused
    rotates only once it has succeeded, so a string of refusals never pushes good backups out.
    """
    folder = backup_folder(database_path)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z"
    target = folder / f"{stamp}-{reason}.db"
    counter = 1
    while target.exists():
        target = folder / f"{stamp}-{reason}-{counter}.db"
        counter += 1
    partial = target.with_suffix(".partial")
    destination = sqlite3.connect(partial)
    try:
        conn.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    os.replace(partial, target)
    if rotate:
        rotate_backups(database_path)
    return target


def rotate_backups(database_path: Path) -> None:
    """Keep the newest KEEP_BACKUPS; drop partial files left by a backup killed midway."""
    for old in list_backups(database_path)[KEEP_BACKUPS:]:
        old.unlink(missing_ok=True)
    for stale in backup_folder(database_path).glob("*.partial"):
        stale.unlink(missing_ok=True)


def restore_backup(database_path: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the database; the current file is kept aside, not deleted.

    Returns where the replaced file was moved (None if there was none). The backup itself is
    checked first so a damaged backup never replaces anything.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise FileNotFoundError(f"There is no backup file at {backup}.")
    probe = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        verdict = probe.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        verdict = str(error)
    finally:
        probe.close()
    if verdict != "ok":
        raise ValueError(f"The backup {backup} is itself damaged ({verdict}); nothing was changed.")
    now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside_path = database_path.with_name(f"{database_path.name}.replaced-{now}")
    aside: Path | None = None
    if database_path.exists():
        os.replace(database_path, aside_path)
        aside = aside_path
    for suffix in ("-wal", "-shm"):  # journals are kept aside too, never deleted
        sidecar = database_path.with_name(database_path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside_path.with_name(aside_path.name + suffix))
    partial = database_path.with_name(database_path.name + ".restoring")
    shutil.copyfile(backup, partial)
    os.replace(partial, database_path)
    return aside
