"""The filled-in form: sections, rosters and rows in form order, kept in step with FormState.

The view arranges what the widget factory makes, shows and hides questions as relevance
changes, grows and shrinks rosters, and moves the keyboard focus: Tab and Enter go to the
next relevant question (not the next radio button), so a paper questionnaire is keyed
without the mouse. Editors inside repeat entries are named `q:<answer path>`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from gui.entry.question_row import QuestionRow
from gui.entry.sections import Container, InstanceBox, RosterBox, SectionBox
from gui.entry.widget_factory import (
    FactoryContext,
    build_row,
    choice_pairs,
    is_required,
    is_shown,
)
from instruments.answers import instance_path
from instruments.model import Question

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
INITIAL_ROWS = 40  # built before the form is first shown: more than a screenful
BATCH_SECONDS = 0.03  # then built in slices this long, so typing never waits


class FormView(QWidget):
    """Every question of one session; emits what the fieldworker finished or asked for."""

    answer_finished = Signal(str)  # answer path
    refused = Signal(str, str)  # answer path, why (e.g. a file that could not be attached)
    add_requested = Signal(str)  # repeat path
    remove_requested = Signal(str, int)  # repeat path, entry number
    end_reached = Signal()  # Tab or Enter after the last question

    def __init__(self, context: FactoryContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.state = context.state
        self.rows: dict[str, QuestionRow] = {}
        self.boxes: dict[str, QWidget] = {}  # group and repeat paths -> their container
        self.rosters: dict[str, RosterBox] = {}
        self.dynamic: dict[str, QuestionRow] = {}  # rows quoting answers or filtering choices
        self.scroll_to: Callable[[QWidget], None] = lambda _widget: None
        self.root = Container()
        self.root.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.addWidget(self.root)
        layout.addStretch(1)
        self.editable = True
        self._pending = list(self.state.instrument.questions)  # top-level, not built yet
        self._builder = QTimer(self, singleShot=True, interval=0)
        self._builder.timeout.connect(self._build_batch)
        self.build_until(INITIAL_ROWS)
        if self._pending:
            self._builder.start()

    # --- building in steps: the first screenful at once, the rest while the user reads --

    @property
    def complete(self) -> bool:
        return not self._pending

    def build_until(self, rows: int) -> None:
        while self._pending and len(self.rows) < rows:
            self._build_next()

    def build_all(self) -> None:
        """Everything now (before a jump, a Tab past the end, or the completeness check)."""
        self._builder.stop()
        self._build_slice(None)

    def _build_next(self, into: Container | None = None) -> None:
        self._populate(into or self.root, [self._pending.pop(0)], {})

    def _build_batch(self) -> None:
        self._build_slice(BATCH_SECONDS)
        if self._pending:
            self._builder.start()

    def _build_slice(self, seconds: float | None) -> None:
        """Build into a hidden part, then show it at once: one layout pass per slice."""
        if not self._pending:
            return
        part = Container()
        part.body.setContentsMargins(0, 0, 0, 0)
        part.setVisible(False)
        self.root.add(part)
        started = time.perf_counter()
        while self._pending and (seconds is None or time.perf_counter() - started < seconds):
            self._build_next(part)
        part.setVisible(True)

    # --- building ---------------------------------------------------------------------------

    def _populate(
        self, container: Container, questions: Iterable[Question], indices: dict[str, int]
    ) -> None:
        for question in questions:
            path = instance_path(question.path, indices)
            item = self.state.item(path)
            if item is None:
                continue
            if question.type == "group":
                widget: QWidget = SectionBox(item)
                widget.show_texts(self.state)
                self.boxes[path] = widget
                self._populate(widget, question.children, indices)
            elif question.type == "repeat":
                widget = self._make_roster(item)
            elif is_shown(question):
                widget = self._make_row(item)
            else:
                continue
            container.add(widget)
            # Explicitly, so a part added to a form already on screen shows (and takes the
            # focus) at once, not at the next turn of the event loop.
            widget.setVisible(self.state.is_relevant(path))

    def _make_row(self, item) -> QuestionRow:
        row = build_row(item, self.context)
        if not self.editable and row.input is not None:
            row.input.set_editable(False)
        self.rows[item.path] = row
        if row.has_references or item.question.choice_filter:
            self.dynamic[item.path] = row
        if row.input is not None:
            row.input.finished.connect(lambda path=item.path: self.answer_finished.emit(path))
            refused = getattr(row.input, "refused", None)
            if refused is not None:
                refused.connect(lambda why, path=item.path: self.refused.emit(path, why))
        return row

    def _make_roster(self, item) -> RosterBox:
        roster = RosterBox(item, self.state.can_add_instance(item.path))
        roster.add_button.setEnabled(self.editable)
        roster.show_texts(self.state)
        roster.add_requested.connect(self.add_requested)
        roster.remove_requested.connect(self.remove_requested)
        self.boxes[item.path] = roster
        self.rosters[item.path] = roster
        self._grow(roster)
        return roster

    def _grow(self, roster: RosterBox) -> list[InstanceBox]:
        """Add boxes until the roster shows as many entries as the form holds."""
        made = []
        count = self.state.instance_count(roster.path)
        question = roster.item.question
        while len(roster.instances) < count:
            number = len(roster.instances) + 1
            box = roster.new_instance(number)
            box.remove.setEnabled(self.editable)
            self._populate(box, question.children, {**roster.item.indices, question.path: number})
            box.setVisible(True)  # now, not at the next event-loop turn: Tab must find it
            made.append(box)
        return made

    def _forget(self, prefix: str) -> None:
        for registry in (self.rows, self.boxes, self.rosters, self.dynamic):
            for path in [p for p in registry if p.startswith(prefix)]:
                del registry[path]

    # --- keeping in step ----------------------------------------------------------------------

    def sync_rosters(self, stale_from: dict[str, int] | None = None) -> list[InstanceBox]:
        """After entries were added or removed: rebuild what moved, add what is new.

        stale_from maps a repeat path to the first entry whose answers moved (a removal).
        Returns the new entry boxes.
        """
        stale_from = stale_from or {}
        made: list[InstanceBox] = []
        for path in sorted(self.rosters, key=lambda p: p.count("/")):
            roster = self.rosters.get(path)
            if roster is None:
                continue
            count = self.state.instance_count(path)
            first = min(stale_from.get(path, count + 1), count + 1)
            for box in roster.drop_from(first):
                self._forget(f"{path}[{box.number}]")
            made += self._grow(roster)
        return made

    @property
    def showing_errors(self) -> list[str]:
        """Paths of the questions whose error message is on screen."""
        return [path for path, row in self.rows.items() if row.has_error]

    def apply_relevance(self, flips: dict[str, bool]) -> None:
        for path, relevant in flips.items():
            widget = self.rows.get(path) or self.boxes.get(path)
            if widget is not None:
                widget.setVisible(relevant)

    def refresh_dynamic(self) -> None:
        """Labels quoting answers, and choices narrowed by a choice filter."""
        for box in self.boxes.values():
            if "${" in "".join(box.item.question.labels.values()):  # type: ignore[attr-defined]
                box.show_texts(self.state)  # type: ignore[attr-defined]
        for row in self.dynamic.values():
            if row.has_references:
                row.show_texts(self.state, is_required(row.item.question))
            if row.item.question.choice_filter and row.input is not None:
                row.input.set_choices(choice_pairs(self.state, row.item))

    def retranslate(self) -> None:
        """Show every text in the form's current language."""
        for row in self.rows.values():
            row.show_texts(self.state, is_required(row.item.question))
            if row.input is not None and row.item.question.list_name:
                row.input.set_choices(choice_pairs(self.state, row.item))
        for box in self.boxes.values():
            box.show_texts(self.state)  # type: ignore[attr-defined]

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        for row in self.rows.values():
            if row.input is not None:
                read_only = (row.item.question.read_only or "").strip().lower()
                row.input.set_editable(editable and read_only not in ("yes", "true", "true()"))
        for roster in self.rosters.values():
            roster.add_button.setEnabled(editable)
            for box in roster.instances:
                box.remove.setEnabled(editable)

    # --- focus ----------------------------------------------------------------------------

    def stops(self) -> list[QWidget]:
        """Visible, enabled focus stops in form order."""
        return [
            widget
            for widget in self.root.stops()
            if widget.isEnabled() and widget.isVisibleTo(self)
        ]

    def path_of(self, widget: QWidget | None) -> str | None:
        """The answer (or repeat) path of the question holding this widget."""
        while widget is not None and widget is not self:
            if isinstance(widget, QuestionRow):
                return widget.path
            if isinstance(widget, RosterBox):
                return widget.path
            widget = widget.parentWidget()
        return None

    def focus_path(self, path: str) -> bool:
        """Scroll to a question and put the focus in it; False if it is not on screen."""
        widget = self.rows.get(path) or self.boxes.get(path)
        if widget is None and self._pending:
            self.build_all()
            widget = self.rows.get(path) or self.boxes.get(path)
        if widget is None or not widget.isVisibleTo(self):
            return False
        self.scroll_to(widget)
        if isinstance(widget, QuestionRow) and widget.focus():
            return True
        stops = [s for s in self.stops() if widget is s or widget.isAncestorOf(s)]
        if stops:
            stops[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return bool(stops)

    def _position(self, stops: list[QWidget], focus: QWidget | None) -> int | None:
        if focus is None:
            return None
        for position, stop in enumerate(stops):
            if stop is focus or stop.isAncestorOf(focus):
                return position
        return None

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        stops = self.stops()
        position = self._position(stops, QApplication.focusWidget())
        if position is None:
            return super().focusNextPrevChild(next)
        target = position + (1 if next else -1)
        if target >= len(stops) and self._pending:
            self.build_all()
            stops = self.stops()
        if 0 <= target < len(stops):
            reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
            stops[target].setFocus(reason)
            row = self._row_of(stops[target])
            self.scroll_to(row or stops[target])
            return True
        if next:
            self.end_reached.emit()
            return True
        return super().focusNextPrevChild(next)

    def _row_of(self, widget: QWidget) -> QWidget | None:
        while widget is not None and widget is not self:
            if isinstance(widget, QuestionRow):
                return widget
            widget = widget.parentWidget()
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter moves on to the next question (editors hand it up once they are done)."""
        if event.key() in _ENTER:
            self.focusNextPrevChild(True)
            event.accept()
            return
        super().keyPressEvent(event)
