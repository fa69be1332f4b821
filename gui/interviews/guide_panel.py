"""The guide beside the notes: topics with their question, prompts and probes, ticked when covered.

Topics can be visited in any order: choosing one (click, arrows, Ctrl+PgUp/PgDown) shows its
notes. Ticks are saved at once (NoteRepository.set_covered: answers rows keyed by session
and item, so they merge per tick). Space ticks the current item.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gui.interviews.session_writer import SessionWriter
from storage.errors import StorageError
from storage.qualitative import SessionContext
from storage.store import Store

FREE_NOTES = ""
_TOPIC = Qt.ItemDataRole.UserRole  # the topic id the item belongs to
_KEY = Qt.ItemDataRole.UserRole + 1  # the coverage key, None for the free-notes item


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text, so long questions are read, not cut short."""

    CHECK_WIDTH = 30

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * depth - self.CHECK_WIDTH
        metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or option.font)
        box = metrics.boundingRect(
            QRect(0, 0, max(80, width), 100_000),
            int(Qt.TextFlag.TextWordWrap),
            str(index.data() or ""),
        )
        return QSize(hint.width(), max(hint.height(), box.height() + 6))


class TopicGuidePanel(QTreeWidget):
    """Free notes first, then each topic with its question, prompts and probes as children."""

    topic_selected = Signal(str)

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
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setAccessibleName("Interview guide: topics")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setIndentation(16)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setItemDelegate(WrappingDelegate(self))
        self._updating = False
        self._topic_items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.itemChanged.connect(self._on_item_changed)
        self.currentItemChanged.connect(self._on_current_changed)

    def _build(self) -> None:
        self._updating = True
        covered = self.store.repos.notes.covered(self.context.session_id)
        free = QTreeWidgetItem(self, ["Free notes"])
        free.setData(0, _TOPIC, FREE_NOTES)
        free.setData(0, _KEY, None)
        free.setToolTip(0, "Notes not tied to a topic of the guide")
        self._topic_items[FREE_NOTES] = free
        for number, topic in enumerate(self.context.topics, start=1):
            item = self._checkable(self, f"{number}. {topic.title}", topic.id, topic.id, covered)
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            self._topic_items[topic.id] = item
            if topic.question:
                self._checkable(
                    item, f"Ask: {topic.question}", topic.id, f"{topic.id}/question", covered
                )
            for index, prompt in enumerate(topic.prompts):
                self._checkable(
                    item, f"Prompt: {prompt}", topic.id, f"{topic.id}/prompt/{index}", covered
                )
            for index, probe in enumerate(topic.probes):
                self._checkable(
                    item, f"Probe: {probe}", topic.id, f"{topic.id}/probe/{index}", covered
                )
            item.setExpanded(True)
        self._updating = False

    def _checkable(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        text: str,
        topic_id: str,
        key: str,
        covered: set[str],
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, _TOPIC, topic_id)
        item.setData(0, _KEY, key)
        item.setToolTip(0, text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        checked = key in covered
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    # --- what the screen asks ------------------------------------------------------------------

    def current_topic(self) -> str:
        item = self.currentItem()
        return FREE_NOTES if item is None else item.data(0, _TOPIC)

    def select_topic(self, topic_id: str) -> None:
        item = self._topic_items.get(topic_id)
        if item is not None:
            self.setCurrentItem(item)

    def step_topic(self, step: int) -> None:
        """Next or previous topic (Ctrl+PgDown / Ctrl+PgUp), free notes included."""
        order = list(self._topic_items)
        index = order.index(self.current_topic()) if self.current_topic() in order else 0
        self.select_topic(order[max(0, min(len(order) - 1, index + step))])

    def toggle_covered(self, topic_id: str) -> None:
        item = self._topic_items.get(topic_id)
        if item is None or item.data(0, _KEY) is None:
            return
        checked = item.checkState(0) == Qt.CheckState.Checked
        item.setCheckState(0, Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def is_covered(self, key: str) -> bool:
        for item in self._all_items():
            if item.data(0, _KEY) == key:
                return item.checkState(0) == Qt.CheckState.Checked
        return False

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show how many notes each topic holds: '2. Sharing information — 3 notes'."""
        self._updating = True
        for number, topic in enumerate(self.context.topics, start=1):
            count = counts.get(topic.id, 0)
            suffix = f" — {count} note{'s' if count != 1 else ''}" if count else ""
            self._topic_items[topic.id].setText(0, f"{number}. {topic.title}{suffix}")
        free = counts.get(FREE_NOTES, 0)
        self._topic_items[FREE_NOTES].setText(0, f"Free notes — {free}" if free else "Free notes")
        self._updating = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width

    def set_read_only(self, read_only: bool) -> None:
        self._updating = True
        for item in self._all_items():
            if item.data(0, _KEY) is None:
                continue
            flags = item.flags()
            if read_only:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
        self._updating = False

    # --- reacting -----------------------------------------------------------------------------

    def _all_items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            found.append(top)
            found.extend(top.child(j) for j in range(top.childCount()))
        return found

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.topic_selected.emit(current.data(0, _TOPIC))

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, _KEY)
        if self._updating or key is None:
            return
        covered = item.checkState(0) == Qt.CheckState.Checked
        session_id = self.context.session_id
        what = "Marked covered" if covered else "Marked not covered"
        try:
            self.writer.run(
                what,
                lambda: self.store.repos.notes.set_covered(session_id, key, covered),
                ("answers",),
            )
        except StorageError:
            self._updating = True
            item.setCheckState(0, Qt.CheckState.Unchecked if covered else Qt.CheckState.Checked)
            self._updating = False
