"""What an export covers: the options' names turned into studies, sites and instruments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from exports.errors import ExportError
from exports.options import ExportOptions
from exports.questionnaire_layout import FamilyLayout, build_family_layout, read_definition
from instruments.model import Instrument
from storage import export_queries as queries
from storage.repositories.sessions import STATUSES

if TYPE_CHECKING:
    from storage.store import Store


@dataclass
class Guide:
    """An interview or focus-group guide version, with its topics by id."""

    row: dict[str, Any]
    instrument: Instrument

    def topic(self, topic_id: str) -> tuple[str, str]:
        """(title, main question) of a topic; an unknown id is shown as it was stored."""
        for topic in self.instrument.topics:
            if topic.id == topic_id:
                return topic.title, topic.question
        return topic_id, ""


@dataclass
class ExportScope:
    studies: list[dict[str, Any]]
    site_ids: tuple[str, ...]
    filter: queries.SessionFilter
    families: list[FamilyLayout] = field(default_factory=list)
    guides: dict[str, dict[str, Guide]] = field(default_factory=dict)

    @property
    def study_ids(self) -> tuple[str, ...]:
        return tuple(study["id"] for study in self.studies)

    def guide_ids(self, kind: str) -> list[str]:
        return list(self.guides.get(kind, {}))


def _resolve_studies(store: Store, names: tuple[str, ...]) -> list[dict[str, Any]]:
    everything = store.repos.studies.list()
    if not names:
        return everything
    chosen = []
    for name in names:
        found = store.repos.studies.by_name(name)
        if found is None:
            known = ", ".join(repr(s["name"]) for s in everything) or "none"
            raise ExportError(f"There is no study called {name!r} (studies: {known}).")
        if found["id"] not in {s["id"] for s in chosen}:
            chosen.append(found)
    return sorted(chosen, key=lambda s: (s["name"], s["id"]))


def _matches(row: dict[str, Any], wanted: set[str]) -> bool:
    return row["name"].strip().lower() in wanted or row["form_id"].strip().lower() in wanted


def resolve_scope(store: Store, options: ExportOptions) -> ExportScope:
    """Check every name the options give and find what they select."""
    if options.deidentify and options.with_identities:
        raise ExportError("A de-identified export cannot include identities; choose one.")
    unknown_status = [s for s in options.statuses if s not in STATUSES]
    if unknown_status:
        raise ExportError(
            f"Unknown session status {unknown_status[0]!r}; use one of {', '.join(STATUSES)}."
        )
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise ExportError("The --from date is after the --to date.")
    studies = _resolve_studies(store, options.studies)
    study_ids = tuple(study["id"] for study in studies)
    site_ids: tuple[str, ...] = ()
    if options.sites:
        found = queries.sites_named(store, study_ids, options.sites) if study_ids else []
        missing = {n.strip().lower() for n in options.sites} - {s["name"].lower() for s in found}
        if missing:
            raise ExportError(f"There is no site called {sorted(missing)[0]!r} in these studies.")
        site_ids = tuple(site["id"] for site in found)
    session_filter = queries.SessionFilter(
        study_ids=study_ids,
        site_ids=site_ids,
        started_from=options.date_from.isoformat() if options.date_from else None,
        started_before=(options.date_to + timedelta(days=1)).isoformat()
        if options.date_to
        else None,
        statuses=tuple(options.statuses),
        include_withdrawn=options.include_withdrawn,
    )
    scope = ExportScope(studies, site_ids, session_filter)
    rows = queries.instruments_with_definitions(store, study_ids) if study_ids else []
    families: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        families.setdefault(row["family_id"], []).append(row)
    wanted = {name.strip().lower() for name in options.instruments}
    if wanted:
        matched = {n for n in wanted if any(_matches(r, {n}) for r in rows)}
        if wanted - matched:
            raise ExportError(f"There is no instrument called {sorted(wanted - matched)[0]!r}.")
        families = {
            family: versions
            for family, versions in families.items()
            if any(_matches(row, wanted) for row in versions)
        }
    layouts = []
    for versions in families.values():
        kind = versions[-1]["kind"]
        if kind == "questionnaire":
            layouts.append(build_family_layout(versions))
        else:
            for row in versions:
                guide = Guide(row, read_definition(row))
                scope.guides.setdefault(kind, {})[row["id"]] = guide
    scope.families = sorted(layouts, key=lambda layout: (layout.name, layout.family_id))
    return scope
