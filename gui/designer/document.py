"""An instrument being designed: its definition, its undo stack, and what each edit touched.

Screens never change the definition themselves: they ask the document, which pushes a
command on its QUndoStack (so Ctrl+Z undoes every kind of edit), and the commands report
back what changed so each view refreshes only that: a field (`item_changed`), the tree
(`structure_changed`, with the position to select), the form's own fields
(`form_changed`), a choice list (`choices_changed`). `changed` follows every edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from gui.designer.commands import (
    EditForm,
    EditItem,
    InsertItem,
    MoveItem,
    RemoveItem,
    ReplaceChoiceLists,
)
from instruments.design_checks import DesignProblem, check_design, check_guide
from instruments.design_tree import (
    Direction,
    Position,
    assign_paths,
    list_users,
    new_question,
    new_topic,
    question_at,
    renamed_lists,
    renumber_topics,
    retyped,
    shifted,
    sibling_list,
    synced_settings,
)
from instruments.model import Choice, Instrument, Question, Topic
from instruments.types import CONTAINER_TYPES

UNDO_LIMIT = 1000


class DesignDocument(QObject):
    """What questionnaires and guides share: items at positions, the form's fields, undo."""

    changed = Signal()
    structure_changed = Signal(object)  # the position to select afterwards, or None
    item_changed = Signal(object, object)  # position, frozenset of field names
    form_changed = Signal()
    choices_changed = Signal(str)  # list name

    def __init__(
        self, instrument: Instrument, taken_form_ids: set[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.taken_form_ids = set(taken_form_ids)
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)

    # --- what subclasses say ----------------------------------------------------------------

    def items(self) -> list[Any]:
        raise NotImplementedError

    def item_from_dict(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def after_structure(self) -> None:
        """Recompute what follows from the order of items (paths, topic numbers)."""

    def problems(self) -> list[DesignProblem]:
        raise NotImplementedError

    # --- reading ----------------------------------------------------------------------------

    def item_at(self, position: Position) -> Any:
        return question_at(self.items(), position)

    def snapshot(self) -> Instrument:
        """A copy of the definition as it is now (for the preview and for saving)."""
        return Instrument.from_dict(self.instrument.to_dict())

    def synced_settings(self) -> dict[str, str]:
        return synced_settings(self.instrument)

    def nearest(self, position: Position) -> Position | None:
        """What to select once the item at `position` is gone: the next, previous or parent."""
        siblings = sibling_list(self.items(), position[:-1])
        if position[-1] < len(siblings):
            return position
        if siblings:
            return (*position[:-1], len(siblings) - 1)
        return position[:-1] or None

    # --- notifications from the commands ---------------------------------------------------

    def item_edited(self, position: Position, fields: frozenset[str]) -> None:
        if "name" in fields:
            self.after_structure()
        self.item_changed.emit(position, fields)
        self.changed.emit()

    def structure_edited(self, select: Position | None) -> None:
        self.after_structure()
        self.structure_changed.emit(select)
        self.changed.emit()

    def form_edited(self) -> None:
        self.form_changed.emit()
        self.changed.emit()

    def choices_edited(self, list_name: str) -> None:
        self.choices_changed.emit(list_name)
        self.changed.emit()

    # --- edits --------------------------------------------------------------------------------

    def edit_item(
        self, position: Position, changes: dict[str, Any], text: str, merge_key: object = None
    ) -> None:
        self.stack.push(EditItem(self, position, changes, text, merge_key))

    def edit_form(self, changes: dict[str, Any], text: str, merge_key: object = None) -> None:
        self.stack.push(EditForm(self, changes, text, merge_key))

    def insert(self, position: Position, item: Any, text: str) -> Position:
        self.stack.push(InsertItem(self, position, item.to_dict(), text))
        return position

    def remove(self, position: Position) -> None:
        self.stack.push(RemoveItem(self, position, f"Remove {self._name(position)}"))

    def move(self, source: Position, target: Position) -> None:
        if source != target:
            self.stack.push(MoveItem(self, source, target, f"Move {self._name(source)}"))

    def move_by(self, position: Position, direction: Direction) -> Position | None:
        """Alt+arrow moves; returns the new position, or None when it cannot move that way."""
        target = shifted(self.items(), position, direction)
        if target is not None:
            self.move(position, target)
        return target

    def _name(self, position: Position) -> str:
        item = self.item_at(position)
        return getattr(item, "name", None) or getattr(item, "title", "") or "topic"


class QuestionnaireDocument(DesignDocument):
    """A questionnaire: a tree of questions, groups and repeats, with shared choice lists."""

    def __init__(
        self, instrument: Instrument, taken_form_ids: set[str], parent: QObject | None = None
    ) -> None:
        super().__init__(instrument, taken_form_ids, parent)
        assign_paths(instrument.questions)

    def items(self) -> list[Question]:
        return self.instrument.questions

    def item_from_dict(self, data: dict[str, Any]) -> Question:
        return Question.from_dict(data)

    def after_structure(self) -> None:
        assign_paths(self.instrument.questions)

    def problems(self) -> list[DesignProblem]:
        return check_design(self.instrument, self.taken_form_ids)

    def languages(self) -> list[str]:
        """The form's languages; a form without any has the one unnamed language."""
        return list(self.instrument.languages) or [""]

    def first_language(self) -> str:
        """The language texts are first edited in: the form's default, if it lists it."""
        languages = self.languages()
        default = self.instrument.default_language
        return default if default in languages else languages[0]

    def add(self, question_type: str, selected: Position | None) -> Position:
        """A new question after the selected one, or inside it when it is a group/repeat."""
        question = new_question(self.instrument, question_type)
        if selected is None:
            position: Position = (len(self.instrument.questions),)
        elif self.item_at(selected).type in CONTAINER_TYPES:
            position = (*selected, len(self.item_at(selected).children))
        else:
            position = (*selected[:-1], selected[-1] + 1)
        return self.insert(position, question, f"Add {question_type} {question.name}")

    def set_type(self, position: Position, new_type: str) -> None:
        question = self.item_at(position)
        if new_type == question.type:
            return
        changes = retyped(self.instrument, question, new_type)
        self.edit_item(position, changes, f"Change type of {question.name} to {new_type}")

    def set_list_name(self, position: Position, new_name: str) -> None:
        """Point a select at another list: a list shared by name, a renamed or copied one.

        A name no list has yet renames the question's list when no other question uses
        it, and otherwise starts the new list as a copy (the others keep theirs).
        """
        question = self.item_at(position)
        old = question.list_name or ""
        if not new_name or new_name == old:
            return
        lists = self.instrument.choice_lists
        self.stack.beginMacro(f"Choice list of {question.name}: {new_name}")
        if new_name not in lists and old in lists:
            others = [q for q in list_users(self.instrument, old) if q is not question]
            if others:
                copied = {**lists, new_name: [Choice.from_dict(c.to_dict()) for c in lists[old]]}
                self.set_lists(copied, f"Copy list {old} as {new_name}", new_name)
            else:
                self.set_lists(renamed_lists(lists, old, new_name), "Rename list", new_name)
        self.edit_item(position, {"list_name": new_name}, "Change list")
        self.stack.endMacro()

    def set_choices(self, list_name: str, choices: list[Choice], text: str) -> None:
        lists = dict(self.instrument.choice_lists)
        lists[list_name] = choices
        self.set_lists(lists, text, list_name)

    def set_lists(self, lists: dict[str, list[Choice]], text: str, touched: str) -> None:
        self.stack.push(ReplaceChoiceLists(self, lists, text, touched))

    def add_language(self, language: str) -> bool:
        """Add a language for labels; False if the form has it already."""
        language = language.strip()
        if not language or language in self.languages():
            return False
        self.edit_form({"languages": [*self.languages(), language]}, f"Add language {language}")
        return True


class GuideDocument(DesignDocument):
    """An interview or focus-group guide: ordered topics."""

    def items(self) -> list[Topic]:
        return self.instrument.topics

    def item_from_dict(self, data: dict[str, Any]) -> Topic:
        return Topic.from_dict(data)

    def after_structure(self) -> None:
        renumber_topics(self.instrument.topics)

    def problems(self) -> list[DesignProblem]:
        return check_guide(self.instrument, self.taken_form_ids)

    def add_topic(self, selected: Position | None) -> Position:
        position: Position = (
            (selected[0] + 1,) if selected is not None else (len(self.instrument.topics),)
        )
        return self.insert(position, new_topic(self.instrument.topics), "Add topic")
