"""Editing an instrument's structure in place: positions, insert, remove, move, new names.

The designer addresses a question by its position, the indices from the top of the form
down to it (`(2, 0)` is the first question of the third top-level item). Every edit is an
undoable command, so each operation here has an exact inverse: `move` takes its target in
the coordinates of the tree *after* the source was taken out, which makes
`move(tree, target, source)` undo `move(tree, source, target)`. Paths are recomputed from
the tree after each structural change (answers are stored by path).

Pure Python: the designer's Qt layer calls these, tests call them without Qt.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableSequence
from typing import Any, Literal

from instruments.guide_writer import guide_settings
from instruments.model import Choice, Instrument, Question, Topic
from instruments.types import CONTAINER_TYPES, DOWNGRADES, SELECT_TYPES
from instruments.xlsform_writer import settings_for_export

Position = tuple[int, ...]
Direction = Literal["up", "down", "in", "out"]


def assign_paths(questions: list[Question], parent_path: str = "") -> None:
    """Set every question's `path` ('group/sub/name') from where it now sits."""
    for question in questions:
        question.path = f"{parent_path}/{question.name}" if parent_path else question.name
        if question.children:
            assign_paths(question.children, question.path)


def iter_positions(
    questions: list[Question], prefix: Position = ()
) -> Iterator[tuple[Position, Question]]:
    """Every question depth-first in form order, with its position."""
    for index, question in enumerate(questions):
        position = (*prefix, index)
        yield position, question
        if question.children:
            yield from iter_positions(question.children, position)


def question_at(questions: list[Question], position: Position) -> Question:
    """The question at a position (IndexError if there is none)."""
    if not position:
        raise IndexError("the form itself has no question position")
    return sibling_list(questions, position[:-1])[position[-1]]


def sibling_list(questions: list[Question], parent: Position) -> list[Question]:
    """The list holding the children of `parent` (the top level for `()`)."""
    current = questions
    for index in parent:
        current = current[index].children
    return current


def position_of_path(questions: list[Question], path: str) -> Position | None:
    """The position of the question with this path, if any."""
    for position, question in iter_positions(questions):
        if question.path == path:
            return position
    return None


def insert_item(items: list[Any], position: Position, item: Any) -> None:
    """Put a question (or a guide topic, at a one-index position) at `position`."""
    sibling_list(items, position[:-1]).insert(position[-1], item)


def remove_item(items: list[Any], position: Position) -> Any:
    """Take the item at `position` out of the tree and return it."""
    return sibling_list(items, position[:-1]).pop(position[-1])


def move_item(items: list[Any], source: Position, target: Position) -> None:
    """Move an item; `target` counts positions in the tree without the source."""
    insert_item(items, target, remove_item(items, source))


def after_removal(position: Position, removed: Position) -> Position:
    """Where `position` is once the item at `removed` has been taken out."""
    depth = len(removed) - 1
    if (
        len(position) > depth
        and position[:depth] == removed[:depth]
        and position[depth] > removed[depth]
    ):
        return (*position[:depth], position[depth] - 1, *position[depth + 1 :])
    return position


def drop_target(items: list[Any], source: Position, parent: Position, row: int) -> Position | None:
    """The move target for dropping `source` at `row` under `parent`, or None if impossible.

    A question cannot go inside itself; `row` -1 (dropped on the parent) appends it.
    """
    if parent[: len(source)] == source:
        return None
    if parent and question_at(items, parent).type not in CONTAINER_TYPES:
        return None
    siblings = sibling_list(items, parent)
    row = len(siblings) if row < 0 else min(row, len(siblings))
    target = after_removal((*parent, row), source)
    return None if target == source else target


def shifted(items: list[Any], position: Position, direction: Direction) -> Position | None:
    """The target of a keyboard move (Alt+arrows), or None when the item cannot go there.

    up/down swap with the neighbouring sibling; in moves the item to the end of the
    container just above it; out moves it out of its group, just after the group.
    """
    index = position[-1]
    parent = position[:-1]
    siblings = sibling_list(items, parent)
    if direction == "up":
        return (*parent, index - 1) if index > 0 else None
    if direction == "down":
        return (*parent, index + 1) if index + 1 < len(siblings) else None
    if direction == "in":
        if index == 0:
            return None
        above = siblings[index - 1]
        if getattr(above, "type", None) not in CONTAINER_TYPES:
            return None
        return (*parent, index - 1, len(above.children))
    if not parent:
        return None
    return (*parent[:-1], parent[-1] + 1)


def all_names(instrument: Instrument) -> set[str]:
    return {question.name for _path, question in instrument.walk()}


def unique_name(taken: set[str], base: str) -> str:
    """`base_1`, `base_2`, ...: the first not in `taken`."""
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def new_question(instrument: Instrument, question_type: str) -> Question:
    """A blank question, group or repeat with a name no other question has."""
    base = question_type if question_type in CONTAINER_TYPES else "question"
    name = unique_name(all_names(instrument), base)
    return Question(name=name, type=question_type, path=name)


