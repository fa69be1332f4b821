"""The stream of turns under the typing lines: visible as it grows, editable afterwards.

With the table focused: Ctrl+1..9 / Ctrl+0 set the selected turns' speaker, F2 edits a cell,
Ctrl+Shift+S splits the turn, Ctrl+J merges it with the next, Ctrl+Shift+T moves the
selected turns to another topic, Alt+Up / Alt+Down reorder, Delete deletes, Esc goes back
to typing.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.focus_groups.speakers import Speaker
from gui.focus_groups.turn_editing import ChoiceDelegate, SplitTurnDialog, TextDelegate
from gui.focus_groups.turn_model import (
    KIND,
    NUMBER,
    SPEAKER,
    TEXT,
    TIME,
    TOPIC,
    TurnTableModel,
)
from gui.interviews.note_editor import KIND_LABELS
from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.store import Store


class TurnTable(QTableView):
    """The table; Escape hands the keyboard back to the typing line."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self.state() != self.State.EditingState:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class TurnStream(QWidget):
    """The table of turns and the buttons that edit the selected ones."""

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
        self.speakers = speakers
        self.topics = topics
        self.dialog: SplitTurnDialog | None = None
        self.model = TurnTableModel(store, writer, session_id, speakers, topics, self)
        self.table = TurnTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Turns")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        # Fixed starting widths: columns must not jump about while turns are being added.
        metrics = self.fontMetrics()
        for column, sample in (
            (NUMBER, "0000"),
            (TIME, "0:00:00"),
            (SPEAKER, "Facilitator"),
            (TOPIC, max((title for _id, title in topics), key=len, default="Free notes")[:28]),
            (KIND, "Verbatim quote"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        allowed = [(s.label, s.shown) for s in speakers if s.may_speak]
        self.table.setItemDelegateForColumn(SPEAKER, ChoiceDelegate(allowed, self.table))
        self.table.setItemDelegateForColumn(TOPIC, ChoiceDelegate(topics, self.table))
        kinds = list(KIND_LABELS.items())
        self.table.setItemDelegateForColumn(KIND, ChoiceDelegate(kinds, self.table))
        self.table.setItemDelegateForColumn(TEXT, TextDelegate(self.table))

        self.split_button = QPushButton("Split… (Ctrl+Shift+S)")
        self.merge_button = QPushButton("Merge with next (Ctrl+J)")
        self.topic_button = QPushButton("Move to topic (Ctrl+Shift+T)")
        self.up_button = QPushButton("Up (Alt+↑)")
        self.down_button = QPushButton("Down (Alt+↓)")
        self.delete_button = QPushButton("Delete…")
        self.topic_menu = QMenu(self.topic_button)
        for topic_id, title in topics:
            action = self.topic_menu.addAction(title)
            action.triggered.connect(lambda _c=False, t=topic_id: self.move_selected_to(t))
        self.topic_button.setMenu(self.topic_menu)
        self.split_button.clicked.connect(self.split_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (
            self.split_button,
            self.merge_button,
            self.topic_button,
            self.up_button,
            self.down_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # --- selection ------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.note_id(row) for row in rows]

    def select_note(self, note_id: str, extend: bool = False) -> None:
        row = self.model.row_of(note_id)
        if row is None:
            return
        index = self.model.index(row, TEXT)
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select
            if extend
            else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def show_written(self, note_id: str) -> None:
        """A turn was typed or changed: show it, keep the newest in view."""
        row = self.model.upsert(note_id)
        if row is not None and row >= self.model.rowCount() - 2:
            self.table.scrollToBottom()

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for button in (
            self.split_button,
            self.merge_button,
            self.topic_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        ):
            button.setEnabled(not read_only)

    # --- edits ----------------------------------------------------------------------------------

    def set_speaker(self, speaker: Speaker) -> None:
        """Fix who said the selected turns (the consent gate applies in storage)."""
        ids = self.selected_ids()
        notes = self.store.repos.notes
        for note_id in ids:
            try:
                self.writer.run(
                    f"Speaker set to {speaker.label}",
                    lambda n=note_id: notes.set_speaker(n, speaker.speaker_id, speaker.label),
                )
            except StorageError:
                return
            self.model.upsert(note_id)
        self._reselect(ids)

    def move_selected_to(self, topic: str) -> None:
        ids = self.selected_ids()
        if not ids or self.model.read_only:
            return
        try:
            self.writer.run(
                "Moved to another topic", lambda: self.store.repos.notes.move_to_topic(ids, topic)
            )
        except StorageError:
            return
        for note_id in ids:
            self.model.upsert(note_id)
        self._reselect(ids)

    def open_topic_menu(self) -> None:
        if self.selected_ids() and not self.model.read_only:
            self.topic_menu.popup(self.topic_button.mapToGlobal(self.topic_button.rect().topLeft()))

    def move_selected(self, step: int) -> None:
        ids = self.selected_ids()
        if len(ids) != 1 or self.model.read_only:
            return
        row = self.model.row_of(ids[0])
        other = (row or 0) + step
        if row is None or not 0 <= other < self.model.rowCount():
            return
        notes = self.store.repos.notes
        other_id = self.model.note_id(other)
        mover = notes.move_before if step < 0 else notes.move_after
        try:
            self.writer.run("Turn moved", lambda: mover(ids[0], other_id))
        except StorageError:
            return
        self.model.reload()
        self.select_note(ids[0])

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.model.read_only:
            return
        row = self.model.row_of(ids[0])
        if row is None:
            return
        if len(ids) == 1:
            if row + 1 >= self.model.rowCount():
                return
            ids = [ids[0], self.model.note_id(row + 1)]
        notes = self.store.repos.notes
        try:
            for other in ids[1:]:
                self.writer.run("Turns merged", lambda o=other: notes.merge(ids[0], o))
        except StorageError:
            pass
        self.model.reload()
        self.select_note(ids[0])

    def split_selected(self) -> SplitTurnDialog | None:
        """Open the split dialog for the selected turn (window-modal, not blocking)."""
        ids = self.selected_ids()
        if len(ids) != 1 or self.model.read_only:
            return None
        note = self.store.repos.notes.get(ids[0])
        if note is None:
            return None
        dialog = SplitTurnDialog(note["text"], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.note_id = ids[0]
        # Bound methods, not lambdas holding self: a deleted dialog must not own this widget.
        dialog.accepted.connect(self._on_split_accepted)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _on_split_accepted(self) -> None:
        if self.dialog is not None:
            self._split(self.dialog.note_id, self.dialog.position)

    def _split(self, note_id: str, position: int) -> None:
        try:
            new_id = self.writer.run(
                "Turn split", lambda: self.store.repos.notes.split(note_id, position)
            )
        except StorageError:
            return
        self.model.reload()
        self.select_note(new_id)
        self.table.setFocus()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.model.read_only:
            return
        answer = QMessageBox.question(
            self,
            "Delete turns",
            f"Delete {len(ids)} turn{'s' if len(ids) > 1 else ''}? The deletion is recorded "
            "in the audit trail.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        for note_id in ids:
            try:
                self.writer.run("Turn deleted", lambda n=note_id: self.store.repos.notes.delete(n))
            except StorageError:
                break
        self.model.reload()

    def _reselect(self, ids: list[str]) -> None:
        for number, note_id in enumerate(ids):
            self.select_note(note_id, extend=number > 0)
