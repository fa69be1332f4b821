"""Editors for typed answers: text, numbers, dates and times, acknowledgements, ranges.

Every editor is a `QuestionInput`: it shows a stored value, hands back what the fieldworker
entered (raw: storage rules in instruments.answers turn it into a value), and emits
`finished` when the answer is complete (the field is left, Enter is pressed, an option is
chosen), which is when autosave commits it. Nothing here decides whether a value is valid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRegularExpression, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSlider,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from instruments.answers import AnswerError, coerce_answer

NUMBER_WIDTH = 180
DATE_WIDTH = 130
TIME_WIDTH = 90
MULTILINE_IDLE_MS = 1500  # long narrative answers are also saved while the typist pauses


class QuestionInput(QWidget):
    """Base of every editor; `editor` is the focusable widget carrying name and label."""

    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.editor: QWidget = self

    def identify(self, object_name: str, label: str) -> None:
        """objectName `q:<name or answer path>` and accessibleName = the question's label."""
        self.editor.setObjectName(object_name)
        self.editor.setAccessibleName(label)

    def set_label(self, label: str) -> None:
        self.editor.setAccessibleName(label)

    def raw_value(self) -> Any:
        raise NotImplementedError

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def tab_stops(self) -> list[QWidget]:
        """The widgets Tab visits inside this question, in order."""
        return [self.editor]

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(name, label) pairs offered now; only choice editors use them."""

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)


class _LineInput(QuestionInput):
    """A one-line field that finishes when left or on Enter (Qt's editingFinished)."""

    def __init__(self, width: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        if width:
            self.line.setMaximumWidth(width)
        self.editor = self.line
        self.row.addWidget(self.line, 0 if width else 1)
        if width:
            self.row.addStretch(1)
        self.line.editingFinished.connect(self.finished)

    def raw_value(self) -> Any:
        return self.line.text()

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))


class TextInput(_LineInput):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.line.setPlaceholderText(placeholder)


class NumberInput(_LineInput):
    """Whole or decimal numbers; letters are refused as they are typed."""

    def __init__(self, decimal: bool, parent: QWidget | None = None) -> None:
        super().__init__(NUMBER_WIDTH, parent)
        allowed = r"[-+0-9.,\s]*" if decimal else r"[-+0-9,\s]*"
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(allowed), self))
        self.line.setPlaceholderText("a number" if decimal else "a whole number")


class MultilineInput(QuestionInput):
    """Multi-line text (appearance multiline); Tab leaves, Ctrl+Enter finishes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 5 + 12)
        self.editor = self.text
        self.row.addWidget(self.text)
        self._idle = QTimer(self, singleShot=True, interval=MULTILINE_IDLE_MS)
        self._idle.timeout.connect(self._finish)
        self.text.textChanged.connect(self._on_typed)
        self.text.installEventFilter(self)
        self._dirty = False
        self._showing = False

    def _on_typed(self) -> None:
        if not self._showing:
            self._dirty = True
            self._idle.start()

    def _finish(self) -> None:
        self._idle.stop()
        if self._dirty:
            self._dirty = False
            self.finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut:
            self._finish()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._finish()
                self.focusNextPrevChild(True)  # the form moves on to the next question
                return True
        return False

    def raw_value(self) -> Any:
        return self.text.toPlainText()

    def show_value(self, value: Any) -> None:
        self._showing = True
        self.text.setPlainText("" if value is None else str(value))
        self._showing = False


def _day_month_year(iso: Any) -> str:
    """A stored YYYY-MM-DD as DD/MM/YYYY, the way paper forms in the UK write it."""
    if not iso:
        return ""
    parsed = QDate.fromString(str(iso)[:10], "yyyy-MM-dd")
    return parsed.toString("dd/MM/yyyy") if parsed.isValid() else str(iso)


class _CalendarButton(QToolButton):
    """Opens a month calendar; the picked day goes into the date field."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Calendar")
        self.setToolTip("Pick the date on a calendar (Alt+Down in the date field)")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.setMenu(menu)
        self.calendar.activated.connect(self._choose)
        self.calendar.clicked.connect(self._choose)

    def _choose(self, day: QDate) -> None:
        self.menu().hide()
        self.picked.emit(day)


