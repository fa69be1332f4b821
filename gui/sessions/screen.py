"""The sessions list: every session, filtered and sorted, opened with Enter or a double-click.

From here a fieldworker starts a new session, starts a blind second entry of a paper
questionnaire, or compares a finished second entry with the first. The screen emits
`open_session(id)`; the main window shows the entry screen for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.entry.double_entry_dialog import DoubleEntryDialog
from gui.entry.start_dialog import StartSessionDialog
from gui.form_parts import FieldMessage
from gui.sessions.filters import SessionFilterBar, count_text
from gui.sessions.model import SessionTableModel
from storage.changes import Changes
from storage.double_entry import start_second_entry
from storage.errors import StorageError
from storage.repositories.session_queries import session_key
from storage.store import Store

_WATCHED = ("sessions", "participants", "sites", "instruments", "fieldworkers", "studies")


class SessionTable(QTableView):
    """Enter opens the current session, as a double-click does."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SessionsScreen(QWidget):
    """Sessions of one study (or all); `open_session(id)` asks the window to open one.

    Every kind of session is listed; the window opens a questionnaire in the entry
    screen and an interview or focus group in its own screen.
    """

    open_session = Signal(str)
    changed = Signal(object)  # storage Changes of writes made here (new, second entry)

    def __init__(
        self, store: Store, study_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._stale = False
        self.filters = SessionFilterBar(store)
        self.model = SessionTableModel(store, self)
        self.table = SessionTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 220, 100, 190, 95, 120, 175)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)

        self.count = QLabel()
        self.count.setAccessibleName("Number of sessions")
        self.new_button = QPushButton("&New session…")
        self.open_button = QPushButton("&Open")
        self.second_button = QPushButton("&Second entry…")
        self.second_button.setToolTip(
            "Key the selected paper questionnaire again, blind, to verify the first entry"
        )
        self.compare_button = QPushButton("&Compare entries…")
        self.compare_button.setToolTip("List where a second entry disagrees with the first")
        self.message = FieldMessage()
        self.new_button.clicked.connect(self.new_session)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.second_button.clicked.connect(self.second_entry)
        self.compare_button.clicked.connect(self.compare_entries)

        title = QLabel("Sessions")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 3)
        title.setFont(font)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        for button in (self.new_button, self.open_button, self.second_button, self.compare_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        self.filters.changed.connect(self._filter)
        self.model.modelReset.connect(self._after_reload)
        self.model.total_known.connect(lambda total: self.count.setText(count_text(total)))
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.filters.set_study(study_id)
        self.model.reload(self.filters.current())
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # asks for the order just loaded: no second query

    # --- showing ---------------------------------------------------------------------------

    def show_study(self, study_id: str | None) -> None:
        """Show one study's sessions (the shell's navigator calls this)."""
        self.filters.set_study(study_id)
        self.model.reload(self.filters.current())

    def refresh(self) -> None:
        """Query again, keeping the selected session selected."""
        selected = self.model.session(self.table.currentIndex().row())
        self.model.reload(self.filters.current())
        if selected:
            self.select_session(selected["id"])

    def on_changed(self, changes: Changes) -> None:
        """Connect to the shell's change notices: reload now if shown, else when next shown."""
        if not changes.touches(*_WATCHED):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def select_session(self, session_id: str) -> bool:
        key = session_key(self.store, session_id)
        row = None if key is None else self.model.row_of_key(key)
        if row is None:
            return False
        self.model.show_up_to(row)
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _filter(self, filters: object) -> None:
        self.model.reload(filters)  # type: ignore[arg-type]

    def _after_reload(self) -> None:
        self.count.setText(
            count_text(self.model.total) if self.model.complete else "Counting sessions…"
        )
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        row = self.model.session(self.table.currentIndex().row())
        self.open_button.setEnabled(row is not None)
        is_second = bool(row and row["verifies_session_id"])
        questionnaire = bool(row) and row["instrument_kind"] == "questionnaire"
        self.second_button.setEnabled(questionnaire and not is_second)
        self.compare_button.setEnabled(is_second)

    # --- actions -----------------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        session_id = self.model.session_id(row)
        if session_id:
            self.open_session.emit(session_id)

    def new_session(self) -> StartSessionDialog:
        dialog = StartSessionDialog(self.store, self.filters.current().study_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._started(dialog.session_id))
        dialog.open()
        return dialog

    def _started(self, session_id: str | None) -> None:
        if not session_id:
            return
        self.changed.emit(Changes().add("sessions", session_id))
        self.refresh()
        self.select_session(session_id)
        self.open_session.emit(session_id)

    def second_entry(self, fieldworker_id: str | None = None, ask: bool = True) -> str | None:
        """Start a blind second entry of the selected session and open it."""
        self.message.clear_message()
        row = self.model.session(self.table.currentIndex().row())
        if row is None:
            return None
        if ask and fieldworker_id is None:
            workers = self.store.repos.studies.fieldworkers(row["study_id"])
            names = [w["name"] for w in workers]
            if names:
                name, ok = QInputDialog.getItem(
                    self, "Second entry", "Who is keying the second entry?", names, 0, False
                )
                if not ok:
                    return None
                fieldworker_id = workers[names.index(name)]["id"]
        try:
            new_id = start_second_entry(self.store, row["id"], fieldworker_id)
        except StorageError as error:
            self.message.show_message(str(error))
            return None
        self._started(new_id)
        return new_id

    def compare_entries(self) -> DoubleEntryDialog | None:
        row = self.model.session(self.table.currentIndex().row())
        if row is None or not row["verifies_session_id"]:
            return None
        dialog = DoubleEntryDialog(self.store, row["id"], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(lambda changes: (self.changed.emit(changes), self.refresh()))
        dialog.open()
        return dialog
