"""A full disk, told apart from other write failures and said in words a fieldworker can act on.

SQLite reports a full disk (and a database at its `max_page_count`) as SQLITE_FULL, "database
or disk is full"; the OS reports ENOSPC when a file copy (a backup) runs out of room. Both
mean the same thing to a user: this change was not saved, what was saved before is safe, and
space must be freed. Store.transaction turns either into DiskFullError, in one place.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from storage.errors import StorageError


class DiskFullError(StorageError):
    """A write refused because the disk (or the database's size limit) is full."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The disk holding {path} is full, so the last change was not saved; everything "
            "saved before it is safe. Free some space (or move the database to a disk with "
            "room) and try again."
        )


def is_disk_full(error: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and the OS's ENOSPC, whatever the wording."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == sqlite3.SQLITE_FULL
        return "database or disk is full" in str(error)
    return isinstance(error, OSError) and error.errno == errno.ENOSPC
