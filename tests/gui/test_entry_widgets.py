"""Each question type's editor, driven by the keyboard, and what reaches the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from instruments.model import Choice, Instrument, Question


def q(name, type_, path=None, **fields):
    return Question(name=name, type=type_, raw_type=type_, path=path or name, **fields)


def every_type() -> Instrument:
    many = [Choice(f"c{n}", {"": f"Choice {n}"}) for n in range(1, 12)]
    return Instrument(
        kind="questionnaire",
        form_id="types",
        title="Every type",
        questions=[
            q("start", "start"),
            q("username", "username"),
            q("end", "end"),
            q("name", "text", labels={"": "Name"}, required="yes"),
            q("story", "text", labels={"": "Story"}, appearance="multiline"),
            q("age", "integer", labels={"": "Age"}, constraint=". < 120"),
            q("weight", "decimal", labels={"": "Weight"}),
            q("visit", "date", labels={"": "Visit date"}),
            q("arrived", "time", labels={"": "Arrived"}),
            q("left", "dateTime", labels={"": "Left at"}),
            q("seen", "acknowledge", labels={"": "Leaflet given"}),
            q("pain", "range", labels={"": "Pain"}, parameters={"start": "0", "end": "10"}),
            q("order", "rank", labels={"": "Priorities"}, list_name="three"),
            q("town", "select_one", labels={"": "Town"}, list_name="many"),
            q("area", "select_one", labels={"": "Area"}, list_name="areas"),
            q(
                "ward",
                "select_one",
                labels={"": "Ward"},
                list_name="wards",
                choice_filter="area = ${area}",
            ),
            q("photo", "image", labels={"": "Photo"}, downgrade="image: attach a file"),
            q("code", "barcode", labels={"": "Code"}, downgrade="barcode: typed text"),
            q("lookup", "xml-external", labels={"": "Lookup"}, downgrade="xml-external: no file"),
            q("sim", "simserial", downgrade="simserial: left blank"),
            q("info", "note", labels={"": "Thanks, ${name}"}),
            q("double_age", "calculate", calculation="${age} * 2"),
            q(
                "member",
                "repeat",
                labels={"": "Household member"},
                children=[
                    q("mname", "text", "member/mname", labels={"": "Member name"}),
                    q("mage", "integer", "member/mage", labels={"": "Member age"}),
                ],
            ),
            q("after", "text", labels={"": "After the roster"}),
        ],
        choice_lists={
            "three": [Choice("a", {"": "Alpha"}), Choice("b", {"": "Beta"}), Choice("c")],
            "many": many,
            "areas": [Choice("north", {"": "North"}), Choice("south", {"": "South"})],
            "wards": [
                Choice("w1", {"": "Ward 1"}, extra={"area": "north"}),
                Choice("w2", {"": "Ward 2"}, extra={"area": "north"}),
                Choice("w3", {"": "Ward 3"}, extra={"area": "south"}),
            ],
        },
    )


@pytest.fixture
def session(store):
    repos = store.repos
    study = repos.studies.add("Types study")
    worker = repos.studies.add_fieldworker(study, "Tom Bell")
    form = repos.instruments.add(study, "questionnaire", "Every type", every_type().to_dict())
    return repos.sessions.start(study, form, fieldworker_id=worker, mode="face_to_face")


@pytest.fixture
def screen(qtbot, store, session):
    from gui.entry import EntryScreen

    widget = EntryScreen(store, session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return widget


def answers(store, session):
    return store.repos.sessions.answers(session)


def editor(screen, name):
    found = screen.findChild(QWidget, f"q:{name}")
    assert found is not None, name
    return found


def fill(qtbot, screen, name, text):
    widget = editor(screen, name)
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_widget_per_type(screen):
    assert isinstance(editor(screen, "story"), QPlainTextEdit)
    assert isinstance(editor(screen, "town"), QComboBox)  # more than 8 choices
    assert isinstance(editor(screen, "seen"), QCheckBox)
    assert isinstance(editor(screen, "order"), QListWidget)
    lookup = editor(screen, "lookup")
    assert isinstance(lookup, QLineEdit) and lookup.isReadOnly() and "no file" in lookup.text()
    assert editor(screen, "code").placeholderText() == "barcode: typed text"
    assert "(barcode: typed text)" in screen.form.rows["code"].hint.text()
    assert editor(screen, "info").accessibleName() == "Thanks, …"
    for hidden in ("start", "end", "username", "sim", "double_age"):
        assert screen.findChild(QWidget, f"q:{hidden}") is None


def test_metadata_and_username(store, screen, session):
    stored = answers(store, session)
    assert stored["username"] == "Tom Bell"
    assert "start" in stored and "end" not in stored


def test_typed_values_are_stored_in_their_formats(qtbot, store, screen, session):
    fill(qtbot, screen, "name", "Ann")
    fill(qtbot, screen, "age", "44")
    fill(qtbot, screen, "weight", "61.5")
    fill(qtbot, screen, "visit", "14/03/2026")
    fill(qtbot, screen, "arrived", "09:30")
    stored = answers(store, session)
    assert stored["name"] == "Ann" and stored["age"] == 44 and stored["weight"] == 61.5
    assert stored["visit"] == "2026-03-14" and stored["arrived"] == "09:30:00"
    assert stored["double_age"] == 88  # the calculation it changed is saved too
    assert screen.form.rows["info"].label.text() == "Thanks, Ann"
    assert editor(screen, "visit").text() == "14/03/2026"


def test_date_time_pair_saves_when_left(qtbot, store, screen, session):
    date = editor(screen, "left")
    date.setFocus()
    qtbot.keyClicks(date, "2026-03-14")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert "left" not in answers(store, session)  # still inside the question
    time = QApplication.focusWidget()
    qtbot.keyClicks(time, "17:05")
    qtbot.keyClick(time, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: answers(store, session).get("left") == "2026-03-14T17:05:00")


def test_multiline_text_saves_on_leaving(qtbot, store, screen, session):
    story = editor(screen, "story")
    story.setFocus()
    qtbot.keyClicks(story, "line one")
    qtbot.keyClick(story, Qt.Key.Key_Return)
    qtbot.keyClicks(story, "line two")
    qtbot.keyClick(story, Qt.Key.Key_Tab)
    assert answers(store, session)["story"] == "line one\nline two"


def test_non_ascii_text_is_sent_as_key_events(qtbot, store, screen, session):
    name = editor(screen, "name")
    name.setFocus()
    for character in "Zoë – 中":
        event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, character)
        QApplication.sendEvent(name, event)
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert answers(store, session)["name"] == "Zoë – 中"


def test_acknowledge_range_and_rank(qtbot, store, screen, session):
    seen = editor(screen, "seen")
    seen.setFocus()
    qtbot.keyClick(seen, Qt.Key.Key_Space)
    fill(qtbot, screen, "pain", "4")
    order = editor(screen, "order")
    order.setFocus()
    qtbot.keyClick(order, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    stored = answers(store, session)
    assert stored["seen"] == "OK" and stored["pain"] == 4
    assert stored["order"] == ["b", "a", "c"]


def test_range_outside_its_bounds_is_an_error(qtbot, screen):
    fill(qtbot, screen, "pain", "11")
    assert "from 0 to 10" in screen.form.rows["pain"].error_text()


def test_combo_and_choice_filter(qtbot, store, screen, session):
    town = editor(screen, "town")
    town.setFocus()
    qtbot.keyClick(town, Qt.Key.Key_Down)
    assert answers(store, session)["town"] == "c1"
    area = screen.form.rows["area"].input
    area.box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # South
    wards = [b.accessibleName() for b in screen.form.rows["ward"].input.buttons()]
    assert wards == ["Ward 3"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    wards = [b.accessibleName() for b in screen.form.rows["ward"].input.buttons()]
    assert wards == ["Ward 1", "Ward 2"]


def test_radio_answer_cleared_with_delete(qtbot, store, screen, session):
    screen.form.rows["area"].input.box.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert answers(store, session)["area"] == "north"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert answers(store, session)["area"] is None  # cleared: stored as no value, audited


def test_attachment_is_copied_beside_the_database(tmp_path, store, screen, session):
    source = tmp_path / "outside" / "leaflet.jpg"
    source.parent.mkdir()
    source.write_bytes(b"\xff\xd8 picture")
    screen.form.rows["photo"].input.attach_file(source)
    stored = answers(store, session)["photo"]
    assert stored == f"{store.path.name}.attachments/{session}/leaflet.jpg"
    assert (store.path.parent / stored).read_bytes() == b"\xff\xd8 picture"
    assert editor(screen, "photo").accessibleName() == "Photo"


def test_roster_added_and_removed_by_keyboard(qtbot, store, screen, session, monkeypatch):
    from gui.entry import entry_screen

    roster = screen.form.rosters["member"]
    roster.add_button.setFocus()
    qtbot.keyClick(roster.add_button, Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "Ann")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "40")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is roster.add_button
    qtbot.keyClick(roster.add_button, Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "Bob")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert editor(screen, "member[2]/mname").text() == "Bob"
    stored = answers(store, session)
    assert stored["member"] == 2 and stored["member[2]/mname"] == "Bob"
    monkeypatch.setattr(entry_screen, "confirm", lambda parent, question: True)
    editor(screen, "member[1]/mage").setFocus()
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    stored = answers(store, session)
    assert stored["member"] == 1 and stored["member[1]/mname"] == "Bob"
    assert "member[1]/mage" not in stored and "member[2]/mname" not in stored
    assert editor(screen, "member[1]/mname").text() == "Bob"
    assert screen.findChild(QWidget, "q:member[2]/mname") is None


def test_mark_complete_fills_end_and_lists_required(qtbot, store, screen, session):
    problems = screen.mark_complete()
    assert [p[0] for p in problems] == ["name"]
    assert screen.current_path() == "name"
    qtbot.keyClicks(QApplication.focusWidget(), "Ann")
    assert screen.mark_complete() == []
    stored = answers(store, session)
    assert stored["end"] >= stored["start"]
    assert store.repos.sessions.get(session)["status"] == "complete"


def test_withdrawn_consent_makes_the_form_read_only(qtbot, store):
    from gui.entry import EntryScreen

    repos = store.repos
    study = repos.studies.add("Consent study")
    person = repos.participants.add(study, "P-9")
    repos.participants.record_consent(person, "withdrawn", "2026-04-01")
    form = repos.instruments.add(study, "questionnaire", "Every type", every_type().to_dict())
    session = repos.sessions.start(study, form, participant_id=person)
    screen = EntryScreen(store, session)
    qtbot.addWidget(screen)
    assert "withdrawn" in screen.header.banner.text()
    assert not editor(screen, "name").isEnabled()
    assert repos.sessions.answers(session) == {}
