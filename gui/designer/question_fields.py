"""How each field of a question reads in its widget, and which fields a type shows.

The designer's widgets show text; the model holds texts per language, parameter maps and
expressions that are None when empty. These functions translate both ways, so the editor
compares what a widget shows with the document before writing anything back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from instruments.design_tree import with_labels
from instruments.model import Question
from instruments.types import CONTAINER_TYPES, METADATA_TYPES, SELECT_TYPES

TEXT_FIELDS = ("labels", "hints", "required_messages", "constraint_messages")
_YES = ("yes", "true", "true()", "1")
NO_WORDS = ("", "no", "false", "false()", "0")
APPEARANCES = (
    "",
    "multiline",
    "minimal",
    "horizontal",
    "horizontal-compact",
    "likert",
    "field-list",
    "table-list",
    "no-calendar",
    "month-year",
    "year",
)


def shown_value(question: Question, field: str, language: str) -> str:
    """A field's value as its widget shows it."""
    if field in TEXT_FIELDS:
        return getattr(question, field).get(language, "")
    if field == "parameters":
        return " ".join(f"{key}={value}" for key, value in question.parameters.items())
    if field == "required":
        value = (question.required or "").strip()
        return "" if value.lower() in _YES + NO_WORDS else value
    value = getattr(question, field)
    return "" if value is None else str(value)


def changes_for(question: Question, field: str, language: str, text: str) -> dict[str, Any]:
    """The field changes a widget's text stands for."""
    if field in TEXT_FIELDS:
        return {field: with_labels(getattr(question, field), language, text)}
    if field == "parameters":
        pairs = (token.split("=", 1) for token in text.split() if "=" in token)
        return {field: {key: value for key, value in pairs if key}}
    return {field: text or None}


def visible_fields(question: Question) -> set[str]:
    """The fields that mean something for this question's type."""
    kind = question.type
    if kind in METADATA_TYPES:
        return {"name"}
    if kind in ("calculate", "hidden"):
        return {"name", "labels", "calculation", "relevant"}
    if kind in CONTAINER_TYPES:
        shown = {"name", "labels", "hints", "relevant", "appearance"}
        return shown | ({"repeat_count"} if kind == "repeat" else set())
    if kind == "note":
        return {"name", "labels", "hints", "relevant", "appearance"}
    shown = {"name", "labels", "hints", "required", "required_messages", "relevant"}
    shown |= {"constraint", "constraint_messages", "default", "appearance", "identifying"}
    if kind in SELECT_TYPES and question.downgrade is None:
        shown.add("choices")
    if kind == "range" or question.parameters:
        shown.add("parameters")
    if question.calculation:
        shown.add("calculation")
    return shown


def type_note(question: Question) -> str:
    """A line under the type for what the laptop does with it ('' for plain questions)."""
    if question.downgrade:
        return f"On a laptop: {question.downgrade}"
    if question.type in METADATA_TYPES:
        return "Filled in by the app when the session is recorded; no one is asked."
    if question.type in ("calculate", "hidden"):
        return "Worked out from the calculation; not shown to the person answering."
    return ""


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def show_text(widget: QWidget, text: str) -> None:
    if text_of(widget) == text:
        return  # keeps the cursor where the typist left it
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    elif isinstance(widget, QComboBox):
        widget.setEditText(text)
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(text)
