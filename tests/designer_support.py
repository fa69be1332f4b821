"""Helpers for the designer and instrument manager tests (imported as a plain module)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget

from instruments.design_tree import iter_positions
from instruments.model import Choice, Instrument, Question

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def new_questionnaire(store, title: str = "Carer survey") -> tuple[str, str]:
    """A study with an empty questionnaire: (study id, instrument id)."""
    from storage.instrument_lifecycle import new_instrument

    study_id = store.repos.studies.add("Designer study")
    return study_id, new_instrument(store, study_id, "questionnaire", title)


def open_designer(qtbot, store, instrument_id: str):
    """The designer window on an instrument, shown offscreen with the keyboard focus."""
    from gui.designer import DesignerWindow
    from gui.write_tracker import WriteTracker

    tracker = WriteTracker()
    window = DesignerWindow(store, tracker, instrument_id)
    window.tracker_ref = tracker  # the tracker lives as long as the window
    # Closing at teardown must not wait on a question box; tests of the prompt replace this.
    window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot, code: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key pressed wherever the focus is."""
    qtbot.keyClick(focused(), code, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def add(qtbot, window, shortcut: Qt.Key, type_search: str, name: str, label: str) -> None:
    """Ctrl+N/G/R from the question list, then type, name and label with Tab between."""
    page = window.page
    page.tree.view.setFocus()
    key(qtbot, shortcut, CTRL)
    assert focused() is page.editor.type_combo
    if type_search:
        # a list's type-to-search joins keys typed within this interval: start afresh
        qtbot.wait(QApplication.keyboardInputInterval() + 50)
        settle(qtbot, page.editor.type_combo)
        type_text(qtbot, type_search)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.editor.name_edit
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, name)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.editor.label_edit
    type_text(qtbot, label)


def fill_field(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL)
    if text:
        type_text(qtbot, text)
    else:
        key(qtbot, Qt.Key.Key_Backspace)
    settle(qtbot, widget)


def settle(qtbot, widget: QWidget) -> None:
    """Offscreen, a completion popup keeps the activation after it closes: give it back."""
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        widget.setFocus()


def commit_cell(qtbot, table) -> None:
    """Enter in a cell editor; the table commits it at the next turn of the event loop."""
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def tree_names(window) -> list[tuple[tuple[int, ...], str]]:
    return [(p, q.name) for p, q in iter_positions(window.document.instrument.questions)]


def carer_form() -> Instrument:
    """A small questionnaire: a select, a number with a constraint, a group."""
    return Instrument(
        kind="questionnaire",
        form_id="carer",
        title="Carer experience",
        settings={"form_id": "carer", "form_title": "Carer experience"},
        questions=[
            Question("support", "select_one", path="support", list_name="yn", labels={"": "Help?"}),
            Question("hours", "integer", path="hours", labels={"": "Hours of care"}),
            Question(
                "home",
                "group",
                path="home",
                labels={"": "Home"},
                children=[Question("rooms", "integer", path="home/rooms", labels={"": "Rooms"})],
            ),
        ],
        choice_lists={"yn": [Choice("yes", {"": "Yes"}), Choice("no", {"": "No"})]},
    )


def stored_questionnaire(store, instrument: Instrument | None = None) -> tuple[str, str]:
    """A study holding `instrument` (the carer form by default) as version 1."""
    instrument = instrument or carer_form()
    study_id = store.repos.studies.add("Versions study")
    instrument_id = store.repos.instruments.add(
        study_id,
        instrument.kind,
        instrument.title,
        instrument.to_dict(),
        form_id=instrument.form_id,
    )
    return study_id, instrument_id
