"""Reviewing a session afterwards: per-topic summaries, who spoke how often, search, complete.

Shared by interviews and focus groups. A topic's summary is its first note of kind
'summary' (made on the first keystroke here if there is none), autosaved like any note.
Everything shown is read from the repositories (NoteRepository.topic_tallies,
speaker_counts, search), never counted here.
"""

from __future__ import annotations

import html
import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR
from gui.formats import consent_label, status_label
from gui.interviews.autosave import DebouncedCommit
from gui.interviews.elapsed import format_elapsed
from gui.interviews.note_editor import KIND_LABELS, NoteText
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.qualitative import SessionContext
from storage.repositories.note_review import HIT_END, HIT_START, TopicTally
from storage.store import Store

SPEAKER_COLUMNS = ("Speaker", "Participant", "Role", "Consent", "Turns", "Words")


class SummaryEditor(QWidget):
    """One topic's summary: counts above, the summary text below, saved as typed."""

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        session_id: str,
        topic_id: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.session_id = session_id
        self.topic_id = topic_id
        self.note_id: str | None = None
        self._dirty = False
        self.autosave = DebouncedCommit(self.commit, self)
        self.title = QLabel(f"<b>{html.escape(title)}</b>")
        self.counts = QLabel()
        self.counts.setStyleSheet("color: #555;")
        self.text = NoteText()
        self.text.setAccessibleName(f"Summary of {title}")
        self.text.setPlaceholderText("Summarise what was said under this topic…")
        self.others = QLabel()
        self.others.setWordWrap(True)
        self.others.setStyleSheet("color: #555;")
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.others)
        layout.addWidget(self.message)
        self.text.textChanged.connect(self._on_changed)
        self.text.focus_lost.connect(self.autosave.flush)

    def show_tally(self, tally: TopicTally | None, summaries: list[dict]) -> None:
        tally = tally or TopicTally(self.topic_id)
        spoken = tally.notes + tally.quotes
        parts = [f"{spoken} note{'s' if spoken != 1 else ''}"]
        if tally.quotes:
            parts.append(f"{tally.quotes} verbatim")
        if tally.observations:
            parts.append(f"{tally.observations} observation{'s' if tally.observations > 1 else ''}")
        if tally.speakers:
            parts.append(f"{len(tally.speakers)} speaker{'s' if len(tally.speakers) > 1 else ''}")
        self.counts.setText(" · ".join(parts))
        if self._dirty:
            return
        first = summaries[0] if summaries else None
        self.note_id = first["id"] if first else None
        self.text.blockSignals(True)
        self.text.setPlainText(first["text"] if first else "")
        self.text.blockSignals(False)
        self.text._fit()
        rest = [s["text"] for s in summaries[1:]]
        self.others.setText("Also noted: " + " | ".join(rest) if rest else "")
        self.others.setVisible(bool(rest))

    def _on_changed(self) -> None:
        self._dirty = True
        self.autosave.touch()

    def commit(self) -> bool:
        if not self._dirty:
            return True
        text = self.text.toPlainText()
        notes = self.store.repos.notes
        try:
            if self.note_id is None:
                if not text.strip():
                    self._dirty = False
                    return True
                self.note_id = self.writer.run(
                    "Summary saved",
                    lambda: notes.add(self.session_id, text, kind="summary", topic=self.topic_id),
                )
            else:
                note_id = self.note_id
                self.writer.run("Summary saved", lambda: notes.update(note_id, text=text))
        except (StorageError, sqlite3.Error) as error:
            self.message.setText(f"Not saved: {error}")
            self.message.show()
            return False
        self.message.hide()
        self._dirty = self.text.toPlainText() != text
        return True


