"""Editors for choice questions: radio buttons, a drop-down list, check boxes, ranking.

Keyboard first: in a focused radio or check-box group the keys 1..9 pick the options in
order (shown as "1. Yes"), arrows move between them, Delete clears a radio answer; a
ranking list moves the current item with Alt+Up / Alt+Down.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.entry.inputs import QuestionInput

Choices = list[tuple[str, str]]
_NAME = Qt.ItemDataRole.UserRole
SHORT_LABELS = 14  # options this short sit side by side (Yes / No / Don't know)
NUMBER_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


def option_text(position: int, label: str) -> str:
    """'1. Yes': the number is the key that picks the option."""
    return f"{position}. {label}" if position <= 9 else label


class _NumberKeys:
    """Hands key presses to the group first (keys 1..9, Delete, arrows), without the cost
    of an event filter on every option of a long form."""

    group_input: _ButtonGroupInput

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.group_input.handle_key(event):
            super().keyPressEvent(event)  # type: ignore[misc]


class NumberedRadio(_NumberKeys, QRadioButton):
    pass


class NumberedCheck(_NumberKeys, QCheckBox):
    pass


class _ButtonGroupInput(QuestionInput):
    """Options as buttons in a grid; the group is one Tab stop, keys 1..9 pick."""

    exclusive = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QWidget()
        self.box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.grid = QGridLayout(self.box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)
        self.row.addWidget(self.box, 1)
        self.editor = self.box
        self.group = QButtonGroup(self)
        self.group.setExclusive(self.exclusive)
        self.group.buttonClicked.connect(lambda _button: self.finished.emit())
        self._choices: Choices = []

    def _make_button(self, text: str) -> QAbstractButton:
        raise NotImplementedError

    def set_choices(self, choices: Choices) -> None:
        if choices == self._choices:
            return
        kept = self.raw_value()
        self._choices = list(choices)
        for button in self.group.buttons():
            self.group.removeButton(button)
            self.grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        short = len(choices) <= 4 and all(len(label) <= SHORT_LABELS for _n, label in choices)
        columns = len(choices) if short else (2 if len(choices) > 6 else 1)
        for position, (name, label) in enumerate(choices, start=1):
            button = self._make_button(option_text(position, label))
            button.setProperty("choice", name)
            button.setAccessibleName(label)
            button.group_input = self  # type: ignore[attr-defined]
            self.group.addButton(button, position)
            self.grid.addWidget(button, (position - 1) // columns, (position - 1) % columns)
            button.setVisible(True)  # at once (choices can change on screen): focus needs it
        self.grid.setColumnStretch(columns, 1)
        self.show_value(kept)
        self._update_proxy()

    def _update_proxy(self) -> None:
        """Focus lands on the chosen option, else the first."""
        buttons = self.group.buttons()
        checked = [b for b in buttons if b.isChecked()]
        self.box.setFocusProxy((checked or buttons or [None])[0])

    def buttons(self) -> list[QAbstractButton]:
        return self.group.buttons()

    def handle_key(self, event: QKeyEvent) -> bool:
        """Keys 1..9 pick, Delete clears, arrows move (check boxes); True if handled."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        number = NUMBER_KEYS.get(Qt.Key(event.key()))
        buttons = self.group.buttons()
        if number is not None and number <= len(buttons):
            self._pick(buttons[number - 1])
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._clear()
            return True
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.exclusive:
            return self._move(buttons, -1 if event.key() == Qt.Key.Key_Up else 1)
        return False

    def _move(self, buttons: list[QAbstractButton], step: int) -> bool:
        focused = [b for b in buttons if b.hasFocus()]
        if not focused:
            return False
        position = buttons.index(focused[0]) + step
        if 0 <= position < len(buttons):
            buttons[position].setFocus()
        return True

    def _pick(self, button: QAbstractButton) -> None:
        button.setFocus()
        button.click()

    def _clear(self) -> None:
        if not any(b.isChecked() for b in self.group.buttons()):
            return
        self.show_value(None)
        self.finished.emit()

    def set_editable(self, editable: bool) -> None:
        self.box.setEnabled(editable)


