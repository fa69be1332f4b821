"""The undoable edits of the designer: every change to an instrument is one of these.

Each command keeps exact copies of what it replaces, so undo gives back the definition as
it was, key order included, and redo gives back the edit. Typing in one field becomes one
command (consecutive keystrokes with the same merge key are merged), so Ctrl+Z undoes a
word typed, not a letter.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from instruments.design_tree import Position, insert_item, move_item, remove_item
from instruments.model import Choice

if TYPE_CHECKING:
    from gui.designer.document import DesignDocument

_MERGING = 1


class EditItem(QUndoCommand):
    """Set fields of one question or topic."""

    def __init__(
        self,
        document: DesignDocument,
        position: Position,
        changes: dict[str, Any],
        text: str,
        merge_key: object = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.position = position
        self.merge_key = merge_key
        item = document.item_at(position)
        self.before = {key: copy.deepcopy(getattr(item, key)) for key in changes}
        self.after = copy.deepcopy(changes)

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _apply(self, values: dict[str, Any]) -> None:
        item = self.document.item_at(self.position)
        for key, value in values.items():
            setattr(item, key, copy.deepcopy(value))
        self.document.item_edited(self.position, frozenset(values))

    def id(self) -> int:
        return _MERGING if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (
            isinstance(other, EditItem)
            and other.merge_key == self.merge_key
            and other.position == self.position
            and other.after.keys() == self.after.keys()
        ):
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed, then typed back
        return True


class EditForm(QUndoCommand):
    """Set the instrument's own fields (title, form id, version, languages).

    A new title, form id or version is said again in the settings row (as an export
    would write it), so the stored settings never contradict the instrument.
    """

    IDENTITY = frozenset({"title", "form_id", "version"})

    def __init__(
        self,
        document: DesignDocument,
        changes: dict[str, Any],
        text: str,
        merge_key: object = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.merge_key = merge_key
        instrument = document.instrument
        self.syncs_settings = bool(self.IDENTITY & changes.keys())
        keys = [*changes, "settings"] if self.syncs_settings else list(changes)
        self.before = {key: copy.deepcopy(getattr(instrument, key)) for key in keys}
        self.after: dict[str, Any] = copy.deepcopy(changes)

    def redo(self) -> None:
        instrument = self.document.instrument
        for key, value in self.after.items():
            setattr(instrument, key, copy.deepcopy(value))
        if self.syncs_settings and "settings" not in self.after:  # first time: compute them
            self.after["settings"] = self.document.synced_settings()
            instrument.settings = copy.deepcopy(self.after["settings"])
        self.document.form_edited()

    def undo(self) -> None:
        instrument = self.document.instrument
        for key, value in self.before.items():
            setattr(instrument, key, copy.deepcopy(value))
        self.document.form_edited()

    def id(self) -> int:
        return _MERGING + 1 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (
            isinstance(other, EditForm)
            and other.merge_key == self.merge_key
            and other.after.keys() == self.after.keys()
        ):
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed, then typed back
        return True


class InsertItem(QUndoCommand):
    """Put a new question, group, repeat or topic at a position."""

    def __init__(
        self, document: DesignDocument, position: Position, data: dict[str, Any], text: str
    ) -> None:
        super().__init__(text)
        self.document = document
        self.position = position
        self.data = data

    def redo(self) -> None:
        item = self.document.item_from_dict(self.data)
        insert_item(self.document.items(), self.position, item)
        self.document.structure_edited(self.position)

    def undo(self) -> None:
        remove_item(self.document.items(), self.position)
        self.document.structure_edited(self.document.nearest(self.position))


class RemoveItem(QUndoCommand):
    """Take a question (with what it holds) or a topic out."""

    def __init__(self, document: DesignDocument, position: Position, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.position = position
        self.data = document.item_at(position).to_dict()

    def redo(self) -> None:
        remove_item(self.document.items(), self.position)
        self.document.structure_edited(self.document.nearest(self.position))

    def undo(self) -> None:
        item = self.document.item_from_dict(self.data)
        insert_item(self.document.items(), self.position, item)
        self.document.structure_edited(self.position)


class MoveItem(QUndoCommand):
    """Move an item; the target counts positions in the tree without the item."""

    def __init__(
        self, document: DesignDocument, source: Position, target: Position, text: str
    ) -> None:
        super().__init__(text)
        self.document = document
        self.source = source
        self.target = target

    def redo(self) -> None:
        move_item(self.document.items(), self.source, self.target)
        self.document.structure_edited(self.target)

    def undo(self) -> None:
        move_item(self.document.items(), self.target, self.source)
        self.document.structure_edited(self.source)


class ReplaceChoiceLists(QUndoCommand):
    """Change the choice lists (a list's choices, a new list, a renamed list)."""

    def __init__(
        self,
        document: DesignDocument,
        lists: dict[str, list[Choice]],
        text: str,
        touched: str,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.touched = touched
        self.before = _lists_data(document.instrument.choice_lists)
        self.after = _lists_data(lists)

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def _apply(self, data: dict[str, list[dict[str, Any]]]) -> None:
        self.document.instrument.choice_lists = {
            name: [Choice.from_dict(choice) for choice in choices] for name, choices in data.items()
        }
        self.document.choices_edited(self.touched)


def _lists_data(lists: dict[str, list[Choice]]) -> dict[str, list[dict[str, Any]]]:
    return {name: [choice.to_dict() for choice in choices] for name, choices in lists.items()}
