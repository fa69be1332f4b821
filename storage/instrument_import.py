"""Importing a form or guide file as an instrument: study choice, versions, one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from instruments.form_reader import read_form
from instruments.model import Instrument
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage.store import Store


@dataclass
class ImportedInstrument:
    """What an import did, for the CLI's report and the GUI's message."""

    instrument_id: str
    study_id: str
    name: str
    version_number: int
    created_study: bool = False
    unchanged: bool = False
    report_lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.unchanged:
            return f"{self.name}: already imported with this exact definition; nothing added."
        what = "new instrument" if self.version_number == 1 else f"version {self.version_number}"
        return f"{self.name}: imported as {what}."


def resolve_study(store: Store, study_name: str | None) -> tuple[str | None, str]:
    """The study to import into: (id or None if it must be created, its name).

    Without a name the database's only study is used; several or none is an error that
    lists what there is, so the user can name one with --study.
    """
    if study_name:
        found = store.repos.studies.by_name(study_name)
        return (found["id"] if found else None), study_name.strip()
    studies = store.repos.studies.list()
    if len(studies) == 1:
        return studies[0]["id"], studies[0]["name"]
    if not studies:
        raise ValidationError("This database has no study yet: name one with --study NAME.")
    names = ", ".join(repr(s["name"]) for s in studies)
    raise ValidationError(f"This database has several studies ({names}); pick one with --study.")


def read_instrument_file(path: Path) -> tuple[Instrument, list[str], str]:
    """Read and check the file before any database is touched: (instrument, report, sha256)."""
    result = read_form(path)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return result.instrument, result.report.lines(), digest


def import_instrument(
    store: Store,
    instrument: Instrument,
    *,
    study_name: str | None = None,
    source_file: str = "",
    source_sha256: str = "",
    report_lines: list[str] | None = None,
) -> ImportedInstrument:
    """Store an instrument; the same form_id in the study becomes its next version.

    An identical definition is not stored twice. Everything happens in one transaction,
    after a backup, so a refusal or a crash leaves the database as it was.
    """
    study_id, name_of_study = resolve_study(store, study_name)
    definition = instrument.to_dict()
    name = (instrument.title or instrument.form_id or Path(source_file).stem).strip()
    store.backup("before-import")
    with store.transaction():
        created = study_id is None
        if created:
            study_id = store.repos.studies.add(name_of_study)
        family = _family_for(store, study_id, instrument)
        if family and family["definition_sha256"] == instrument.definition_sha256():
            return ImportedInstrument(
                family["id"],
                study_id,
                family["name"],
                family["version_number"],
                unchanged=True,
                report_lines=list(report_lines or []),
            )
        instrument_id = store.repos.instruments.add(
            study_id,
            instrument.kind,
            name,
            definition,
            form_id=instrument.form_id,
            version=instrument.version,
            source_file=Path(source_file).name if source_file else "",
            source_sha256=source_sha256,
            family_id=family["family_id"] if family else None,
            change_summary="imported from " + Path(source_file).name if source_file else "",
        )
    stored = store.repos.instruments.get(instrument_id)
    return ImportedInstrument(
        instrument_id,
        study_id,
        name,
        stored["version_number"],
        created_study=created,
        report_lines=list(report_lines or []),
    )


def _family_for(store: Store, study_id: str, instrument: Instrument) -> dict | None:
    """The latest version of the same form (same form_id and kind) in this study."""
    if not instrument.form_id:
        return None
    for row in store.repos.instruments.list(study_id, kind=instrument.kind, latest_only=True):
        if row["form_id"] == instrument.form_id:
            current = Instrument.from_dict(store.repos.instruments.definition(row["id"]))
            return {**row, "definition_sha256": current.definition_sha256()}
    return None
