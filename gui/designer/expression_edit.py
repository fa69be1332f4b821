"""A one-line field for an XLSForm expression that offers question names after `${`.

Typing `${` opens a list of the form's question names (narrowed as more is typed); Enter
or Tab puts the chosen name in with its closing brace. Whether the expression is valid is
the document's checks' business: the designer shows their message under the field.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

_OPEN_REFERENCE = re.compile(r"\$\{([^}\s]*)$")
_POPUP_KEYS = (
    Qt.Key.Key_Enter,
    Qt.Key.Key_Return,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
)


class ExpressionEdit(QLineEdit):
    """An expression field with `${name}` completion over the form's question names."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("e.g. ${age} >= 18")
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self.insert_name)
        self.textEdited.connect(self._offer_names)

    def set_names(self, names: list[str]) -> None:
        if self.names.stringList() != names:
            self.names.setStringList(names)

    def typed_reference(self) -> str | None:
        """The part of a name typed after an unclosed `${` before the cursor, if any."""
        found = _OPEN_REFERENCE.search(self.text()[: self.cursorPosition()])
        return found[1] if found else None

    def _offer_names(self, _text: str = "") -> None:
        prefix = self.typed_reference()
        popup = self.completer.popup()
        if prefix is None:
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        area = self.cursorRect()
        area.setWidth(
            popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 16
        )
        self.completer.complete(area)
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def insert_name(self, name: str) -> None:
        """Put `name}` where `${...` was being typed; the edit is reported as typed."""
        cursor = self.cursorPosition()
        before, after = self.text()[:cursor], self.text()[cursor:]
        start = before.rfind("${") + 2
        if after.startswith("}"):
            after = after[1:]
        text = f"{before[:start]}{name}}}{after}"
        self.setText(text)
        self.setCursorPosition(start + len(name) + 1)
        self.completer.popup().hide()
        self.textEdited.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.completer.popup().isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer's popup takes these
            return
        super().keyPressEvent(event)
