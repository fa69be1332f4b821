"""The sessions list: a lazy model that passes Qt's model tester, filters, sorting, opening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from instruments.model import Instrument, Question
from storage.repositories.session_queries import SessionFilter

SESSIONS = 1_250


def _form() -> dict:
    return Instrument(
        kind="questionnaire",
        form_id="short",
        title="Short form",
        questions=[Question(name="age", type="integer", raw_type="integer", path="age")],
    ).to_dict()


@pytest.fixture
def many(store):
    """1,250 sessions over two sites and three participants, started a minute apart."""
    repos = store.repos
    with store.transaction():
        study = repos.studies.add("Big study")
        sites = [repos.studies.add_site(study, name) for name in ("North", "South")]
        worker = repos.studies.add_fieldworker(study, "Mei Chen")
        people = [repos.participants.add(study, f"NOR-{n:03d}") for n in range(3)]
        form = repos.instruments.add(study, "questionnaire", "Short form", _form())
        for number in range(SESSIONS):
            repos.sessions.start(
                study,
                form,
                site_id=sites[number % 2],
                participant_id=people[number % 3],
                fieldworker_id=worker,
                mode="paper",
                started_at=f"2026-03-{1 + number // 1000:02d}T{(number // 60) % 24:02d}:"
                f"{number % 60:02d}:00.000Z",
            )
    return {"study": study, "sites": sites, "people": people, "form": form}


@pytest.fixture
def model(qtbot, store, many):
    from gui.sessions import SessionTableModel

    table_model = SessionTableModel(store)
    table_model.reload(SessionFilter(study_id=many["study"]))
    return table_model


def test_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_row_count_grows_in_chunks(model):
    from gui.sessions.model import CHUNK

    assert model.total == SESSIONS
    assert model.rowCount() == CHUNK
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * CHUNK
    model.fetchMore()
    assert model.rowCount() == SESSIONS
    assert not model.canFetchMore()


def test_rows_are_read_a_page_at_a_time(qtbot, model):
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: model.pages_read >= 1)
    assert model.pages_read <= 2  # only what is painted, never the whole table
    newest = model.data(model.index(0, 0))
    assert newest.startswith("2 Mar 2026")  # newest first by default


def test_filters_and_search(store, many, model):
    model.reload(SessionFilter(study_id=many["study"], site_id=many["sites"][0]))
    assert model.total == SESSIONS // 2
    model.reload(SessionFilter(study_id=many["study"], participant_code="001"))
    assert model.total == len(range(1, SESSIONS, 3))
    model.reload(SessionFilter(study_id=many["study"], date_from="2026-03-02"))
    assert model.total == SESSIONS - 1000
    model.reload(SessionFilter(study_id=many["study"], status="complete"))
    assert model.total == 0
    model.reload(SessionFilter(study_id=many["study"], participant_code="%"))
    assert model.total == 0  # LIKE wildcards are searched for literally


def test_sorting_by_participant(model):
    model.sort(4, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, 4)) == "NOR-000"
    model.sort(4, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 4)) == "NOR-002"


@pytest.fixture
def screen(qtbot, store, many):
    from gui.sessions import SessionsScreen

    widget = SessionsScreen(store, many["study"])
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_screen_shows_count_and_opens_on_enter_and_double_click(qtbot, screen):
    qtbot.waitUntil(lambda: screen.count.text() == "1,250 sessions")
    expected = screen.model.session_id(0)
    screen.table.setFocus()
    with qtbot.waitSignal(screen.open_session) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened.args == [expected]
    index = screen.model.index(3, 1)
    rect = screen.table.visualRect(index)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(screen.open_session) as opened:
        qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [screen.model.session_id(3)]


def test_filter_bar_narrows_the_list(qtbot, screen, many):
    qtbot.keyClicks(screen.filters.code, "NOR-002")
    qtbot.waitUntil(lambda: screen.model.total == len(range(2, SESSIONS, 3)))
    assert screen.count.text() == f"{len(range(2, SESSIONS, 3)):,} sessions"


def test_second_entry_from_the_list(qtbot, store, screen):
    first = screen.model.session_id(0)
    with qtbot.waitSignal(screen.open_session) as opened:
        new_id = screen.second_entry(ask=False)
    assert opened.args == [new_id]
    row = store.repos.sessions.get(new_id)
    assert row["verifies_session_id"] == first
    assert screen.model.total == SESSIONS + 1
    assert screen.model.session_id(screen.table.currentIndex().row()) == new_id
    assert screen.compare_button.isEnabled() and not screen.second_button.isEnabled()
