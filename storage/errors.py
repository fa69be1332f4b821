"""Errors the storage layer raises, each with a message a user can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base of every storage error; str() is a complete sentence for the user."""


class NoDatabaseError(StorageError):
    """The path names no database file, and the caller did not ask to create one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"There is no database at {path}.")


class ForeignFileError(StorageError):
    """The file exists but is not a Fieldnotes database (another program's file)."""

    def __init__(self, path: Path, why: str, backups: list[Path] | None = None) -> None:
        self.path = path
        self.why = why
        self.backups = backups or []
        message = f"{path} is not a Fieldnotes database: {why}."
        if self.backups:
            message += " Backups of a Fieldnotes database at this path exist: " + ", ".join(
                str(b) for b in self.backups
            )
        super().__init__(message)


class DamagedDatabaseError(StorageError):
    """The file is a Fieldnotes database, or was one, but SQLite finds it damaged."""

    def __init__(self, path: Path, why: str, backups: list[Path]) -> None:
        self.path = path
        self.why = why
        self.backups = backups
        message = f"The database {path} is damaged ({why})."
        if backups:
            message += (
                " Restore one of these backups (newest first) with "
                "'fieldnotes restore --db PATH --backup FILE': "
                + ", ".join(str(b) for b in backups)
            )
        else:
            message += " No backup of it was found."
        super().__init__(message)


class NewerSchemaError(StorageError):
    """The database was written by a newer Fieldnotes than this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path} was made by a newer version of Fieldnotes (schema {found}; this version "
            f"understands up to {supported}). Update Fieldnotes to open it; the file is unchanged."
        )


class DatabaseInUseError(StorageError):
    """Another program holds the database for longer than the busy timeout."""


class ValidationError(StorageError):
    """A value a caller tried to store breaks a rule (unique code, unknown site, ...).

    `field` names the input at fault when there is one, so a form can mark it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
