"""Editing turns after the fact: in-place editors for the table, and the split dialog.

- Speaker, topic and kind cells edit with a drop-down list (F2, arrows, Enter).
- The text cell edits in a box that keeps line breaks: Enter saves, Shift+Enter breaks.
- Split: the turn's text with a cursor; move it with the arrow keys (Ctrl+arrows by word)
  and press Enter to cut there. Both halves keep the speaker, topic and time.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of (value, label) choices for one column."""

    def __init__(self, choices: list[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QComboBox(parent)
        for value, label in self.choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # noqa: N802 - Qt's name
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TextDelegate(QStyledItemDelegate):
    """Multi-line text in place: Enter saves, Shift+Enter inserts a line break, Esc cancels."""

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        return editor

    def updateEditorGeometry(  # noqa: N802 - Qt's name
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height() * 3, 72))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(  # noqa: N802 - Qt's name
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QPlainTextEdit)
        text = editor.toPlainText()
        if text != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            isinstance(watched, QPlainTextEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)


class SplitTurnDialog(QDialog):
    """Shows a turn's text with a cursor; Enter splits at the cursor (`position`)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Split turn")
        self.text = text
        self.note_id = ""
        intro = QLabel(
            "Put the cursor where the second turn begins (arrow keys; Ctrl+arrows move a word) "
            "and press Enter."
        )
        intro.setWordWrap(True)
        self.view = QPlainTextEdit(text)
        self.view.setReadOnly(True)
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.view.setAccessibleName("Turn text: the cursor marks the split")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Split here")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.resize(560, 300)
        self.view.cursorPositionChanged.connect(self._show_preview)
        self.view.installEventFilter(self)
        self._place_cursor_near_middle()
        self.view.setFocus()

    @property
    def position(self) -> int:
        return self.view.textCursor().position()

    def set_position(self, position: int) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(max(0, min(position, len(self.text))))
        self.view.setTextCursor(cursor)

    def _place_cursor_near_middle(self) -> None:
        middle = len(self.text) // 2
        space = self.text.rfind(" ", 0, middle)
        self.set_position(space + 1 if space > 0 else middle)

    def _show_preview(self) -> None:
        head, tail = self.text[: self.position].strip(), self.text[self.position :].strip()
        self.preview.setText(f"First: “…{head[-40:]}”   Second: “{tail[:40]}…”")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)
