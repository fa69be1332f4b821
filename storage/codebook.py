"""A study's codebook: hierarchical codes (themes) with colour and inclusion/exclusion notes.

Names are unique within a study's codebook (ignoring case), so a sheet's `parent` column
and a cross-programme matrix can name a code without ambiguity. Every write is stamped and
audited through the RowWriter and returns the Changes it made; a delete or merge is one
transaction, so the codebook is never left half changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.changes import Changes
from storage.errors import ValidationError
from storage.repositories.base import required_text

if TYPE_CHECKING:
    from storage.segment_tally import SessionLimits
    from storage.store import Store

# Tableau 10: distinct hues that stay readable as light highlight tints.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EDITABLE = ("name", "description", "colour", "inclusion", "exclusion")


@dataclass(frozen=True)
class CodeNode:
    """One code in tree order, with its depth and the names of its ancestors."""

    id: str
    parent_id: str | None
    name: str
    description: str
    colour: str
    inclusion: str
    exclusion: str
    depth: int
    path: tuple[str, ...]

    @property
    def parent_name(self) -> str:
        return self.path[-2] if len(self.path) > 1 else ""


@dataclass(frozen=True)
class CodeCounts:
    """How much a code holds: coded segments, notes/answers and distinct participants."""

    segments: int = 0
    units: int = 0
    participants: int = 0


def normal_colour(colour: str | None, fallback: str) -> str:
    """A #rrggbb colour in lower case, or the fallback when none is given."""
    text = (colour or "").strip()
    if not text:
        return fallback
    if not text.startswith("#"):
        text = "#" + text
    if not _COLOUR.match(text):
        raise ValidationError(f"{colour!r} is not a colour like #4e79a7.")
    return text.lower()


