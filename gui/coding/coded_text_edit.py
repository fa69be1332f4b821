"""A read-only text view that names the codes under the mouse and offers a coding menu."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from gui.coding.highlighter import CodingHighlighter


class CodedTextEdit(QTextEdit):
    """Read-only text that names the codes under the mouse and builds a coding menu."""

    menu_wanted = Signal(object, object)  # QMenu, global QPoint

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.highlighter = CodingHighlighter(self.document())

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.cursorForPosition(event.pos()).position()
            spans = self.highlighter.spans_at(position)
            if spans:
                lines = [
                    f"<b>{escape(s.code_name)}</b>"
                    + (f"<br><i>{escape(s.memo)}</i>" if s.memo else "")
                    for s in spans
                ]
                QToolTip.showText(event.globalPos(), "<br>".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if not self.textCursor().hasSelection():
            self.setTextCursor(self.cursorForPosition(event.pos()))
        menu = self.createStandardContextMenu(event.pos())
        self.menu_wanted.emit(menu, event.globalPos())
        menu.exec(event.globalPos())
        menu.deleteLater()
