"""Why a field pack is refused, each as one sentence that names the file and says what to do.

Every refusal happens before anything is written, so each message can end with "nothing was
merged"; all are StorageErrors, so the command line prints them as one line.
"""

from __future__ import annotations

from pathlib import Path

from storage.errors import StorageError

NOTHING_MERGED = "nothing was merged"


class PackError(StorageError):
    """A pack that cannot be made, read or merged."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        super().__init__(message)


class NotAPackError(PackError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, f"{Path(path).name} is not a Fieldnotes field pack.")


class DamagedPackError(PackError):
    """Truncated, corrupted or altered: the checksum (or the header itself) does not hold."""

    def __init__(self, path: Path | str, why: str = "checksum mismatch") -> None:
        super().__init__(
            path,
            f"{Path(path).name} is damaged or was changed after it was made ({why}); "
            f"{NOTHING_MERGED}.",
        )


class PassphraseRequiredError(PackError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"{Path(path).name} is encrypted: give its passphrase (--passphrase-file); "
            f"{NOTHING_MERGED}.",
        )


class WrongPassphraseError(PackError):
    """The authentication tag does not verify: a wrong passphrase or a deliberate change."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            f"wrong passphrase for {Path(path).name}, or the file was changed; {NOTHING_MERGED}.",
        )


class NewerPackError(PackError):
    """Made by a newer Fieldnotes (pack format or database schema): update to merge it."""

    def __init__(self, path: Path | str, what: str, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"{Path(path).name} was made by a newer version of Fieldnotes ({what} {found}; this "
            f"version understands up to {supported}). Update Fieldnotes to merge it; "
            f"{NOTHING_MERGED}.",
        )


class PackContentError(PackError):
    """The container is intact but what it holds cannot be merged here."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(path, f"{Path(path).name} cannot be merged: {why}; {NOTHING_MERGED}.")


class PackCancelled(PackError):
    """The user pressed Cancel: the database is as it was, and no pack file is left behind."""

    def __init__(self, path: Path | str, making: bool = False) -> None:
        if making:
            message = f"Making {Path(path).name} was cancelled; no pack was written."
        else:
            message = f"Merging was cancelled at {Path(path).name}; {NOTHING_MERGED}."
        super().__init__(path, message)