class Codebook:
    """Reads and writes the codes of a study."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.writer = store.repos.writer

    # --- reading --------------------------------------------------------------------------

    def get(self, code_id: str) -> dict[str, Any] | None:
        return self.store.row("SELECT * FROM codes WHERE id = ?", (code_id,))

    def live(self, code_id: str) -> dict[str, Any]:
        code = self.get(code_id)
        if code is None or code["deleted"]:
            raise ValidationError("That code no longer exists (it may have been deleted).")
        return code

    def by_name(self, study_id: str, name: str) -> dict[str, Any] | None:
        return self.store.row(
            "SELECT * FROM codes WHERE study_id = ? AND deleted = 0 AND lower(name) = lower(?)",
            (study_id, name.strip()),
        )

    def tree(self, study_id: str) -> list[CodeNode]:
        """Live codes depth-first, siblings by position then name."""
        rows = self.store.rows(
            "SELECT * FROM codes WHERE study_id = ? AND deleted = 0 "
            "ORDER BY position, lower(name), id",
            (study_id,),
        )
        children: dict[str | None, list[dict[str, Any]]] = {}
        ids = {row["id"] for row in rows}
        for row in rows:
            parent = row["parent_id"] if row["parent_id"] in ids else None
            children.setdefault(parent, []).append(row)
        nodes: list[CodeNode] = []

        def visit(parent: str | None, path: tuple[str, ...]) -> None:
            for row in children.get(parent, []):
                here = (*path, row["name"])
                nodes.append(
                    CodeNode(
                        id=row["id"],
                        parent_id=parent,
                        name=row["name"],
                        description=row["description"],
                        colour=row["colour"],
                        inclusion=row["inclusion"],
                        exclusion=row["exclusion"],
                        depth=len(path),
                        path=here,
                    )
                )
                visit(row["id"], here)

        visit(None, ())
        return nodes

    def descendant_ids(self, code_id: str) -> list[str]:
        """The code and every live code below it."""
        rows = self.store.rows(
            "WITH RECURSIVE below(id) AS (SELECT ? UNION "
            "SELECT c.id FROM codes c JOIN below b ON c.parent_id = b.id WHERE c.deleted = 0) "
            "SELECT id FROM below",
            (code_id,),
        )
        return [row["id"] for row in rows]

    def counts(
        self, study_id: str, with_units: bool = True, limits: SessionLimits | None = None
    ) -> dict[str, CodeCounts]:
        """Per code (its own codings, not its subcodes'): segments, participants and, unless
        `with_units` is False (a screen that does not show them), the notes/answers coded.
        `limits` narrows the sessions counted (an export's filters)."""
        from storage.segment_tally import CODE, PERSON, segment_tally, unit_codes

        segments: dict[str, int] = {}
        people: dict[str, set[str]] = {}
        for key, count in segment_tally(self.store, [study_id], limits).counts.items():
            segments[key[CODE]] = segments.get(key[CODE], 0) + count
            found = people.setdefault(key[CODE], set())
            if key[PERSON]:
                found.add(key[PERSON])
        units: dict[str, int] = {}
        if with_units:
            for codes in unit_codes(self.store, [study_id], limits):
                for code_id in codes:
                    units[code_id] = units.get(code_id, 0) + 1
        return {
            code_id: CodeCounts(count, units.get(code_id, 0), len(people[code_id]))
            for code_id, count in segments.items()
        }

    # --- writing --------------------------------------------------------------------------

    def add(
        self,
        study_id: str,
        name: str,
        parent_id: str | None = None,
        description: str = "",
        colour: str = "",
        inclusion: str = "",
        exclusion: str = "",
    ) -> str:
        """A new code at the end of its siblings; a colour from the palette unless given."""
        name = required_text(name, "A code's name")
        with self.store.transaction():
            self._check_name_free(study_id, name)
            if parent_id is not None:
                self._check_parent(study_id, parent_id)
            used = self.store.scalar(
                "SELECT count(*) FROM codes WHERE study_id = ? AND deleted = 0", (study_id,)
            )
            return self.writer.insert(
                "codes",
                {
                    "study_id": study_id,
                    "parent_id": parent_id,
                    "name": name,
                    "description": description.strip(),
                    "colour": normal_colour(colour, PALETTE[used % len(PALETTE)]),
                    "inclusion": inclusion.strip(),
                    "exclusion": exclusion.strip(),
                    "position": self._next_position(study_id, parent_id),
                },
            )

    def update(self, code_id: str, **values: str) -> Changes:
        """Change a code's name, description, colour, inclusion or exclusion notes."""
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise ValueError(f"A code has no editable field {', '.join(sorted(unknown))}")
        with self.store.transaction():
            code = self.live(code_id)
            if "name" in values:
                values["name"] = required_text(values["name"], "A code's name")
                self._check_name_free(code["study_id"], values["name"], code_id)
            if "colour" in values:
                values["colour"] = normal_colour(values["colour"], code["colour"])
            for key in ("description", "inclusion", "exclusion"):
                if key in values:
                    values[key] = values[key].strip()
            changed = self.writer.update("codes", code_id, values)
        return Changes().add("codes", code_id) if changed else Changes()

    def rename(self, code_id: str, name: str) -> Changes:
        return self.update(code_id, name=name)

    def move(self, code_id: str, parent_id: str | None, before_id: str | None = None) -> Changes:
        """Put a code under another (None: top level), before a sibling or at the end."""
        changes = Changes()
        with self.store.transaction():
            code = self.live(code_id)
            if parent_id is not None:
                self._check_parent(code["study_id"], parent_id)
                if parent_id in self.descendant_ids(code_id):
                    raise ValidationError("A code cannot be moved inside itself or its subcodes.")
            siblings = [
                row["id"]
                for row in self.store.rows(
                    "SELECT id FROM codes WHERE study_id = ? AND deleted = 0 AND parent_id IS ? "
                    "AND id != ? ORDER BY position, lower(name), id",
                    (code["study_id"], parent_id, code_id),
                )
            ]
            index = siblings.index(before_id) if before_id in siblings else len(siblings)
            siblings.insert(index, code_id)
            if code["parent_id"] != parent_id:
                self.writer.update("codes", code_id, {"parent_id": parent_id})
                changes.add("codes", code_id)
            for position, sibling_id in enumerate(siblings):
                if self.writer.update("codes", sibling_id, {"position": position}):
                    changes.add("codes", sibling_id)
        return changes

    def merge(self, source_id: str, target_id: str) -> Changes:
        """Fold one code into another: its codings and subcodes move to the target, and the
        source is deleted. A span coded with both keeps one coding, memos joined."""
        if source_id == target_id:
            raise ValidationError("Choose two different codes to merge.")
        changes = Changes()
        with self.store.transaction():
            source, target = self.live(source_id), self.live(target_id)
            if source["study_id"] != target["study_id"]:
                raise ValidationError("Only codes of the same study can be merged.")
            if target_id in self.descendant_ids(source_id):
                raise ValidationError("A code cannot be merged into one of its own subcodes.")
            for coding in self._codings_of([source_id]):
                twin = self.store.row(
                    "SELECT id, memo FROM codings WHERE code_id = ? AND deleted = 0 AND start = ? "
                    'AND "end" = ? AND note_id IS ? AND answer_id IS ?',
                    (
                        target_id,
                        coding["start"],
                        coding["end"],
                        coding["note_id"],
                        coding["answer_id"],
                    ),
                )
                if twin is None:
                    self.writer.update("codings", coding["id"], {"code_id": target_id})
                else:
                    memo = _joined(twin["memo"], coding["memo"])
                    self.writer.update("codings", twin["id"], {"memo": memo})
                    self.writer.delete("codings", coding["id"])
                changes.add("codings", coding["id"])
            for child in self.store.rows(
                "SELECT id FROM codes WHERE parent_id = ? AND deleted = 0", (source_id,)
            ):
                self.writer.update("codes", child["id"], {"parent_id": target_id})
                changes.add("codes", child["id"])
            self.writer.delete("codes", source_id)
            changes.add("codes", source_id).add("codes", target_id)
        return changes

    def deletion_preview(self, code_id: str) -> tuple[list[CodeNode], list[dict[str, Any]]]:
        """What a delete would remove: the code with its subcodes, and their coded segments."""
        code = self.live(code_id)
        doomed = set(self.descendant_ids(code_id))
        nodes = [node for node in self.tree(code["study_id"]) if node.id in doomed]
        from storage.segments import coded_segments

        return nodes, coded_segments(self.store, [code["study_id"]], code_ids=list(doomed))

    def delete(self, code_id: str) -> Changes:
        """Delete a code, its subcodes and all their codings (tombstones, so merges carry it)."""
        changes = Changes()
        with self.store.transaction():
            self.live(code_id)
            doomed = self.descendant_ids(code_id)
            for coding in self._codings_of(doomed):
                self.writer.delete("codings", coding["id"])
                changes.add("codings", coding["id"])
            for doomed_id in reversed(doomed):
                self.writer.delete("codes", doomed_id)
                changes.add("codes", doomed_id)
        return changes

    # --- helpers --------------------------------------------------------------------------

    def _codings_of(self, code_ids: list[str]) -> list[dict[str, Any]]:
        marks = ", ".join("?" for _ in code_ids)
        return self.store.rows(
            'SELECT id, code_id, note_id, answer_id, start, "end", memo FROM codings '
            f"WHERE deleted = 0 AND code_id IN ({marks})",
            tuple(code_ids),
        )

    def _check_name_free(self, study_id: str, name: str, own_id: str | None = None) -> None:
        other = self.by_name(study_id, name)
        if other is not None and other["id"] != own_id:
            raise ValidationError(f"The codebook already has a code called {other['name']!r}.")

    def _check_parent(self, study_id: str, parent_id: str) -> None:
        parent = self.get(parent_id)
        if parent is None or parent["deleted"] or parent["study_id"] != study_id:
            raise ValidationError("Choose a parent code of the same study.")

    def _next_position(self, study_id: str, parent_id: str | None) -> int:
        last = self.store.scalar(
            "SELECT max(position) FROM codes WHERE study_id = ? AND deleted = 0 AND parent_id IS ?",
            (study_id, parent_id),
        )
        return 0 if last is None else int(last) + 1


def _joined(first: str, second: str) -> str:
    parts = [part.strip() for part in (first, second) if part.strip()]
    return "\n\n".join(dict.fromkeys(parts))


def studies_have_codes(store: Store, study_ids: Sequence[str]) -> bool:
    """Whether any of these studies has a live code (the export's coding sheets need one)."""
    marks = ", ".join("?" for _ in study_ids) or "NULL"
    return bool(
        store.scalar(
            f"SELECT count(*) FROM codes WHERE deleted = 0 AND study_id IN ({marks})",
            tuple(study_ids),
        )
    )
