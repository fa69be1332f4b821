"""Everything that belongs to one open database: the navigator, the screens and open sessions.

Section screens are built the first time they are shown (see gui.screen_registry) and kept;
each hears of changes through its own ScreenTracker, only while it is the one shown. A
session (or a partnership profile) opens on a page of its own in the same stack, with a way
back; that page is flushed and closed before anything else is shown, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gui.navigator import MINIMUM_WIDTH, OVERVIEW, StudyNavigator, section_label
from gui.screen_registry import ScreenContext, available_sections, build_screen
from gui.screen_tracker import ScreenTracker
from gui.session_opener import (
    SessionPage,
    StatusSink,
    answer_path,
    build_session_screen,
    focus_note,
    session_kind,
)
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store

NAVIGATOR_WIDTH = 250
# A screen wider than this scrolls sideways instead of holding the window wider.
FRAME_MINIMUM_WIDTH = 560


class StudyScreen(Protocol):
    """What the window needs of a right-hand screen."""

    def show_study(self, study_id: str) -> None: ...


class Workspace(QSplitter):
    """Navigator on the left; on the right the chosen section's screen, or an open session."""

    page_changed = Signal()  # another screen or session page is shown (menus follow it)

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        status: StatusSink,
        start_actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.store = store
        self.tracker = tracker
        self.status = status
        self.start_actions = tuple(start_actions)
        self.navigator = StudyNavigator(store, tracker, available_sections())
        self.stack = QStackedWidget()
        self.no_study = _no_study_screen()
        self.stack.addWidget(self.no_study)
        self.screens: dict[str, QWidget] = {}
        self.trackers: dict[str, ScreenTracker] = {}
        self._studies: dict[str, str] = {}  # section -> the study its screen shows
        self.shown: tuple[str, str] | None = None  # the section on show, or under the page
        self.page: SessionPage | None = None
        self._pending_answer: tuple[SessionPage, str] | None = None
        self._focus_before: QWidget | None = None  # restored on going back
        self.addWidget(self.navigator)
        self.addWidget(self.stack)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([NAVIGATOR_WIDTH, 1200 - NAVIGATOR_WIDTH])
        self._navigator_width = NAVIGATOR_WIDTH
        self.splitterMoved.connect(self._remember_navigator_width)
        self.navigator.section_selected.connect(self.show_section)
        key = self.navigator.current_key()
        if key:
            self.show_section(*key)

    # --- sections ------------------------------------------------------------------------

    def screen_for(self, section: str) -> QWidget:
        """The section's screen, built on first use."""
        screen = self.screens.get(section)
        if screen is None:
            tracker = ScreenTracker(self.tracker, self)
            context = ScreenContext(self.store, tracker, self, self.start_actions)
            screen = build_screen(section, context)
            self.trackers[section] = tracker
            self.screens[section] = screen
            self.stack.addWidget(ScreenFrame(screen))
        return screen

    def show_section(self, study_id: str, section: str) -> None:
        """Show a study's section; an open session is saved and closed first."""
        if self.page is not None:
            if not self.close_page():
                self._reselect_shown()  # what is typed could not be saved: stay with it
                return
            self.shown = None  # the section under the page is shown afresh
        screen = self.screen_for(section)
        if self.shown == (study_id, section) and self.current_screen() is screen:
            return
        self._deactivate()
        self.shown = (study_id, section)
        self._show_frame(screen)
        if self._studies.get(section) != study_id:  # same study: its notices keep it fresh
            self._studies[section] = study_id
            cast(StudyScreen, screen).show_study(study_id)
        self.trackers[section].set_active(True)
        self.page_changed.emit()

    def current_screen(self) -> QWidget:
        """What the right-hand side shows: a section's screen or the session screen."""
        shown = self.stack.currentWidget()
        inner = shown.widget() if isinstance(shown, ScreenFrame) else shown
        if inner is not None and inner is self.page:
            return self.page.screen
        return inner or shown

    def _show_frame(self, inner: QWidget) -> None:
        """Show a framed screen; the navigator narrows (not below its minimum) for a screen
        that needs the room, and widens back to the user's width for the others."""
        self.stack.setCurrentWidget(frame_of(inner))
        sizes = self.sizes()
        if not self.isVisible() or len(sizes) != 2:
            return
        total, needed = sum(sizes), inner.minimumSizeHint().width() + 2
        navigator = max(MINIMUM_WIDTH, min(self._navigator_width, total - needed))
        if navigator != sizes[0]:
            self.setSizes([navigator, total - navigator])

    def _remember_navigator_width(self, _position: int, _index: int) -> None:
        self._navigator_width = self.sizes()[0]  # the user dragged the divider

    def current_study_id(self) -> str | None:
        return self.navigator.current_study_id()

    def _deactivate(self) -> None:
        if self.shown is not None and self.shown[1] in self.trackers:
            self.trackers[self.shown[1]].set_active(False)

    def _reselect_shown(self) -> None:
        if self.shown is not None:
            self.navigator.blockSignals(True)
            self.navigator.select(*self.shown)
            self.navigator.blockSignals(False)

    # --- sessions and other pages ------------------------------------------------------------

    def open_session(self, session_id: str) -> SessionPage | None:
        """Show a session in the screen its kind needs; None if it cannot be shown now."""
        if self.page is not None and self.page.session_id == session_id:
            self._show_frame(self.page)
            return self.page
        kind = session_kind(self.store, session_id)
        if kind is None:
            return None
        if self.page is not None and not self.close_page():
            return None
        screen = build_session_screen(self.store, session_id, kind, self.tracker, self.status)
        return self._show_page(SessionPage(screen, session_id, kind, self._back_label()))

    def open_note(self, session_id: str, note_id: str) -> None:
        """Open an interview or focus group at one of its notes (from search, connections)."""
        page = self.open_session(session_id)
        if page is not None:
            focus_note(page, self.store, note_id)

    def open_answer(self, session_id: str, answer_id: str) -> None:
        """Open a questionnaire at the question an answer belongs to."""
        page = self.open_session(session_id)
        path = answer_path(self.store, session_id, answer_id)
        if page is not None and path and page.kind == "questionnaire":
            # After the entry screen's own resume (queued when it was first shown).
            self._pending_answer = (page, path)
            QTimer.singleShot(0, self, self._focus_pending_answer)

    def open_profile(self, instrument_id: str) -> SessionPage | None:
        """A questionnaire's partnership profile, on a page whose Back returns to Summaries."""
        from gui.summaries import PartnershipProfileScreen

        if self.page is not None and not self.close_page():
            return None
        screen = PartnershipProfileScreen(self.store, instrument_id, self.tracker)
        return self._show_page(SessionPage(screen, "", "profile", self._back_label()))

    def reopen_page(self) -> SessionPage | None:
        """Build the open session's screen afresh (after a transcript import, say)."""
        page = self.page
        if page is None or not page.session_id:
            return None
        session_id = page.session_id
        if not self.close_page(ask=False):
            return None
        return self.open_session(session_id)

    def announce(self, changes: Changes) -> None:
        """A screen wrote without the tracker: tell every screen and the navigator."""
        self.tracker.changed.emit(changes)

    def go_back(self) -> bool:
        """Leave the page for the section it was opened from (after saving what is typed)."""
        if self.page is None or not self.close_page():
            return False
        if self.shown is None:
            self.navigator.setFocus()
            return True
        self.shown, origin = None, self.shown
        self.show_section(*origin)
        restore = self._focus_before
        if restore is not None and isValid(restore) and restore.isVisible():
            restore.setFocus()  # the list row or search hit the session was opened from
        else:
            self.navigator.setFocus()
        return True

    def close_page(self, ask: bool = True) -> bool:
        """Commit and close the open page; False (page kept) if some text could not be saved,
        or if the user would rather stay with a live session (`ask`)."""
        page = self.page
        if page is None:
            return True
        if ask and not page.may_leave():
            return False
        if not page.flush():
            return False
        self.page = None
        self._pending_answer = None
        frame = frame_of(page)
        self.stack.removeWidget(frame)
        frame.hide()
        frame.deleteLater()
        self.page_changed.emit()
        return True

    def _show_page(self, page: SessionPage) -> SessionPage:
        page.back_requested.connect(self.go_back)
        self._deactivate()
        focused = QApplication.focusWidget()
        self._focus_before = focused if focused is not None and self.isAncestorOf(focused) else None
        self.page = page
        self.stack.addWidget(ScreenFrame(page))
        self._show_frame(page)
        page.focus_start()
        self.page_changed.emit()
        return page

    def _back_label(self) -> str:
        section = self.shown[1] if self.shown else "sessions"
        return "the study overview" if section == OVERVIEW else section_label(section)

    def _focus_pending_answer(self) -> None:
        pending, self._pending_answer = self._pending_answer, None
        if pending is not None and pending[0] is self.page:
            pending[0].screen.focus_question(pending[1])  # type: ignore[attr-defined]


class ScreenFrame(QScrollArea):
    """Holds one screen at the frame's height; scrolls sideways only when the window is
    narrower than the screen can be (a small laptop), instead of holding the window wider."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a tab stop of its own
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(False)
        self.setWidget(screen)
        self.setMinimumWidth(min(FRAME_MINIMUM_WIDTH, screen.minimumSizeHint().width()))

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit_screen()
        return super().viewportEvent(event)

    def fit_screen(self) -> None:
        screen, viewport = self.widget(), self.viewport().size()
        if screen is not None:
            width = max(viewport.width(), screen.minimumSizeHint().width())
            screen.resize(width, viewport.height())


def frame_of(screen: QWidget) -> ScreenFrame:
    """The frame holding a screen (its viewport lies in between)."""
    widget: QWidget | None = screen
    while widget is not None and not isinstance(widget, ScreenFrame):
        widget = widget.parentWidget()
    if widget is None:
        raise ValueError("this screen is not in a frame")
    return widget


def _no_study_screen() -> QWidget:
    screen = QWidget()
    label = QLabel(
        "This database holds no study yet.\n\nChoose File → New study… to create one, or "
        "File → Open database… to open another file."
    )
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    QVBoxLayout(screen).addWidget(label)
    return screen
