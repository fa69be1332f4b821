"""Rows unique by more than their id: one identity per participant, one live code per study."""

from __future__ import annotations

import pytest

from pack_support import FakeClock, canonical, install_clock, laptop, open_conflicts, seed_study
from storage.packs import make_pack, merge_packs


@pytest.fixture
def start(tmp_path, monkeypatch):
    clock = install_clock(monkeypatch, FakeClock())
    with laptop(tmp_path / "coordinator.db", "dev-coord") as store:
        seed = seed_study(store)
        pack = make_pack(store, tmp_path / "seed.fieldpack").path
    return clock, seed, pack


def test_one_person_s_identity_recorded_on_two_laptops_becomes_one(tmp_path, start):
    clock, seed, seed_pack = start
    person = seed["participants"][0]
    packs, identities = [], []
    for device, contact in (("dev-a", "01388 555 0100"), ("dev-b", "07700 900 123")):
        with laptop(tmp_path / f"{device}.db", device) as store:
            merge_packs(store, [seed_pack])
            clock.advance()
            identities.append(
                store.repos.participants.set_identity(person, "Jean Armstrong", contact)
            )
            out = tmp_path / f"{device}.fieldpack"
            packs.append(make_pack(store, out, with_identities=True).path)
    dumps = []
    for number, order in enumerate((packs, packs[::-1])):
        with laptop(tmp_path / f"coordinator-{number}.db", "dev-coord") as store:
            reports = merge_packs(store, [seed_pack, *order])
            assert any(
                "identity was recorded on two laptops" in c for r in reports for c in r.clashes
            )
            rows = store.rows("SELECT id, contact, device_id FROM participant_identities")
            assert rows == [
                {"id": min(identities), "contact": "07700 900 123", "device_id": "dev-b"}
            ]
            assert open_conflicts(store) == {
                (
                    "participant_identities",
                    min(identities),
                    "contact",
                    "01388 555 0100",
                    "dev-a",
                    "07700 900 123",
                    "dev-b",
                )
            }
            dumps.append(canonical(store, with_audit=False))
    assert dumps[0] == dumps[1]


def test_a_code_freed_and_reused_on_one_laptop_merges_without_a_clash(tmp_path, start):
    clock, seed, seed_pack = start
    old = seed["participants"][2]
    with laptop(tmp_path / "a.db", "dev-a") as store:
        merge_packs(store, [seed_pack])
        clock.advance()
        store.repos.participants.delete(old)
        new = store.repos.participants.add(seed["study"], "DUR-003", role="carer")
        pack = make_pack(store, tmp_path / "a.fieldpack").path
    with laptop(tmp_path / "coordinator.db", "dev-coord") as store:
        (report,) = merge_packs(store, [pack])
        assert report.clashes == []
        assert store.repos.participants.by_code(seed["study"], "DUR-003")["id"] == new
        assert store.repos.participants.get(old)["deleted"] == 1
        assert open_conflicts(store) == set()
