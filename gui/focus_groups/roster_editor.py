"""Choosing who is in a focus group: study participants on the left, the roster on the right.

Keyboard: type part of a code in the filter and press Enter to seat the first match (or the
highlighted one); Down moves into the list, where Enter seats the selected people. Each
person gets the next free label (P1, P2, ...); labels and seats can be edited in the table.
Consent shows on every row, red when it is not given.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR
from gui.formats import consent_label
from gui.icons import withdrawn_icon
from gui.interviews.start_dialog import participant_choice
from storage.qualitative import RosterEntry, next_label
from storage.repositories.participants import may_record_data
from storage.store import Store

COLUMNS = ("Label", "Participant", "Role", "Consent", "Seat")
LABEL, PARTICIPANT, ROLE, CONSENT, SEAT = range(5)
_PERSON = Qt.ItemDataRole.UserRole


class RosterEditor(QWidget):
    """The study's participants and the roster being built; `entries()` gives the roster."""

    roster_changed = Signal()

    def __init__(self, store: Store, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.study_id = study_id
        self.members: list[dict[str, Any]] = []

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type a code, then Enter to add")
        self.filter.setAccessibleName("Find a participant")
        self.filter.setClearButtonEnabled(True)
        self.available = QListWidget()
        self.available.setAccessibleName("Participants of the study")
        self.available.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton("&Add to roster →")
        self.new_button = QPushButton("Ne&w participant…")
        left_box = QGroupBox("Participants of the study")
        left = QVBoxLayout(left_box)
        left.addWidget(self.filter)
        left.addWidget(self.available, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.new_button)
        left.addLayout(buttons)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Roster")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SEAT, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton("&Remove from roster")
        self.consent_button = QPushButton("Record &consent…")
        right_box = QGroupBox("Roster (label, seat)")
        right = QVBoxLayout(right_box)
        right.addWidget(self.table, 1)
        right_buttons = QHBoxLayout()
        right_buttons.addWidget(self.remove_button)
        right_buttons.addWidget(self.consent_button)
        right_buttons.addStretch(1)
        right.addLayout(right_buttons)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left_box, 1)
        layout.addWidget(right_box, 1)

        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        self.available.installEventFilter(self)
        self.available.itemActivated.connect(lambda _item: self.add_selected())
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.itemChanged.connect(self._on_item_changed)
        self.reload_available()

    # --- the study's participants ---------------------------------------------------------------

    def reload_available(self) -> None:
        self.available.clear()
        seated = {m["participant"]["id"] for m in self.members}
        for person in self.store.repos.participants.list(self.study_id):
            if person["id"] in seated:
                continue
            item = QListWidgetItem(participant_choice(person))
            item.setData(_PERSON, person)
            if not may_record_data(person):
                item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                if person["consent_status"] == "withdrawn":
                    item.setIcon(withdrawn_icon())
            self.available.addItem(item)
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        first_visible = None
        for row in range(self.available.count()):
            item = self.available.item(row)
            hidden = not all(word in item.text().lower() for word in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        if first_visible is not None:
            self.available.setCurrentItem(first_visible)

    def _add_from_filter(self) -> None:
        item = self.available.currentItem()
        if item is not None and not item.isHidden():
            self.add_people([item.data(_PERSON)])
            self.filter.clear()

    def add_selected(self) -> None:
        chosen = [item.data(_PERSON) for item in self.available.selectedItems()]
        if not chosen and self.available.currentItem() is not None:
            chosen = [self.available.currentItem().data(_PERSON)]
        self.add_people(chosen)

    def add_people(self, people: list[dict[str, Any]]) -> None:
        """Seat people with the next free labels; someone already seated is not seated twice."""
        for person in people:
            if any(m["participant"]["id"] == person["id"] for m in self.members):
                continue
            label = next_label([m["label"] for m in self.members])
            self.members.append({"participant": person, "label": label, "seat": ""})
        self._show_members()
        self.reload_available()
        self.roster_changed.emit()

    def add_participant_id(self, participant_id: str) -> None:
        """Seat a participant just created (or whose consent was just recorded)."""
        person = next(
            (
                p
                for p in self.store.repos.participants.list(self.study_id)
                if p["id"] == participant_id
            ),
            None,
        )
        if person is not None:
            self.add_people([person])

    # --- the roster ------------------------------------------------------------------------------

    def entries(self) -> list[RosterEntry]:
        return [RosterEntry(m["participant"]["id"], m["label"], m["seat"]) for m in self.members]

    def current_member(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.members[row] if 0 <= row < len(self.members) else None

    def select_participant(self, participant_id: str) -> None:
        for row, member in enumerate(self.members):
            if member["participant"]["id"] == participant_id:
                self.table.selectRow(row)

    def refresh_consent(self, participant_id: str) -> None:
        for member in self.members:
            if member["participant"]["id"] == participant_id:
                person = self.store.repos.participants.get(participant_id) or {}
                member["participant"] = {**member["participant"], **person}
        self._show_members()
        self.reload_available()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.members):
            del self.members[row]
            self._show_members()
            self.reload_available()
            self.roster_changed.emit()

    def _show_members(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            person = member["participant"]
            consent = person["consent_status"]
            values = (member["label"], person["code"], person["role"], consent_label(consent))
            for column, value in enumerate((*values, member["seat"])):
                item = QTableWidgetItem(value)
                if column not in (LABEL, SEAT):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == CONSENT and consent != "given":
                    item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                    item.setToolTip("No turns can be recorded for them until consent is given")
                    if consent == "withdrawn":
                        item.setIcon(withdrawn_icon())
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        member = self.members[item.row()]
        if item.column() == LABEL:
            member["label"] = item.text().strip()
        elif item.column() == SEAT:
            member["seat"] = item.text().strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the filter or the list seats someone; Down goes from the filter to the list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.filter and key == Qt.Key.Key_Down:
            self.available.setFocus()
            return True
        if watched is self.filter and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._add_from_filter()
            return True  # never the dialog's default button: Enter here seats someone
        if watched is self.available and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_selected()
            return True
        return False
