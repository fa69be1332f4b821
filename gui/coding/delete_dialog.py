"""Deleting a code shows first what goes with it: its subcodes and every coded segment."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from gui.coding.quote_list import QuoteList
from storage.codebook import CodeNode


class DeleteCodeDialog(QDialog):
    """Lists the subcodes and coded segments a delete removes; Delete confirms."""

    def __init__(
        self, nodes: list[CodeNode], segments: list[dict[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        code = nodes[0]
        self.setWindowTitle(f"Delete {code.name}")
        self.resize(620, 480)
        subcodes = [n.name for n in nodes[1:]]
        lines = [f"Delete the code <b>{escape(code.name)}</b>"]
        if subcodes:
            lines[0] += f" and its subcodes {escape(', '.join(subcodes))}"
        lines[0] += "?"
        if segments:
            lines.append(
                f"These {len(segments)} coded segments lose the code (the notes themselves "
                "are kept):"
            )
        else:
            lines.append("Nothing is coded with it yet.")
        summary = QLabel("<br>".join(lines))
        summary.setWordWrap(True)
        self.quotes = QuoteList(self)
        self.quotes.set_segments(segments, "No coded segments.")
        self.quotes.setVisible(bool(segments))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton(
            "Delete", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.quotes, 1)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()
