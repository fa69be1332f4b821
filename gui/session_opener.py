"""Opening a session: the right screen for its instrument's kind, inside a page with a way back.

A questionnaire opens in the entry screen, an interview in the interview screen and a focus
group in the focus-group screen. The page above it says where "Back" (or Escape) returns to;
everything typed is committed (`flush`) before the page is left or closed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.status_bar import SaveState
from gui.write_tracker import WriteTracker
from storage.store import Store

StatusSink = Callable[[SaveState, str], None]


def session_kind(store: Store, session_id: str) -> str | None:
    """The kind of the session's instrument: questionnaire, interview or focus_group."""
    session = store.repos.sessions.get(session_id)
    if session is None or session["deleted"]:
        return None
    instrument = store.repos.instruments.get(session["instrument_id"])
    return None if instrument is None else instrument["kind"]


def build_session_screen(
    store: Store, session_id: str, kind: str, tracker: WriteTracker, status: StatusSink
) -> QWidget:
    """The screen that records a session of this kind (its modules load on first use)."""
    if kind == "questionnaire":
        from gui.entry import EntryScreen

        entry = EntryScreen(store, session_id, status=status)
        entry.changed.connect(tracker.changed.emit)
        return entry
    if kind == "interview":
        from gui.interviews import InterviewScreen

        return InterviewScreen(store, session_id, tracker=tracker)
    if kind == "focus_group":
        from gui.focus_groups import FocusGroupScreen

        return FocusGroupScreen(store, session_id, tracker=tracker)
    raise ValueError(f"no screen records a session of kind {kind!r}")


class SessionPage(QWidget):
    """A session screen under a slim bar holding "Back to …"; Escape does the same.

    Escape reaches the page only when no field inside used it (a table cancelling an edit, a
    list closing), so it never takes a key a screen needs.
    """

    back_requested = Signal()

    def __init__(
        self,
        screen: QWidget,
        session_id: str,
        kind: str,
        back_to: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.screen = screen
        self.session_id = session_id
        self.kind = kind
        self.back_to = back_to
        self.back_button = QPushButton(f"← Back to {back_to}")
        self.back_button.setToolTip(f"Save what is typed and return to {back_to} (Esc)")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button.clicked.connect(self.back_requested)
        bar = QFrame()
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(6, 3, 6, 3)
        bar_layout.addWidget(self.back_button)
        bar_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(screen, 1)
        self.setFocusProxy(screen)

    def focus_start(self) -> None:
        """Put the keyboard where recording goes on: an interview's newest note, else the
        screen's own choice (the entry screen resumes at its first unanswered question)."""
        focus_notes = getattr(self.screen, "focus_notes", None)
        if self.kind == "interview" and focus_notes is not None:
            focus_notes()
        else:
            self.setFocus()

    def flush(self) -> bool:
        """Commit whatever is typed and waiting; False if some of it could not be saved."""
        flush = getattr(self.screen, "flush", None)
        return bool(flush()) if flush is not None else True

    def is_live(self) -> bool:
        """An interview or focus group being recorded now: its clock is running."""
        clock = getattr(self.screen, "clock", None)
        return bool(getattr(clock, "running", False))

    def may_leave(self) -> bool:
        """Leaving a live session stops its clock: only when the user says so."""
        return not self.is_live() or confirm_leaving_live(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if event.key() == Qt.Key.Key_Escape and plain and not self.is_live():
            self.back_requested.emit()  # a stray Escape never ends a live recording
            return
        super().keyPressEvent(event)


def confirm_leaving_live(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Leave the live session?",
        "The session clock is running. Leaving stops it; when the session is opened again the "
        "clock goes on from its latest note, not from now.\n\nLeave anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def focus_note(page: SessionPage, store: Store, note_id: str) -> bool:
    """Bring one note into view in an interview or focus-group page, with the focus on it."""
    note = store.repos.notes.get(note_id)
    if note is None or note["session_id"] != page.session_id:
        return False
    screen = page.screen
    if page.kind == "interview":
        return _focus_interview_note(screen, note)
    if page.kind == "focus_group":
        stream = screen.stream  # type: ignore[attr-defined]
        stream.select_note(note_id)
        stream.table.setFocus()
        return stream.table.currentIndex().isValid()
    return False


def _focus_interview_note(screen: QWidget, note: dict) -> bool:
    guide, notes = screen.guide, screen.notes  # type: ignore[attr-defined]
    guide.select_topic(note["topic"])
    if notes.topic != note["topic"] and not notes.show_topic(note["topic"]):
        return False
    for editor in notes.editors:
        if editor.note_id == note["id"]:
            notes.scroll.ensureWidgetVisible(editor)
            editor.text.setFocus()
            return True
    return False


def answer_path(store: Store, session_id: str, answer_id: str) -> str | None:
    """The question path an answer row belongs to, so the entry screen can go to it."""
    for row in store.repos.sessions.answer_rows(session_id):
        if row["id"] == answer_id:
            return row["path"]
    return None
