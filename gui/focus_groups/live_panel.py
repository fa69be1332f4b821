"""Recording a focus group live: who is speaking, the current topic, what they said, what was seen.

The cursor lives in the 'Said' line; Enter appends the turn. Speakers change with Ctrl+1..9
(Ctrl+0 the facilitator) without leaving the line; the topic with Ctrl+PgDown / Ctrl+PgUp;
Ctrl+Shift+O (or Alt+O) jumps to the observation line (Enter saves it and comes back).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.focus_groups.speakers import Speaker, SpeakerBar, SpeakerCaption
from gui.focus_groups.turn_entry import TurnRecorder
from gui.form_parts import ERROR_COLOUR, buddy_label
from gui.interviews.elapsed import ElapsedClock
from gui.interviews.session_writer import SessionWriter
from storage.qualitative import SessionContext
from storage.store import Store


class LivePanel(QWidget):
    """Speaker bar, topic, the 'Said' and 'Observation' lines and their recorders."""

    written = Signal(str)  # note id of a turn or observation saved (draft or final)
    removed = Signal(str)

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        context: SessionContext,
        speakers: list[Speaker],
        clock: ElapsedClock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.speaker_bar = SpeakerBar(speakers)
        self.caption = SpeakerCaption()
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.setWordWrap(True)
        self.message.hide()
        speakers_box = QGroupBox("Who is speaking — Ctrl+1…9 members, Ctrl+0 facilitator")
        speakers_layout = QVBoxLayout(speakers_box)
        speakers_layout.addWidget(self.speaker_bar)

        self.topic = QComboBox()
        self.topic.setAccessibleName("Current topic")
        for topic in context.topics:
            self.topic.addItem(topic.title, topic.id)
        self.topic.addItem("Free notes (no topic)", "")
        self.previous_topic = QPushButton("◀")
        self.next_topic = QPushButton("▶")
        for button, tip in (
            (self.previous_topic, "Previous topic (Ctrl+PgUp)"),
            (self.next_topic, "Next topic (Ctrl+PgDown)"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedWidth(button.sizeHint().height() + 8)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setStyleSheet("color: #555;")
        self.said = QLineEdit()
        self.said.setAccessibleName("What was said")
        self.said.setPlaceholderText("Type what was said; Enter adds the turn")
        self.verbatim = QCheckBox("&Verbatim")
        self.verbatim.setToolTip("The words exactly as spoken (saved as a quote)")
        self.observation = QLineEdit()
        self.observation.setAccessibleName("Observation")
        self.observation.setPlaceholderText(
            "Non-verbal, group dynamics… Enter saves and returns to the turn line (Ctrl+Shift+O)"
        )

        grid = QGridLayout()
        grid.addWidget(buddy_label("&Topic:", self.topic), 0, 0)
        grid.addWidget(self.topic, 0, 1)
        grid.addWidget(self.previous_topic, 0, 2)
        grid.addWidget(self.next_topic, 0, 3)
        grid.addWidget(self.question, 1, 1, 1, 4)
        grid.addWidget(self.caption, 2, 1, 1, 4)
        grid.addWidget(buddy_label("&Said:", self.said), 3, 0)
        grid.addWidget(self.said, 3, 1, 1, 3)
        grid.addWidget(self.verbatim, 3, 4)
        grid.addWidget(buddy_label("&Observation:", self.observation), 4, 0)
        grid.addWidget(self.observation, 4, 1, 1, 4)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(speakers_box)
        layout.addLayout(grid)
        layout.addWidget(self.message)

        session_id = context.session_id
        self.turns = TurnRecorder(
            store,
            writer,
            session_id,
            self.said,
            clock,
            speaker=self.speaker_bar.current,
            topic=self.current_topic,
            kind=lambda: "quote" if self.verbatim.isChecked() else "note",
            parent=self,
        )
        self.observations = TurnRecorder(
            store,
            writer,
            session_id,
            self.observation,
            clock,
            speaker=lambda: None,
            topic=self.current_topic,
            kind=lambda: "observation",
            parent=self,
        )
        for recorder in (self.turns, self.observations):
            recorder.written.connect(self.written)
            recorder.removed.connect(self.removed)
            recorder.refused.connect(self.show_message)
        self.observations.finished.connect(lambda _id: self.said.setFocus())
        self.turns.finished.connect(lambda _id: self.verbatim.setChecked(False))
        self.speaker_bar.speaker_changed.connect(self._on_speaker)
        self.speaker_bar.refused.connect(self.show_message)
        self.speaker_bar.picked_by_typing.connect(self.said.setFocus)
        self.topic.currentIndexChanged.connect(self._on_topic)
        self.verbatim.toggled.connect(lambda _on: self.turns.context_changed())
        self.previous_topic.clicked.connect(lambda: self.step_topic(-1))
        self.next_topic.clicked.connect(lambda: self.step_topic(1))
        self._on_speaker(self.speaker_bar.current())
        self._on_topic()

    def current_topic(self) -> str:
        return self.topic.currentData() or ""

    def step_topic(self, step: int) -> None:
        index = max(0, min(self.topic.count() - 1, self.topic.currentIndex() + step))
        self.topic.setCurrentIndex(index)

    def select_topic(self, topic_id: str) -> None:
        self.topic.setCurrentIndex(max(0, self.topic.findData(topic_id)))

    def flush(self) -> bool:
        return all([self.turns.autosave.flush(), self.observations.autosave.flush()])

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.said, self.observation, self.verbatim, self.speaker_bar, self.topic):
            widget.setEnabled(not read_only)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_speaker(self, speaker: Speaker) -> None:
        self.caption.show_speaker(speaker)
        self.show_message("")
        self.turns.context_changed()

    def _on_topic(self) -> None:
        topic = next((t for t in self.context.topics if t.id == self.current_topic()), None)
        question = topic.question if topic else "Anything not tied to a topic of the guide."
        extras = (topic.prompts + topic.probes) if topic else []
        text = html.escape(question)
        if extras:
            text += "<br><i>" + html.escape(" · ".join(extras)) + "</i>"
        self.question.setText(text)
        self.turns.context_changed()
