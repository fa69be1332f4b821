"""Importing an existing transcript into a session: paste it or open a .txt, map the names.

Turns start with `Name:` (as NVivo, ATLAS.ti and MAXQDA take them); lines without a name
stay with the turn before. Each name found is matched to the roster where it can be (label,
code, 'Facilitator', 'Interviewer', ...); the rest are shown for the user to map, keep as
written, or mark as not a speaker. The import is all or nothing (storage.transcripts).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR, FieldMessage, buddy_label
from gui.interviews.session_writer import SessionWriter
from gui.write_tracker import WriteTracker
from storage.errors import StorageError
from storage.qualitative import session_context
from storage.store import Store
from storage.transcript_parse import (
    ParsedTranscript,
    TranscriptError,
    decode_transcript,
    parse_transcript,
)
from storage.transcripts import (
    ImportReport,
    SpeakerTarget,
    import_transcript,
    speaker_targets,
    suggest_mapping,
)

KEEP_AS_TEXT = "keep"
NOT_A_SPEAKER = "continue"
UNMATCHED_COLOUR = "#fff3cd"


class TranscriptImportDialog(QDialog):
    """Paste or open, check the names, import; `report` is set once the turns are in."""

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
        self.report: ImportReport | None = None
        self.parsed: ParsedTranscript | None = None
        self.encoding = ""
        self.writer = SessionWriter(tracker, self)
        self.writer.saved.connect(self.saved)
        self.writer.save_failed.connect(self.save_failed)
        self.context = session_context(store, session_id)
        self.targets = speaker_targets(store, session_id)
        self.setWindowTitle("Import a transcript")

        intro = QLabel(
            "Paste the transcript below or open a text file (in Word: Save as → Plain text). "
            "Each turn starts with the speaker's name and a colon, e.g. <i>P3: I think…</i>; "
            "a time such as [00:12:31] before or after the name is kept."
        )
        intro.setWordWrap(True)
        self.open_button = QPushButton("&Open file…")
        self.open_button.clicked.connect(self.choose_file)
        self.source = QLabel("Pasted text")
        self.source.setStyleSheet("color: #555;")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Transcript text")
        self.text.setPlaceholderText("Paste the transcript here…")
        self.text.setTabChangesFocus(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.names = QTableWidget(0, 3)
        self.names.setHorizontalHeaderLabels(("Name in the transcript", "Turns", "Who this is"))
        self.names.setAccessibleName("Names and whom they stand for")
        self.names.verticalHeader().hide()
        header = self.names.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.topic = QComboBox()
        self.topic.addItem("Free notes (no topic; move turns to topics afterwards)", "")
        for topic in self.context.topics:
            self.topic.addItem(topic.title, topic.id)
        self.message = FieldMessage(self.text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("&Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        source_row = QHBoxLayout()
        source_row.addWidget(self.open_button)
        source_row.addWidget(self.source, 1)
        topic_row = QHBoxLayout()
        topic_row.addWidget(buddy_label("Put the turns &under:", self.topic))
        topic_row.addWidget(self.topic, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(source_row)
        layout.addWidget(buddy_label("&Transcript:", self.text))
        layout.addWidget(self.text, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.names, 2)
        layout.addLayout(topic_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(820, 720)

        self._reparse = QTimer(self, singleShot=True, interval=300)
        self._reparse.timeout.connect(self.read_text)
        self.text.textChanged.connect(self._reparse.start)
        self.text.setFocus()

    # --- reading ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open a transcript", "", "Text files (*.txt);;All files (*)"
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read a transcript file in whatever encoding Word or a transcriber left it."""
        try:
            data = path.read_bytes()
        except OSError as error:
            self.message.show_message(f"Could not read {path.name}: {error.strerror or error}")
            return
        text, self.encoding = decode_transcript(data)
        self.source.setText(f"{path.name} — read as {self.encoding}")
        self.text.setPlainText(text)
        self.read_text()

    def set_text(self, text: str) -> None:
        """Put pasted text in (tests and the clipboard alike)."""
        self.encoding = ""
        self.source.setText("Pasted text")
        self.text.setPlainText(text)
        self.read_text()

    def read_text(self) -> None:
        self._reparse.stop()
        self.message.clear_message()
        text = self.text.toPlainText()
        if not text.strip():
            self.parsed = None
            self.summary.setText("")
            self.names.setRowCount(0)
            self.import_button.setEnabled(False)
            return
        try:
            self.parsed = parse_transcript(text, encoding=self.encoding or "pasted text")
        except TranscriptError as error:
            self.parsed = None
            self.summary.setText("")
            self.names.setRowCount(0)
            self.message.show_message(str(error))
            self.import_button.setEnabled(False)
            return
        self._show_names()
        self._show_summary()
        self.import_button.setEnabled(True)

    def _show_names(self) -> None:
        assert self.parsed is not None
        previous = {
            self.names.item(r, 0).text(): self.choice(r) for r in range(self.names.rowCount())
        }
        guesses = suggest_mapping(self.store, self.session_id, self.parsed.names)
        counts = self.parsed.turn_counts()
        self.names.setRowCount(len(self.parsed.names))
        for row, name in enumerate(self.parsed.names):
            self.names.setItem(row, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(str(counts.get(name, 0)))
            self.names.setItem(row, 1, count)
            combo = QComboBox()
            combo.setAccessibleName(f"Whom {name} stands for")
            for index, target in enumerate(self.targets):
                combo.addItem(target.shown, index)
            combo.addItem(f"Keep “{name}” as written", KEEP_AS_TEXT)
            combo.addItem("Not a speaker: the line belongs to the turn before", NOT_A_SPEAKER)
            guess = guesses.get(name)
            chosen = previous.get(name)
            if chosen is not None:
                combo.setCurrentIndex(combo.findData(chosen))
            elif guess is not None:
                combo.setCurrentIndex(self.targets.index(guess))
            else:
                combo.setCurrentIndex(combo.findData(KEEP_AS_TEXT))
            combo.currentIndexChanged.connect(self._show_summary)
            self.names.setCellWidget(row, 2, combo)
            if guess is None:
                for column in (0, 1):
                    self.names.item(row, column).setBackground(QBrush(QColor(UNMATCHED_COLOUR)))
                    self.names.item(row, column).setToolTip("Not on the roster: choose whom")

    def choice(self, row: int) -> object:
        combo = self.names.cellWidget(row, 2)
        return combo.currentData() if isinstance(combo, QComboBox) else None

    def set_choice(self, name: str, choice: str | int) -> None:
        """Map one name: a target's index, KEEP_AS_TEXT or NOT_A_SPEAKER."""
        for row in range(self.names.rowCount()):
            if self.names.item(row, 0).text() == name:
                combo = self.names.cellWidget(row, 2)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(combo.findData(choice))

    def target_index(self, label: str) -> int:
        return next(i for i, t in enumerate(self.targets) if t.label == label)

    def unmatched(self) -> list[str]:
        """Names no guess matched (highlighted for the user)."""
        if self.parsed is None:
            return []
        guesses = suggest_mapping(self.store, self.session_id, self.parsed.names)
        return [name for name, guess in guesses.items() if guess is None]

    def _mapping(self) -> tuple[dict[str, SpeakerTarget | None], list[str]]:
        mapping: dict[str, SpeakerTarget | None] = {}
        not_speakers: list[str] = []
        for row in range(self.names.rowCount()):
            name, choice = self.names.item(row, 0).text(), self.choice(row)
            if choice == NOT_A_SPEAKER:
                not_speakers.append(name)
            elif isinstance(choice, int):
                mapping[name] = self.targets[choice]
            else:
                mapping[name] = None
        return mapping, not_speakers

    def _show_summary(self) -> None:
        if self.parsed is None:
            return
        mapping, not_speakers = self._mapping()
        try:
            effective = parse_transcript(self.text.toPlainText(), not_speakers)
        except TranscriptError as error:
            self.summary.setText(f"<span style='color:{ERROR_COLOUR}'>{error}</span>")
            return
        kept = [name for name, target in mapping.items() if target is None]
        parts = [f"<b>{len(effective.turns)} turns</b> from {len(effective.names)} names"]
        if effective.preamble:
            parts.append("the text before the first name is kept as a note")
        if effective.dropped_empty:
            parts.append(f"{effective.dropped_empty} empty turn(s) skipped")
        if kept:
            parts.append("kept as written: " + ", ".join(kept))
        self.summary.setText("; ".join(parts) + ".")

    # --- importing ----------------------------------------------------------------------------

    def accept(self) -> None:
        self.message.clear_message()
        mapping, not_speakers = self._mapping()
        try:
            transcript = parse_transcript(
                self.text.toPlainText(), not_speakers, self.encoding or "pasted text"
            )
        except TranscriptError as error:
            self.message.show_message(str(error))
            return
        topic = self.topic.currentData() or ""
        try:
            self.report = self.writer.run(
                "Transcript imported",
                lambda: import_transcript(self.store, self.session_id, transcript, mapping, topic),
            )
        except StorageError as error:
            self.message.show_message(str(error))
            return
        self.saved.emit(str(self.report))
        super().accept()
