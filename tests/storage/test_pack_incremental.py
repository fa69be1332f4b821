"""`--for LABEL`: a pack of what changed since the last pack for that destination."""

from __future__ import annotations

import json

import pytest

from pack_support import FakeClock, canonical, install_clock, laptop, seed_study
from storage.packs import make_pack, merge_packs, read_pack


@pytest.fixture
def clock(monkeypatch):
    return install_clock(monkeypatch, FakeClock())


def test_only_what_changed_since_the_last_pack_for_that_label(tmp_path, clock):
    with laptop(tmp_path / "field.db", "dev-a") as store:
        seed = seed_study(store)
        first = make_pack(store, tmp_path / "1.fieldpack", for_label="coordinator")
        assert first.since is None and "everything" in str(first)
        assert first.counts["answers"] == 12

        nothing = make_pack(store, tmp_path / "2.fieldpack", for_label="coordinator")
        assert sum(nothing.counts.values()) == 0

        clock.advance()
        store.repos.sessions.save_answer(seed["sessions"][1], "q3", 33)
        changed = make_pack(store, tmp_path / "3.fieldpack", for_label="coordinator")
        assert changed.since is not None and "only what changed since" in str(changed)
        assert changed.counts["answers"] == 1 and changed.counts["audit"] == 1
        assert changed.counts["sessions"] == 1  # the session it hangs on travels with it
        assert changed.counts["notes"] == 0

        other = make_pack(store, tmp_path / "4.fieldpack", for_label="another team")
        assert other.counts["answers"] == 12
        marks = json.loads(store.meta("pack_destinations"))
        assert set(marks) == {"coordinator", "another team"}

    with laptop(tmp_path / "coordinator.db", "dev-coord") as coordinator:
        merge_packs(coordinator, [first.path, nothing.path, changed.path])
        assert coordinator.repos.sessions.answers(seed["sessions"][1])["q3"] == 33


def test_a_pack_with_a_wider_scope_starts_from_scratch(tmp_path, clock):
    with laptop(tmp_path / "field.db", "dev-a") as store:
        seed_study(store)
        store.repos.participants.set_identity(store.rows("SELECT id FROM participants")[0]["id"])
        make_pack(store, tmp_path / "1.fieldpack", for_label="coordinator")
        wider = make_pack(
            store, tmp_path / "2.fieldpack", for_label="coordinator", with_identities=True
        )
        assert wider.since is None and wider.counts["participant_identities"] == 1
        narrower = make_pack(
            store,
            tmp_path / "3.fieldpack",
            for_label="coordinator",
            studies=["Durham access programme"],
        )
        assert narrower.since is not None and sum(narrower.counts.values()) == 0


def test_rows_merged_in_are_passed_on_by_the_next_pack(tmp_path, clock):
    """A coordinator relays a laptop's rows to the others even though their updated_at is
    older than the coordinator's last pack for them."""
    with laptop(tmp_path / "coordinator.db", "dev-coord") as coordinator:
        seed = seed_study(coordinator)
        seed_pack = make_pack(coordinator, tmp_path / "seed.fieldpack", for_label="team").path
        with laptop(tmp_path / "a.db", "dev-a") as a:
            merge_packs(a, [seed_pack])
            clock.advance()
            a.repos.sessions.save_answer(seed["sessions"][0], "q2", "edited on A")
            from_a = make_pack(a, tmp_path / "a.fieldpack", for_label="coordinator").path
        clock.advance()
        quiet = make_pack(coordinator, tmp_path / "quiet.fieldpack", for_label="team")
        assert quiet.counts["answers"] == 0
        merge_packs(coordinator, [from_a])
        relay = make_pack(coordinator, tmp_path / "relay.fieldpack", for_label="team")
        assert relay.counts["answers"] == 1
    with laptop(tmp_path / "b.db", "dev-b") as b:
        merge_packs(b, [seed_pack, quiet.path, relay.path])
        assert b.repos.sessions.answers(seed["sessions"][0])["q2"] == "edited on A"


def test_packs_from_one_laptop_merge_the_same_in_any_order(tmp_path, clock):
    """A later pack carries the rows its changes hang on, so it can even come first; older
    copies that arrive after it are recognised as history, not conflicts."""
    with laptop(tmp_path / "field.db", "dev-a") as store:
        seed = seed_study(store)
        session = seed["sessions"][0]
        packs = [make_pack(store, tmp_path / "1.fieldpack", for_label="c").path]
        for value in (5, 6):
            clock.advance()
            store.repos.sessions.save_answer(session, "q1", value)
            store.repos.notes.update(seed["notes"][1], text=f"Staff meet weekly ({value}).")
            packs.append(make_pack(store, tmp_path / f"{value}.fieldpack", for_label="c").path)
        assert read_pack(packs[2]).manifest.counts["answers"] == 1
    dumps = []
    for number, order in enumerate(([0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0])):
        with laptop(tmp_path / f"coordinator-{number}.db", "dev-coord") as coordinator:
            for index in order:
                merge_packs(coordinator, [packs[index]])
            assert coordinator.repos.sessions.answers(session)["q1"] == 6
            assert coordinator.scalar("SELECT count(*) FROM conflicts") == 0, order
            dumps.append(canonical(coordinator))
    assert all(dump == dumps[0] for dump in dumps)
