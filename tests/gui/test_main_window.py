"""The main window on the demo database: navigator, screens, menus and status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.about import about_text
from gui.navigator import OVERVIEW
from gui.participants_screen import ParticipantsScreen
from gui.record_table import RecordTableModel
from storage import open_store
from storage.demo import PROGRAMMES


def test_opens_with_a_sensible_size_and_title(window, demo_store):
    assert window.width() >= 1200 and window.height() >= 800
    assert demo_store.path.name in window.windowTitle()


def test_navigator_lists_the_three_demo_studies_with_counts(window, demo_store, durham):
    assert sorted(window.navigator.study_names()) == sorted(p.study for p in PROGRAMMES)
    item = window.navigator.findItems("Durham integrated teams", Qt.MatchFlag.MatchExactly)[0]
    children = [item.child(i).text(0) for i in range(item.childCount())]
    repos = demo_store.repos
    expected = {
        "Sites": len(repos.studies.sites(durham["id"])),
        "Participants": len(repos.participants.list(durham["id"])),
        "Instruments": len(repos.instruments.list(durham["id"], latest_only=True)),
        "Sessions": len(repos.sessions.list(durham["id"])),
    }
    assert children[:4] == [f"{name} ({count})" for name, count in expected.items()]
    assert expected["Sessions"] > 0 and expected["Instruments"] > 0


def test_selecting_participants_shows_the_study_s_rows(window, demo_store, durham):
    window.navigator.select(durham["id"], "participants")
    screen = window.current_screen()
    assert isinstance(screen, ParticipantsScreen)
    expected = len(demo_store.repos.participants.list(durham["id"]))
    assert expected >= 15
    assert screen.model.rowCount() == expected
    assert screen.summary.text().startswith(f"{expected} participants")


def test_starts_on_the_first_study_s_overview_with_ways_to_begin(window, demo_store):
    first = demo_store.repos.studies.list()[0]
    assert window.navigator.current_key() == (first["id"], OVERVIEW)
    overview = window.current_screen()
    assert overview.title.text() == first["name"]
    labels = [button.text() for button in overview.start_buttons]
    assert labels == [
        "New questionnaire session…",
        "Start interview…",
        "Start focus group…",
        "Import questionnaire…",
    ]
    overview.start_buttons[1].click()
    assert type(window.commands.dialog).__name__ == "StartInterviewDialog"
    window.commands.dialog.reject()


def test_sites_screen_lists_the_study_s_sites(window, durham):
    window.navigator.select(durham["id"], "sites")
    assert window.current_screen().model.rowCount() == 3


def test_sessions_and_instruments_screens_list_rows(window, demo_store, durham, qtmodeltester):
    repos = demo_store.repos
    study = repos.studies.add("Fresh study")
    instrument = repos.instruments.add(study, "questionnaire", "Team assessment", {})
    participant = repos.participants.add(study, "FR-C01", role="client")
    repos.sessions.start(study, instrument, participant_id=participant)
    window.navigator.reload()
    window.navigator.select(study, "sessions")
    sessions = window.current_screen()
    assert sessions.model.rowCount() == 1
    assert sessions.model.index(0, 4).data() == "FR-C01"
    qtmodeltester.check(sessions.model)
    window.navigator.select(study, "instruments")
    instruments = window.current_screen()
    assert instruments.model.index(0, 0).data() == "Team assessment"
    assert not instruments.empty.isVisibleTo(instruments)


def test_empty_section_says_so_instead_of_an_empty_grid(window, demo_store):
    study = demo_store.repos.studies.add("Empty study")
    window.navigator.reload()
    window.navigator.select(study, "instruments")
    screen = window.current_screen()
    assert screen.empty.isVisibleTo(screen)
    assert not screen.table.isVisibleTo(screen)


def test_status_bar_names_database_and_device(window, demo_store):
    assert str(demo_store.path) in window.status.database_text()
    assert demo_store.device.label in window.status.device_text()
    assert window.status.save_state_text() == "No changes yet"


def test_about_names_version_database_and_device(demo_store):
    from storage.store import APP_VERSION

    text = about_text(demo_store)
    assert APP_VERSION in text
    assert str(demo_store.path) in text
    assert demo_store.device.label in text


def test_new_study_by_keyboard(window, demo_store, qtbot):
    window.actions.new_study.trigger()
    dialog = window.commands.dialog
    assert dialog is not None and dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "Gateshead carers study")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    created = demo_store.repos.studies.by_name("Gateshead carers study")
    assert created is not None
    assert "Gateshead carers study" in window.navigator.study_names()
    assert window.navigator.current_key() == (created["id"], OVERVIEW)
    assert window.status.save_state_text().startswith("Saved ")


def test_new_study_with_a_taken_name_is_refused_beside_the_field(window, demo_store, qtbot):
    window.actions.new_study.trigger()
    dialog = window.commands.dialog
    qtbot.keyClicks(dialog.name, "Durham integrated teams")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "already exists" in dialog.name_message.text()
    assert len(demo_store.repos.studies.list()) == 3
    assert window.status.save_state_text().startswith("Not saved: ")


def test_open_database_switches_and_closes_the_previous_one(
    window, demo_store, tmp_path, monkeypatch
):
    other_path = tmp_path / "other.db"
    with open_store(other_path, create=True) as other:
        other.repos.studies.add("Sunderland pilot")
    monkeypatch.setattr("gui.main_window.choose_database_file", lambda *args: other_path)
    window.actions.open.trigger()
    assert window.store.path == other_path.resolve()
    assert window.navigator.study_names() == ["Sunderland pilot"]
    assert demo_store.conn is None  # closed cleanly, WAL checkpointed
    assert str(other_path.resolve()) in window.status.database_text()
    window.store.close()


def test_database_without_studies_says_what_to_do(qtbot, store):
    from gui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.current_screen() is window.workspace.no_study
    assert window.navigator.study_names() == []


def test_record_table_model_passes_the_model_tester(qtmodeltester):
    from gui.record_table import Column, field

    model = RecordTableModel([Column("Name", field("name")), Column("Kind", field("kind"))])
    model.set_rows([{"name": "Carlisle", "kind": "team"}, {"name": "Kendal", "kind": None}])
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == ""
