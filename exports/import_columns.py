"""What each column of an imported sheet is: metadata, a question, a choice, or unknown.

Headers are question names, or full paths (`group/q`, as KoboToolbox exports them; ODK
Central's `group-q` too). A select_multiple may come as its summary column `q` or as
`q/option` columns. A text split by the export continues in `q (part 2)`, ... Metadata
columns Fieldnotes uses are read; those of KoboToolbox and ODK listed in IGNORED_COLUMNS
are accepted and ignored. Any other header is refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exports.questionnaire_layout import (
    META_COLUMNS,
    REPEAT_META_COLUMNS,
    FamilyLayout,
    QuestionSpec,
)
from instruments.types import METADATA_TYPES

#: Metadata the import reads: the export's columns, plus `mode` (face_to_face, paper, ...).
READ_META = (*META_COLUMNS, "mode")

#: Other tools' metadata, accepted and ignored (`_uuid`, `meta/instanceID`, `KEY`,
#: `_submission_time`, `SubmissionDate`, `start` and `end` are also read when present).
IGNORED_COLUMNS = frozenset(
    name.lower()
    for name in (
        # KoboToolbox
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_version_",
        "_tags",
        "_xform_id_string",
        "_attachments",
        "_geolocation",
        "_duration",
        "_media_count",
        "_total_media",
        "_media_all_received",
        "_supplementalDetails",
        "formhub/uuid",
        "meta/instanceID",
        "meta/instanceName",
        "meta/deprecatedID",
        "meta/rootUuid",
        "meta/audit",
        # ODK Central
        "SubmissionDate",
        "KEY",
        "PARENT_KEY",
        "meta-instanceID",
        "meta-instanceName",
        "instanceID",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        # metadata questions a form may not declare (start, end, deviceid, ...)
        *METADATA_TYPES,
    )
)
#: Prefixes of ignored columns (Kobo repeat sheets copy the submission's metadata).
IGNORED_PREFIXES = ("_submission_",)

_PART = re.compile(r"^(?P<base>.+) \(part (?P<number>\d+)\)$")


@dataclass
class ColumnRole:
    """What one column holds; `position` is its 0-based index in the row."""

    position: int
    header: str
    kind: str  # "meta", "question", "option", "ignored"
    meta: str = ""
    spec: QuestionSpec | None = None
    choice: str = ""
    part: int = 1


@dataclass
class SheetColumns:
    roles: list[ColumnRole] = field(default_factory=list)
    unknown: list[ColumnRole] = field(default_factory=list)
    #: (position, header, why) of headers that name something but cannot be used.
    refused: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return sum(1 for role in self.roles if role.kind in ("question", "option"))

    def meta(self, name: str) -> ColumnRole | None:
        for role in self.roles:
            if role.kind == "meta" and role.meta == name:
                return role
        return None

    def ignored(self, header: str) -> ColumnRole | None:
        for role in self.roles:
            if role.kind == "ignored" and role.header.lower() == header.lower():
                return role
        return None


class _Resolver:
    """Finds the question a header names among one sheet's questions."""

    def __init__(self, specs: list[QuestionSpec]) -> None:
        self.by_path = {spec.path: spec for spec in specs}
        self.by_name: dict[str, list[QuestionSpec]] = {}
        self.names = {spec.name.lower() for spec in specs}
        for spec in specs:
            self.by_name.setdefault(spec.name, []).append(spec)

    def find(self, header: str) -> tuple[QuestionSpec | None, str]:
        """(spec, "") or (None, why) — why is "" when the header names no question."""
        for candidate in (header, header.replace("-", "/")):
            if candidate in self.by_path:
                return self.by_path[candidate], ""
        named = self.by_name.get(header, [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            paths = ", ".join(spec.path for spec in named)
            return None, f"several questions are called {header!r} ({paths}); use the full path"
        return None, ""


def _meta_name(header: str, table_meta: tuple[str, ...], question_names: set[str]) -> str:
    """The metadata a header names: `name`, or `_name` where a question is called `name`
    (the export's rule); Kobo's own `_status` and the like are not ours."""
    lowered = header.lower()
    for name in table_meta:
        if lowered == name:
            return name
        if lowered == f"_{name}" and name in question_names:
            return name
    return ""


def map_columns(headers: list[str], layout: FamilyLayout, repeat: str | None) -> SheetColumns:
    """Roles of a sheet's columns, for the main sheet (repeat None) or one repeat's sheet."""
    specs = layout.columns_of(repeat)
    resolver = _Resolver(specs)
    table_meta = READ_META if repeat is None else REPEAT_META_COLUMNS
    mapped = SheetColumns()
    seen: dict[str, int] = {}
    for position, header in enumerate(headers):
        if not header:
            mapped.unknown.append(ColumnRole(position, "", "unknown"))
            continue
        if header.lower() in seen:
            mapped.refused.append((position, header, "this header appears twice"))
            continue
        seen[header.lower()] = position
        mapped.roles.append(_role(position, header, resolver, table_meta, mapped))
        if mapped.roles[-1].kind == "unknown":
            mapped.unknown.append(mapped.roles.pop())
    return mapped


def _role(
    position: int,
    header: str,
    resolver: _Resolver,
    table_meta: tuple[str, ...],
    mapped: SheetColumns,
) -> ColumnRole:
    spec, why = resolver.find(header)
    if spec is not None:
        return ColumnRole(position, header, "question", spec=spec)
    if why:
        mapped.refused.append((position, header, why))
        return ColumnRole(position, header, "ignored")
    meta = _meta_name(header, table_meta, resolver.names)
    if meta:
        return ColumnRole(position, header, "meta", meta=meta)
    lowered = header.lower()
    if lowered in IGNORED_COLUMNS or lowered.startswith(IGNORED_PREFIXES):
        return ColumnRole(position, header, "ignored")
    if lowered in META_COLUMNS or lowered in REPEAT_META_COLUMNS:
        return ColumnRole(position, header, "ignored")
    part = _PART.match(header)
    if part:
        base, _ = resolver.find(part["base"])
        if base is not None:
            return ColumnRole(position, header, "question", spec=base, part=int(part["number"]))
    if "/" in header:
        stem, choice = header.rsplit("/", 1)
        base, _ = resolver.find(stem)
        if base is not None and base.entry_type == "select_multiple":
            if any(c.name == choice for c in base.choices):
                return ColumnRole(position, header, "option", spec=base, choice=choice)
            mapped.refused.append((position, header, f"{choice!r} is not a choice of {stem}"))
            return ColumnRole(position, header, "ignored")
    return ColumnRole(position, header, "unknown")