class ReviewPanel(QWidget):
    """Summaries on the left; speakers, search and the complete button on the right."""

    status_changed = Signal(str)

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        context: SessionContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.context = context
        self.summaries: list[SummaryEditor] = []
        topics = [("", "Free notes")] + [(t.id, t.title) for t in context.topics]
        summaries_box = QWidget()
        summaries_layout = QVBoxLayout(summaries_box)
        for topic_id, title in topics:
            editor = SummaryEditor(store, writer, context.session_id, topic_id, title)
            self.summaries.append(editor)
            summaries_layout.addWidget(editor)
        summaries_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(summaries_box)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        left = QGroupBox("Summaries by topic")
        QVBoxLayout(left).addWidget(scroll)

        self.speakers = QTableWidget(0, len(SPEAKER_COLUMNS))
        self.speakers.setHorizontalHeaderLabels(SPEAKER_COLUMNS)
        self.speakers.setAccessibleName("Who spoke how often")
        self.speakers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.speakers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.speakers.verticalHeader().hide()
        self.speakers.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.speakers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        speakers_box = QGroupBox("Who spoke how often")
        QVBoxLayout(speakers_box).addWidget(self.speakers)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search this session (Ctrl+F)")
        self.search.setAccessibleName("Search within the session")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.run_search)
        self.results = QTextBrowser()
        self.results.setAccessibleName("Search results")
        search_box = QGroupBox("Search")
        search_layout = QVBoxLayout(search_box)
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.results)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

        self.status = QLabel()
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(self.toggle_complete)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.complete_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(speakers_box, 2)
        right_layout.addWidget(search_box, 3)
        right_layout.addLayout(status_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 520])
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)

    # --- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        notes = self.store.repos.notes
        session_id = self.context.session_id
        tallies = notes.topic_tallies(session_id)
        rows = notes.list(session_id)
        for editor in self.summaries:
            summaries = [
                n for n in rows if n["topic"] == editor.topic_id and n["kind"] == "summary"
            ]
            editor.show_tally(tallies.get(editor.topic_id), summaries)
            editor.setVisible(bool(editor.topic_id) or editor.topic_id in tallies)
        self._fill_speakers()
        self._show_status()
        self.run_search(self.search.text())

    def flush(self) -> bool:
        return all([editor.autosave.flush() for editor in self.summaries])

    def set_read_only(self, read_only: bool) -> None:
        """A complete session's summaries are read-only until it is reopened."""
        for editor in self.summaries:
            editor.text.setReadOnly(read_only)

    def _fill_speakers(self) -> None:
        counts = self.store.repos.notes.speaker_counts(self.context.session_id)
        self.speakers.setRowCount(len(counts))
        for row, count in enumerate(counts):
            withdrawn = count.consent in ("withdrawn", "refused")
            values = (
                count.label,
                count.code,
                count.role,
                consent_label(count.consent) if count.speaker_id else "",
                str(count.turns),
                str(count.words),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if withdrawn:
                    item.setForeground(QBrush(QColor(ERROR_COLOUR)))
                    item.setToolTip("Consent withdrawn: left out of exports by default")
                self.speakers.setItem(row, column, item)

    def run_search(self, text: str) -> None:
        hits = self.store.repos.notes.search(self.context.session_id, text) if text.strip() else []
        if not text.strip():
            self.results.setHtml(
                "<p style='color:#555'>Type words to find them in this session.</p>"
            )
            return
        if not hits:
            self.results.setHtml(f"<p>Nothing in this session matches “{html.escape(text)}”.</p>")
            return
        items = []
        for hit in hits:
            snippet = html.escape(hit["snippet"]).replace(HIT_START, "<b>").replace(HIT_END, "</b>")
            who = hit["speaker_label"] or hit["speaker_code"] or KIND_LABELS[hit["kind"]]
            where = self.context.topic_title(hit["topic"])
            stamp = format_elapsed(hit["elapsed_ms"])
            items.append(
                f"<p><span style='color:#555'>{html.escape(stamp)} {html.escape(who)} · "
                f"{html.escape(where)}</span><br>{snippet}</p>"
            )
        count = f"<p><i>{len(hits)} match{'es' if len(hits) != 1 else ''}</i></p>"
        self.results.setHtml(count + "".join(items))

    # --- completing -------------------------------------------------------------------------------

    def current_status(self) -> str:
        session = self.store.repos.sessions.get(self.context.session_id) or {}
        return session.get("status", "draft")

    def _show_status(self) -> None:
        status = self.current_status()
        self.status.setText(f"Status: <b>{status_label(status)}</b>")
        self.complete_button.setText(
            "Mark session &complete" if status == "draft" else "Re&open as draft"
        )

    def toggle_complete(self) -> None:
        """Mark the session complete (notes become read-only) or reopen it as a draft."""
        if not self.flush():
            return
        status = "complete" if self.current_status() == "draft" else "draft"
        session_id = self.context.session_id
        what = "Session marked complete" if status == "complete" else "Session reopened"
        try:
            self.writer.run(
                what,
                lambda: self.store.repos.sessions.set_status(session_id, status),
                ("sessions",),
            )
        except StorageError:
            return
        self._show_status()
        self.status_changed.emit(status)
