"""The interview screen: header, the guide on the left, the current topic's notes on the right.

Keys: Ctrl+PgDown / Ctrl+PgUp next / previous topic, Ctrl+D tick the current topic covered,
Ctrl+G the guide, Ctrl+E the notes, Ctrl+Return a new note; the Review tab summarises.
Nothing is saved by a button: notes autosave as typed and on focus loss; `flush()` (also
run when the screen is hidden) commits anything still pending.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from gui.formats import consent_label, display_timestamp, mode_label, status_label
from gui.interviews.consent_offer import ConsentOffer
from gui.interviews.elapsed import ElapsedClock
from gui.interviews.guide_panel import TopicGuidePanel
from gui.interviews.header import SessionHeader
from gui.interviews.notes_panel import NotesPanel
from gui.interviews.review import ReviewPanel
from gui.interviews.session_writer import SessionWriter
from gui.write_tracker import WriteTracker
from storage.qualitative import session_context
from storage.store import Store


class InterviewScreen(QWidget):
    """One interview session, recorded as it happens and reviewed afterwards."""

    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        store: Store,
        session_id: str,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.context = session_context(store, session_id)
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        notes = store.repos.notes.list(session_id)
        latest = max((n["elapsed_ms"] or 0 for n in notes), default=0)
        self.clock = ElapsedClock(latest, self)

        self.header = SessionHeader(self.clock)
        self.offer = ConsentOffer(store, self.writer.tracker)
        self.offer.consent_recorded.connect(self._on_consent_recorded)
        self.guide = TopicGuidePanel(store, self.writer, self.context)
        self.notes = NotesPanel(store, self.writer, self.context, self.clock)
        self.review = ReviewPanel(store, self.writer, self.context)
        self.writer.saved.connect(self.header.show_saved)
        self.writer.save_failed.connect(self.header.show_failed)
        self.guide.topic_selected.connect(self._on_topic_selected)
        self.notes.notes_changed.connect(self.refresh_counts)
        self.review.status_changed.connect(self._on_status_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.guide)
        splitter.addWidget(self.notes)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "&Interview")
        self.tabs.addTab(self.review, "&Review")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.offer)
        layout.addWidget(self.tabs, 1)

        for keys, slot in (
            ("Ctrl+PgDown", lambda: self.guide.step_topic(1)),
            ("Ctrl+PgUp", lambda: self.guide.step_topic(-1)),
            ("Ctrl+D", lambda: self.guide.toggle_covered(self.notes.topic)),
            ("Ctrl+G", self.guide.setFocus),
            ("Ctrl+E", self.notes.focus_last),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._show_header()
        first = self.context.topics[0].id if self.context.topics else ""
        self.guide.select_topic(first)
        self.notes.show_topic(first)
        self.refresh_counts()
        self._apply_status(self.context.session["status"])
        self._check_consent()
        self.setFocusProxy(self.notes)

    # --- public -------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Commit anything typed and not yet saved; False if some text could not be saved."""
        return self.notes.flush() and self.review.flush()

    def focus_notes(self) -> None:
        self.notes.focus_last()

    def refresh_counts(self) -> None:
        counts = Counter(
            note["topic"]
            for note in self.store.repos.notes.list(self.session_id)
            if note["kind"] != "summary"
        )
        self.guide.set_counts(dict(counts))

    # --- reacting -----------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.flush()
        super().hideEvent(event)

    def _on_topic_selected(self, topic_id: str) -> None:
        if topic_id == self.notes.topic:
            return
        if not self.notes.show_topic(topic_id):
            self.guide.blockSignals(True)
            self.guide.select_topic(self.notes.topic)
            self.guide.blockSignals(False)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.review:
            self.notes.flush()
            self.review.refresh()
        else:
            self.review.flush()
            self.notes.reload()
            self.refresh_counts()

    def _on_status_changed(self, status: str) -> None:
        self.context = session_context(self.store, self.session_id)
        self._apply_status(status)
        self._show_header()

    def _apply_status(self, status: str) -> None:
        read_only = status != "draft" or self.offer.active
        self.notes.set_read_only(read_only)
        self.guide.set_read_only(status != "draft")
        self.review.set_read_only(status != "draft")
        self.header.clock_button.setVisible(status == "draft")
        if status != "draft":
            self.clock.pause()

    def _check_consent(self) -> None:
        blocker = self.store.repos.notes.consent_blocker(self.session_id)
        if blocker is None:
            self.offer.clear()
        else:
            self.offer.offer(blocker, self.context.interviewer)
        self._apply_status(self.context.session["status"])

    def _on_consent_recorded(self, _participant_id: str) -> None:
        self.context = session_context(self.store, self.session_id)
        self._show_header()
        self._check_consent()
        self.notes.reload()

    def _show_header(self) -> None:
        context = self.context
        session = context.session
        person = context.participant or {}
        consent = person.get("consent_status", "not_recorded")
        who = " · ".join(x for x in (person.get("code", ""), person.get("role", "")) if x)
        self.header.title.setText(f"Interview — {context.guide.title}")
        self.header.set_fields(
            [
                ("Participant", who, False),
                ("Consent", consent_label(consent), consent != "given"),
                ("Site", context.site_name, False),
                ("Interviewer", context.interviewer, False),
                ("Date", display_timestamp(session["started_at"]), False),
                ("Mode", mode_label(session["mode"]), False),
                ("Status", status_label(session["status"]), False),
            ]
        )
