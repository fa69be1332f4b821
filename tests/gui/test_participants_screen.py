"""The participants screen: add, edit, consent, personal details, delete, search."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor

from gui.participant_model import CONSENT_COLUMN, ParticipantTableModel
from gui.participants_screen import delete_question


def _select(screen, code: str) -> dict:
    participant = screen.store.repos.participants.by_code(screen.study_id, code)
    assert screen.select_participant(participant["id"])
    return participant


def _type_into_focus(qtbot, dialog, text: str) -> None:
    qtbot.keyClicks(dialog.focusWidget(), text)


def _tab(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)


def test_add_participant_by_keyboard_lands_in_the_database(
    participants_screen, demo_store, durham, window, qtbot
):
    qtbot.mouseClick(participants_screen.add_button, Qt.MouseButton.LeftButton)
    dialog = participants_screen.dialog
    assert dialog.focusWidget() is dialog.code
    _type_into_focus(qtbot, dialog, "DUR-C99")
    _tab(qtbot, dialog)
    _type_into_focus(qtbot, dialog, "carer")
    _tab(qtbot, dialog)
    assert dialog.focusWidget() is dialog.site
    qtbot.keyClick(dialog.site, Qt.Key.Key_Down)
    _tab(qtbot, dialog)
    assert dialog.focusWidget() is dialog.organisation
    _type_into_focus(qtbot, dialog, "Age UK County Durham")
    qtbot.keyClick(dialog.organisation, Qt.Key.Key_Return)

    saved = demo_store.repos.participants.by_code(durham["id"], "DUR-C99")
    assert saved is not None
    assert saved["role"] == "carer"
    assert saved["site_id"] == demo_store.repos.studies.sites(durham["id"])[0]["id"]
    assert saved["organisation"] == "Age UK County Durham"
    assert saved["consent_status"] == "not_recorded"
    assert demo_store.repos.participants.identity(saved["id"]) is None
    assert window.status.save_state_text().startswith("Saved ")
    total = len(demo_store.repos.participants.list(durham["id"]))
    assert participants_screen.model.rowCount() == total
    assert participants_screen.selected_participant()["id"] == saved["id"]
    item = window.navigator.item_for(durham["id"], "participants")
    assert item.text(0) == f"Participants ({total})"


def test_duplicate_code_is_shown_beside_the_field_and_changes_nothing(
    participants_screen, demo_store, durham, window, qtbot
):
    before = demo_store.scalar("SELECT count(*) FROM participants")
    audit_before = demo_store.scalar("SELECT count(*) FROM audit")
    dialog = participants_screen.add_participant()
    qtbot.keyClicks(dialog.code, "DUR-C01")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.code_message.isVisibleTo(dialog)
    assert "already used" in dialog.code_message.text()
    assert "already used" in dialog.code.accessibleDescription()
    assert demo_store.scalar("SELECT count(*) FROM participants") == before
    assert demo_store.scalar("SELECT count(*) FROM audit") == audit_before
    assert window.status.save_state_text().startswith("Not saved: ")


def test_empty_code_is_refused_beside_the_field(participants_screen, qtbot):
    dialog = participants_screen.add_participant()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "must not be empty" in dialog.code_message.text()


def test_edit_changes_the_row_and_a_clash_is_refused(
    participants_screen, demo_store, durham, qtbot
):
    participant = _select(participants_screen, "DUR-K01")
    dialog = participants_screen.edit_participant()
    assert dialog.code.text() == "DUR-K01"
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "DUR-C02")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "already used" in dialog.code_message.text()
    assert demo_store.repos.participants.get(participant["id"])["code"] == "DUR-K01"

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "DUR-K11")
    dialog.organisation.clear()
    qtbot.keyClicks(dialog.organisation, "Carers Trust")
    qtbot.keyClick(dialog.organisation, Qt.Key.Key_Return)
    changed = demo_store.repos.participants.get(participant["id"])
    assert (changed["code"], changed["organisation"]) == ("DUR-K11", "Carers Trust")
    assert participants_screen.selected_participant()["code"] == "DUR-K11"


def test_record_consent_withdrawn_is_saved_and_shown_in_red(
    participants_screen, demo_store, window, qtbot
):
    participant = _select(participants_screen, "DUR-C01")
    qtbot.mouseClick(participants_screen.consent_button, Qt.MouseButton.LeftButton)
    dialog = participants_screen.dialog
    form = dialog.form
    assert dialog.focusWidget() is form.status
    form.status.setCurrentIndex(form.status.findData("withdrawn"))
    form.date.setDate(QDate(2026, 10, 2))
    form.method.setCurrentText("phone call")
    form.recorded_by.setCurrentText("Aisha Rahman")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    stored = demo_store.repos.participants.get(participant["id"])
    assert stored["consent_status"] == "withdrawn"
    assert stored["consent_date"] == "2026-10-02"
    assert stored["consent_method"] == "phone call"
    assert stored["consent_recorded_by"] == "Aisha Rahman"
    assert window.status.save_state_text().startswith("Saved ")
    model = participants_screen.model
    row = model.row_of(participant["id"])
    cell = model.index(row, CONSENT_COLUMN)
    assert cell.data() == "Withdrawn"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#b00020")
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "no answers or notes" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_consent_date_is_only_asked_once_there_is_a_decision(participants_screen):
    dialog = participants_screen.add_participant()
    form = dialog.consent
    assert form.status.currentData() == "not_recorded"
    assert not form.date.isEnabled()
    assert form.values().date is None
    form.status.setCurrentIndex(form.status.findData("given"))
    assert form.date.isEnabled()
    assert form.date.calendarPopup()


def test_personal_details_are_hidden_and_unread_until_asked(
    participants_screen, demo_store, durham, qtbot
):
    repos = demo_store.repos.participants
    participant, identity = next(
        (row, repos.identity(row["id"]))
        for row in repos.list(durham["id"])
        if repos.identity(row["id"])
    )
    _select(participants_screen, participant["code"])
    dialog = participants_screen.edit_participant()
    section = dialog.personal
    assert not section.panel.isVisibleTo(dialog)
    assert section.full_name.text() == ""  # not even loaded while hidden
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert section.panel.isVisibleTo(dialog)
    assert section.full_name.text() == identity["full_name"]
    assert "never exported or packed unless you ask" in section.heading.text()


def test_personal_details_save_to_their_own_table(
    participants_screen, demo_store, durham, window, qtbot
):
    dialog = participants_screen.add_participant()
    qtbot.keyClicks(dialog.code, "DUR-C77")
    qtbot.mouseClick(dialog.personal.toggle, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is dialog.personal.full_name
    qtbot.keyClicks(dialog.personal.full_name, "Doreen Ridley")
    qtbot.keyClicks(dialog.personal.contact, "01388 555 0100")
    qtbot.keyClicks(dialog.personal.notes, "Prefers afternoon visits")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    participant = demo_store.repos.participants.by_code(durham["id"], "DUR-C77")
    identity = demo_store.repos.participants.identity(participant["id"])
    assert identity["full_name"] == "Doreen Ridley"
    assert identity["contact"] == "01388 555 0100"
    assert identity["notes"] == "Prefers afternoon visits"
    assert "Doreen" not in str(participant)  # the pseudonymous row holds no name
    assert window.status.save_state_text().startswith("Saved ")


def test_delete_asks_first_and_refusal_keeps_the_participant(
    participants_screen, demo_store, durham, window, monkeypatch
):
    participant = _select(participants_screen, "DUR-C03")
    questions: list[str] = []
    monkeypatch.setattr(participants_screen, "confirm", lambda q: questions.append(q) or False)
    assert participants_screen.delete_participant() is False
    assert demo_store.repos.participants.by_code(durham["id"], "DUR-C03") is not None
    assert "DUR-C03" in questions[0]

    monkeypatch.setattr(participants_screen, "confirm", lambda q: True)
    participants_screen.select_participant(participant["id"])
    assert participants_screen.delete_participant() is True
    assert demo_store.repos.participants.by_code(durham["id"], "DUR-C03") is None
    assert participants_screen.model.row_of(participant["id"]) is None
    remaining = len(demo_store.repos.participants.list(durham["id"]))
    assert window.navigator.item_for(durham["id"], "participants").text(0) == (
        f"Participants ({remaining})"
    )
    assert window.status.save_state_text().startswith("Saved ")


def test_delete_question_mentions_recorded_sessions():
    question = delete_question({"code": "DUR-C01"}, 2)
    assert "DUR-C01" in question and "2 recorded session" in question


def test_enter_on_a_row_opens_it_for_editing(participants_screen, qtbot):
    participant = _select(participants_screen, "DUR-C04")
    participants_screen.table.setFocus()
    qtbot.keyClick(participants_screen.table, Qt.Key.Key_Return)
    dialog = participants_screen.dialog
    assert dialog is not None and dialog.participant_id == participant["id"]


def test_buttons_need_a_selection(participants_screen):
    participants_screen.table.clearSelection()
    assert participants_screen.add_button.isEnabled()
    assert not participants_screen.edit_button.isEnabled()
    assert not participants_screen.delete_button.isEnabled()
    _select(participants_screen, "DUR-C01")
    assert participants_screen.edit_button.isEnabled()
    assert participants_screen.consent_button.isEnabled()


def test_search_filters_by_code_role_and_organisation(
    participants_screen, qtbot, demo_store, durham
):
    everyone = demo_store.repos.participants.list(durham["id"])
    qtbot.keyClicks(participants_screen.search, "carer")
    carers = [p for p in everyone if "carer" in p["role"] or "carer" in p["organisation"].lower()]
    assert participants_screen.model.rowCount() == len(carers) >= 3
    codes = [participants_screen.model.record(r)["code"] for r in range(len(carers))]
    assert sorted(codes) == sorted(p["code"] for p in carers)
    participants_screen.search.clear()
    qtbot.keyClicks(participants_screen.search, "Age UK")
    age_uk = [p for p in everyone if "Age UK" in p["organisation"]]
    assert participants_screen.model.rowCount() == len(age_uk) >= 1
    participants_screen.search.clear()
    qtbot.keyClicks(participants_screen.search, "DUR-S0")
    staff = [p for p in everyone if p["code"].startswith("DUR-S0")]
    assert participants_screen.model.rowCount() == len(staff) >= 3


def test_participant_model_passes_the_model_tester(participants_screen, qtmodeltester):
    assert isinstance(participants_screen.model, ParticipantTableModel)
    qtmodeltester.check(participants_screen.model)


def test_inputs_have_accessible_names(participants_screen):
    dialog = participants_screen.add_participant()
    fields = [
        dialog.code,
        dialog.role,
        dialog.site,
        dialog.organisation,
        dialog.consent.status,
        dialog.consent.date,
        dialog.consent.method,
        dialog.consent.recorded_by,
        dialog.personal.full_name,
        dialog.personal.contact,
        dialog.personal.notes,
        participants_screen.search,
    ]
    assert all(field.accessibleName() for field in fields)
