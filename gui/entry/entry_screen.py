"""Filling in one questionnaire session: the form, live rules, validation and autosave.

Each finished answer goes through FormState (type, relevance, calculations) and is
committed at once with the calculated values and relevance flags it changed; hidden answers
are kept and marked relevant=0. "Mark complete" lists what is missing and jumps to it; a
complete session is read-only until reopened. Opening a session resumes at its first
unanswered question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QVBoxLayout, QWidget

from gui.entry.autosave import AnswerSaver
from gui.entry.double_entry_dialog import DoubleEntryDialog
from gui.entry.form_view import FormView
from gui.entry.header import MARK_COMPLETE_SHORTCUT as COMPLETE
from gui.entry.header import NEXT_REQUIRED_SHORTCUT as NEXT_REQUIRED
from gui.entry.header import EntryHeader, ProblemsPanel, make_action
from gui.entry.sections import REMOVE_SHORTCUT, InstanceBox, RosterBox
from gui.entry.session_info import SessionInfo, load_session
from gui.entry.widget_factory import FactoryContext, takes_answer
from gui.status_bar import SaveState
from instruments.answers import AnswerError
from instruments.form_engine import Changes
from storage.store import Store

StatusSink = Callable[[SaveState, str], None]
FORM_MAX_WIDTH = 980


class EntryScreen(QWidget):
    """One session's form. Signals: `saved(time)`, `save_failed(reason)`, `changed(Changes)`.

    `status` (optional) receives every save state, e.g. the main window's
    `FieldnotesStatusBar.set_save_state`.
    """

    saved = Signal(str)
    save_failed = Signal(str)
    changed = Signal(object)

    def __init__(
        self,
        store: Store,
        session_id: str,
        status: StatusSink | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self._status = status
        self.info: SessionInfo = load_session(store, session_id)
        self.state = self.info.state
        self.type_errors: dict[str, str] = {}
        self._resumed = False

        self.saver = AnswerSaver(store, session_id, self)
        self.saver.saved.connect(self._on_saved)
        self.saver.save_failed.connect(self._on_failed)
        self.saver.changed.connect(self.changed)

        next_tip = "Go to the next unanswered required question"
        complete_tip = "Check the answers and mark this session complete"
        self.next_required_action = make_action(self, "Next required", next_tip, NEXT_REQUIRED)
        self.mark_complete_action = make_action(self, "Mark complete", complete_tip, COMPLETE)
        self.reopen_action = make_action(self, "Reopen for editing", "Make changes again")
        self.compare_action = make_action(self, "Compare with first entry…", "List disagreements")
        self.remove_entry_action = make_action(
            self, "Remove entry", "Remove the roster entry holding the focus", REMOVE_SHORTCUT
        )
        self.next_required_action.triggered.connect(self.next_required)
        self.mark_complete_action.triggered.connect(self.mark_complete)
        self.reopen_action.triggered.connect(self.reopen)
        self.compare_action.triggered.connect(self.compare)
        self.remove_entry_action.triggered.connect(self._remove_focused_entry)
        self.header = EntryHeader(
            [
                self.next_required_action,
                self.mark_complete_action,
                self.reopen_action,
                self.compare_action,
            ]
        )
        self.header.set_languages(self.state.instrument.languages, self.state.language)
        self.header.language_chosen.connect(self.set_language)
        self.problems = ProblemsPanel()
        self.problems.jump.connect(self.focus_question)

        context = FactoryContext(self.state, self._attach)
        self.form = FormView(context)
        self.form.setMaximumWidth(FORM_MAX_WIDTH)
        self.form.answer_finished.connect(self.finish_answer)
        self.form.refused.connect(self._refused)
        self.form.add_requested.connect(self.add_entry)
        self.form.remove_requested.connect(self.remove_entry)
        self.form.end_reached.connect(self._at_end)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.form)
        self.form.scroll_to = self._scroll_to

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.problems)
        layout.addWidget(self.scroll, 1)
        self._first_writes()
        self._show_session()

    def _scroll_to(self, widget: QWidget) -> None:
        """Bring a question into view, after laying out entries added a moment ago."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.scroll.ensureWidgetVisible(widget, 20, 60)

    # --- opening ----------------------------------------------------------------------------

    def _first_writes(self) -> None:
        """Mend stored relevance flags, and fill start metadata on a session's first opening."""
        writes = self.state.stored_relevance_fixes(self.info.stored_relevance)
        if self.info.editable and not self.info.stored_relevance:
            filled = self.state.start_values(self.store.device.device_id, self.info.fieldworker)
            writes.update({p: (v, self.state.is_relevant(p)) for p, v in filled.items()})
        if writes:
            self.saver.save(writes)

    def _show_session(self) -> None:
        info = self.info
        self.header.title.setText(info.title)
        self.header.details.setText(info.details())
        self.header.show_banner(info.banner())
        editable = info.editable
        self.form.set_editable(editable)
        self.mark_complete_action.setEnabled(editable)
        self.next_required_action.setEnabled(editable)
        self.reopen_action.setVisible(info.status in ("complete", "verified") and info.consented)
        self.mark_complete_action.setVisible(not self.reopen_action.isVisible())
        self.compare_action.setVisible(info.is_second_entry)
        self.compare_action.setEnabled(info.status == "complete")
        self.remove_entry_action.setEnabled(editable)
        if not editable and not self.saver.last_saved:
            self.header.show_saved("Read only", True)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._resumed:
            self._resumed = True
            QTimer.singleShot(0, self.resume)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.flush()
        super().hideEvent(event)

    def resume(self) -> None:
        """Scroll to and focus the first unanswered question (where the typist stopped)."""
        if not self.info.editable:
            self.scroll.verticalScrollBar().setValue(0)
            return
        for path in self.unanswered_paths():
            if self.form.focus_path(path):
                return
        stops = self.form.stops()
        if stops:
            stops[0].setFocus()

    def unanswered_paths(self) -> list[str]:
        """Relevant questions that take an answer and have none, in form order."""
        answers = self.state.answers
        return [
            item.path
            for item in self.state.items
            if item.path not in answers
            and takes_answer(item.question)
            and self.state.is_relevant(item.path)
        ]

    # --- answering ----------------------------------------------------------------------------

    def finish_answer(self, path: str) -> None:
        """A finished answer: check it, commit it and what it changed, update the form."""
        row = self.form.rows.get(path)
        if row is None or row.input is None or not self.info.editable:
            return
        before = self.state.answers.get(path)
        try:
            value, changes = self.state.set_answer(path, row.input.raw_value())
        except AnswerError as error:
            self.type_errors[path] = str(error)
            row.show_error(str(error))
            self._report(SaveState.NOT_SAVED, f"{self.state.label(row.item.question)}: {error}")
            return
        had_type_error = self.type_errors.pop(path, None) is not None
        if changes or value != before:
            self.saver.save(self.state.answer_writes(changes, edited=path))
        elif had_type_error:
            self._report(SaveState.SAVED, "")
        self._apply(changes)
        self._refresh_errors(path)

    def _apply(self, changes: Changes, stale_from: dict[str, int] | None = None) -> None:
        if changes.structure:
            self.form.sync_rosters(stale_from)
        self.form.apply_relevance(changes.relevance)
        self.form.refresh_dynamic()

    def _refresh_errors(self, edited: str) -> None:
        """The edited question's message, and those already showing (they may be fixed)."""
        for path in {edited, *self.form.showing_errors}:
            row = self.form.rows.get(path)
            if row is not None:
                row.show_error(self.type_errors.get(path) or self.state.error(path))
        if self.problems.isVisible():
            self._show_problems(self.all_problems())

    def _refused(self, path: str, why: str) -> None:
        row = self.form.rows.get(path)
        if row is not None:
            row.show_error(why)
        self._report(SaveState.NOT_SAVED, why)

    def _attach(self, source: Path) -> str:
        return self.store.repos.sessions.attach_file(self.session_id, source)

    def add_entry(self, repeat_path: str) -> None:
        """Add a roster entry, save the new count, and put the focus in the new entry."""
        if not self.info.editable:
            return
        try:
            changes = self.state.add_instance(repeat_path)
        except ValueError as error:
            self._report(SaveState.NOT_SAVED, str(error))
            return
        self.saver.save(self.state.answer_writes(changes))
        self._apply(changes)
        roster = self.form.rosters.get(repeat_path)
        if roster and roster.instances:
            stops = [s for s in self.form.stops() if roster.instances[-1].isAncestorOf(s)]
            if stops:
                stops[0].setFocus()
                self.form.scroll_to(roster.instances[-1])

    def remove_entry(self, repeat_path: str, number: int) -> None:
        """Remove an entry (asking first when it holds answers); later entries move up."""
        if not self.info.editable:
            return
        prefix = f"{repeat_path}[{number}]/"
        if any(p.startswith(prefix) for p in self.state.answers) and not confirm(
            self, f"Remove entry {number} and its answers?"
        ):
            return
        changes, removed = self.state.remove_instance(repeat_path, number)
        self.saver.save(self.state.answer_writes(changes), removed)
        self._apply(changes, {repeat_path: number})

    def _remove_focused_entry(self) -> None:
        widget = QApplication.focusWidget()
        box = None
        while widget is not None and not isinstance(widget, RosterBox):
            if isinstance(widget, InstanceBox) and box is None:
                box = widget
            widget = widget.parentWidget()
        if isinstance(widget, RosterBox) and box is not None:
            self.remove_entry(widget.path, box.number)

    def set_language(self, language: str) -> None:
        self.state.language = language
        self.header.set_languages(self.state.instrument.languages, language)
        self.form.retranslate()
        self.saver.record(
            lambda: self.store.repos.sessions.update(self.session_id, language=language),
            ("sessions",),
        )

    # --- moving around -----------------------------------------------------------------------

    def current_path(self) -> str | None:
        return self.form.path_of(QApplication.focusWidget())

    def focus_question(self, path: str) -> bool:
        return self.form.focus_path(path)

    def next_required(self) -> str | None:
        """Jump to the next required question still unanswered (or breaking a rule)."""
        self.flush()
        found = self.state.first_unanswered_required(after=self.current_path())
        if found is None:
            self.header.show_banner(self.info.banner() or "Every required question is answered.")
            return None
        self.focus_question(found)
        return found

    def _at_end(self) -> None:
        button = self.header.buttons.get(self.mark_complete_action)
        if button is not None and button.isVisible():
            button.setFocus()

    # --- completing ---------------------------------------------------------------------------

    def flush(self) -> bool:
        """Finish the answer holding the focus and commit anything waiting."""
        path = self.current_path()
        if path in self.form.rows and self.info.editable:
            self.finish_answer(path)
        return self.saver.flush()

    def all_problems(self) -> list[tuple[str, str, str]]:
        """(path, label, message) of everything that blocks completion, in form order."""
        found = dict(self.state.problems())
        found.update({p: m for p, m in self.type_errors.items() if self.state.is_relevant(p)})
        order = {item.path: n for n, item in enumerate(self.state.items)}
        result = []
        for path in sorted(found, key=lambda p: order.get(p, len(order))):
            item = self.state.item(path)
            label = self.state.label(item.question) if item else path
            result.append((path, label, found[path]))
        return result

    def _show_problems(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems.show_problems(problems)
        for path, _label, message in problems:
            row = self.form.rows.get(path)
            if row is not None:
                row.show_error(message)

    def mark_complete(self) -> list[tuple[str, str, str]]:
        """Complete the session, or list what is missing and go to the first of it."""
        if not self.flush():
            return []
        self.form.build_all()  # every message beside its question
        problems = self.all_problems()
        self._show_problems(problems)
        if problems:
            self.focus_question(problems[0][0])
            self._report(SaveState.NOT_SAVED if self.type_errors else SaveState.SAVED, "")
            return problems
        ended = self.state.end_values()
        if ended:
            self.saver.save({p: (v, self.state.is_relevant(p)) for p, v in ended.items()})
        if self.saver.record(
            lambda: self.store.repos.sessions.set_status(self.session_id, "complete"),
            ("sessions",),
        ):
            self.info.status = "complete"
            self._show_session()
        return []

    def reopen(self) -> None:
        """A complete (or verified) session becomes a draft again, to be edited."""
        if self.saver.record(
            lambda: self.store.repos.sessions.set_status(self.session_id, "draft"),
            ("sessions",),
        ):
            self.info.status = "draft"
            self._show_session()
            self.resume()

    def compare(self) -> DoubleEntryDialog:
        """Open the comparison of this (finished) second entry with the first."""
        dialog = DoubleEntryDialog(self.store, self.session_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self.changed)
        dialog.open()
        return dialog

    # --- saved state --------------------------------------------------------------------------

    def _on_saved(self, moment: str) -> None:
        self.saved.emit(moment)
        if self.type_errors:
            return  # still "Not saved": a typed answer is refused and not on disk
        self.header.show_saved(f"Saved {moment}", True)
        if self._status:
            self._status(SaveState.SAVED, "")

    def _on_failed(self, reason: str) -> None:
        self.header.show_saved(f"Not saved: {reason}", False)
        self.save_failed.emit(reason)
        if self._status:
            self._status(SaveState.NOT_SAVED, reason)

    def _report(self, state: SaveState, reason: str) -> None:
        if state is SaveState.NOT_SAVED:
            self.header.show_saved(f"Not saved: {reason}", False)
        elif self.saver.last_saved:
            self.header.show_saved(f"Saved {self.saver.last_saved}", True)
        if self._status:
            self._status(state, reason)


def confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Fieldnotes", question)
    return answer == QMessageBox.StandardButton.Yes
