"""Which rows a pack carries: the chosen studies' rows, tombstones and audit trail included,
every row they link to, and for `--for LABEL` only what changed since the last pack for LABEL.

"Changed since" is a local notion, not a writer's clock: a row counts if its updated_at is
after the last pack's time OR an audit row about it arrived after that pack (audit ids are
local and only grow). So rows merged in from other laptops are passed on too, even though
their updated_at is older than the last pack (a coordinator relaying to fieldworkers).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.errors import ValidationError
from storage.packs.tables import AUDIT_COLUMNS, IDENTITIES, TableInfo, quoted

if TYPE_CHECKING:
    from storage.store import Store

DESTINATIONS_KEY = "pack_destinations"


@dataclass(frozen=True)
class Scope:
    """What a pack covers: studies (None: all) and whether identities go with it."""

    study_ids: tuple[str, ...] | None
    with_identities: bool

    def covers(self, other: Scope) -> bool:
        """True if every row `other` would pick, this scope picks too."""
        if other.with_identities and not self.with_identities:
            return False
        if self.study_ids is None:
            return True
        return other.study_ids is not None and set(other.study_ids) <= set(self.study_ids)


@dataclass(frozen=True)
class Since:
    """The high-water mark of the last pack made for a destination."""

    made_at: str
    audit_id: int


def resolve_studies(store: Store, studies: list[str] | None) -> list[dict[str, str]]:
    """Studies named (by name, case-insensitively, or id), or every study, tombstones too."""
    every = store.rows("SELECT id, name, deleted FROM studies ORDER BY name, id")
    if not studies:
        return [{"id": s["id"], "name": s["name"]} for s in every]
    chosen: dict[str, dict[str, str]] = {}
    for wanted in studies:
        match = [s for s in every if s["id"] == wanted] or [
            s for s in every if not s["deleted"] and s["name"].lower() == wanted.strip().lower()
        ]
        if not match:
            names = ", ".join(repr(s["name"]) for s in every if not s["deleted"]) or "none"
            raise ValidationError(f"There is no study called {wanted!r} (studies: {names}).")
        chosen[match[0]["id"]] = {"id": match[0]["id"], "name": match[0]["name"]}
    return list(chosen.values())


def destinations(store: Store) -> dict[str, Any]:
    try:
        recorded = json.loads(store.meta(DESTINATIONS_KEY) or "{}")
    except ValueError:
        return {}
    return recorded if isinstance(recorded, dict) else {}


def since_for(store: Store, label: str, scope: Scope) -> Since | None:
    """The last pack's mark for `label`, if that pack covered everything this one will."""
    record = destinations(store).get(label)
    if not isinstance(record, dict):
        return None
    studies = record.get("studies")
    previous = Scope(
        None if studies is None else tuple(studies), bool(record.get("with_identities"))
    )
    if not previous.covers(scope):
        return None
    try:
        return Since(str(record["made_at"]), int(record["audit_id"]))
    except (KeyError, TypeError, ValueError):
        return None


def record_destination(store: Store, label: str, scope: Scope, since: Since, pack_id: str) -> None:
    recorded = destinations(store)
    recorded[label] = {
        "made_at": since.made_at,
        "audit_id": since.audit_id,
        "studies": None if scope.study_ids is None else list(scope.study_ids),
        "with_identities": scope.with_identities,
        "pack_id": pack_id,
    }
    store.set_meta(DESTINATIONS_KEY, json.dumps(recorded, sort_keys=True, ensure_ascii=False))


