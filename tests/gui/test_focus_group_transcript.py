"""Importing a messy transcript through the dialog: encodings, unknown names, all or nothing."""

from __future__ import annotations

import pytest

from gui.focus_groups import TranscriptImportDialog
from instruments.model import Topic
from storage.qualitative import FACILITATOR, RosterEntry, save_guide, start_focus_group

MESSY = (
    "Carers' group – Carlisle, 10 June\r\n"
    "\r\n"
    "[00:00:05] Moderator: Welcome, everyone.\r\n"
    "P1: We waited seven months.\r\n"
    "Nobody rang.\r\n"
    "\r\n"
    "\r\n"
    "CUM-K02 [00:01:10]: The folder goes everywhere with me.\r\n"
    "Mrs Armstrong: I'd add one thing.\r\n"
    "NB: the recorder was moved here\r\n"
    "Speaker 4 (00:02:00): Friday discharges are the worst.\r\n"
)


@pytest.fixture
def group(store):
    repos = store.repos
    study_id = repos.studies.add("Cumbria older people's mental health")
    people = []
    for number in (1, 2, 3):
        person = repos.participants.add(study_id, f"CUM-K0{number}", role="carer")
        repos.participants.record_consent(person, "given", "2026-06-01", "written form")
        people.append(person)
    guide = save_guide(store, study_id, "focus_group", "Carers", [Topic("", "Waiting")])
    session_id = start_focus_group(
        store, study_id, guide, [RosterEntry(p, f"P{i}") for i, p in enumerate(people, 1)]
    )
    return {"session": session_id, "people": people}


@pytest.fixture
def dialog(qtbot, store, group):
    widget = TranscriptImportDialog(store, group["session"])
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: b"\xff\xfe" + text.encode("utf-16-le"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-8 with BOM", "utf-16", "windows-1252"],
)
def test_messy_file_imports_after_mapping_unknown_names(tmp_path, store, group, dialog, encode):
    path = tmp_path / "carers group.txt"
    path.write_bytes(encode(MESSY))
    dialog.load_file(path)
    assert "carers group.txt" in dialog.source.text()
    assert dialog.import_button.isEnabled()
    assert dialog.unmatched() == ["Mrs Armstrong", "NB", "Speaker 4"]
    assert "6 turns" in dialog.summary.text()
    dialog.set_choice("Mrs Armstrong", dialog.target_index("P3"))
    dialog.set_choice("NB", "continue")  # a note in the transcript, not a person
    assert "5 turns" in dialog.summary.text()
    saved = []
    dialog.saved.connect(saved.append)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    rows = store.repos.notes.list(group["session"])
    people = group["people"]
    assert [(r["speaker_label"], r["speaker_id"], r["text"], r["elapsed_ms"]) for r in rows] == [
        ("", None, "Carers' group – Carlisle, 10 June", None),
        (FACILITATOR, None, "Welcome, everyone.", 5000),
        ("P1", people[0], "We waited seven months.\nNobody rang.", None),
        ("P2", people[1], "The folder goes everywhere with me.", 70_000),
        ("P3", people[2], "I'd add one thing.\nNB: the recorder was moved here", None),
        ("Speaker 4", None, "Friday discharges are the worst.", 120_000),
    ]
    assert "Imported 5 turns" in saved[-1]
    assert "Speaker 4" in saved[-1]


def test_pasted_text_with_no_turns_is_refused_whole(store, group, dialog):
    dialog.set_text("Interview notes typed up afterwards.\nNo speakers were marked.")
    assert not dialog.import_button.isEnabled()
    assert "No line looks like the start of a turn" in dialog.message.text()
    assert store.scalar("SELECT count(*) FROM notes") == 0


def test_a_refused_turn_leaves_the_session_as_it_was(store, group, dialog):
    dialog.set_text(MESSY)
    store.repos.participants.record_consent(group["people"][1], "withdrawn", "2026-06-20")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Nothing was imported" in dialog.message.text()
    assert store.scalar("SELECT count(*) FROM notes") == 0
