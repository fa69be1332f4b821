"""Double entry verification: every disagreement side by side, and the verifier's pick.

Keys 1 and 2 (or a click on the cell) pick the first or the second entry's value for the
current line and move to the next; "Apply and mark verified" writes the picks into the
first session through storage.double_entry.resolve (audited) once every line has one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage
from instruments.answers import question_path_of
from instruments.model import Instrument
from storage.double_entry import Comparison, Side, compare_sessions, resolve
from storage.errors import StorageError
from storage.store import Store

PICKED = QColor("#c8e6c9")
_SIDES: dict[int, Side] = {1: "first", 2: "second"}
_COLUMN_OF: dict[Side, int] = {"first": 1, "second": 2}
BLANK = "(blank)"


def describe(instrument: Instrument, path: str, value: Any, language: str | None) -> str:
    """An answer as the verifier reads it: choice labels with their names, lists joined."""
    if value is None or value == "" or value == []:
        return BLANK
    question = instrument.find(question_path_of(path)[0])
    if question is not None and question.list_name:
        labels = {
            c.name: c.label(language, instrument.default_language)
            for c in instrument.choices_for(question)
        }
        names = value if isinstance(value, list) else [value]
        return ", ".join(f"{labels.get(str(n), n)} [{n}]" for n in names)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _PickTable(QTableWidget):
    """Keys 1 / 2 pick a side for the current line."""

    picked = Signal(int, str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        side = _SIDES.get(event.key() - Qt.Key.Key_0)
        if side is not None and self.currentRow() >= 0:
            self.picked.emit(self.currentRow(), side)
            return
        super().keyPressEvent(event)


class DoubleEntryDialog(QDialog):
    """Compare a finished second entry with the first and settle each disagreement."""

    resolved = Signal(object)  # storage Changes of the writes

    def __init__(self, store: Store, second_session_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.second_session_id = second_session_id
        self.picks: dict[str, Side] = {}
        self.setWindowTitle("Double entry: compare the two entries")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _PickTable(0, 4)
        self.table.setAccessibleName("Disagreements")
        self.table.setHorizontalHeaderLabels(
            ["Question", "1 · First entry", "2 · Second entry", "Correct value"]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 190)
        self.table.picked.connect(self.pick)
        self.table.cellClicked.connect(self._clicked)
        self.message = FieldMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = buttons.addButton(
            "&Apply and mark verified", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(960, 560)
        self.comparison: Comparison | None = None
        self._load()

    def _load(self) -> None:
        try:
            self.comparison = compare_sessions(self.store, self.second_session_id)
        except StorageError as error:
            self.summary.setText(str(error))
            self.table.hide()
            self.apply_button.setEnabled(False)
            return
        first = self.store.repos.sessions.get(self.comparison.first_session_id) or {}
        instrument = Instrument.from_dict(
            self.store.repos.instruments.definition(first["instrument_id"])
        )
        language = first.get("language") or None
        found = self.comparison.disagreements
        self.table.setRowCount(len(found))
        for row, item in enumerate(found):
            question = QTableWidgetItem(f"{item.label}\n{item.path}")
            question.setToolTip(item.path)
            self.table.setItem(row, 0, question)
            self.table.setItem(
                row, 1, QTableWidgetItem(describe(instrument, item.path, item.first, language))
            )
            self.table.setItem(
                row, 2, QTableWidgetItem(describe(instrument, item.path, item.second, language))
            )
            self.table.setItem(row, 3, QTableWidgetItem("not chosen yet"))
        if found:
            self.summary.setText(
                f"The two entries disagree on {len(found)} of {self.comparison.compared} "
                "answers. For each line, press 1 if the first entry is right or 2 if the "
                "second is (or click the right value), checking against the paper."
            )
            self.table.setCurrentCell(0, 0)
            self.table.setFocus()
        else:
            self.summary.setText(
                f"The two entries agree on all {self.comparison.compared} answers. Mark the "
                "first entry verified."
            )
            self.table.hide()
        self._update_apply()

    def _clicked(self, row: int, column: int) -> None:
        if column in (1, 2):
            self.pick(row, _SIDES[column])

    def pick(self, row: int, side: str) -> None:
        """Choose the right side for one line, then move to the next line."""
        if self.comparison is None or not 0 <= row < len(self.comparison.disagreements):
            return
        path = self.comparison.disagreements[row].path
        self.picks[path] = side  # type: ignore[assignment]
        for column in (1, 2):
            chosen = column == _COLUMN_OF[side]  # type: ignore[index]
            self.table.item(row, column).setBackground(QBrush(PICKED) if chosen else QBrush())
        chosen_text = self.table.item(row, _COLUMN_OF[side]).text()  # type: ignore[index]
        name = "First" if side == "first" else "Second"
        self.table.item(row, 3).setText(f"{name} entry: {chosen_text}")
        if row + 1 < self.table.rowCount():
            self.table.setCurrentCell(row + 1, 0)
        self._update_apply()

    def _update_apply(self) -> None:
        if self.comparison is None:
            return
        left = len(self.comparison.disagreements) - len(self.picks)
        self.apply_button.setEnabled(left == 0)
        self.apply_button.setToolTip("" if left == 0 else f"{left} line(s) still to decide")

    def accept(self) -> None:
        """Write the picks into the first entry and mark it verified (one transaction)."""
        self.message.clear_message()
        try:
            changes = resolve(self.store, self.second_session_id, self.picks)
        except StorageError as error:
            self.message.show_message(str(error))
            return
        self.resolved.emit(changes)
        super().accept()
