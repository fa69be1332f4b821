"""The stream of turns as a table: order, time, speaker, topic, kind, text; edited in place.

Edits go straight to the repository (speaker fixes pass the consent gate there); a refused
edit leaves the row as it was and the writer says why. Rows are the session's notes in
stored order; a focus group holds hundreds, not millions, so they are all held.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from gui.focus_groups.speakers import Speaker
from gui.form_parts import ERROR_COLOUR
from gui.interviews.elapsed import format_elapsed
from gui.interviews.note_editor import KIND_LABELS
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.store import Store

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", "Time", "Speaker", "Topic", "Kind", "What was said or seen")
NUMBER, TIME, SPEAKER, TOPIC, KIND, TEXT = range(len(COLUMNS))
EDITABLE = (SPEAKER, TOPIC, KIND, TEXT)
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole


class TurnTableModel(QAbstractTableModel):
    """A session's turns and observations, in order."""

    def __init__(
        self,
        store: Store,
        writer: SessionWriter,
        session_id: str,
        speakers: list[Speaker],
        topics: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.writer = writer
        self.session_id = session_id
        self.speakers = speakers
        self.topics = topics
        self.topic_titles = dict(topics)
        self.read_only = False
        self.rows: list[dict[str, Any]] = []
        self.reload()

    # --- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.store.repos.notes.list(self.session_id)
        self.endResetModel()

    def row_of(self, note_id: str) -> int | None:
        for row, note in enumerate(self.rows):
            if note["id"] == note_id:
                return row
        return None

    def note_id(self, row: int) -> str:
        return self.rows[row]["id"]

    def upsert(self, note_id: str) -> int | None:
        """Show a note just written: refresh its row, or add it where its position says."""
        fresh = self.store.repos.notes.listed(note_id)
        row = self.row_of(note_id)
        if fresh is None or fresh["deleted"]:
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
            return None
        if row is not None and self._in_place(row, fresh):
            self.rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return row
        if row is not None:
            self.reload()
            return self.row_of(note_id)
        row = len(self.rows)
        while row > 0 and self._key(self.rows[row - 1]) > self._key(fresh):
            row -= 1
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, fresh)
        self.endInsertRows()
        return row

    @staticmethod
    def _key(note: dict[str, Any]) -> tuple:
        return (note["position"], note["created_at"])

    def _in_place(self, row: int, fresh: dict[str, Any]) -> bool:
        before = row == 0 or self._key(self.rows[row - 1]) <= self._key(fresh)
        after = row + 1 >= len(self.rows) or self._key(fresh) <= self._key(self.rows[row + 1])
        return before and after

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        note = self.rows[index.row()]
        column = index.column()
        if role == NOTE_ID_ROLE:
            return note["id"]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), note, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(note, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(note, column)
        if role == Qt.ItemDataRole.ForegroundRole and self._withdrawn(note):
            return QBrush(QColor(ERROR_COLOUR))
        if role == Qt.ItemDataRole.ForegroundRole and note["kind"] != "note":
            return QBrush(
                QColor({"quote": "#1f4e79", "observation": "#8a4b00"}.get(note["kind"], "#1b5e20"))
            )
        if role == Qt.ItemDataRole.FontRole and note["kind"] in ("observation", "quote"):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _withdrawn(note: dict[str, Any]) -> bool:
        return bool(note["speaker_id"]) and note["speaker_consent"] != "given"

    def _display(self, row: int, note: dict[str, Any], column: int) -> str:
        if column == NUMBER:
            return str(row + 1)
        if column == TIME:
            return format_elapsed(note["elapsed_ms"])
        if column == SPEAKER:
            label = note["speaker_label"] or note["speaker_code"]
            if self._withdrawn(note):
                return f"{label} (consent {note['speaker_consent'].replace('_', ' ')})"
            return label or "—"
        if column == TOPIC:
            return self.topic_titles.get(note["topic"], note["topic"]) or "Free notes"
        if column == KIND:
            return KIND_LABELS.get(note["kind"], note["kind"])
        return note["text"].replace("\n", " ⏎ ")

    def _edit_value(self, note: dict[str, Any], column: int) -> Any:
        if column == SPEAKER:
            return note["speaker_label"]
        if column == TOPIC:
            return note["topic"]
        if column == KIND:
            return note["kind"]
        if column == TEXT:
            return note["text"]
        return None

    def _tooltip(self, note: dict[str, Any], column: int) -> str:
        if column == SPEAKER and note["speaker_code"]:
            consent = note["speaker_consent"]
            return f"{note['speaker_code']} · {note['speaker_role']} · consent {consent}"
        if column == TEXT:
            return note["text"]
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        note = self.rows[index.row()]
        notes = self.store.repos.notes
        column = index.column()
        try:
            if column == SPEAKER:
                speaker = next((s for s in self.speakers if s.label == value), None)
                if speaker is None:
                    return False
                self.writer.run(
                    f"Turn {index.row() + 1}: speaker set to {speaker.label}",
                    lambda: notes.set_speaker(note["id"], speaker.speaker_id, speaker.label),
                )
            elif column == TOPIC:
                self.writer.run(
                    f"Turn {index.row() + 1} moved to another topic",
                    lambda: notes.move_to_topic([note["id"]], value),
                )
            elif column == KIND:
                self.writer.run("Kind changed", lambda: notes.update(note["id"], kind=value))
            elif column == TEXT:
                self.writer.run("Turn edited", lambda: notes.update(note["id"], text=value))
            else:
                return False
        except StorageError:
            return False
        self.upsert(note["id"])
        return True
