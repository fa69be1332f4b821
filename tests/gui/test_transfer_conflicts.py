"""The Conflicts screen after two laptops edited the same answer: both values side by side,
"Restore the other value" puts it back (audited), "Keep as is" closes the conflict."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from gui.transfer import ConflictsScreen, show_receive_packs_dialog
from gui.transfer.run_dialog import SUCCEEDED
from gui.transfer.worker import running_tasks
from gui.write_tracker import WriteTracker
from pack_support import laptop, seed_study
from storage.conflict_review import review_conflicts
from storage.packs import make_pack, merge_into_path
from storage.repositories.sessions import answer_id

TIMEOUT = 60_000


@dataclass
class Field:
    coordinator: object
    seed: dict
    packs: list[Path]


@pytest.fixture
def field(tmp_path):
    """Laptops A and B both change q1 of the first session and a participant's role; B later."""
    coordinator = laptop(tmp_path / "coordinator.db", "dev-coord", "Coordinator - Durham")
    seed = seed_study(coordinator)
    seed_pack = make_pack(coordinator, tmp_path / "seed.fieldpack", for_label="fieldworkers")
    packs = []
    for key, value, role in (("a", 5, "carer"), ("b", 6, "staff")):
        path = tmp_path / f"{key}.db"
        merge_into_path(path, [seed_pack.path], device=None)
        with laptop(path, f"dev-{key}", f"Laptop {key.upper()}") as store:
            store.repos.sessions.save_answer(seed["sessions"][0], "q1", value)
            store.repos.participants.update(seed["participants"][1], role=role)
            packs.append(make_pack(store, tmp_path / f"{key}.fieldpack").path)
    yield Field(coordinator, seed, packs)
    coordinator.close()


def merge(qtbot, field, tracker: WriteTracker):
    """Both packs merged on the coordinator through the Receive packs dialog."""
    dialog = show_receive_packs_dialog(None, field.coordinator, tracker)
    qtbot.addWidget(dialog)
    dialog.add_paths(field.packs)
    with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT) as blocker:
        dialog.action_button.click()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=TIMEOUT)
    assert blocker.args == [SUCCEEDED], dialog.message.text()
    assert sum(report.conflicts for report in dialog.reports) == 2
    return dialog


@pytest.fixture
def tracker():
    return WriteTracker()


@pytest.fixture
def screen(qtbot, field, tracker):
    """The Conflicts screen, open while the merge happens: it follows the tracker."""
    shown = ConflictsScreen(field.coordinator, tracker)
    qtbot.addWidget(shown)
    shown.show_study(field.seed["study"])
    shown.show()
    assert shown.model.rowCount() == 0 and shown.empty.isVisible()
    merge(qtbot, field, tracker)
    assert shown.model.rowCount() == 2 and shown.table.isVisible()
    return shown


def _select(screen, field_name: str) -> int:
    for row, review in enumerate(screen.model.reviews):
        if review.conflict.column_name == field_name:
            screen.table.selectRow(row)
            return row
    raise AssertionError(f"no conflict on {field_name}")


def test_conflicts_show_the_record_both_values_and_both_laptops(screen, field):
    rows = {
        review.conflict.column_name: screen.model.cells(review) for review in screen.model.reviews
    }
    answer = rows["value"]
    assert answer[0].startswith("Answer: ") and "question q1" in answer[0]
    assert "Team assessment" in answer[0] and "DUR-001" in answer[0]
    assert answer[1:5] == ["answer", "6", "5", "Laptop A"]
    review = next(r for r in screen.model.reviews if r.conflict.column_name == "value")
    assert (review.kept_device, review.lost_device) == ("Laptop B", "Laptop A")
    assert rows["role"][:5] == ["Participant: DUR-002", "role", "staff", "carer", "Laptop A"]
    _select(screen, "value")
    assert screen.kept_text.toPlainText() == "6" and screen.other_text.toPlainText() == "5"
    assert "Laptop A" in screen.other_label.text()


def test_restore_puts_the_other_value_back_and_is_audited(screen, field):
    coordinator = field.coordinator
    session = field.seed["sessions"][0]
    audit_before = coordinator.scalar("SELECT count(*) FROM audit")
    _select(screen, "value")
    assert screen.restore_selected()
    assert coordinator.repos.sessions.answers(session)["q1"] == 5
    assert coordinator.scalar("SELECT count(*) FROM audit") == audit_before + 1
    row = coordinator.row(
        "SELECT action, device_id FROM audit WHERE row_id = ? ORDER BY id DESC LIMIT 1",
        (answer_id(session, "q1"),),
    )
    assert row == {"action": "update", "device_id": "dev-coord"}
    left = [review.conflict.column_name for review in screen.model.reviews]
    assert left == ["role"]  # the list followed the tracker


def test_keep_as_is_closes_the_conflict_and_keeps_the_value(screen, field):
    person = field.seed["participants"][1]
    _select(screen, "role")
    assert screen.keep_selected()
    assert field.coordinator.repos.participants.get(person)["role"] == "staff"
    assert [r.conflict.column_name for r in screen.model.reviews] == ["value"]
    screen.show_resolved.setChecked(True)
    resolved = [r for r in screen.model.reviews if r.conflict.resolved_at]
    assert len(resolved) == 1 and resolved[0].conflict.resolution == "kept"
    _select(screen, "role")
    assert not screen.restore_button.isEnabled() and not screen.keep_button.isEnabled()


def test_another_study_shows_none_and_says_so(qtbot, screen, field):
    other = field.coordinator.repos.studies.add("Another programme")
    screen.show_study(other)
    assert screen.model.rowCount() == 0
    assert screen.empty.isVisible() and not screen.table.isVisible()
    assert len(review_conflicts(field.coordinator)) == 2  # still there for their own study


def test_the_receive_dialog_offers_the_conflicts_screen(qtbot, field, tracker):
    dialog = merge(qtbot, field, tracker)
    dialog.conflicts_button.click()  # nobody listening: a window of its own
    window = dialog.conflicts_window
    assert isinstance(window, ConflictsScreen) and window.isVisible()
    qtbot.addWidget(window)
    assert window.model.rowCount() == 2
    asked = []
    dialog.conflicts_requested.connect(lambda: asked.append(True))
    dialog.conflicts_button.click()  # the main window listens: it shows its own screen
    assert asked == [True]