class DateInput(_LineInput):
    """A typed date (DD/MM/YYYY or YYYY-MM-DD) with a calendar to pick from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DATE_WIDTH, parent)
        self.line.setPlaceholderText("DD/MM/YYYY")
        self.calendar = _CalendarButton()
        self.row.insertWidget(1, self.calendar)
        self.calendar.picked.connect(self._picked)
        self.line.installEventFilter(self)

    def _picked(self, day: QDate) -> None:
        self.line.setText(day.toString("dd/MM/yyyy"))
        self.line.setFocus()
        self.finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.calendar.showMenu()
            return True
        return False

    def show_value(self, value: Any) -> None:
        self.line.setText(_day_month_year(value))


class TimeInput(_LineInput):
    """A typed time of day (HH:MM), with a button for the time now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TIME_WIDTH, parent)
        self.line.setPlaceholderText("HH:MM")
        now = QToolButton()
        now.setText("Now")
        now.setToolTip("Fill in the time now")
        now.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        now.clicked.connect(self._now)
        self.row.insertWidget(1, now)

    def _now(self) -> None:
        self.line.setText(QTime.currentTime().toString("HH:mm"))
        self.finished.emit()

    def show_value(self, value: Any) -> None:
        self.line.setText(str(value)[:5] if value else "")


class DateTimeInput(QuestionInput):
    """A date and a time field; the answer is finished when the pair is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = DateInput()
        self.time = TimeInput()
        self.editor = self.date.line
        self.row.addWidget(self.date)
        self.row.addWidget(self.time)
        self.row.addStretch(1)
        self.date.calendar.picked.disconnect()
        self.date.calendar.picked.connect(self._picked)
        for line in (self.date.line, self.time.line):
            line.installEventFilter(self)
            line.textEdited.connect(self._mark)
        self.time.finished.connect(self._leave_check)
        self._dirty = False

    def _mark(self) -> None:
        self._dirty = True

    def _picked(self, day: QDate) -> None:
        self.date.line.setText(day.toString("dd/MM/yyyy"))
        self._dirty = True
        self.time.line.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(0, self._leave_check)
        return False

    def _leave_check(self) -> None:
        focus = self.focusWidget()
        inside = focus is not None and focus.hasFocus() and self.isAncestorOf(focus)
        if self._dirty and not inside:
            self._dirty = False
            self.finished.emit()

    def tab_stops(self) -> list[QWidget]:
        return [self.date.line, self.time.line]

    def raw_value(self) -> Any:
        day, clock = self.date.line.text().strip(), self.time.line.text().strip()
        if not day and not clock:
            return ""
        try:
            day = coerce_answer("date", day) or day
        except AnswerError:
            pass
        return f"{day} {clock}".strip()

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        self.date.show_value(text[:10])
        self.time.show_value(text[11:16])


class AcknowledgeInput(QuestionInput):
    """A single box to tick: stored as "OK"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox("OK")
        self.editor = self.box
        self.row.addWidget(self.box)
        self.row.addStretch(1)
        self.box.clicked.connect(lambda _checked: self.finished.emit())

    def raw_value(self) -> Any:
        return "OK" if self.box.isChecked() else None

    def show_value(self, value: Any) -> None:
        self.box.setChecked(value == "OK")


class RangeInput(QuestionInput):
    """A number within start..end: typed, or set with the slider (arrow keys or mouse)."""

    SETTLE_MS = 400

    def __init__(self, parameters: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        start = float(parameters.get("start", "1"))
        end = float(parameters.get("end", "10"))
        self.step = abs(float(parameters.get("step", "1"))) or 1.0
        self.start = start
        self.line = QLineEdit()
        self.line.setMaximumWidth(NUMBER_WIDTH // 2)
        self.line.setPlaceholderText(f"{start:g}–{end:g}")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, max(0, round(abs(end - start) / self.step)))
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._direction = 1 if end >= start else -1
        self.editor = self.line
        self.row.addWidget(self.line)
        self.row.addWidget(self.slider, 1)
        self._settle = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._settle.timeout.connect(self.finished)
        self.line.editingFinished.connect(self.finished)
        self.slider.actionTriggered.connect(lambda _action: QTimer.singleShot(0, self._slid))

    def _slid(self) -> None:
        value = self.start + self._direction * self.slider.value() * self.step
        self.line.setText(f"{value:g}")
        self._settle.start()

    def tab_stops(self) -> list[QWidget]:
        return [self.line, self.slider]

    def raw_value(self) -> Any:
        return self.line.text()

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else f"{value:g}")
        if isinstance(value, int | float):
            self.slider.blockSignals(True)
            self.slider.setValue(round(abs(value - self.start) / self.step))
            self.slider.blockSignals(False)


class ReadOnlyInput(QuestionInput):
    """A type the laptop cannot capture ('none'): a read-only line saying why."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(text)
        self.line.setReadOnly(True)
        self.line.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.editor = self.line
        self.row.addWidget(self.line)

    def raw_value(self) -> Any:
        return None

    def show_value(self, value: Any) -> None:
        """Nothing is entered here; the downgrade text stays."""

    def tab_stops(self) -> list[QWidget]:
        return []
