"""Send a pack from one laptop and receive it on another, through the dialogs: passphrase
asked when needed, a wrong one said plainly, Cancel leaves the database as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.transfer import show_receive_packs_dialog, show_send_pack_dialog
from gui.transfer.run_dialog import CANCELLED, FAILED, SUCCEEDED
from gui.transfer.worker import running_tasks
from gui.write_tracker import WriteTracker
from storage import open_store
from storage.demo import build_demo
from storage.packs import PassphraseRequiredError, pack_destinations, read_pack

TIMEOUT = 60_000
PASSPHRASE = "kittiwake harbour 1947"
STUDY = "Durham integrated teams"


def run_dialog(qtbot, dialog) -> str:
    with qtbot.waitSignal(dialog.run_finished, timeout=TIMEOUT) as blocker:
        dialog.action_button.click()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=TIMEOUT)
    return blocker.args[0]


@pytest.fixture
def fieldworker(tmp_path, monkeypatch):
    """Laptop A with the demo data, its device set through the environment."""
    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "laptop-a")
    monkeypatch.setenv("FIELDNOTES_DEVICE_LABEL", "Laptop A - Stanley")
    store = open_store(tmp_path / "laptop-a.db", create=True)
    build_demo(store)
    yield store
    store.close()


@pytest.fixture
def coordinator(tmp_path, monkeypatch, fieldworker):
    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "coordinator-1")
    monkeypatch.setenv("FIELDNOTES_DEVICE_LABEL", "Coordinator - Durham office")
    store = open_store(tmp_path / "coordinator.db", create=True)
    yield store
    store.close()


def send(qtbot, store, tmp_path, passphrase: str | None = PASSPHRASE):
    study = store.repos.studies.by_name(STUDY)
    dialog = show_send_pack_dialog(None, store, study["id"], WriteTracker(), "coordinator")
    qtbot.addWidget(dialog)
    assert dialog.studies.ticked() == [study["id"]]
    assert dialog.label.currentText() == "coordinator"
    assert not dialog.with_identities.isChecked()
    if passphrase:
        dialog.passphrase.setText(passphrase)
        dialog.confirm.setText(passphrase)
    target = tmp_path / "to-coordinator.fieldpack"
    dialog.target.set_path(target)
    return dialog, target


def receive(qtbot, store, target):
    tracker = WriteTracker()
    dialog = show_receive_packs_dialog(None, store, tracker)
    qtbot.addWidget(dialog)
    dialog.add_paths([target])
    return dialog, tracker


def test_send_with_a_passphrase_and_receive_on_another_laptop(
    qtbot, fieldworker, coordinator, tmp_path
):
    sender, target = send(qtbot, fieldworker, tmp_path)
    assert run_dialog(qtbot, sender) == SUCCEEDED, sender.message.text()
    with pytest.raises(PassphraseRequiredError):
        read_pack(target)  # encrypted: nothing readable without the passphrase
    assert "coordinator" in pack_destinations(fieldworker)
    assert "encrypted" in sender.heading.text()
    assert "left out" in sender.details.text()
    assert sender.destinations.rows[0].cells[0] == "coordinator"  # when it last got a pack

    dialog, tracker = receive(qtbot, coordinator, target)
    assert run_dialog(qtbot, dialog) == FAILED  # asked for, not guessed
    assert dialog.passphrase_row.isVisibleTo(dialog)
    assert "is encrypted" in dialog.message.text()
    assert "Nothing was merged" in dialog.message.text()

    dialog.passphrase.setText("not the passphrase")
    assert run_dialog(qtbot, dialog) == FAILED
    assert "That passphrase does not open to-coordinator.fieldpack" in dialog.message.text()
    assert coordinator.scalar("SELECT count(*) FROM studies") == 0

    announced = []
    tracker.changed.connect(announced.append)
    dialog.passphrase.setText(PASSPHRASE)
    assert run_dialog(qtbot, dialog) == SUCCEEDED, dialog.message.text()
    assert [study["name"] for study in coordinator.repos.studies.list()] == [STUDY]
    durham = fieldworker.repos.studies.by_name(STUDY)["id"]
    sent = len(fieldworker.repos.sessions.list(durham))
    assert len(coordinator.repos.sessions.list(durham)) == sent > 0
    assert coordinator.scalar("SELECT count(*) FROM participant_identities") == 0
    summary = dialog.summary_model.rows[0].cells
    assert summary[0] == "to-coordinator.fieldpack" and summary[1] == "Laptop A - Stanley"
    assert int(summary[4].replace(",", "")) > 0  # rows added
    assert any(changes.touches("sessions") for changes in announced)
    assert dialog.conflicts_button.isVisible()


def test_the_same_pack_twice_is_skipped_and_said_so(qtbot, fieldworker, coordinator, tmp_path):
    sender, target = send(qtbot, fieldworker, tmp_path, passphrase=None)
    sender.confirm_without_passphrase = lambda: True
    assert run_dialog(qtbot, sender) == SUCCEEDED
    first, _ = receive(qtbot, coordinator, target)
    assert run_dialog(qtbot, first) == SUCCEEDED
    again, _ = receive(qtbot, coordinator, target)
    assert run_dialog(qtbot, again) == SUCCEEDED
    assert "already merged before" in again.heading.text()
    assert again.summary_model.rows[0].cells[3].startswith("Already merged")


def test_an_unencrypted_pack_is_made_only_after_a_plain_question(qtbot, fieldworker, tmp_path):
    sender, target = send(qtbot, fieldworker, tmp_path, passphrase=None)
    asked = []
    sender.confirm_without_passphrase = lambda: asked.append(True) or False
    sender.action_button.click()
    assert asked and sender.task is None and not target.exists()


def test_passphrases_that_differ_are_refused_before_anything_runs(qtbot, fieldworker, tmp_path):
    sender, target = send(qtbot, fieldworker, tmp_path)
    sender.confirm.setText(PASSPHRASE + "!")
    sender.action_button.click()
    assert sender.task is None and "differ" in sender.message.text()


def test_cancel_while_merging_applies_nothing(qtbot, fieldworker, coordinator, tmp_path):
    sender, target = send(qtbot, fieldworker, tmp_path)
    assert run_dialog(qtbot, sender) == SUCCEEDED
    dialog, _ = receive(qtbot, coordinator, target)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.task_started.connect(
        lambda task: task.progressed.connect(
            lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection
        )
    )
    assert run_dialog(qtbot, dialog) == CANCELLED
    assert "nothing was merged" in dialog.message.text()
    for table in ("studies", "sessions", "answers", "imports", "audit"):
        assert coordinator.scalar(f"SELECT count(*) FROM {table}") == 0, table
