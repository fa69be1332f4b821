"""Which rows a pack carries: chosen studies, linked rows, tombstones, and identities only
when asked for."""

from __future__ import annotations

import json

import pytest

from pack_support import FakeClock, body_lines, canonical, install_clock, laptop, seed_study
from storage.check import check_database
from storage.errors import ValidationError
from storage.packs import PackCancelled, make_pack, merge_packs, read_pack

NAME, CONTACT = "Margaret Lowther", "01388 555 0142"


@pytest.fixture
def source(tmp_path, monkeypatch):
    install_clock(monkeypatch, FakeClock())
    store = laptop(tmp_path / "field.db", "dev-field")
    seed = seed_study(store)
    store.repos.participants.set_identity(seed["participants"][0], NAME, CONTACT)
    yield store, seed
    store.close()


def sections(lines: list[bytes]) -> dict[str, list[list]]:
    found: dict[str, list[list]] = {}
    current = None
    for line in lines:
        if line.startswith(b"{"):
            current = json.loads(line)["table"]
            found[current] = []
        else:
            found[current].append(json.loads(line))
    return found


def test_identities_stay_behind_unless_asked(source, tmp_path):
    store, seed = source
    report = make_pack(store, tmp_path / "plain.fieldpack")
    assert not report.with_identities and "left out" in str(report)
    raw = b"\n".join(body_lines(report.path)) + report.path.read_bytes()
    assert NAME.encode() not in raw and CONTACT.encode() not in raw
    packed = sections(body_lines(report.path))
    assert "participant_identities" not in packed
    assert all(row[2] != "participant_identities" for row in packed["audit"])

    with_names = make_pack(store, tmp_path / "names.fieldpack", with_identities=True)
    assert "ARE included" in str(with_names)
    assert read_pack(with_names.path).manifest.with_identities
    with laptop(tmp_path / "coordinator.db", "dev-coord") as coordinator:
        merge_packs(coordinator, [report.path])
        assert coordinator.repos.participants.identity(seed["participants"][0]) is None
        merge_packs(coordinator, [with_names.path])
        identity = coordinator.repos.participants.identity(seed["participants"][0])
        assert (identity["full_name"], identity["contact"]) == (NAME, CONTACT)
        audit = coordinator.scalar(
            "SELECT count(*) FROM audit WHERE table_name = 'participant_identities'"
        )
        assert audit == 1


def test_a_full_pack_carries_everything_and_merges_to_the_same_rows(source, tmp_path):
    store, _ = source
    store.repos.notes.delete(store.rows("SELECT id FROM notes")[0]["id"])
    report = make_pack(store, tmp_path / "all.fieldpack", with_identities=True)
    with laptop(tmp_path / "coordinator.db", "dev-coord") as coordinator:
        merge_packs(coordinator, [report.path])
        assert canonical(coordinator) == canonical(store)
        assert coordinator.scalar("SELECT count(*) FROM notes WHERE deleted = 1") == 1
        assert check_database(coordinator) == []


def test_only_the_chosen_study_and_what_it_links_to(source, tmp_path):
    store, seed = source
    other = store.repos.studies.add("Cumbria memory services")
    other_site = store.repos.studies.add_site(other, "Kendal memory service")
    store.repos.participants.add(other, "CUM-001", site_id=other_site)
    helper = store.repos.studies.add_fieldworker(other, "Mei Chen")
    store.repos.sessions.start(seed["study"], seed["form"], seed["site"], None, helper)

    report = make_pack(store, tmp_path / "durham.fieldpack", studies=["durham ACCESS programme"])
    assert report.studies == ["Durham access programme"]
    packed = sections(body_lines(report.path))
    assert [row[0] for row in packed["studies"]] == sorted([seed["study"], other])
    assert [row[0] for row in packed["fieldworkers"]] == sorted([seed["worker"], helper])
    assert {row[6] for row in packed["participants"]} == {"DUR-001", "DUR-002", "DUR-003"}
    assert packed["sites"] and all(row[5] != "Kendal memory service" for row in packed["sites"])
    with laptop(tmp_path / "coordinator.db", "dev-coord") as coordinator:
        merge_packs(coordinator, [report.path])
        assert coordinator.repos.participants.by_code(other, "CUM-001") is None
        assert coordinator.repos.studies.fieldworker_by_name(other, "Mei Chen")["id"] == helper

    with pytest.raises(ValidationError, match="no study called 'Nowhere'"):
        make_pack(store, tmp_path / "none.fieldpack", studies=["Nowhere"])


def test_the_same_data_packs_to_the_same_body(source, tmp_path):
    store, _ = source
    first = read_pack(make_pack(store, tmp_path / "1.fieldpack").path)
    second = read_pack(make_pack(store, tmp_path / "2.fieldpack").path)
    assert first.manifest.payload_sha256 == second.manifest.payload_sha256
    assert first.pack_id != second.pack_id


def test_cancelling_leaves_no_file_and_no_mark(source, tmp_path):
    store, _ = source
    out = tmp_path / "cancelled.fieldpack"
    with pytest.raises(PackCancelled, match="no pack was written"):
        make_pack(store, out, for_label="coordinator", cancelled=lambda: True)
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    assert json.loads(store.meta("pack_destinations")) == {}
    seen = []
    make_pack(store, out, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == sum(read_pack(out).manifest.counts.values())
