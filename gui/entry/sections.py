"""Containers of the form: titled group sections and repeat rosters with their entries.

A roster shows one box per entry ("Family member 2"), a Remove button on each and an Add
button below, unless the number of entries comes from an earlier answer (repeat_count).
The boxes hold rows and nested sections in form order; `FormView` fills them.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.entry.question_row import QuestionRow, fill_references
from instruments.form_engine import FormState, Item

REMOVE_SHORTCUT = "Ctrl+Shift+D"


class EnterButton(QPushButton):
    """A button that Enter presses (and no one else sees that Enter)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.click()
            return
        super().keyPressEvent(event)


def _title(text: str, size_step: float, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + size_step)
    label.setFont(font)
    return label


class Container(QFrame):
    """Rows, sections and rosters in form order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body = QVBoxLayout(self)
        self.body.setSpacing(4)
        self.parts: list[QWidget] = []

    def add(self, widget: QWidget) -> None:
        self.parts.append(widget)
        self.body.addWidget(widget)

    def stops(self) -> Iterator[QWidget]:
        """Focus stops inside, in form order (visibility is checked by the form)."""
        for part in self.parts:
            if isinstance(part, QuestionRow):
                yield from part.tab_stops()
            elif isinstance(part, Container | RosterBox):
                yield from part.stops()


class SectionBox(Container):
    """A group: its label as a title, its questions indented beneath."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel if item.depth else QFrame.Shape.NoFrame)
        self.body.setContentsMargins(12 if item.depth else 0, 6, 8, 6)
        self.title = _title("", 1.5 if item.depth == 0 else 0.5)
        self.body.addWidget(self.title)

    def show_texts(self, state: FormState) -> None:
        label = self.item.question.label(state.language, state.instrument.default_language)
        label = fill_references(label, state, self.item)
        self.title.setText(label)
        self.title.setVisible(bool(label))
        self.setAccessibleName(label or self.item.name)


class InstanceBox(Container):
    """One entry of a roster, with its number and a Remove button."""

    remove_requested = Signal(int)

    def __init__(self, number: int, removable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body.setContentsMargins(10, 6, 10, 8)
        header = QHBoxLayout()
        self.heading = _title("", 0.5)
        header.addWidget(self.heading, 1)
        self.remove = QPushButton("Remove")
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove.setVisible(removable)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self.number))
        header.addWidget(self.remove)
        self.body.addLayout(header)

    def show_texts(self, label: str) -> None:
        self.heading.setText(f"{label} {self.number}")
        self.remove.setToolTip(f"Remove {label} {self.number} ({REMOVE_SHORTCUT})")
        self.remove.setAccessibleName(f"Remove {label} {self.number}")


class RosterBox(QFrame):
    """A repeat: its entries and, when the fieldworker sets their number, an Add button."""

    add_requested = Signal(str)
    remove_requested = Signal(str, int)

    def __init__(self, item: Item, user_counted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.path = item.path
        self.user_counted = user_counted
        self.instances: list[InstanceBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        self.title = _title("", 1.0)
        layout.addWidget(self.title)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.entries = QVBoxLayout()
        self.entries.setSpacing(8)
        layout.addLayout(self.entries)
        self.add_button = EnterButton()
        self.add_button.setVisible(user_counted)
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.path))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._label = ""

    def show_texts(self, state: FormState) -> None:
        question = self.item.question
        label = state.label(question) if question.labels else "Entry"
        self._label = fill_references(label, state, self.item)
        self.title.setText(self._label)
        self.setAccessibleName(self._label)
        self.add_button.setText(f"Add {self._label}")
        self.add_button.setAccessibleName(f"Add {self._label}")
        self.explain.setText(
            "Add one entry for each; Remove takes an entry out."
            if self.user_counted
            else "The number of entries follows an earlier answer."
        )
        for box in self.instances:
            box.show_texts(self._label)

    def new_instance(self, number: int) -> InstanceBox:
        box = InstanceBox(number, self.user_counted)
        box.show_texts(self._label)
        box.remove_requested.connect(lambda n: self.remove_requested.emit(self.path, n))
        self.instances.append(box)
        self.entries.addWidget(box)
        return box

    def drop_from(self, number: int) -> list[InstanceBox]:
        """Take entries numbered `number` and up off the screen; returns them."""
        dropped = [box for box in self.instances if box.number >= number]
        self.instances = [box for box in self.instances if box.number < number]
        for box in dropped:
            self.entries.removeWidget(box)
            box.hide()
            box.setParent(None)  # out of the widget tree now, so no stale q:... name is found
            box.deleteLater()
        return dropped

    def stops(self) -> Iterator[QWidget]:
        for box in self.instances:
            yield from box.stops()
        if self.user_counted:
            yield self.add_button
