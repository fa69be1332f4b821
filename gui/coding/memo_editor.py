"""The analyst's memo on one coding: why these words carry this code, what to follow up."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.coding.colours import tint


class MemoEditor(QDialog):
    """Shows the code and the coded words above an editable memo; `memo()` gives the text."""

    def __init__(
        self, code_name: str, colour: str, words: str, memo: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Memo — {code_name}")
        self.resize(480, 320)
        quote = QLabel(
            f"<b>{escape(code_name)}</b><br>"
            f"<span style='background:{tint(colour).name()}'>“{escape(words)}”</span>"
        )
        quote.setWordWrap(True)
        self.editor = QPlainTextEdit(memo)
        self.editor.setPlaceholderText("Why these words carry this code; what to follow up…")
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.editor.setFocus()

    def memo(self) -> str:
        return self.editor.toPlainText()