def list_users(instrument: Instrument, list_name: str) -> list[Question]:
    """The select questions whose choices come from this list (lists are shared by name)."""
    return [
        question
        for _path, question in instrument.walk()
        if question.list_name == list_name and question.type in SELECT_TYPES
    ]


def retyped(instrument: Instrument, question: Question, new_type: str) -> dict[str, Any]:
    """The field changes that make `question` a `new_type` (list, downgrade, spelling).

    A select keeps its list; a question that becomes a select gets the list named after
    it when that list is free (so switching back and forth keeps the choices typed),
    else a new list name. The type is spelt afresh on export (raw_type cleared).
    """
    changes: dict[str, Any] = {"type": new_type, "raw_type": ""}
    found = DOWNGRADES.get(new_type)
    changes["downgrade"] = found.text if found else None
    if new_type in SELECT_TYPES:
        if not question.list_name or question.type not in SELECT_TYPES:
            changes["list_name"] = free_list_name(instrument, question.name, question)
    else:
        changes["list_name"] = None
        changes["or_other"] = False
    return changes


def renamed(instrument: Instrument, question: Question, new_name: str) -> dict[str, Any]:
    """The field changes of renaming a question.

    A select whose list is still named after it and has no choices yet (its type was
    chosen before its name) takes the new name for its list too, unless another question
    uses a list of that name.
    """
    changes: dict[str, Any] = {"name": new_name}
    if (
        question.type in SELECT_TYPES
        and question.list_name == question.name
        and question.list_name not in instrument.choice_lists
        and new_name
        and not list_users(instrument, new_name)
    ):
        changes["list_name"] = new_name
    return changes


def free_list_name(instrument: Instrument, base: str, asking: Question | None = None) -> str:
    """A list name for a new select: `base` if no other question uses it, else `base_2`..."""
    candidate, number = base, 2
    while any(user is not asking for user in list_users(instrument, candidate)):
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def renamed_lists(lists: dict[str, list[Choice]], old: str, new: str) -> dict[str, list[Choice]]:
    """The choice lists with one list renamed, keeping the sheet order."""
    return {new if name == old else name: choices for name, choices in lists.items()}


def with_labels(texts: dict[str, str], language: str, text: str) -> dict[str, str]:
    """Texts with one language's text set (kept in place) or, when empty, removed."""
    if text:
        return {**texts, language: text}  # an existing language keeps its place
    return {key: value for key, value in texts.items() if key != language}


def pasted_rows(text: str) -> list[tuple[str, str]]:
    """(name, label) rows from cells copied in a spreadsheet: `name<TAB>label` per line.

    A line with one cell gives the same text as name and label; a first line reading
    `name<TAB>label` (a copied header) is skipped; blank lines are ignored.
    """
    rows: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines()):
        cells = [cell.strip() for cell in line.split("\t")]
        if not any(cells):
            continue
        if number == 0 and [c.lower() for c in cells[:2]] == ["name", "label"]:
            continue
        name = cells[0]
        label = cells[1] if len(cells) > 1 else cells[0]
        rows.append((name or label, label))
    return rows


def merge_pasted(
    choices: list[Choice], rows: list[tuple[str, str]], language: str, at: int
) -> list[Choice]:
    """The list after pasting: known names get the pasted label, new ones go in at `at`."""
    merged = [Choice.from_dict(choice.to_dict()) for choice in choices]
    by_name = {choice.name: choice for choice in merged}
    added: list[Choice] = []
    for name, label in rows:
        existing = by_name.get(name)
        if existing is not None:
            existing.labels = with_labels(existing.labels, language, label)
            continue
        choice = Choice(name, with_labels({}, language, label))
        by_name[name] = choice
        added.append(choice)
    at = max(0, min(at, len(merged)))
    return [*merged[:at], *added, *merged[at:]]


def next_choice_name(choices: list[Choice]) -> str:
    """The next free number as a choice name ('1', '2', ...), as paper codes go."""
    taken = {choice.name for choice in choices}
    number = len(choices) + 1
    while str(number) in taken:
        number += 1
    return str(number)


def synced_settings(instrument: Instrument) -> dict[str, str]:
    """The settings row saying the instrument's own title, form id and version again."""
    if instrument.kind == "questionnaire":
        return settings_for_export(instrument, instrument.form_id)
    return guide_settings(instrument, instrument.form_id)


def new_topic(topics: MutableSequence[Topic]) -> Topic:
    """A blank topic with an id no other topic of the guide has (ids never change after)."""
    taken = {topic.id for topic in topics}
    return Topic(id=unique_name(taken, "topic"), title="")


def renumber_topics(topics: list[Topic]) -> None:
    """Topic `order` follows the list order (1, 2, ...)."""
    for order, topic in enumerate(topics, start=1):
        topic.order = order
