"""The real entry form over an instrument that has no session: the designer's live preview.

The same FormView and widget factory as EntryScreen, over an in-memory FormState: what is
typed in the preview runs the form's rules (relevance, constraints, calculations, repeats)
and is never stored. `show_instrument` swaps in an edited definition, keeping the answers
whose questions are still of the same kind, so a designer can change a rule and see it
applied to what was typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.entry.choice_inputs import ChecksInput, RadioInput
from gui.entry.form_view import FormView
from gui.entry.question_row import QuestionRow
from gui.entry.widget_factory import FactoryContext
from gui.form_parts import FieldMessage
from instruments.answers import AnswerError, question_path_of
from instruments.form_engine import Changes, FormState
from instruments.model import Instrument


def _attach_nothing(source: Path) -> str:
    """Preview answers are not stored, so a chosen file is named, not copied."""
    return source.name


def kept_answers(old: FormState | None, instrument: Instrument) -> dict[str, Any]:
    """Answers whose question still exists with the same type and choice list."""
    if old is None:
        return {}
    before = dict(old.instrument.walk())
    after = dict(instrument.walk())
    kept: dict[str, Any] = {}
    for path, value in old.answers.items():
        question_path, _indices = question_path_of(path)
        was, now = before.get(question_path), after.get(question_path)
        if was is None or now is None:
            continue
        if (was.type, was.list_name) == (now.type, now.list_name):
            kept[path] = value
    return kept


PREVIEW_COMBO_CHARACTERS = 16
PREVIEW_OPTIONS_WIDTH = 360  # options wider than this side by side go one under another


class PreviewFormView(FormView):
    """The entry form fitted to a narrow pane: drop-down lists and option grids narrower."""

    def _make_row(self, item: Any) -> QuestionRow:
        row = super()._make_row(item)
        for combo in row.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(PREVIEW_COMBO_CHARACTERS)
        if isinstance(row.input, RadioInput | ChecksInput):
            grid = row.input.grid
            if grid.minimumSize().width() > PREVIEW_OPTIONS_WIDTH:
                buttons = row.input.buttons()
                for button in buttons:
                    grid.removeWidget(button)
                for number, button in enumerate(buttons):
                    grid.addWidget(button, number, 0)
        return row


class FormPreview(QWidget):
    """A form to try out: fill it in, see rules act; nothing is saved anywhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: FormState | None = None
        self.form: FormView | None = None
        self.type_errors: dict[str, str] = {}
        self.language: str | None = None
        self.caption = QLabel("Preview: answers typed here are not saved.")
        self.caption.setWordWrap(True)
        self.clear_button = QPushButton("Clear answers")
        self.clear_button.setToolTip("Start the preview again with no answers")
        self.clear_button.clicked.connect(self.clear_answers)
        self.failure = FieldMessage()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName("Form preview")
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.failure)
        layout.addWidget(self.scroll, 1)

    def show_instrument(self, instrument: Instrument, language: str | None = None) -> None:
        """Show this definition (a copy the caller will not change), keeping fitting answers."""
        self.language = language
        answers = kept_answers(self.state, instrument)
        scrolled = self.scroll.verticalScrollBar().value()
        try:
            state = FormState(instrument, answers, language=language)
        except Exception as error:  # noqa: BLE001 - a half-designed form must not end the app
            self.failure.show_message(f"The preview cannot show this form yet: {error}")
            return
        self.failure.clear_message()
        self.state = state
        self.type_errors = {p: m for p, m in self.type_errors.items() if p in answers}
        form = PreviewFormView(FactoryContext(state, _attach_nothing))
        form.answer_finished.connect(self.finish_answer)
        form.add_requested.connect(self.add_entry)
        form.remove_requested.connect(self.remove_entry)
        form.end_reached.connect(self._finish_focused)
        form.scroll_to = self._scroll_to
        if scrolled:
            form.build_all()  # the part scrolled to must exist before scrolling back
        old = self.scroll.takeWidget()
        self.scroll.setWidget(form)
        self.form = form
        if old is not None:
            old.deleteLater()
        for path in list(answers):
            self._show_error(path)
        if scrolled:
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.scroll.verticalScrollBar().setValue(scrolled)

    def clear_answers(self) -> None:
        if self.state is not None:
            instrument = self.state.instrument
            self.state = None
            self.type_errors.clear()
            self.show_instrument(instrument, self.language)

    def reveal(self, path: str) -> None:
        """Scroll to a question without taking the keyboard focus (it stays in the designer)."""
        if self.form is None:
            return
        widget = self.form.rows.get(path) or self.form.boxes.get(path)
        if widget is None and not self.form.complete:
            self.form.build_all()
            widget = self.form.rows.get(path) or self.form.boxes.get(path)
        if widget is not None and widget.isVisibleTo(self.form):
            self._scroll_to(widget)

    def _scroll_to(self, widget: QWidget) -> None:
        """Down to the question; never sideways, where a form's labels start."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll.ensureWidgetVisible(widget, 20, 40)
        self.scroll.horizontalScrollBar().setValue(0)

    # --- answering, as the entry screen does it, without the saving -----------------------

    def finish_answer(self, path: str) -> None:
        if self.form is None or self.state is None:
            return
        row = self.form.rows.get(path)
        if row is None or row.input is None:
            return
        try:
            _value, changes = self.state.set_answer(path, row.input.raw_value())
        except AnswerError as error:
            self.type_errors[path] = str(error)
            row.show_error(str(error))
            return
        self.type_errors.pop(path, None)
        self._apply(changes)
        for shown in {path, *self.form.showing_errors}:
            self._show_error(shown)

    def _finish_focused(self) -> None:
        """Tab past the last question: nothing follows, so its answer is finished here."""
        if self.form is not None:
            path = self.form.path_of(QApplication.focusWidget())
            if path is not None and path in self.form.rows:
                self.finish_answer(path)

    def add_entry(self, repeat_path: str) -> None:
        if self.state is None or self.form is None:
            return
        try:
            changes = self.state.add_instance(repeat_path)
        except ValueError:
            return
        self._apply(changes)
        roster = self.form.rosters.get(repeat_path)
        if roster and roster.instances:
            stops = [s for s in self.form.stops() if roster.instances[-1].isAncestorOf(s)]
            if stops:
                stops[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_entry(self, repeat_path: str, number: int) -> None:
        if self.state is None:
            return
        changes, _removed = self.state.remove_instance(repeat_path, number)
        self._apply(changes, {repeat_path: number})

    def _apply(self, changes: Changes, stale_from: dict[str, int] | None = None) -> None:
        assert self.form is not None
        if changes.structure:
            self.form.sync_rosters(stale_from)
        self.form.apply_relevance(changes.relevance)
        self.form.refresh_dynamic()

    def _show_error(self, path: str) -> None:
        if self.form is None or self.state is None:
            return
        row = self.form.rows.get(path)
        if row is not None:
            row.show_error(self.type_errors.get(path) or self.state.error(path))

    def error_of(self, path: str) -> str:
        """The message shown under a question of the preview ('' when none)."""
        row = self.form.rows.get(path) if self.form is not None else None
        return row.error_text() if row is not None else ""
