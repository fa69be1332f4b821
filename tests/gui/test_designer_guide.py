"""An interview guide edited in the designer: topics typed, reordered, undone, saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from designer_support import ALT, CTRL, SHIFT, focused, key, open_designer, type_text
from instruments.model import Instrument
from storage.instrument_lifecycle import new_instrument
from storage.instrument_versions import versions


def topic_titles(window) -> list[str]:
    return [topic.title for topic in window.document.instrument.topics]


def type_topic(qtbot, window, title: str, question: str, prompts: list[str]) -> None:
    page = window.page
    page.topics.setFocus()
    key(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is page.title
    type_text(qtbot, title)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.question
    type_text(qtbot, question)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.prompts
    for number, prompt in enumerate(prompts):
        if number:
            key(qtbot, Qt.Key.Key_Return)
        type_text(qtbot, prompt)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.probes


def test_a_guide_is_edited_by_keyboard_and_saved_as_a_new_version(qtbot, store):
    study_id = store.repos.studies.add("Guides study")
    guide_id = new_instrument(store, study_id, "interview", "Carer interview")
    window = open_designer(qtbot, store, guide_id)
    assert window.header.kind.text() == "Interview guide"
    assert window.problems.texts() == ["Form · topics: A guide needs at least one topic."]

    type_topic(qtbot, window, "Access to services", "How did you first get help?", ["Waiting"])
    type_text(qtbot, "Who referred you?")
    type_topic(
        qtbot, window, "Support at home", "What help do you get?", ["Day to day", "At night"]
    )
    page = window.page
    assert page.topics.item(1).text() == "2. Support at home"
    page.topics.setFocus()
    key(qtbot, Qt.Key.Key_Up, ALT)
    assert topic_titles(window) == ["Support at home", "Access to services"]
    assert page.topics.currentRow() == 0
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert topic_titles(window) == ["Access to services", "Support at home"]
    key(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert topic_titles(window) == ["Support at home", "Access to services"]
    page.topics.move_requested.emit(0, 1)  # what a drag of the first topic below the second does
    assert topic_titles(window) == ["Access to services", "Support at home"]
    key(qtbot, Qt.Key.Key_Delete)
    assert len(window.document.instrument.topics) == 1
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.problems.texts() == []

    key(qtbot, Qt.Key.Key_S, CTRL)
    stored = Instrument.from_dict(store.repos.instruments.definition(guide_id))
    assert [(t.id, t.order, t.title) for t in stored.topics] == [
        ("topic_1", 1, "Access to services"),
        ("topic_2", 2, "Support at home"),
    ]
    assert stored.topics[0].question == "How did you first get help?"
    assert stored.topics[0].prompts == ["Waiting"]
    assert stored.topics[0].probes == ["Who referred you?"]
    assert stored.topics[1].prompts == ["Day to day", "At night"]

    # mid-fieldwork: an interview used version 1, so the edit becomes version 2
    store.repos.sessions.start(study_id, guide_id)
    window.page.topics.setCurrentRow(1)
    window.page.probes.setFocus()
    type_text(qtbot, "Anything missing?")
    key(qtbot, Qt.Key.Key_S, CTRL)
    family = versions(store, guide_id)
    assert [v.version_number for v in family] == [1, 2]
    assert family[1].change_summary == "probes of topic Support at home changed"
    assert window.report.text().startswith("Saved as version 2.")


def test_an_untitled_topic_is_refused(qtbot, store):
    study_id = store.repos.studies.add("Guides study")
    guide_id = new_instrument(store, study_id, "focus_group", "Practitioners' group")
    window = open_designer(qtbot, store, guide_id)
    window.page.topics.setFocus()
    key(qtbot, Qt.Key.Key_N, CTRL)
    assert window.page.title_message.text() == "A topic needs a title."
    assert window.save() is None
    assert window.problems.texts() == ["topic 1 · title: A topic needs a title."]
