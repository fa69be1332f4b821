"""SQLite storage of Fieldnotes: schema, migrations, repositories, backups, checks. No Qt."""

from storage.changes import Changes
from storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    ForeignFileError,
    NewerSchemaError,
    NoDatabaseError,
    StorageError,
    ValidationError,
)
from storage.store import Store, open_store

__all__ = [
    "Changes",
    "DamagedDatabaseError",
    "DatabaseInUseError",
    "ForeignFileError",
    "NewerSchemaError",
    "NoDatabaseError",
    "Store",
    "StorageError",
    "ValidationError",
    "open_store",
]
