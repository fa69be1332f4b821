"""The one place that turns an instrument's questions into widgets.

`build_row` picks the editor for a question from its entry type (instruments.types) and
appearance; the form view only arranges what this module makes. Calculations, hidden
values and metadata (start, end, today, deviceid, username) get no widget: the app fills
them in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gui.entry.choice_inputs import ChecksInput, ComboInput, RadioInput, RankInput
from gui.entry.file_input import Attach, AttachmentInput
from gui.entry.inputs import (
    AcknowledgeInput,
    DateInput,
    DateTimeInput,
    MultilineInput,
    NumberInput,
    QuestionInput,
    RangeInput,
    ReadOnlyInput,
    TextInput,
    TimeInput,
)
from gui.entry.question_row import QuestionRow
from instruments.form_engine import FormState, Item
from instruments.model import Question

#: A select_one with more choices than this is a drop-down list instead of radio buttons.
RADIO_LIMIT = 8
_NOT_SHOWN = frozenset({"calculate", "hidden"})
_TRUE = ("yes", "true", "true()", "1")


@dataclass(frozen=True)
class FactoryContext:
    """What editors need besides the question: the live form and how to attach a file."""

    state: FormState
    attach: Attach


def is_shown(question: Question) -> bool:
    """Does this question get a row (groups and repeats get sections instead)?"""
    return (
        question.type not in _NOT_SHOWN
        and not question.is_metadata
        and question.type not in ("group", "repeat")
    )


def takes_answer(question: Question) -> bool:
    """Does this question's row have an editor the fieldworker fills in?"""
    return is_shown(question) and question.entry_type not in ("note", "none")


def object_name(item: Item) -> str:
    """`q:<question name>`, or `q:<answer path>` inside repeats (`q:member[2]/age`)."""
    return f"q:{item.path}" if item.indices else f"q:{item.question.name}"


def choice_pairs(state: FormState, item: Item) -> list[tuple[str, str]]:
    """(name, label) of the choices offered now, after the choice filter, in this language."""
    language, default = state.language, state.instrument.default_language
    return [(choice.name, choice.label(language, default)) for choice in state.choices(item)]


def _appearance(question: Question) -> set[str]:
    return set((question.appearance or "").lower().split())


def _select_one(question: Question, choice_count: int) -> QuestionInput:
    appearance = _appearance(question)
    if choice_count > RADIO_LIMIT or appearance & {"minimal", "autocomplete", "search"}:
        return ComboInput()
    return RadioInput()


_SIMPLE: dict[str, Callable[[], QuestionInput]] = {
    "integer": lambda: NumberInput(decimal=False),
    "decimal": lambda: NumberInput(decimal=True),
    "date": DateInput,
    "time": TimeInput,
    "dateTime": DateTimeInput,
    "acknowledge": AcknowledgeInput,
    "select_multiple": ChecksInput,
    "rank": RankInput,
}


def build_input(item: Item, context: FactoryContext) -> QuestionInput | None:
    """The editor for a question, or None for a note (a row with read-only text)."""
    question = item.question
    kind = question.entry_type
    if kind == "note":
        return None
    if kind == "text":
        if "multiline" in _appearance(question):
            return MultilineInput()
        return TextInput(placeholder=question.downgrade or "")
    if kind == "select_one":
        return _select_one(question, len(context.state.instrument.choices_for(question)))
    if kind == "range":
        return RangeInput(question.parameters)
    if kind == "attachment":
        return AttachmentInput(context.attach, question.downgrade or "")
    if kind == "none":
        return ReadOnlyInput(question.downgrade or "Not recorded on a laptop")
    make = _SIMPLE.get(kind)
    return make() if make else TextInput(placeholder=question.downgrade or "")


def build_row(item: Item, context: FactoryContext) -> QuestionRow:
    """A question's whole row: editor named `q:...`, choices, texts and current answer."""
    state = context.state
    editor = build_input(item, context)
    row = QuestionRow(item, editor)
    if editor is not None:
        editor.identify(object_name(item), state.label(item.question))
        if item.question.list_name:
            editor.set_choices(choice_pairs(state, item))
        editor.show_value(state.answers.get(item.path))
        if (item.question.read_only or "").strip().lower() in _TRUE:
            editor.set_editable(False)
    else:
        row.label.setObjectName(object_name(item))
    row.show_texts(state, is_required(item.question))
    return row


def is_required(question: Question) -> bool:
    """Marked with * when required outright; conditional requirements show as errors."""
    return (question.required or "").strip().lower() in _TRUE
