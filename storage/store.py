"""The one place that opens a database: checks, pragmas, migrations, clean close."""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import backups, schema
from storage.clock import new_id, utc_now
from storage.device import Device, current_device
from storage.disk_full import DiskFullError, is_disk_full
from storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    ForeignFileError,
    NewerSchemaError,
    NoDatabaseError,
    StorageError,
)

if TYPE_CHECKING:
    import sqlite_utils

APP_VERSION = "0.1.0"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class Store:
    """An open Fieldnotes database and the repositories that read and write it.

    One Store per thread: SQLite connections are not shared across threads.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, device: Device) -> None:
        from storage.repositories import Repositories

        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self.device = device
        self.repos = Repositories(self)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, made on first use.

        Imported lazily: sqlite-utils pulls in pandas and numpy when they are installed,
        which cost start-up time (measured 0.5-0.9 s) that no screen needs.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # --- transactions -------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing block; nests as a savepoint. Takes the write lock at once."""
        if self.conn.in_transaction:
            savepoint = f"sp_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _busy_or_raise(error, self.path) from error
        try:
            yield self
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if is_disk_full(error):
                raise DiskFullError(self.path) from error
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:  # busy, disk full, or a deferred constraint
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if is_disk_full(error):
                raise DiskFullError(self.path) from error
            if isinstance(error, sqlite3.OperationalError):
                raise _busy_or_raise(error, self.path) from error
            raise

    # --- reading helpers for repositories -------------------------------------------------

    def rows(self, sql: str, parameters: tuple | dict = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, parameters)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, parameters: tuple | dict = ()) -> dict[str, Any] | None:
        found = self.rows(sql, parameters)
        return found[0] if found else None

    def scalar(self, sql: str, parameters: tuple | dict = ()) -> Any:
        result = self.conn.execute(sql, parameters).fetchone()
        return None if result is None else result[0]

    # --- meta ----------------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def database_id(self) -> str:
        return self.meta("database_id") or ""

    @property
    def schema_version(self) -> int:
        return schema.schema_version(self.conn)

    # --- backups and closing ---------------------------------------------------------------

    def backup(self, reason: str, rotate: bool = True) -> Path:
        """Take a rotating backup now (before an import, merge or on GUI open)."""
        return backups.take_backup(self.conn, self.path, reason, rotate=rotate)

    def close(self) -> None:
        """Checkpoint the WAL into the main file, so the .db alone is complete when copied."""
        if self.conn is None:
            return
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        finally:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _busy_or_raise(error: sqlite3.OperationalError, path: Path) -> Exception:
    if is_disk_full(error):
        return DiskFullError(path)
    if "locked" in str(error) or "busy" in str(error):
        return DatabaseInUseError(
            f"{path} is busy: another Fieldnotes window or command is writing to it. "
            "Try again when it has finished."
        )
    return error


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=True
        )
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_MAGIC


def open_store(
    path: Path | str,
    *,
    create: bool = False,
    backup_on_open: bool = False,
    full_check: bool = False,
    device: Device | None = None,
) -> Store:
    """Open (or, with create=True, create) a Fieldnotes database and bring it up to date.

    Refuses, with a message naming the file and what to do, anything that is not a healthy
    Fieldnotes database; never changes a file it refuses.
    """
    path = Path(path).expanduser().resolve()
    device = device or current_device()
    if not path.exists() or (path.is_file() and path.stat().st_size == 0 and create):
        if not create:
            raise NoDatabaseError(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return _create(path, device)
    if path.is_dir():
        raise ForeignFileError(path, "it is a folder")
    available = backups.list_backups(path)
    if path.stat().st_size == 0 or not _looks_like_sqlite(path):
        if available:
            raise DamagedDatabaseError(
                path, "the file is not an SQLite database any more", available
            )
        raise ForeignFileError(path, "it is not an SQLite database file")

    conn = _connect(path)
    try:
        _check_health(conn, path, available, full_check)
        _check_identity(conn, path, available)
        version = schema.schema_version(conn)
        if version > schema.LATEST_VERSION:
            raise NewerSchemaError(path, version, schema.LATEST_VERSION)
        _configure(conn)
        store = Store(path, conn, device)
        if version == 0:
            schema.apply_migrations(conn)
            _initialise_meta(store)
        elif version < schema.LATEST_VERSION:
            store.backup("before-migration")
            schema.apply_migrations(conn)
        elif backup_on_open:
            store.backup("open")
        return store
    except BaseException:
        conn.close()
        raise


def _check_health(
    conn: sqlite3.Connection, path: Path, available: list[Path], full_check: bool
) -> None:
    pragma = "integrity_check" if full_check else "quick_check"
    try:
        findings = [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError(path, str(error), available) from error
    if findings != ["ok"]:
        summary = "; ".join(findings[:3])
        raise DamagedDatabaseError(path, summary, available)


def _check_identity(conn: sqlite3.Connection, path: Path, available: list[Path]) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == schema.APPLICATION_ID:
        return
    tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()[0]
    if tables:
        raise ForeignFileError(path, "it is an SQLite file made by another program", available)


def _configure(conn: sqlite3.Connection) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as error:
        raise StorageError(f"Could not switch the database to WAL mode: {error}") from error
    if str(mode).lower() != "wal":
        raise StorageError(f"The database could not use WAL journaling (got {mode}).")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _create(path: Path, device: Device) -> Store:
    conn = _connect(path)
    try:
        _configure(conn)
        schema.apply_migrations(conn)
        store = Store(path, conn, device)
        _initialise_meta(store)
        return store
    except BaseException:
        conn.close()
        raise


def _initialise_meta(store: Store) -> None:
    """This database's own identity, written once when it is made."""
    with store.transaction():
        store.conn.executemany(
            "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
            [
                ("database_id", new_id()),
                ("created_by_version", APP_VERSION),
                ("created_at", utc_now()),
                ("created_by_device", store.device.device_id),
                ("pack_destinations", json.dumps({})),
            ],
        )
