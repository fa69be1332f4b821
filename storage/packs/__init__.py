"""Field packs: carrying data between laptops without a server, and merging it.

The public API the command line and the GUI use; each long call takes an optional
`progress(done, total)` callback and a `cancelled()` check, so a worker thread can drive it
(one Store per thread), and each returns a report dataclass whose str() a person reads.
"""

from storage.packs.collect import destinations as pack_destinations
from storage.packs.conflicts import (
    Conflict,
    dismiss_conflict,
    list_conflicts,
    restore_conflict,
)
from storage.packs.errors import (
    DamagedPackError,
    NewerPackError,
    NotAPackError,
    PackCancelled,
    PackContentError,
    PackError,
    PassphraseRequiredError,
    WrongPassphraseError,
)
from storage.packs.format import Manifest, ScryptParams
from storage.packs.make import PackReport, make_pack
from storage.packs.merge import MergeReport, merge_into_path, merge_packs
from storage.packs.stage import Pack, read_pack

PACK_SUFFIX = ".fieldpack"

__all__ = [
    "PACK_SUFFIX",
    "Conflict",
    "DamagedPackError",
    "Manifest",
    "MergeReport",
    "NewerPackError",
    "NotAPackError",
    "Pack",
    "PackCancelled",
    "PackContentError",
    "PackError",
    "PackReport",
    "PassphraseRequiredError",
    "ScryptParams",
    "WrongPassphraseError",
    "dismiss_conflict",
    "list_conflicts",
    "make_pack",
    "merge_into_path",
    "merge_packs",
    "pack_destinations",
    "read_pack",
    "restore_conflict",
]
