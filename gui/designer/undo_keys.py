"""Ctrl+Z and Ctrl+Shift+Z go to the designer's undo stack, even inside a text field.

Qt's line and text edits keep their own undo and claim those keys first; in the designer
every keystroke is already a document edit, so a field's private undo would undo text the
document has recorded behind its back. This filter declines the keys for the field, and
the window's Undo and Redo actions take them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")
# Focus that comes back from a completion list or another window continues the same edit.
_SAME_EDIT = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


def starts_new_edit(event: QEvent) -> bool:
    """Does this event make typing in a field a new undo step (the field was left)?"""
    return (
        event.type() == QEvent.Type.FocusIn
        and isinstance(event, QFocusEvent)
        and event.reason() not in _SAME_EDIT
    )


def _matches(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(QKeySequence(keys)) == QKeySequence.SequenceMatch.ExactMatch
        for keys in (*UNDO_KEYS, *REDO_KEYS)
    )


class UndoKeysToDocument(QObject):
    """Install on a field: its undo/redo keys reach the window's actions instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _matches(event)
        ):
            event.ignore()
            return True
        return False

    def watch(self, widgets: Iterable[QWidget]) -> None:
        for widget in widgets:
            widget.installEventFilter(self)