class RowPicker:
    """Picks row ids into temporary tables (ids only), then streams the rows as JSON lines."""

    def __init__(
        self, store: Store, infos: dict[str, TableInfo], scope: Scope, since: Since | None
    ) -> None:
        self.conn = store.conn
        self.infos = {
            name: info
            for name, info in infos.items()
            if scope.with_identities or name != IDENTITIES
        }
        self.scope = scope
        self.since = since
        self.counts: dict[str, int] = {}

    @staticmethod
    def pick_table(table: str) -> str:
        return f'temp."fn_pick_{table}"'

    def _create(self, table: str, definition: str) -> str:
        target = self.pick_table(table)
        self.conn.execute(f"DROP TABLE IF EXISTS {target}")
        self.conn.execute(f'CREATE TEMP TABLE "fn_pick_{table}" {definition}')
        return target

    def _member_sql(self, table: str) -> tuple[str, list[Any]]:
        """SELECT of the ids of `table` that belong to the chosen studies."""
        info = self.infos[table]
        ids = self.scope.study_ids
        if ids is None or info.owner == "all":
            return f'SELECT id FROM main."{table}"', []
        marks = ", ".join("?" for _ in ids)
        if info.owner is None:
            return f'SELECT id FROM main."{table}" WHERE id IN ({marks})', list(ids)
        if info.owner == "study":
            return f'SELECT id FROM main."{table}" WHERE study_id IN ({marks})', list(ids)
        parent = dict(info.links)[info.owner]
        inner, parameters = self._member_sql(parent)
        return f'SELECT id FROM main."{table}" WHERE "{info.owner}" IN ({inner})', parameters

    def pick(self) -> dict[str, int]:
        """Choose the rows; returns row counts per table, "audit" included."""
        for table in self.infos:
            target = self._create(table, "(id TEXT PRIMARY KEY) WITHOUT ROWID")
            member, parameters = self._member_sql(table)
            if self.since is not None:
                member = (
                    f'SELECT id FROM ({member}) WHERE id IN (SELECT id FROM main."{table}" '
                    "WHERE updated_at > ?) OR id IN (SELECT row_id FROM main.audit "
                    "WHERE id > ? AND table_name = ?)"
                )
                parameters = [*parameters, self.since.made_at, self.since.audit_id, table]
            self.conn.execute(f"INSERT OR IGNORE INTO {target}(id) {member}", parameters)
        self._close_links()
        self._pick_audit()
        self.counts = {
            table: self.conn.execute(f"SELECT count(*) FROM {self.pick_table(table)}").fetchone()[0]
            for table in [*self.infos, "audit"]
        }
        return self.counts

    def _close_links(self) -> None:
        """Add every row a picked row links to, so the pack never leaves a dangling link."""
        grown = set(self.infos)
        while grown:
            added: set[str] = set()
            for table in self.infos:
                if table not in grown:
                    continue
                for column, parent in self.infos[table].links:
                    if parent not in self.infos:
                        continue
                    before = self.conn.total_changes
                    self.conn.execute(
                        f"INSERT OR IGNORE INTO {self.pick_table(parent)}(id) "
                        f'SELECT t."{column}" FROM {self.pick_table(table)} p '
                        f'CROSS JOIN main."{table}" t ON t.id = p.id '
                        f'WHERE t."{column}" IS NOT NULL'
                    )
                    if self.conn.total_changes != before:
                        added.add(parent)
            grown = added

    def _pick_audit(self) -> None:
        """Audit rows about picked rows (new ones only, for a pack since a mark)."""
        target = self._create("audit", "(id INTEGER PRIMARY KEY)")
        newer = "" if self.since is None else f" AND a.id > {int(self.since.audit_id)}"
        for table in self.infos:
            self.conn.execute(
                f"INSERT INTO {target}(id) SELECT a.id FROM main.audit a "
                f"WHERE a.table_name = ? AND a.row_id IN (SELECT id FROM {self.pick_table(table)})"
                f"{newer}",
                (table,),
            )

    def sections(self, batch: int = 2000) -> Iterator[tuple[bytes, int]]:
        """The body, in (encoded lines, rows in them) pieces: for each table a section line
        naming its columns and row count, then one JSON array per row, ordered by id."""
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
        for table in [*self.infos, "audit"]:
            if table == "audit":
                columns: tuple[str, ...] = AUDIT_COLUMNS
                select = (
                    f"SELECT {quoted(columns, 'a.')} FROM {self.pick_table('audit')} p "
                    "CROSS JOIN main.audit a ON a.id = p.id ORDER BY p.id"
                )
            else:
                columns = self.infos[table].columns
                select = (
                    f"SELECT {quoted(columns, 't.')} FROM {self.pick_table(table)} p "
                    f'CROSS JOIN main."{table}" t ON t.id = p.id'
                )
            head = {"table": table, "columns": list(columns), "count": self.counts[table]}
            yield (json.dumps(head, ensure_ascii=False) + "\n").encode("utf-8"), 0
            cursor = self.conn.execute(select)
            while rows := cursor.fetchmany(batch):
                try:
                    text = "\n".join(map(encode, rows)) + "\n"
                except (TypeError, ValueError) as error:
                    raise ValidationError(
                        f"A row of {table} holds a value a pack cannot carry ({error})."
                    ) from error
                yield text.encode("utf-8"), len(rows)

    def drop(self) -> None:
        for table in [*self.infos, "audit"]:
            self.conn.execute(f"DROP TABLE IF EXISTS {self.pick_table(table)}")