class RadioInput(_ButtonGroupInput):
    """select_one with few choices: radio buttons."""

    def _make_button(self, text: str) -> QAbstractButton:
        return NumberedRadio(text)

    def raw_value(self) -> Any:
        checked = self.group.checkedButton()
        return None if checked is None else checked.property("choice")

    def show_value(self, value: Any) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(button.property("choice") == value)
        self.group.setExclusive(True)
        self._update_proxy()

    def _pick(self, button: QAbstractButton) -> None:
        super()._pick(button)
        self._update_proxy()


class ChecksInput(_ButtonGroupInput):
    """select_multiple: check boxes; keys 1..9 tick or untick."""

    exclusive = False

    def _make_button(self, text: str) -> QAbstractButton:
        return NumberedCheck(text)

    def raw_value(self) -> Any:
        return [b.property("choice") for b in self.group.buttons() if b.isChecked()]

    def show_value(self, value: Any) -> None:
        chosen = set(value or [])
        for button in self.group.buttons():
            button.setChecked(button.property("choice") in chosen)


class ComboInput(QuestionInput):
    """select_one with many choices (more than 8, or appearance minimal): a drop-down list.

    Typing the start of a label jumps to it; the first entry means no answer.
    """

    NO_ANSWER = "— not answered —"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaxVisibleItems(20)
        self.editor = self.combo
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.combo.activated.connect(lambda _index: self.finished.emit())
        self._choices: Choices = []
        self.combo.addItem(self.NO_ANSWER, None)

    def set_choices(self, choices: Choices) -> None:
        if choices == self._choices:
            return
        kept = self.raw_value()
        self._choices = list(choices)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.NO_ANSWER, None)
        for name, label in choices:
            self.combo.addItem(label, name)
        self.combo.blockSignals(False)
        self.show_value(kept)

    def raw_value(self) -> Any:
        return self.combo.currentData()

    def show_value(self, value: Any) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))
        self.combo.blockSignals(False)


class RankInput(QuestionInput):
    """rank: the choices in order of preference; Alt+Up / Alt+Down move the current one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        buttons = QWidget()
        side = QVBoxLayout(buttons)
        side.setContentsMargins(0, 0, 0, 0)
        self.up = QPushButton("Move up")
        self.down = QPushButton("Move down")
        self.accept_order = QPushButton("Keep this order")
        for button in (self.up, self.down, self.accept_order):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            side.addWidget(button)
        side.addStretch(1)
        self.row.addWidget(column, 1)
        self.row.addWidget(buttons)
        self.editor = self.list
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.accept_order.clicked.connect(self._accept)
        self.list.model().rowsMoved.connect(lambda *_args: self._accept())
        self.list.installEventFilter(self)
        self._choices: Choices = []
        self._ranked = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return False

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._accept()

    def _accept(self) -> None:
        self._ranked = True
        self._show_status()
        self.finished.emit()

    def _show_status(self) -> None:
        self.status.setText(
            "Ranked." if self._ranked else "Not ranked yet: move items (Alt+Up / Alt+Down)."
        )

    def set_choices(self, choices: Choices) -> None:
        if choices == self._choices:
            return
        kept = self.raw_value() if self._ranked else None
        self._choices = list(choices)
        self.show_value(kept)
        rows = max(3, min(len(choices), 8))
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 6)

    def raw_value(self) -> Any:
        if not self._ranked:
            return None
        return [self.list.item(i).data(_NAME) for i in range(self.list.count())]

    def show_value(self, value: Any) -> None:
        labels = dict(self._choices)
        order = [name for name in (value or []) if name in labels]
        order += [name for name in labels if name not in order]
        self.list.clear()
        for name in order:
            item = QListWidgetItem(labels[name])
            item.setData(_NAME, name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self._ranked = bool(value)
        self._show_status()
