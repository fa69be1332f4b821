"""One question on screen: its label, hint, editor and the message saying what is wrong.

Labels may quote earlier answers (`Your name is ${name}`); the row re-reads them after each
change. The error line is made only when first needed: a 900-question form then builds
hundreds fewer widgets.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from gui.entry.inputs import QuestionInput
from gui.form_parts import ERROR_COLOUR, FieldMessage
from instruments.form_engine import FormState, Item

_REFERENCE = re.compile(r"\$\{([^}\s]+)\}")
HINT_COLOUR = "#555555"


def quoted_answer(value: Any) -> str:
    """An answer as it reads inside a label."""
    if value is None:
        return "…"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "…"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fill_references(text: str, state: FormState, item: Item) -> str:
    """Replace each ${name} by that answer as seen from this question's repeat entry."""
    if "${" not in text:
        return text
    return _REFERENCE.sub(
        lambda found: quoted_answer(state.value_for_expression(found[1], item.indices)), text
    )


class QuestionRow(QFrame):
    """A question's label, hint, editor (None for a note) and its error message."""

    def __init__(
        self, item: Item, editor: QuestionInput | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.path = item.path
        self.input = editor
        self._message: FieldMessage | None = None
        self.has_error = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 6)
        layout.setSpacing(3)
        self._layout = layout
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if editor is not None:
            font = QFont(self.label.font())
            font.setBold(True)
            self.label.setFont(font)
            self.label.setBuddy(editor.editor)
        layout.addWidget(self.label)
        self.hint: QLabel | None = None  # made when the question has a hint
        if editor is not None:
            layout.addWidget(editor)
        self.has_references = False

    def show_texts(self, state: FormState, required: bool) -> None:
        """Label (with a * when required), hint and the editor's accessible name."""
        question = self.item.question
        label_source = state.label(question)
        hint_source = question.hint(state.language, state.instrument.default_language)
        if question.downgrade and question.entry_type in ("text", "attachment"):
            hint_source = " ".join(t for t in (hint_source, f"({question.downgrade})") if t)
        self.has_references = "${" in label_source or "${" in hint_source
        label = fill_references(label_source, state, self.item)
        self.label.setText(f"{label} *" if required and self.input is not None else label)
        hint = fill_references(hint_source, state, self.item)
        if hint and self.hint is None:
            self.hint = self._make_hint()
        if self.hint is not None:
            self.hint.setText(hint)
            self.hint.setVisible(bool(hint))
        if self.input is not None:
            self.input.set_label(label)
            self.label.setToolTip("Required" if required else "")
        else:
            self.label.setAccessibleName(label)

    def _make_hint(self) -> QLabel:
        hint = QLabel()
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        palette = hint.palette()  # a palette, not a style sheet: cheap on big forms
        palette.setColor(QPalette.ColorRole.WindowText, QColor(HINT_COLOUR))
        hint.setPalette(palette)
        self._layout.insertWidget(1, hint)
        return hint

    def show_error(self, text: str | None) -> None:
        """Show why the answer cannot stand, or clear it (None)."""
        self.has_error = bool(text)
        if not text:
            if self._message is not None:
                self._message.clear_message()
            self.setStyleSheet("")
            self.setFrameShape(QFrame.Shape.NoFrame)
            return
        if self._message is None:
            field = self.input.editor if self.input is not None else None
            self._message = FieldMessage(field)
            self._layout.addWidget(self._message)
        self._message.show_message(text)
        self.setFrameShape(QFrame.Shape.StyledPanel)  # a frame, so the style sheet draws it
        self.setStyleSheet(
            f"QuestionRow {{ border: none; border-left: 3px solid {ERROR_COLOUR}; "
            "padding-left: 6px; }"
        )

    def error_text(self) -> str:
        if self._message is None or self._message.isHidden():
            return ""
        return self._message.text()

    def tab_stops(self) -> list[QWidget]:
        return [] if self.input is None else self.input.tab_stops()

    def focus(self) -> bool:
        """Put the keyboard focus in this question; False if it takes none."""
        stops = [w for w in self.tab_stops() if w.isEnabled()]
        if not stops:
            return False
        stops[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True
