"""Coding, codebook, search and connections screens, driven as a user would (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QMessageBox, QTreeWidgetItem

from gui.coding import CodebookScreen, CodingTextView
from gui.coding.codebook_tree import drop_target
from gui.coding.text_menu import add_coding_actions
from gui.coding.text_offsets import from_qt, to_qt
from gui.connections import ConnectionsScreen
from gui.search import SearchScreen
from gui.write_tracker import WriteTracker
from storage.codebook import Codebook
from storage.codings import codings_of, note_unit


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


@pytest.fixture
def tracker(qtbot):
    return WriteTracker()


@pytest.fixture
def quiet_messages(monkeypatch):
    """Message boxes record their text instead of waiting for a click."""
    shown: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *args: shown.append(args[2]))
    return shown


def coded(store, note_id: str) -> list[tuple[str, str]]:
    unit = note_unit(store, note_id)
    return [(c["code_name"], unit.text[c["start"] : c["end"]]) for c in codings_of(store, unit)]


def make_view(qtbot, store, tracker, note_id: str) -> CodingTextView:
    view = CodingTextView(store, tracker)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.text.setFocus()
    assert view.show_note(note_id)
    return view


def choose(view: CodingTextView, code_id: str) -> None:
    view.code_box.setCurrentIndex(view.code_box.findData(code_id))


def test_select_words_and_press_ctrl_k_applies_the_chosen_code(qtbot, store, corpus, tracker):
    view = make_view(qtbot, store, tracker, corpus.notes["n2"])
    text = view.unit.text
    view.select_span(text.index("discharge"), text.index("discharge") + 9)
    choose(view, corpus.codes["TR"])
    with qtbot.waitSignal(tracker.changed):
        qtbot.keyClick(view.text, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert coded(store, corpus.notes["n2"]) == [("Transitions", "discharge")]
    assert [(s.code_name, s.start, s.end) for s in view.text.highlighter.spans] == [
        ("Transitions", text.index("discharge"), text.index("discharge") + 9)
    ]
    assert "Transitions" in view.legend.text()
    assert view.message.text() == "Coded as Transitions."


def test_nothing_selected_is_explained_not_coded(qtbot, store, corpus, tracker):
    view = make_view(qtbot, store, tracker, corpus.notes["n2"])
    view.apply_current()
    assert "Select some words" in view.message.text()
    assert coded(store, corpus.notes["n2"]) == []


def test_context_menu_applies_and_removes_codes(qtbot, store, corpus, tracker):
    view = make_view(qtbot, store, tracker, corpus.notes["n5"])
    text = view.unit.text
    view.select_span(0, text.index(" lost"))
    menu = QMenu()
    add_coding_actions(view, menu)
    apply_menu = next(a.menu() for a in menu.actions() if a.text() == "Apply code")
    next(a for a in apply_menu.actions() if a.text().strip() == "Culture and trust").trigger()
    assert ("Culture and trust", "My mother") in coded(store, corpus.notes["n5"])
    view.select_span(0, 2)
    menu = QMenu()
    add_coding_actions(view, menu)
    remove_menu = next(a.menu() for a in menu.actions() if a.text() == "Remove code")
    assert [a.text() for a in remove_menu.actions()] == ["Culture and trust"]
    remove_menu.actions()[0].trigger()
    assert coded(store, corpus.notes["n5"]) == [("Transitions", "lost support at the transition")]


def test_memo_on_the_coding_under_the_cursor(qtbot, store, corpus, tracker, monkeypatch):
    class Editor:
        def __init__(self, code_name, colour, words, memo, parent):
            assert (code_name, words) == ("Pooled budgets", "pooled budget")

        def exec(self):
            return True

        def memo(self):
            return "Arrived late every year"

    monkeypatch.setattr("gui.coding.text_view.MemoEditor", Editor)
    view = make_view(qtbot, store, tracker, corpus.notes["n7"])
    view.select_span(5, 5, select=False)  # inside "pooled budget"
    qtbot.keyClick(view.text, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    memos = {
        c["code_name"]: c["memo"] for c in codings_of(store, note_unit(store, corpus.notes["n7"]))
    }
    assert memos["Pooled budgets"] == "Arrived late every year"


def test_code_every_turn_of_a_focus_group_speaker(qtbot, store, corpus, tracker):
    view = make_view(qtbot, store, tracker, corpus.notes["n6"])
    choose(view, corpus.codes["TR"])
    assert view.speaker_action.isVisible()
    assert view.speaker_action.text() == "Code all turns of P2 with “Transitions”"
    view.speaker_action.trigger()
    for key in ("n6", "n9"):
        text = store.repos.notes.get(corpus.notes[key])["text"]
        assert ("Transitions", text) in coded(store, corpus.notes[key])
    interview = make_view(qtbot, store, tracker, corpus.notes["n1"])
    assert not interview.speaker_action.isVisible()


def test_text_beyond_the_basic_plane_keeps_offsets_in_characters(qtbot, store, corpus, tracker):
    session = corpus.sessions["one"]
    note = store.repos.notes.add(session, "Mood 😀😀 then pooled budget talk")
    view = make_view(qtbot, store, tracker, note)
    text = view.unit.text
    start = text.index("pooled")
    assert to_qt(text, start) == start + 2 and from_qt(text, start + 2) == start
    view.select_span(start, start + len("pooled budget"))
    assert view.selected_span() == (start, start + 13)
    view.apply_codes([corpus.codes["PB"]])
    assert coded(store, note) == [("Pooled budgets", "pooled budget")]


def test_codebook_screen_adds_refuses_duplicates_merges_and_moves(qtbot, store, corpus, tracker):
    screen = CodebookScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.tree.topLevelItemCount() == 4
    dialog = screen.new_theme()
    dialog.name.setText("pooled budgets")
    dialog.submit()
    assert dialog.isVisible() and "already has a code" in dialog.error.text()
    dialog.name.setText("Carers' voice")
    dialog.submit()
    assert not dialog.isVisible()
    carers = Codebook(store).by_name(corpus.study, "Carers' voice")
    assert screen.tree.current_code_id() == carers["id"]
    screen.tree.move_requested.emit(carers["id"], corpus.codes["CT"], None)
    assert Codebook(store).get(carers["id"])["parent_id"] == corpus.codes["CT"]
    screen.merge_into(corpus.codes["SR"], corpus.codes["IS"])
    assert screen.tree.current_code_id() == corpus.codes["IS"]
    assert screen.quotes_label.text().startswith("<b>4 coded segments</b>")
    item = screen.tree.currentItem()
    assert (item.text(0), item.text(1), item.text(2)) == ("Information sharing", "4", "3")


def test_drop_positions_give_parent_and_place():
    tree_items = [QTreeWidgetItem(["A"]), QTreeWidgetItem(["B"])]
    from PySide6.QtWidgets import QTreeWidget

    tree = QTreeWidget()
    for item, code in zip(tree_items, ("a", "b"), strict=True):
        item.setData(0, Qt.ItemDataRole.UserRole, code)
        tree.addTopLevelItem(item)
    child = QTreeWidgetItem(tree_items[0], ["A1"])
    child.setData(0, Qt.ItemDataRole.UserRole, "a1")
    position = QAbstractItemView.DropIndicatorPosition
    assert drop_target(tree_items[1], position.OnItem) == ("b", None)
    assert drop_target(tree_items[1], position.AboveItem) == (None, "b")
    assert drop_target(tree_items[0], position.BelowItem) == (None, "b")
    assert drop_target(child, position.BelowItem) == ("a", None)
    assert drop_target(None, position.OnViewport) == (None, None)


def test_delete_shows_the_codings_first(qtbot, store, corpus, tracker):
    screen = CodebookScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.tree.select(corpus.codes["PB"])
    dialog = screen.delete_code()
    assert len(dialog.quotes.segments) == 3
    assert "Budget cuts" in dialog.quotes.toPlainText()
    assert Codebook(store).get(corpus.codes["PB"])["deleted"] == 0
    dialog.delete_button.click()
    assert Codebook(store).get(corpus.codes["PB"])["deleted"] == 1
    assert screen.tree.topLevelItemCount() == 3


def test_codebook_sheet_export_and_refused_import(
    qtbot, store, corpus, tracker, tmp_path, quiet_messages
):
    screen = CodebookScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    assert screen.export_file(tmp_path / "book") == 5
    assert (tmp_path / "book.xlsx").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("code,colour\nNew,purple\n")
    message = screen.import_file(bad)
    assert "row 2, column colour" in message and quiet_messages == [message]
    good = tmp_path / "good.csv"
    good.write_text("code,parent\nRespite,Transitions\n")
    assert "1 codes added" in screen.import_file(good)
    assert screen.tree.select(Codebook(store).by_name(corpus.study, "Respite")["id"])


def test_search_screen_finds_filters_previews_and_opens(qtbot, store, corpus, tracker):
    screen = SearchScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.keyClicks(screen.query, "record*")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    assert screen.status.text().startswith("3 results")
    assert "<b style='background:#ffe066'>records</b>" in screen.model.data(
        screen.model.index(0, 0), Qt.ItemDataRole.UserRole + 1
    )
    assert screen.preview.unit is not None
    assert screen.preview.text.highlighter.search_spans
    role = screen.filters["role"]
    role.setCurrentIndex(role.findData("staff"))
    assert screen.model.rowCount() == 1
    hit = screen.model.hits[0]
    assert hit["note_id"] == corpus.notes["n6"]
    with qtbot.waitSignal(screen.open_note) as opened:
        screen.results.doubleClicked.emit(screen.model.index(0, 0))
    assert opened.args == [corpus.sessions["group"], corpus.notes["n6"]]


def test_search_screen_codes_in_the_preview_and_filters_by_that_code(qtbot, store, corpus, tracker):
    screen = SearchScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.query.setText("discharge")
    screen.run_search()
    index = next(
        screen.model.index(i, 0)
        for i in range(screen.model.rowCount())
        if screen.model.hits[i]["note_id"] == corpus.notes["n2"]
    )
    screen.results.setCurrentIndex(index)
    preview = screen.preview
    text = preview.unit.text
    preview.select_span(text.index("discharge"), len(text) - 1)
    preview.apply_codes([corpus.codes["CT"]])
    code = screen.filters["code"]
    code.setCurrentIndex(code.findData(corpus.codes["CT"]))
    assert [h["note_id"] for h in screen.model.hits] == [corpus.notes["n2"]]
    with qtbot.waitSignal(screen.open_answer) as opened:
        screen.query.setText("cuts")
        code.setCurrentIndex(0)
        screen.results.doubleClicked.emit(screen.model.index(0, 0))
    assert opened.args == [corpus.sessions["survey"], corpus.answers["comments"]]


def test_odd_queries_are_harmless(qtbot, store, corpus, tracker):
    screen = SearchScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    for text in ('"', "*", "AND", "OR", 'budget" OR (', "NEAR(a b)"):
        screen.query.setText(text)
        screen.run_search()
    assert screen.status.text()


def test_connections_matrix_cells_list_their_quotes(qtbot, qtmodeltester, store, corpus, tracker):
    screen = ConnectionsScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    model = screen.model
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "East",
        "North",
        "South",
        "Total",
    ]
    values = [[model.data(model.index(r, c)) for c in range(4)] for r in range(model.rowCount())]
    assert values[0] == ["0", "1", "3", "4"]  # Information sharing with its subcode
    quotes = screen.show_cell(model.index(0, 2))
    assert len(quotes) == 3 and "3 coded segments" in screen.quotes_label.text()
    screen.measure.setCurrentIndex(1)
    assert model.data(model.index(0, 2)) == "2"
    screen.dimension.setCurrentIndex(screen.dimension.findData("roles"))
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels == ["carer", "client", "staff", "(no participant\nrole)", "Total"]
    with qtbot.waitSignal(screen.open_note) as opened:
        screen.show_cell(model.index(0, 0))
        screen.quotes.segment_activated.emit(screen.quotes.segments[0])
    assert opened.args[0] == corpus.sessions["two"]


def test_co_occurrence_tab(qtbot, qtmodeltester, store, corpus, tracker):
    screen = ConnectionsScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    assert screen.co_model.result is None  # computed only when its tab is shown
    screen.tabs.setCurrentIndex(1)
    qtmodeltester.check(screen.co_model)
    assert not screen.dimension.isEnabled()
    model = screen.co_model
    names = [model.theme(r).name for r in range(model.rowCount())]
    pooled, trust = names.index("Pooled budgets"), names.index("Culture and trust")
    info, shared = names.index("Information sharing"), names.index("Shared records")
    assert model.data(model.index(pooled, trust)) == "1"
    assert model.data(model.index(info, shared)) == "—"  # a theme and its own subcode
    segments = screen.show_pair(model.index(pooled, trust))
    assert {s["text"] for s in segments} == {"pooled budget", "trust each other"}


def test_a_coding_anywhere_refreshes_the_other_screens(qtbot, store, corpus, tracker):
    codebook = CodebookScreen(store, corpus.study, tracker)
    connections = ConnectionsScreen(store, corpus.study, tracker)
    view = make_view(qtbot, store, tracker, corpus.notes["n2"])
    for widget in (codebook, connections):
        qtbot.addWidget(widget)
    codebook.tree.select(corpus.codes["TR"])
    view.select_span(0, 11)
    view.apply_codes([corpus.codes["TR"]])
    assert codebook.tree.currentItem().text(1) == "3"
    row = [connections.model.theme(r).name for r in range(connections.model.rowCount())].index(
        "Transitions"
    )
    assert connections.model.data(connections.model.index(row, 3)) == "3"


def test_codebook_keys_open_the_dialogs(qtbot, store, corpus, tracker):
    screen = CodebookScreen(store, corpus.study, tracker)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.tree.setFocus()
    screen.tree.select(corpus.codes["TR"])
    qtbot.keyClick(screen.tree, Qt.Key.Key_F2)
    assert screen.dialog.windowTitle() == "Edit code" and screen.dialog.name.text() == "Transitions"
    screen.dialog.reject()
    qtbot.keyClick(screen.tree, Qt.Key.Key_Delete)
    assert screen.dialog.windowTitle() == "Delete Transitions"
    screen.dialog.reject()
    assert Codebook(store).get(corpus.codes["TR"])["deleted"] == 0
