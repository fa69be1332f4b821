"""The double entry dialog: planted disagreements listed side by side, settled by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from instruments.model import Choice, Instrument, Question
from storage.double_entry import start_second_entry


def q(name, type_, **fields):
    return Question(name=name, type=type_, raw_type=type_, path=name, **fields)


@pytest.fixture
def second(store):
    """A paper questionnaire keyed twice, with three planted disagreements."""
    form = Instrument(
        kind="questionnaire",
        form_id="postal",
        title="Postal survey",
        questions=[
            q("age", "integer", labels={"": "Age"}),
            q("lives_alone", "select_one", list_name="yn", labels={"": "Lives alone"}),
            q("comments", "text", labels={"": "Comments"}),
            q("town", "text", labels={"": "Town"}),
        ],
        choice_lists={"yn": [Choice("yes", {"": "Yes"}), Choice("no", {"": "No"})]},
    )
    repos = store.repos
    study = repos.studies.add("Postal study")
    instrument = repos.instruments.add(study, "questionnaire", "Postal survey", form.to_dict())
    first = repos.sessions.start(study, instrument, mode="paper")
    repos.sessions.commit_answers(
        first,
        {
            "age": (81, True),
            "lives_alone": ("yes", True),
            "comments": ("Fine", True),
            "town": ("Hexham", True),
        },
    )
    repos.sessions.set_status(first, "complete")
    verification = start_second_entry(store, first, None)
    repos.sessions.commit_answers(
        verification,
        {"age": (18, True), "lives_alone": ("no", True), "town": ("Hexham", True)},
    )
    repos.sessions.set_status(verification, "complete")
    return first, verification


@pytest.fixture
def dialog(qtbot, store, second):
    from gui.entry import DoubleEntryDialog

    widget = DoubleEntryDialog(store, second[1])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_disagreements_side_by_side(dialog):
    table = dialog.table
    assert table.rowCount() == 3
    assert [table.item(r, 0).text().splitlines()[0] for r in range(3)] == [
        "Age",
        "Lives alone",
        "Comments",
    ]
    assert (table.item(0, 1).text(), table.item(0, 2).text()) == ("81", "18")
    assert table.item(1, 1).text() == "Yes [yes]"
    assert table.item(2, 2).text() == "(blank)"
    assert "disagree on 3 of 4" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()


def test_keyboard_picks_and_apply(qtbot, store, second, dialog):
    first, verification = second
    qtbot.keyClick(dialog.table, Qt.Key.Key_1)  # age: first entry was right
    qtbot.keyClick(dialog.table, Qt.Key.Key_2)  # lives alone: second was right
    assert not dialog.apply_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_1)  # comments: first
    assert dialog.table.item(1, 3).text() == "Second entry: No [no]"
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.resolved):
        dialog.apply_button.click()
    sessions = store.repos.sessions
    assert sessions.answers(first) == {
        "age": 81,
        "lives_alone": "no",
        "comments": "Fine",
        "town": "Hexham",
    }
    assert sessions.get(first)["status"] == "verified"
    assert sessions.get(verification)["deleted"] == 0


def test_unfinished_second_entry_is_not_shown(qtbot, store, second):
    from gui.entry import DoubleEntryDialog

    store.repos.sessions.set_status(second[1], "draft")
    widget = DoubleEntryDialog(store, second[1])
    qtbot.addWidget(widget)
    assert "Finish the second entry first" in widget.summary.text()
    assert widget.table.isHidden() and not widget.apply_button.isEnabled()
