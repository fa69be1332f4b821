"""The focus-group screen: live recording above the stream of turns, and the review.

Keyboard only, end to end: Ctrl+1..9 / Ctrl+0 pick the speaker while typing (or, with the
turns table focused, fix the selected turns' speaker); Enter appends the turn; Ctrl+PgDown /
Ctrl+PgUp change topic; Ctrl+Shift+O (or Alt+O) observation; Ctrl+K pick a speaker by
typing; Ctrl+L the turns table (Esc back); Ctrl+Shift+S split, Ctrl+J merge, Ctrl+Shift+T
move to a topic, Alt+Up / Alt+Down reorder. Everything is saved as it is typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from gui.focus_groups.live_panel import LivePanel
from gui.focus_groups.speakers import speakers_for
from gui.focus_groups.turn_stream import TurnStream
from gui.formats import display_timestamp, mode_label, status_label
from gui.interviews.elapsed import ElapsedClock
from gui.interviews.header import SessionHeader
from gui.interviews.review import ReviewPanel
from gui.interviews.session_writer import SessionWriter
from gui.write_tracker import WriteTracker
from storage.qualitative import roster, session_context
from storage.store import Store


class FocusGroupScreen(QWidget):
    """One focus group: live turns, editable stream, review."""

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
        self.members = roster(store, session_id)
        self.speakers = speakers_for(self.members)
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        notes = store.repos.notes.list(session_id)
        self.clock = ElapsedClock(max((n["elapsed_ms"] or 0 for n in notes), default=0), self)

        self.header = SessionHeader(self.clock)
        self.writer.saved.connect(self.header.show_saved)
        self.writer.save_failed.connect(self.header.show_failed)
        self.live = LivePanel(store, self.writer, self.context, self.speakers, self.clock)
        topics = [(t.id, t.title) for t in self.context.topics] + [("", "Free notes")]
        self.stream = TurnStream(store, self.writer, session_id, self.speakers, topics)
        self.review = ReviewPanel(store, self.writer, self.context)
        self.live.written.connect(self.stream.show_written)
        self.live.removed.connect(self.stream.show_written)
        self.stream.table.escaped.connect(self.live.said.setFocus)
        self.review.status_changed.connect(self._apply_status)

        live_page = QSplitter(Qt.Orientation.Vertical)
        live_top = QWidget()
        QVBoxLayout(live_top).addWidget(self.live)
        live_top.layout().setContentsMargins(0, 0, 0, 0)
        live_page.addWidget(live_top)
        live_page.addWidget(self.stream)
        live_page.setStretchFactor(1, 1)
        live_page.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(live_page, "&Live")
        self.tabs.addTab(self.review, "&Review")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

        self._shortcuts()
        self._show_header()
        self._apply_status(self.context.session["status"])
        self.stream.table.scrollToBottom()
        self.setFocusProxy(self.live.said)

    def _shortcuts(self) -> None:
        bindings = [(f"Ctrl+{n}", lambda n=n: self.speaker_key(n)) for n in range(10)]
        bindings += [
            ("Ctrl+PgDown", lambda: self.live.step_topic(1)),
            ("Ctrl+PgUp", lambda: self.live.step_topic(-1)),
            ("Ctrl+Shift+O", self.live.observation.setFocus),  # Ctrl+O opens a database
            ("Ctrl+K", self.live.speaker_bar.pick.setFocus),
            ("Ctrl+L", self.focus_turns),
            ("Ctrl+Shift+S", self.stream.split_selected),
            ("Ctrl+J", self.stream.merge_selected),
            ("Ctrl+Shift+T", self.stream.open_topic_menu),
            ("Alt+Up", lambda: self.stream.move_selected(-1)),
            ("Alt+Down", lambda: self.stream.move_selected(1)),
        ]
        for keys, slot in bindings:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.stream.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.stream.delete_selected)

    # --- public -------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Commit whatever is typed and not yet saved; False if something could not be."""
        return self.live.flush() and self.review.flush()

    def speaker_key(self, number: int) -> None:
        """Ctrl+<number>: fix the selected turns' speaker in the table, else pick the speaker."""
        index = self.live.speaker_bar.index_for_shortcut(number)
        if index is None:
            return
        speaker = self.speakers[index]
        if self.stream.table.hasFocus():
            if speaker.may_speak:
                self.stream.set_speaker(speaker)
            return
        self.live.speaker_bar.choose_index(index)

    def focus_turns(self) -> None:
        """Ctrl+L: into the table, on the newest turn unless a turn is already chosen there."""
        table = self.stream.table
        rows = self.stream.model.rowCount()
        if not table.selectionModel().hasSelection() and rows:
            self.stream.select_note(self.stream.model.note_id(rows - 1))
        table.setFocus()

    # --- reacting -----------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.flush()
        super().hideEvent(event)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.review:
            self.live.flush()
            self.review.refresh()
        else:
            self.review.flush()
            self.stream.model.reload()

    def _apply_status(self, status: str) -> None:
        read_only = status != "draft"
        self.live.set_read_only(read_only)
        self.stream.set_read_only(read_only)
        self.review.set_read_only(read_only)
        self.header.clock_button.setVisible(not read_only)
        if read_only:
            self.clock.pause()
        self.context = session_context(self.store, self.session_id)
        self._show_header()

    def _show_header(self) -> None:
        context = self.context
        session = context.session
        blocked = [m.label for m in self.members if not m.may_speak]
        title = session["title"] or context.guide.title
        self.header.title.setText(f"Focus group — {title}")
        fields = [
            ("Site", context.site_name, False),
            ("Facilitator", context.interviewer, False),
            ("Note-taker", context.note_taker, False),
            ("Date", display_timestamp(session["started_at"]), False),
            ("Mode", mode_label(session["mode"]), False),
            ("Roster", f"{len(self.members)} people", False),
            ("Status", status_label(session["status"]), False),
        ]
        if blocked:
            fields.insert(5, ("No consent", ", ".join(blocked), True))
        self.header.set_fields(fields)
