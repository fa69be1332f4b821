"""The strip across the top of an interview or focus group: who, where, when, the clock, saved.

Withdrawn or missing consent is shown here in red, so nobody types on without seeing it.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR
from gui.formats import clock_time
from gui.interviews.elapsed import ElapsedClock, format_elapsed
from gui.record_table import screen_title

SAVED_COLOUR = "#1b5e20"


def field_block(caption: str, value: str, alarm: bool = False) -> str:
    """Rich text for one header field: a small caption over its value (red when alarming)."""
    shown = html.escape(value) if value else "—"
    if alarm:
        shown = f"<span style='color:{ERROR_COLOUR}; font-weight:bold'>{shown}</span>"
    return f"<span style='color:#555'>{html.escape(caption)}</span><br>{shown}"


class SessionHeader(QFrame):
    """Title, a row of fields, the elapsed clock with its pause button, and the saved state."""

    def __init__(self, clock: ElapsedClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = screen_title("")
        self.title.setWordWrap(True)
        self.fields_row = QHBoxLayout()
        self.fields_row.setSpacing(18)
        self.fields_row.addStretch(1)
        self._field_labels: list[QLabel] = []
        self.elapsed = QLabel()
        self.elapsed.setAccessibleName("Elapsed time")
        font = self.elapsed.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.elapsed.setFont(font)
        self.elapsed.setMinimumWidth(self.elapsed.fontMetrics().horizontalAdvance("00:00:00 "))
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_button = QPushButton()
        self.clock_button.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.clock_button.setToolTip("Start or pause the session clock (Ctrl+Shift+P)")
        self.clock_button.clicked.connect(clock.toggle)
        self.save_state = QLabel("No changes yet")
        self.save_state.setAccessibleName("Saved state")
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignRight)

        right = QVBoxLayout()
        clock_row = QHBoxLayout()
        clock_row.addWidget(self.elapsed)
        clock_row.addWidget(self.clock_button)
        right.addLayout(clock_row)
        right.addWidget(self.save_state)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addLayout(self.fields_row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right)
        clock.ticked.connect(self._show_elapsed)
        clock.running_changed.connect(self._show_running)
        self._show_elapsed(clock.elapsed_ms())
        self._show_running(clock.running)

    def set_fields(self, fields: list[tuple[str, str, bool]]) -> None:
        """(caption, value, alarm) for each field, left to right."""
        while len(self._field_labels) < len(fields):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._field_labels.append(label)
            self.fields_row.insertWidget(self.fields_row.count() - 1, label)
        for label, (caption, value, alarm) in zip(self._field_labels, fields, strict=False):
            label.setText(field_block(caption, value, alarm))
            label.setAccessibleName(f"{caption}: {value}")
            label.show()
        for label in self._field_labels[len(fields) :]:
            label.hide()

    def show_saved(self, what: str) -> None:
        self.save_state.setText(f"Saved {clock_time(datetime.now())}")
        self.save_state.setToolTip(what)
        self.save_state.setStyleSheet(f"color: {SAVED_COLOUR}; font-weight: bold;")

    def show_failed(self, reason: str) -> None:
        self.save_state.setText(f"Not saved: {reason}")
        self.save_state.setToolTip(reason)
        self.save_state.setWordWrap(True)
        self.save_state.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")

    def _show_elapsed(self, milliseconds: int) -> None:
        self.elapsed.setText(format_elapsed(milliseconds))

    def _show_running(self, running: bool) -> None:
        self.clock_button.setText("Pause clock" if running else "Start clock")
