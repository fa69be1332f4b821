"""Saving from the designer mid-fieldwork: sessions keep their version, new ones get the next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from designer_support import (
    CTRL,
    add,
    fill_field,
    key,
    open_designer,
    stored_questionnaire,
)
from instruments.model import Instrument
from storage.instrument_versions import versions


def test_saving_with_sessions_creates_version_2_and_v1_sessions_keep_v1(qtbot, store):
    study_id, v1_id = stored_questionnaire(store)
    session = store.repos.sessions.start(study_id, v1_id)
    store.repos.sessions.save_answer(session, "hours", 12)
    window = open_designer(qtbot, store, v1_id)
    assert "1 session(s) use version 1: saving creates version 2" in window.plan.text()

    add(qtbot, window, Qt.Key.Key_N, "", "comments", "Anything else?")
    fill_field(qtbot, window.page.editor.hint_edit, "Optional")
    saved = []
    window.saved.connect(saved.append)
    key(qtbot, Qt.Key.Key_S, CTRL)

    family = versions(store, v1_id)
    assert [v.version_number for v in family] == [1, 2]
    v2_id = family[1].instrument_id
    assert saved == [v2_id] and window.instrument_id == v2_id
    assert store.repos.sessions.get(session)["instrument_id"] == v1_id
    assert store.repos.sessions.answers(session)["hours"] == 12
    v1 = Instrument.from_dict(store.repos.instruments.definition(v1_id))
    v2 = Instrument.from_dict(store.repos.instruments.definition(v2_id))
    assert [q.name for q in v1.questions] == ["support", "hours", "home"]
    assert [q.name for q in v2.questions] == ["support", "comments", "hours", "home"]
    report = window.report.text()
    assert report.startswith("Saved as version 2. 1 session(s) were filled in with version 1")
    assert "• added question comments (text)" in report
    assert family[1].change_summary == "added question comments (text)"
    assert not window.isWindowModified()
    assert "No session uses version 2 yet" in window.plan.text()

    # a second save with no session on version 2 updates it in place
    fill_field(qtbot, window.page.editor.label_edit, "Anything else to add?")
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert len(versions(store, v1_id)) == 2
    assert window.report.text().startswith("Saved. No session uses version 2 yet")
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert window.report.text() == "Nothing to save: the form is as it was last saved."
    new_session = store.repos.sessions.start(study_id, v2_id)
    assert store.repos.sessions.get(new_session)["instrument_id"] == v2_id


def test_closing_with_unsaved_changes_asks(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])

    def ask():
        asked.append(window.windowTitle())
        return next(answers)

    window.ask_unsaved = ask
    assert window.close()  # nothing edited: no question
    assert asked == []
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.page.tree.select((1,))
    fill_field(qtbot, window.page.editor.hint_edit, "Per week")
    assert window.windowTitle() == "Carer experience[*] — Fieldnotes designer"
    assert window.isWindowModified()
    assert not window.close()  # Cancel
    assert window.isVisible()
    assert window.close()  # Save, then close
    stored = Instrument.from_dict(store.repos.instruments.definition(instrument_id))
    assert stored.questions[1].hints == {"": "Per week"}
    assert len(asked) == 2


def test_save_refused_by_storage_is_reported_and_kept(qtbot, store):
    _study, instrument_id = stored_questionnaire(store)
    window = open_designer(qtbot, store, instrument_id)
    store.repos.instruments.delete(instrument_id)
    window.page.tree.select((1,))
    fill_field(qtbot, window.page.editor.hint_edit, "Per week")
    assert window.save() is None
    assert window.report.text().startswith("Not saved: There is no instrument with id")
    assert window.isWindowModified()
