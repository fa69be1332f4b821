"""The live state of a questionnaire being filled in: relevance, calculations, choices, errors.

Pure Python, so entry screens, spreadsheet import and tests share one set of rules. The
engine holds answers by answer path (see instruments.answers), expands repeats into
instances, and after each change recomputes calculations and relevance in form order,
returning what changed so a screen updates only those widgets. An expression that fails
at entry time never breaks the form: it counts as absent (shown, no constraint, empty).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from instruments.answers import AnswerError, ChoiceSet, coerce_answer, instance_path
from instruments.expressions import (
    EvaluationContext,
    EvaluationError,
    ExpressionError,
    evaluate,
    parse,
    to_boolean,
    to_number,
)
from instruments.model import Choice, Instrument, Question

# Questions that hold no answer of their own.
_NO_VALUE = frozenset({"group", "repeat", "note"})
MAX_REPEAT_INSTANCES = 500
_INSTANCE_SUFFIX = re.compile(r"\[\d+\]$")


@dataclass
class Item:
    """One question as it appears in this session: a repeat instance makes its own items."""

    question: Question
    path: str  # answer path, with repeat instance numbers
    indices: dict[str, int] = field(default_factory=dict)  # repeat question path -> instance
    depth: int = 0

    @property
    def name(self) -> str:
        return self.question.name


@dataclass
class Changes:
    """What one edit changed, for the screen and for autosave."""

    values: dict[str, Any] = field(default_factory=dict)  # calculated paths -> new value
    relevance: dict[str, bool] = field(default_factory=dict)  # paths whose relevance flipped
    structure: bool = False  # repeat instances added or removed: rebuild the item list

    def __bool__(self) -> bool:
        return bool(self.values or self.relevance or self.structure)


class FormState:
    """Answers of one session against one instrument, with the form's rules applied."""

    def __init__(
        self,
        instrument: Instrument,
        answers: dict[str, Any] | None = None,
        language: str | None = None,
        now: datetime | None = None,
    ) -> None:
        self.instrument = instrument
        self.language = language or instrument.default_language
        self._now = now
        self.answers: dict[str, Any] = dict(answers or {})
        self._by_name: dict[str, Question] = {}
        self._paths: dict[str, str] = {}
        self._repeat_of: dict[str, list[str]] = {}  # question path -> enclosing repeat paths
        self._by_path: dict[str, Question] = dict(instrument.walk())  # no tree walk per lookup
        for path, question in instrument.walk():
            self._by_name.setdefault(question.name, question)
            self._paths[question.name] = path
            self._repeat_of[path] = self._enclosing_repeats(path)
        self.items: list[Item] = []
        self._item_by_path: dict[str, Item] = {}
        self._relevant: dict[str, bool] = {}
        self._rebuild()
        self.recompute()

    # --- structure ------------------------------------------------------------------------

    def _enclosing_repeats(self, path: str) -> list[str]:
        parts = path.split("/")
        found = []
        for end in range(1, len(parts)):
            prefix = "/".join(parts[:end])
            question = self._by_path.get(prefix)
            if question is not None and question.type == "repeat":
                found.append(prefix)
        return found

    def _rebuild(self) -> None:
        self.items = list(self._expand(self.instrument.questions, {}, 0))
        self._item_by_path = {item.path: item for item in self.items}

    def _expand(
        self, questions: list[Question], indices: dict[str, int], depth: int
    ) -> Iterator[Item]:
        for question in questions:
            path = instance_path(question.path, indices)
            yield Item(question, path, dict(indices), depth)
            if question.type == "group":
                yield from self._expand(question.children, indices, depth + 1)
            elif question.type == "repeat":
                for number in range(1, self.instance_count(path) + 1):
                    inner = {**indices, question.path: number}
                    yield from self._expand(question.children, inner, depth + 1)

    def instance_count(self, repeat_path: str) -> int:
        """How many instances a repeat has: from repeat_count, else as the user added them."""
        item_question = self._question_at(repeat_path)
        if item_question is not None and item_question.repeat_count:
            indices = self._indices_of(repeat_path)
            count = to_number(self._evaluate(item_question.repeat_count, indices, None))
            if count != count:  # NaN: not yet answerable
                return 0
            return max(0, min(int(count), MAX_REPEAT_INSTANCES))
        stored = self.answers.get(repeat_path)
        return int(stored) if isinstance(stored, int) and stored > 0 else 0

    def can_add_instance(self, repeat_path: str) -> bool:
        question = self._question_at(repeat_path)
        return question is not None and not question.repeat_count

    def add_instance(self, repeat_path: str) -> Changes:
        """Add one instance to a user-counted repeat; the count itself is an answer."""
        if not self.can_add_instance(repeat_path):
            raise ValueError("This roster's size is set by an earlier answer.")
        count = self.instance_count(repeat_path)
        if count >= MAX_REPEAT_INSTANCES:
            raise ValueError(f"A roster can hold at most {MAX_REPEAT_INSTANCES} entries.")
        self.answers[repeat_path] = count + 1
        changes = self._restructure()
        changes.values[repeat_path] = count + 1
        return changes

    def remove_instance(self, repeat_path: str, number: int) -> tuple[Changes, list[str]]:
        """Remove instance `number`, moving later ones down.

        Returns the changes (moved values included) and the answer paths that no longer
        exist, which the caller deletes from storage.
        """
        count = self.instance_count(repeat_path)
        if not self.can_add_instance(repeat_path) or not 1 <= number <= count:
            raise ValueError("There is no such entry to remove.")
        before = set(self.answers)
        moved: dict[str, Any] = {}
        for n in range(number, count + 1):
            prefix = f"{repeat_path}[{n}]"
            for path in [p for p in self.answers if p == prefix or p.startswith(prefix + "/")]:
                value = self.answers.pop(path)
                if n > number:
                    moved[f"{repeat_path}[{n - 1}]" + path[len(prefix) :]] = value
        self.answers.update(moved)
        self.answers[repeat_path] = count - 1
        removed = sorted(before - set(self.answers))
        changes = self._restructure()
        changes.values.update(moved)
        changes.values[repeat_path] = count - 1
        return changes, removed

    def _restructure(self) -> Changes:
        self._rebuild()
        changes = self.recompute()
        changes.structure = True
        return changes

    # --- lookups ----------------------------------------------------------------------------

    def _question_at(self, answer_path: str) -> Question | None:
        from instruments.answers import question_path_of

        question_path = question_path_of(answer_path)[0]
        return self._by_path.get(question_path) or self.instrument.find(question_path)

    def _indices_of(self, answer_path: str) -> dict[str, int]:
        from instruments.answers import question_path_of

        question_path, numbers = question_path_of(answer_path)
        repeats = self._repeat_of.get(question_path, [])
        return dict(zip(repeats, numbers, strict=False))

    def item(self, answer_path: str) -> Item | None:
        return self._item_by_path.get(answer_path)

    # --- evaluation ------------------------------------------------------------------------

    def _evaluate(self, source: str, indices: dict[str, int], current: Any) -> Any:
        """Evaluate an expression; a failure counts as no value (the form keeps working)."""
        try:
            return evaluate(parse(source), _FormContext(self, indices, current))
        except (EvaluationError, ExpressionError):
            return None

    def _true(self, source: str | None, indices: dict[str, int], current: Any = None) -> bool:
        if not source:
            return True
        result = self._evaluate(source, indices, current)
        return True if result is None else to_boolean(result)

    def value_for_expression(self, name: str, indices: dict[str, int]) -> Any:
        """${name} as expressions see it: siblings in the same instance, else a list."""
        path = self._paths.get(name)
        if path is None:
            return None
        question = self._by_name[name]
        repeats = self._repeat_of.get(path, [])
        if all(r in indices for r in repeats):
            return _expression_value(question, self.answers.get(instance_path(path, indices)))
        values = [
            _expression_value(question, self.answers.get(item.path))
            for item in self.items
            if item.question is question
            and all(item.indices.get(r) == n for r, n in indices.items() if r in repeats)
        ]
        return values

    # --- recomputation --------------------------------------------------------------------

    def recompute(self) -> Changes:
        """Calculations then relevance, in form order, until stable (calculations may refer
        forward). Returns the calculated values and relevance that changed."""
        changes = Changes()
        for _ in range(3):
            changed = False
            for item in self.items:
                question = item.question
                if not question.calculation or question.type in _NO_VALUE:
                    continue
                value = _stored_calculation(
                    self._evaluate(question.calculation, item.indices, None)
                )
                if self.answers.get(item.path) != value:
                    self._store(item.path, value)
                    changes.values[item.path] = value
                    changed = True
            if not changed:
                break
        relevant: dict[str, bool] = {}
        for item in self.items:
            parent = _parent_path(item.path)
            inherited = relevant.get(parent, True) if parent else True
            relevant[item.path] = inherited and self._true(
                item.question.relevant, item.indices, self.answers.get(item.path)
            )
        for path, now_relevant in relevant.items():
            if self._relevant.get(path, True) != now_relevant:
                changes.relevance[path] = now_relevant
        self._relevant = relevant
        return changes

    def is_relevant(self, answer_path: str) -> bool:
        return self._relevant.get(answer_path, True)

    def visible_items(self) -> list[Item]:
        return [item for item in self.items if self.is_relevant(item.path)]

    # --- answering ------------------------------------------------------------------------

    def set_answer(self, answer_path: str, raw: Any) -> tuple[Any, Changes]:
        """Coerce and store one answer; returns the stored value and what else changed.

        Raises AnswerError (a type error, or a choice not offered) and stores nothing then.
        """
        item = self.item(answer_path)
        if item is None:
            raise AnswerError("This question is not part of the form.")
        question = item.question
        value = coerce_answer(
            question.entry_type,
            raw,
            self._choice_set(item),
            allow_other=question.or_other,
        )
        if self.answers.get(answer_path) == value:
            return value, Changes()
        self._store(answer_path, value)
        before = len(self.items)
        self._rebuild()
        changes = self.recompute()
        changes.structure = len(self.items) != before or changes.structure
        return value, changes

    def answer_writes(
        self, changes: Changes, edited: str | None = None
    ) -> dict[str, tuple[Any, bool]]:
        """What autosave commits after an edit: path -> (value, relevant).

        The edited answer, every calculated value the edit changed, and the relevance flag
        of each stored answer whose relevance flipped (hidden answers are kept, but marked).
        """
        paths = list(changes.values)
        if edited is not None:
            paths.insert(0, edited)
        paths += [p for p in changes.relevance if p in self.answers and p not in paths]
        return {path: (self.answers.get(path), self.is_relevant(path)) for path in paths}

    def stored_relevance_fixes(self, stored: dict[str, bool]) -> dict[str, tuple[Any, bool]]:
        """Answers whose stored relevance flag (path -> flag) disagrees with the form now."""
        return {
            path: (self.answers.get(path), self.is_relevant(path))
            for path, flag in stored.items()
            if path in self.answers
            and self.item(path) is not None
            and flag != self.is_relevant(path)
        }

    def start_values(self, device_id: str, username: str) -> dict[str, Any]:
        """Fill what the app knows when a session starts: start, today, deviceid, username,
        and plain (non-expression) defaults of unanswered questions outside repeats.

        Returns path -> value of what it set; metadata already present is left alone.
        """
        moment = self.now().replace(microsecond=0, tzinfo=None)
        known = {
            "start": moment.isoformat(),
            "today": moment.date().isoformat(),
            "deviceid": device_id,
            "username": username or None,
        }
        filled: dict[str, Any] = {}
        for item in list(self.items):
            question = item.question
            if item.path in self.answers:
                continue
            if question.type in known and known[question.type] is not None:
                filled[item.path] = known[question.type]
            elif question.default and not item.indices and _is_literal(question.default):
                try:
                    filled[item.path] = coerce_answer(
                        question.entry_type, question.default, self._choice_set(item)
                    )
                except AnswerError:
                    continue
        return self._apply_filled(filled)

    def end_values(self) -> dict[str, Any]:
        """The `end` metadata, set (again) each time the session is marked complete."""
        moment = self.now().replace(microsecond=0, tzinfo=None).isoformat()
        filled = {item.path: moment for item in self.items if item.question.type == "end"}
        return self._apply_filled(filled)

    def _apply_filled(self, filled: dict[str, Any]) -> dict[str, Any]:
        if not filled:
            return {}
        for path, value in filled.items():
            self._store(path, value)
        self._rebuild()
        filled.update(self.recompute().values)
        return filled

    def _store(self, answer_path: str, value: Any) -> None:
        if value is None:
            self.answers.pop(answer_path, None)
        else:
            self.answers[answer_path] = value

    def _choice_set(self, item: Item) -> ChoiceSet | None:
        if item.question.type not in ("select_one", "select_multiple", "rank"):
            return None
        if item.question.entry_type != item.question.type:
            return None
        return ChoiceSet(tuple(choice.name for choice in self.choices(item)))

    def choices(self, item: Item) -> list[Choice]:
        """The choices offered now, narrowed by the question's choice_filter."""
        question = item.question
        offered = self.instrument.choices_for(question)
        if not question.choice_filter:
            return offered
        kept = []
        for choice in offered:
            children = {**choice.extra, "name": choice.name}
            context = _FormContext(self, item.indices, None, children)
            try:
                keep = to_boolean(evaluate(parse(question.choice_filter), context))
            except (EvaluationError, ExpressionError):
                keep = True
            if keep:
                kept.append(choice)
        return kept

    # --- validation -------------------------------------------------------------------------

    def error(self, answer_path: str) -> str | None:
        """Why this answer cannot stand (required, constraint), or None."""
        item = self.item(answer_path)
        if item is None or not self.is_relevant(answer_path):
            return None
        question = item.question
        if question.type in _NO_VALUE or question.is_metadata:
            return None
        value = self.answers.get(answer_path)
        if value in (None, "", []):
            if question.required and self._required(item):
                return self._message(question.required_messages) or "This question is required."
            return None
        range_message = _range_error(question, value)
        if range_message:
            return range_message
        if question.constraint and not self._true(
            question.constraint, item.indices, _expression_value(question, value)
        ):
            return self._message(question.constraint_messages) or (
                f"This answer is not allowed here (it breaks the rule “{question.constraint}”)."
            )
        return None

    def _required(self, item: Item) -> bool:
        source = item.question.required or ""
        if source.strip().lower() in ("yes", "true", "true()"):
            return True
        result = self._evaluate(source, item.indices, None)
        return bool(result) and to_boolean(result)

    def _message(self, texts: dict[str, str]) -> str:
        from instruments.model import pick_text

        return pick_text(texts, self.language, self.instrument.default_language)

    def problems(self) -> list[tuple[str, str]]:
        """Every (answer path, message) that blocks marking the session complete."""
        return [
            (item.path, message)
            for item in self.items
            if (message := self.error(item.path)) is not None
        ]

    def first_unanswered_required(self, after: str | None = None) -> str | None:
        """The next required, relevant, unanswered question (wrapping), for the shortcut."""
        paths = [path for path, _ in self.problems()]
        if not paths:
            return None
        if after is None:
            return paths[0]
        order = [item.path for item in self.items]
        position = order.index(after) if after in order else -1
        later = [p for p in paths if order.index(p) > position]
        return (later or paths)[0]

    def label(self, question: Question) -> str:
        return question.label(self.language, self.instrument.default_language) or question.name

    def now(self) -> datetime:
        return self._now or datetime.now().astimezone()


