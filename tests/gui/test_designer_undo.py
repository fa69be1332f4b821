"""Every edit in the designer is undone and redone exactly, keys and order included."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt

from designer_support import (
    ALT,
    CTRL,
    SHIFT,
    add,
    fill_field,
    key,
    open_designer,
    stored_questionnaire,
    tree_names,
)


def state(window) -> str:
    """The definition as exact text (key order matters for 'exactly')."""
    return json.dumps(window.document.instrument.to_dict())


def test_undo_and_redo_restore_every_state_exactly(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    page, stack = window.page, window.document.stack
    states = {stack.index(): state(window)}
    push = stack.push

    def recording_push(command) -> None:
        """Each state as the stack's index names it once the push is done (merges too)."""
        push(command)
        states[stack.index()] = state(window)

    stack.push = recording_push

    add(qtbot, window, Qt.Key.Key_N, "Se", "area", "Which area?")  # type, name, label
    page.editor.choices.paste("north\tNorth\nsouth\tSouth")
    page.editor.choices.table.setCurrentCell(0, 1)
    page.editor.choices.move_choice(1)
    fill_field(qtbot, page.editor.relevant_edit, "${support} = 'yes'")
    page.tree.select((2,))  # hours
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Up, ALT)
    page.tree.select((2,))  # area
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Down, ALT)
    key(qtbot, Qt.Key.Key_Right, ALT)  # into the home group above
    key(qtbot, Qt.Key.Key_Left, ALT)
    key(qtbot, Qt.Key.Key_Right, ALT)
    assert tree_names(window) == [
        ((0,), "support"),
        ((1,), "hours"),
        ((2,), "home"),
        ((2, 0), "rooms"),
        ((2, 1), "area"),
    ]
    window.header.add_language("French (fr)")
    fill_field(qtbot, page.editor.label_edit, "Quel secteur ?")
    fill_field(qtbot, window.header.title, "Carer experience (2)")
    # drag and drop: hours onto the home group
    model = page.tree.model
    mime = model.mimeData([model.index_of((1,))])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of((2,)))
    page.tree.select((0,))
    page.tree.view.setFocus()
    key(qtbot, Qt.Key.Key_Delete)
    fill_field(qtbot, page.editor.name_edit, "household")
    assert [name for _p, name in tree_names(window)] == ["household", "rooms", "area", "hours"]
    assert window.document.instrument.questions[0].children[1].labels == {
        "": "Which area?",
        "French (fr)": "Quel secteur ?",
    }
    final = state(window)
    assert stack.count() >= 12

    while stack.canUndo():
        key(qtbot, Qt.Key.Key_Z, CTRL)
        assert state(window) == states[stack.index()], stack.index()
    assert stack.index() == 0 and state(window) == states[0]
    assert window.problems.texts() == []
    while stack.canRedo():
        key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
        assert state(window) == states[stack.index()], stack.index()
    assert state(window) == final


def test_typing_in_a_field_is_one_step_and_ctrl_z_in_a_field_undoes_the_document(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    editor = window.page.editor
    window.page.tree.select((1,))
    fill_field(qtbot, editor.hint_edit, "Per week")
    fill_field(qtbot, editor.relevant_edit, "${support} = 'yes'")
    assert window.isWindowModified()
    editor.hint_edit.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)  # in the hint field, still the document's undo
    assert window.document.instrument.questions[1].relevant is None
    assert editor.relevant_edit.text() == ""
    assert editor.hint_edit.text() == "Per week"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert editor.hint_edit.text() == ""
    assert not window.isWindowModified()
    key(qtbot, Qt.Key.Key_Y, CTRL)
    assert window.document.instrument.questions[1].hints == {"": "Per week"}


def test_a_drop_on_itself_or_a_plain_question_is_refused(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    model = window.page.tree.model
    home = model.index_of((2,))
    mime = model.mimeData([home])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, home)
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert not model.flags(model.index_of((0,))) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(home) & Qt.ItemFlag.ItemIsDropEnabled
    assert window.document.stack.count() == 0
