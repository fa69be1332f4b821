"""Errors of exports and spreadsheet imports: sentences a coordinator can act on.

They derive from StorageError so the command line and the GUI handle them as they handle
every other failure of the core: one line, no traceback.
"""

from __future__ import annotations

from storage.errors import StorageError


class ExportError(StorageError):
    """An export could not be made (unknown filter value, target not writable, ...)."""


class DataImportError(StorageError):
    """A spreadsheet could not be imported at all (unknown form, unreadable file, ...).

    A file that is read but holds bad values is not an error: `import_responses` returns
    a refused ImportReport listing every bad cell.
    """