class _FormContext(EvaluationContext):
    """What an expression sees: the form's answers, from one repeat instance's view."""

    def __init__(
        self,
        state: FormState,
        indices: dict[str, int],
        current: Any,
        children: dict[str, Any] | None = None,
    ) -> None:
        self.state = state
        self.indices = indices
        self.current = current
        self.children = children or {}

    def value(self, name: str) -> Any:
        return self.state.value_for_expression(name, self.indices)

    def child_value(self, path: str) -> Any:
        return self.children.get(path)

    def choice_label(self, question_name: str, choice_name: str) -> str | None:
        question = self.state._by_name.get(question_name)
        if question is None:
            return None
        for choice in self.state.instrument.choices_for(question):
            if choice.name == choice_name:
                return choice.label(self.state.language, self.state.instrument.default_language)
        return None

    def position(self) -> int:
        return list(self.indices.values())[-1] if self.indices else 1

    def now(self) -> datetime:
        return self.state.now()


def _is_literal(default: str) -> bool:
    """A default written as a plain value (not an expression such as `${a}` or `today()`)."""
    return "${" not in default and "(" not in default


def _range_error(question: Question, value: Any) -> str | None:
    """A range answer outside its start..end, or off its step (parameters of the row)."""
    if question.type != "range" or not isinstance(value, int | float):
        return None
    try:
        start = float(question.parameters.get("start", "1"))
        end = float(question.parameters.get("end", "10"))
        step = abs(float(question.parameters.get("step", "1"))) or 1.0
    except ValueError:
        return None
    low, high = min(start, end), max(start, end)
    steps = (value - start) / step
    if not low <= value <= high or abs(steps - round(steps)) > 1e-9:
        return f"Choose a number from {start:g} to {end:g} in steps of {step:g}."
    return None


def _parent_path(answer_path: str) -> str:
    """The enclosing group's or repeat's answer path: `a/rep[2]/q` -> `a/rep`.

    A repeat entry (`a/rep[2]`) is no item of its own; its questions follow the repeat.
    """
    parent = answer_path.rsplit("/", 1)[0] if "/" in answer_path else ""
    return _INSTANCE_SUFFIX.sub("", parent)


def _expression_value(question: Question, value: Any) -> Any:
    """A stored answer as XPath expects it: lists joined by spaces, dates as dates."""
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if question.type == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if question.type == "dateTime" and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _stored_calculation(result: Any) -> Any:
    """A calculation's result as stored: numbers stay numbers, NaN and '' are no value."""
    if result is None or result == "":
        return None
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, float):
        if result != result or result in (float("inf"), float("-inf")):
            return None
        return int(result) if result.is_integer() else round(result, 10)
    if isinstance(result, datetime):
        return result.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(result, date):
        return result.isoformat()
    if isinstance(result, list):
        return " ".join(str(v) for v in result)
    return result
