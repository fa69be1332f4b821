"""Rows that must also be unique by something other than their id, when two laptops made
two rows for the same key. The merge never stops for this; it settles each case the same way
on every laptop and says so in the report and in `conflicts`.

- participants, (study, code) among live rows: two laptops gave one code to two different
  people. The participant made first (created_at, then id) keeps the code; each other one
  gets `CODE-dup-<first 8 characters of its id>`, and a conflict row keeps the code it lost
  (restorable once the clash is sorted out). The rename keeps the row's stamps: it is the
  same version, shown under another code; when copies with and without the rename meet, the
  renamed one wins the content tie-break, so every database ends with the same code.
  A rename is not undone if the clash later disappears; the conflict row allows doing so.
- participant_identities, one per participant: two laptops each recorded the identity of
  the same person. They are one record: it keeps the smaller id, the newer values, and the
  losing values as conflicts.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from storage.packs.apply import Applied, incoming_wins, insert_rows, update_rows
from storage.packs.conflicts import Candidate, candidates_for
from storage.packs.stage import StagedTable
from storage.packs.tables import TableInfo, quoted


def _rows(conn: sqlite3.Connection, sql: str, columns: tuple[str, ...], *args: Any) -> list[dict]:
    return [dict(zip(columns, row, strict=True)) for row in conn.execute(sql, args).fetchall()]


def _same(a: dict[str, Any], b: dict[str, Any], columns: tuple[str, ...]) -> bool:
    return all(a[c] == b[c] for c in columns)


def apply_participants(
    conn: sqlite3.Connection, info: TableInfo, stage: StagedTable, applied: Applied
) -> None:
    columns = stage.columns
    incoming = _rows(conn, f"SELECT {quoted(columns)} FROM temp.{stage.name}", columns)
    local = {
        row["id"]: row
        for row in _rows(
            conn,
            f"SELECT {quoted(columns, 't.')} FROM temp.{stage.name} s "
            "CROSS JOIN main.participants t ON t.id = s.id",
            columns,
        )
    }
    final: dict[str, dict[str, Any]] = {}
    for row in incoming:
        here = local.get(row["id"])
        if here is None:
            final[row["id"]] = row
        elif _same(row, here, columns):
            continue
        elif incoming_wins(row, here, columns):
            final[row["id"]] = row
            applied.candidates += candidates_for(info, columns, row, here, conn)
        else:
            applied.candidates += candidates_for(info, columns, here, row, conn)
    renames = _settle_codes(conn, columns, final, applied)
    new = [row_id for row_id in final if row_id not in local]
    rewritten = [row_id for row_id in final if row_id in local] + list(renames)
    # Park the codes being rewritten first, so no statement meets a transient clash.
    conn.executemany(
        "UPDATE main.participants SET code = ? WHERE id = ?",
        [(f"merging-{row_id}", row_id) for row_id in rewritten],
    )
    insert_rows(conn, "participants", columns, [final[row_id] for row_id in new])
    update_rows(conn, "participants", columns, [final[r] for r in final if r in local])
    conn.executemany(
        "UPDATE main.participants SET code = ? WHERE id = ?",
        [(code, row_id) for row_id, code in renames.items()],
    )
    applied.count("participants", added=len(new), updated=len(final) - len(new) + len(renames))


def _settle_codes(
    conn: sqlite3.Connection,
    columns: tuple[str, ...],
    final: dict[str, dict[str, Any]],
    applied: Applied,
) -> dict[str, str]:
    """Give each clashing live code to its first participant; returns local rows to rename
    (incoming rows are renamed in `final` itself)."""
    live = [row for row in final.values() if not row["deleted"]]
    renames: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    for study_id, code in sorted({(row["study_id"], row["code"]) for row in live}):
        members = {
            row["id"]: row for row in live if row["study_id"] == study_id and row["code"] == code
        }
        for row in _rows(
            conn,
            f"SELECT {quoted(columns)} FROM main.participants "
            "WHERE study_id = ? AND code = ? AND deleted = 0",
            columns,
            study_id,
            code,
        ):
            if row["id"] not in final:
                members[row["id"]] = row
        if len(members) < 2:
            continue
        ordered = sorted(members.values(), key=lambda row: (row["created_at"], row["id"]))
        for row in ordered[1:]:
            renamed = _free_code(conn, study_id, code, row["id"], taken)
            if row["id"] in final:
                final[row["id"]] = {**row, "code": renamed}
            else:
                renames[row["id"]] = renamed
            stamp = (row["updated_at"], row["device_id"])
            applied.candidates.append(Candidate("participants", row["id"], "code", code, *stamp))
            applied.extra.setdefault("participants", set()).add(row["id"])
            applied.clashes.append(
                f"participant code {code} was given to two people on different laptops; "
                f"the one recorded later is now {renamed}"
            )
    return renames


def _free_code(
    conn: sqlite3.Connection, study_id: str, code: str, row_id: str, taken: set[tuple[str, str]]
) -> str:
    for candidate in (f"{code}-dup-{row_id[:8]}", f"{code}-dup-{row_id}"):
        in_use = conn.execute(
            "SELECT 1 FROM main.participants WHERE study_id = ? AND code = ? AND deleted = 0 "
            "AND id != ?",
            (study_id, candidate, row_id),
        ).fetchone()
        if not in_use and (study_id, candidate) not in taken:
            taken.add((study_id, candidate))
            return candidate
    raise sqlite3.IntegrityError(f"no free code for participant {row_id}")


def apply_identities(
    conn: sqlite3.Connection, info: TableInfo, stage: StagedTable, applied: Applied
) -> None:
    columns, table = stage.columns, info.name
    select = f'SELECT {quoted(columns)} FROM main."{table}"'
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    added = changed = 0
    for row in _rows(conn, f"SELECT {quoted(columns)} FROM temp.{stage.name}", columns):
        found = _rows(conn, f"{select} WHERE id = ?", columns, row["id"])
        if found:
            here = found[0]
            if _same(row, here, columns):
                continue
            if incoming_wins(row, here, columns):
                updates.append(row)
                changed += 1
                applied.candidates += candidates_for(info, columns, row, here, conn)
            else:
                applied.candidates += candidates_for(info, columns, here, row, conn)
            continue
        other = _rows(conn, f"{select} WHERE participant_id = ?", columns, row["participant_id"])
        if not other:
            inserts.append(row)
            added += 1
            continue
        here = other[0]
        survivor = min(row["id"], here["id"])
        winner, loser = (row, here) if incoming_wins(row, here, columns) else (here, row)
        merged = {
            **winner,
            "id": survivor,
            "created_at": (row if survivor == row["id"] else here)["created_at"],
        }
        applied.candidates += candidates_for(info, columns, merged, loser, conn, row_id=survivor)
        applied.extra.setdefault(table, set()).add(survivor)
        applied.clashes.append(
            "one participant's identity was recorded on two laptops; the two are kept as one"
        )
        if survivor == here["id"]:
            if winner is row:
                updates.append(merged)
                changed += 1
            continue
        conn.execute(f'DELETE FROM main."{table}" WHERE id = ?', (here["id"],))
        conn.execute(
            "UPDATE conflicts SET row_id = ? WHERE table_name = ? AND row_id = ?",
            (survivor, table, here["id"]),
        )
        inserts.append(merged)
        changed += 1
    insert_rows(conn, table, columns, inserts)
    update_rows(conn, table, columns, updates)
    applied.count(table, added=added, updated=changed)
