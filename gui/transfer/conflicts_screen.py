"""The Conflicts screen: what merges overwrote, both values side by side, one click to undo.

When two laptops changed the same value, the merge keeps the newer change (the same on every
laptop) and keeps the other here. "Restore the other value" writes it back as a new, audited
change; "Keep as is" closes the conflict. The list follows the tracker: a merge or a
restore refreshes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage
from gui.formats import display_timestamp
from gui.transfer.conflict_model import (
    KEPT_COLUMN,
    MAX_WIDTHS,
    OTHER_COLUMN,
    REVIEW_COLUMN,
    ConflictModel,
    field_text,
    value_text,
)
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.errors import StorageError
from storage.store import Store

INTRO = (
    "When two laptops changed the same thing, the merge kept the newer change and kept the "
    "other one here. If the other value was the right one, restore it; otherwise keep the "
    "record as it is. Either choice is recorded in the audit trail."
)


def _plain(text: str) -> str:
    """Text for a label with a buddy, where '&' would otherwise mark a shortcut."""
    return text.replace("&", "&&")


def _side(title: str) -> tuple[QLabel, QPlainTextEdit]:
    label = QLabel(title)
    label.setWordWrap(True)
    text = QPlainTextEdit()
    text.setReadOnly(True)
    text.setAccessibleName(title)
    text.setMaximumHeight(text.fontMetrics().lineSpacing() * 5 + 14)
    label.setBuddy(text)
    return label, text


class ConflictsScreen(QWidget):
    """Lists conflicts of one study (or all), and restores or dismisses the selected one."""

    def __init__(
        self, store: Store, tracker: WriteTracker | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker or WriteTracker(self)
        self.study_id: str | None = None
        self._stale = True
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.show_resolved = QCheckBox("Show &resolved conflicts too")
        self.show_resolved.toggled.connect(self.reload)
        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Conflicts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.empty = QLabel("No conflicts to review: no merge has overwritten anything here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kept_label, self.kept_text = _side("Kept value")
        self.other_label, self.other_text = _side("Other value")
        self.record = QLabel()
        self.record.setWordWrap(True)
        self.record.setAccessibleName("The record in conflict")
        self.record.setStyleSheet("font-weight: bold;")
        sides = QGridLayout()
        sides.addWidget(self.record, 0, 0, 1, 2)
        sides.addWidget(self.kept_label, 1, 0, Qt.AlignmentFlag.AlignBottom)
        sides.addWidget(self.other_label, 1, 1, Qt.AlignmentFlag.AlignBottom)
        sides.addWidget(self.kept_text, 2, 0)
        sides.addWidget(self.other_text, 2, 1)
        self.restore_button = QPushButton("Restore the &other value")
        self.restore_button.clicked.connect(self.restore_selected)
        self.keep_button = QPushButton("&Keep as is")
        self.keep_button.clicked.connect(self.keep_selected)
        self.message = FieldMessage()
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_resolved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(sides)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.tracker.changed.connect(self._on_changed)
        self._selected()

    # --- what is shown -------------------------------------------------------------------

    def show_study(self, study_id: str | None) -> None:
        """Show the conflicts of one study's records (None: every study)."""
        self.study_id = study_id
        study = self.store.repos.studies.get(study_id) if study_id else None
        self.title.setText(f"Conflicts: {study['name']}" if study else "Conflicts: all studies")
        self.reload()

    def reload(self) -> None:
        from storage.conflict_review import review_conflicts

        self._stale = False
        row = self.current_row()
        reviews = review_conflicts(
            self.store, self.study_id, include_resolved=self.show_resolved.isChecked()
        )
        self.model.set_reviews(reviews)
        has_rows = bool(reviews)
        self.table.setColumnHidden(REVIEW_COLUMN, not self.show_resolved.isChecked())
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if has_rows:
            self._fit_columns()
            self.table.selectRow(min(max(row, 0), len(reviews) - 1))
        self._selected()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        for column, widest in MAX_WIDTHS.items():
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        for column in (KEPT_COLUMN, OTHER_COLUMN):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), 120))

    def _on_changed(self, changes: Changes) -> None:
        shown = {review.conflict.table_name for review in self.model.reviews}
        if not changes.touches("conflicts", "imports", *shown):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _selected(self, *_: QItemSelection) -> None:
        review = self.model.review(self.current_row())
        open_one = review is not None and not review.conflict.resolved_at
        self.restore_button.setEnabled(open_one)
        self.keep_button.setEnabled(open_one)
        if review is None:
            self.record.clear()
            self.kept_label.setText("Kept value")
            self.other_label.setText("Other value")
            self.kept_text.clear()
            self.other_text.clear()
            return
        conflict = review.conflict
        table, column = conflict.table_name, conflict.column_name
        self.record.setText(f"{review.kind}: {review.record} — {field_text(table, column)}")
        kept_from, other_from = _plain(review.kept_device), _plain(review.lost_device)
        self.kept_label.setText(f"Kept value (from {kept_from})")
        written = display_timestamp(conflict.lost_updated_at)
        merged = display_timestamp(conflict.created_at)
        self.other_label.setText(
            f"Other value (from {other_from}, written {written}; overwritten by a merge "
            f"on {merged})"
        )
        self.kept_text.setPlainText(value_text(table, column, conflict.kept_value))
        self.other_text.setPlainText(value_text(table, column, conflict.lost_value))
        if conflict.resolved_at:
            how = "restored" if conflict.resolution == "restored" else "kept as it was"
            self.other_label.setText(
                self.other_label.text() + f"; {how} {display_timestamp(conflict.resolved_at)}"
            )

    # --- resolving -----------------------------------------------------------------------

    def restore_selected(self) -> bool:
        """Put the other value back (a new, audited change); True if done."""
        from storage.packs import restore_conflict

        return self._resolve(restore_conflict, also_touches_record=True)

    def keep_selected(self) -> bool:
        """Keep the current value; the conflict leaves the open list. True if done."""
        from storage.packs import dismiss_conflict

        return self._resolve(dismiss_conflict, also_touches_record=False)

    def _resolve(self, resolve: Callable[[Store, str], Changes], also_touches_record: bool) -> bool:
        review = self.model.review(self.current_row())
        if review is None or review.conflict.resolved_at:
            return False
        conflict = review.conflict
        tables = ["conflicts"] + ([conflict.table_name] if also_touches_record else [])
        self.message.clear_message()
        try:
            self.tracker.run(lambda: resolve(self.store, conflict.id), tables)
        except StorageError as error:
            self.message.show_message(str(error))
            self.reload()
            return False
        if not self.isVisible():
            self.reload()
        return True
