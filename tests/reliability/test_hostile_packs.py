"""Hostile field packs: damaged, truncated or doctored packs are refused with a PackError and
the database is left exactly as it was; nothing else ever escapes a merge.

Two kinds of damage: raw bytes (what a USB stick or e-mail does; the whole-file checksum must
refuse every one), and a doctored body re-sealed with matching checksums and counts (what a
buggy or hostile program does; the row checks must refuse it, or it merges cleanly and
`fieldnotes check` finds nothing).
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_mutations import damaged_bytes, damaged_member, examples
from reliability_verify import database_dump
from reliability_world import build_world, seed_laptop

from storage.packs import PackError

HOSTILE = settings(
    max_examples=examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["", "2026-13-45T99:99:99.999Z", "deleted", "1", "0"]),
    st.lists(st.integers(), max_size=2),
)
OUTCOMES: list[str] = []


@pytest.fixture(scope="module")
def laptop_pack(tmp_path_factory) -> Path:
    from storage import open_store
    from storage.packs import make_pack

    folder = tmp_path_factory.mktemp("hostile-pack")
    with pytest.MonkeyPatch.context() as patch:  # module scope: before the per-test HOME
        patch.setenv("FIELDNOTES_DEVICE_ID", "hostile-pack")
        seed_laptop(folder / "laptop.db", "laptop-hostile", "M-hostile")
        with open_store(folder / "laptop.db") as source:
            return make_pack(source, folder / "laptop.fieldpack").path


@pytest.fixture
def coordinator(tmp_path):
    from storage import open_store

    world = build_world(tmp_path / "coordinator.db")
    with open_store(world.db) as store:
        yield store


def merge_or_refuse(store, pack: Path) -> str:
    from storage.check import check_database
    from storage.packs import merge_packs

    before = database_dump(Path(store.path))
    try:
        reports = merge_packs(store, [pack])
    except PackError as error:
        assert pack.name in str(error), "a refusal names the pack"
        assert not store.conn.in_transaction
        assert database_dump(Path(store.path)) == before, "a refused pack changed the database"
        return "refused"
    assert len(reports) == 1
    assert check_database(store) == []
    return "merged"


@HOSTILE
@given(data=st.data())
def test_damaged_bytes_are_always_refused(coordinator, laptop_pack, tmp_path, data):
    original = laptop_pack.read_bytes()
    damaged = data.draw(damaged_bytes(original))
    target = tmp_path / "damaged.fieldpack"
    target.write_bytes(damaged)
    outcome = merge_or_refuse(coordinator, target)
    assert outcome == "refused" or damaged == original


def _doctor(lines: list[bytes], data: st.DataObject) -> list[bytes]:
    """Change one line: its bytes (broken JSON) or one JSON value, or drop or repeat it."""
    index = data.draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    how = data.draw(st.sampled_from(["bytes", "value", "drop", "repeat"]))
    if how == "drop":
        return lines[:index] + lines[index + 1 :]
    if how == "repeat":
        return lines[: index + 1] + [line] + lines[index + 1 :]
    if how == "value":
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if isinstance(row, list) and row:
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(JSON_VALUES)
            return lines[:index] + [json.dumps(row).encode()] + lines[index + 1 :]
    return (
        lines[:index] + [data.draw(damaged_member(line)).replace(b"\n", b" ")] + lines[index + 1 :]
    )


def reseal(
    pack_path: Path, out: Path, change: Callable[[list[bytes]], list[bytes]], pack_id: str
) -> Path:
    """`pack_path` with its body lines changed and the checksums and counts made to match
    again (counts of sections whose header still reads), as a buggy program could."""
    from storage.packs import read_pack
    from storage.packs.format import seal

    pack = read_pack(pack_path)
    lines = change(zlib.decompress(pack.body).split(b"\n")[:-1])
    counts = dict(pack.manifest.counts)
    current = None
    for line in lines:
        try:
            head = json.loads(line) if line.startswith(b"{") else None
        except ValueError:
            head = None
        if isinstance(head, dict) and isinstance(head.get("table"), str):
            current = head["table"]
            counts[current] = 0
        elif current is not None:
            counts[current] += 1
    body = b"".join(line + b"\n" for line in lines)
    manifest = replace(
        pack.manifest,
        counts=counts,
        payload_sha256=hashlib.sha256(body).hexdigest(),
        pack_id=pack_id,
    )
    out.write_bytes(seal(manifest, zlib.compress(body)))
    return out


@HOSTILE
@given(data=st.data())
def test_doctored_packs_are_refused_or_merge_cleanly(coordinator, laptop_pack, tmp_path, data):
    target = reseal(
        laptop_pack,
        tmp_path / "doctored.fieldpack",
        lambda lines: _doctor(lines, data),
        pack_id=str(uuid.uuid4()),  # never "already merged": every example really merges
    )
    OUTCOMES.append(merge_or_refuse(coordinator, target))


@HOSTILE
@given(data=st.binary(max_size=2048))
def test_random_files_are_refused(coordinator, tmp_path, data):
    target = tmp_path / "random.fieldpack"
    target.write_bytes(data)
    assert merge_or_refuse(coordinator, target) == "refused"


def test_the_undamaged_pack_merges(coordinator, laptop_pack):
    """The control: the same pack, undamaged, is accepted (so refusals above mean damage)."""
    assert merge_or_refuse(coordinator, laptop_pack) == "merged"


def test_report_doctored_outcomes():
    """How the doctored packs of this run ended (visible with -s)."""
    refused, merged = OUTCOMES.count("refused"), OUTCOMES.count("merged")
    print(f"\n[reliability] doctored packs: {refused} refused, {merged} merged cleanly")
