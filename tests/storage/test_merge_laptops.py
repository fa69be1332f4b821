"""Three laptops edit overlapping sessions offline; the coordinator merges their packs.

Every order of merging gives the same database (rows, conflicts, audit trail), the conflicts
are exactly the real ones, and merging again changes nothing.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from pack_support import (
    FakeClock,
    canonical,
    install_clock,
    laptop,
    open_conflicts,
    seed_study,
)
from storage.check import check_database
from storage.device import Device
from storage.errors import ValidationError
from storage.packs import (
    dismiss_conflict,
    list_conflicts,
    make_pack,
    merge_into_path,
    merge_packs,
    restore_conflict,
)
from storage.repositories.sessions import answer_id

COORDINATOR = Device("dev-coord", "Coordinator - Durham office")
LAPTOPS = {
    "a": Device("dev-a", "Laptop A - Stanley"),
    "b": Device("dev-b", "Laptop B - Consett"),
    "c": Device("dev-c", "Laptop C - Durham Dales"),
}


@dataclass
class Field:
    tmp: Path
    coordinator: Path
    seed: dict
    packs: dict[str, Path]
    ids: dict[str, str]
    expected: set[tuple]

    def coordinator_copy(self, name: str):
        copy = self.tmp / f"{name}.db"
        shutil.copyfile(self.coordinator, copy)
        return laptop(copy, COORDINATOR.device_id, COORDINATOR.label)


@pytest.fixture
def field(tmp_path, monkeypatch) -> Field:
    clock = install_clock(monkeypatch, FakeClock())
    coordinator = tmp_path / "coordinator.db"
    with laptop(coordinator, COORDINATOR.device_id, COORDINATOR.label) as store:
        seed = seed_study(store)
        seed_pack = make_pack(store, tmp_path / "seed.fieldpack", for_label="fieldworkers").path
    stores = {}
    for key, device in LAPTOPS.items():
        merge_into_path(tmp_path / f"{key}.db", [seed_pack], device=device)
        stores[key] = laptop(tmp_path / f"{key}.db", device.device_id, device.label)
    a, b, c = stores["a"], stores["b"], stores["c"]
    s1, s2, s3 = seed["sessions"]
    note = seed["notes"][0]
    study = seed["study"]

    clock.advance()
    a.repos.sessions.save_answer(s1, "q1", 5)
    a.repos.sessions.save_answer(s1, "q2", 7)
    a.repos.sessions.save_answer(s1, "q2", 8)
    a.repos.sessions.delete(s2)
    a.repos.notes.update(note, kind="summary")
    a.repos.participants.update(seed["participants"][1], role="carer")
    clock.advance()
    b.repos.sessions.save_answer(s1, "q1", 6)
    b.repos.sessions.set_status(s2, "complete")
    first_009 = b.repos.participants.add(study, "DUR-009", role="carer")
    clock.advance()
    later_009 = c.repos.participants.add(study, "DUR-009", role="staff")
    c.repos.notes.update(note, text="Referral took six weeks, then two more.")
    c.repos.sessions.save_answer(s3, "q4", 40)
    new_session = c.repos.sessions.start(study, seed["form"], seed["site"], None, seed["worker"])
    c.repos.sessions.save_answer(new_session, "q1", "yes")

    packs = {}
    for key, store in stores.items():
        packs[key] = make_pack(store, tmp_path / f"{key}.fieldpack", for_label="coordinator").path
        store.close()
    expected = {
        ("answers", answer_id(s1, "q1"), "value", "5", "dev-a", "6", "dev-b"),
        ("sessions", s2, "deleted", "1", "dev-a", "0", "dev-b"),
        ("notes", note, "kind", "summary", "dev-a", "quote", "dev-c"),
        (
            "participants",
            later_009,
            "code",
            "DUR-009",
            "dev-c",
            f"DUR-009-dup-{later_009[:8]}",
            "dev-c",
        ),
    }
    ids = {"first_009": first_009, "later_009": later_009, "new_session": new_session}
    return Field(tmp_path, coordinator, seed, packs, ids, expected)


def workbook_cells(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values except About's (it names when and where it was made)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {
            sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
            if sheet.title != "About"
        }
    finally:
        book.close()


def test_every_merge_order_gives_the_same_database_and_the_real_conflicts(field):
    from exports import ExportOptions, export_workbook

    dumps, workbooks = [], []
    for number, order in enumerate(itertools.permutations("abc")):
        with field.coordinator_copy(f"order-{number}") as store:
            for key in order:
                (report,) = merge_packs(store, [field.packs[key]])
                assert not report.skipped_already_merged
            assert open_conflicts(store) == field.expected, order
            assert check_database(store) == []
            dumps.append(canonical(store))
            out = field.tmp / f"order-{number}.xlsx"
            export_workbook(store, out, ExportOptions(include_withdrawn=True))
            workbooks.append(workbook_cells(out))
    assert all(dump == dumps[0] for dump in dumps[1:])
    assert all(book == workbooks[0] for book in workbooks[1:])
    questionnaire_rows = sum(
        len(rows) - 1 for name, rows in workbooks[0].items() if name not in ("Participants",)
    )
    assert questionnaire_rows > 0


def test_the_merged_values_are_the_newest(field):
    with field.coordinator_copy("merged") as store:
        merge_packs(store, [field.packs[k] for k in "cab"])
        s1, s2, s3 = field.seed["sessions"]
        answers = store.repos.sessions.answers
        assert answers(s1) == {"q1": 6, "q2": 8, "q3": 3, "q4": 4}
        assert answers(s3)["q4"] == 40
        assert answers(field.ids["new_session"]) == {"q1": "yes"}
        session = store.repos.sessions.get(s2)
        assert (session["deleted"], session["status"]) == (0, "complete")
        note = store.repos.notes.get(field.seed["notes"][0])
        assert (note["kind"], note["text"]) == ("quote", "Referral took six weeks, then two more.")
        assert store.repos.participants.get(field.seed["participants"][1])["role"] == "carer"
        study = field.seed["study"]
        assert store.repos.participants.by_code(study, "DUR-009")["id"] == field.ids["first_009"]
        renamed = store.repos.participants.get(field.ids["later_009"])["code"]
        assert renamed == f"DUR-009-dup-{field.ids['later_009'][:8]}"
        hits = store.rows(
            "SELECT n.id FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid "
            "WHERE notes_fts MATCH 'more'"
        )
        assert [hit["id"] for hit in hits] == [field.seed["notes"][0]]


def test_merging_again_changes_nothing(field):
    with field.coordinator_copy("again") as store:
        first = merge_packs(store, [field.packs[k] for k in "abc"])
        assert [r.skipped_already_merged for r in first] == [False] * 3
        before = canonical(store)
        imports = store.scalar("SELECT count(*) FROM imports")
        again = merge_packs(store, [field.packs[k] for k in "bca"])
        assert all(r.skipped_already_merged for r in again)
        assert "already merged" in str(again[0])
        assert canonical(store) == before
        assert store.scalar("SELECT count(*) FROM imports") == imports


def test_one_call_with_several_packs_and_a_new_database_agree(field):
    one_call = field.coordinator_copy("one-call")
    merge_packs(one_call, [field.packs[k] for k in "bac"])
    expected = canonical(one_call)
    one_call.close()
    fresh = field.tmp / "first-merge.db"
    reports = merge_into_path(fresh, [field.packs[k] for k in "cba"], device=COORDINATOR)
    assert len(reports) == 3
    with laptop(fresh, COORDINATOR.device_id) as store:
        assert canonical(store) == expected


def test_the_summary_says_what_came_from_whom(field):
    with field.coordinator_copy("summary") as store:
        report_a, report_b, report_c = merge_packs(store, [field.packs[k] for k in "abc"])
    assert report_b.source_label == "Laptop B - Consett"
    assert report_b.added["participants"] == 1
    assert report_b.updated["answers"] == 1 and report_b.updated["sessions"] == 1
    assert report_a.updated["sessions"] == 1  # the deletion, later overtaken by B's edit
    assert report_c.added["sessions"] == 1 and report_c.added["participants"] == 1
    assert report_b.conflicts == 2 and report_c.conflicts == 2
    text = str(report_c)
    assert "Laptop C - Durham Dales" in text and "DUR-009-dup-" in text
    assert "Conflicts kept for review: 2" in text


def test_restore_and_dismiss_conflicts(field):
    with field.coordinator_copy("review") as store:
        merge_packs(store, [field.packs[k] for k in "abc"])
        conflicts = {(c.table_name, c.column_name): c for c in list_conflicts(store)}
        assert conflicts[("answers", "value")].source_label in (
            "Laptop A - Stanley",
            "Laptop B - Consett",
        )
        s1, s2, _ = field.seed["sessions"]

        changes = restore_conflict(store, conflicts[("answers", "value")].id)
        assert store.repos.sessions.answers(s1)["q1"] == 5
        assert changes.touches("answers")
        last = store.row("SELECT action, device_id, changes FROM audit ORDER BY id DESC LIMIT 1")
        assert (last["action"], last["device_id"]) == ("update", "dev-coord")

        restore_conflict(store, conflicts[("sessions", "deleted")].id)
        assert store.repos.sessions.get(s2)["deleted"] == 1

        with pytest.raises(ValidationError, match="already used"):
            restore_conflict(store, conflicts[("participants", "code")].id)
        dismiss_conflict(store, conflicts[("notes", "kind")].id)
        with pytest.raises(ValidationError, match="already resolved"):
            dismiss_conflict(store, conflicts[("notes", "kind")].id)

        left = list_conflicts(store)
        assert [(c.table_name, c.column_name) for c in left] == [("participants", "code")]
        resolved = list_conflicts(store, include_resolved=True)
        assert {c.resolution for c in resolved} == {"restored", "kept", ""}
