"""What an instrument is: questions, choices and guide topics, as plain JSON-able data.

The definition is stored as JSON in SQLite, so every class here converts to and from
plain dicts, and `Instrument.to_json()` gives the same bytes for the same definition (the
stored sha256 is taken over it). Fields left at their default are omitted from the JSON:
definitions stay small, and adding a field later does not change the hash of old ones.

Texts that can be translated (labels, hints, messages, media) are dicts keyed by language
as written in the column header (`label::English (en)` -> "English (en)"); "" is the
language of columns without a suffix (`label`). Media are keyed by kind first
(`{"image": {"": "cat.png"}}`).

Expressions disabled at import (a function Fieldnotes does not know, or a calculation in
a cycle) are set to None on the question and kept, as written, in `disabled_expressions`
under the field's name, so an XLSForm export can write them back unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar, Literal

from instruments.types import CONTAINER_TYPES, METADATA_TYPES, entry_type, row_type_of

#: Version of the JSON layout written by `Instrument.to_dict`.
DEFINITION_FORMAT = 1

InstrumentKind = Literal["questionnaire", "interview", "focus_group"]
INSTRUMENT_KINDS: tuple[str, ...] = ("questionnaire", "interview", "focus_group")

#: The choice an `or_other` select adds to its list (as pyxform does).
OTHER_CHOICE_NAME = "other"


def pick_text(
    texts: Mapping[str, str], language: str | None = None, default_language: str = ""
) -> str:
    """The text in `language`, else the default language, else unlabelled, else any."""
    for key in (language, default_language, ""):
        if key is not None and texts.get(key):
            return texts[key]
    return next((text for text in texts.values() if text), "")


def _defaults(cls: type) -> dict[str, Any]:
    """Each field's default value, to leave defaults out of the JSON."""
    found: dict[str, Any] = {}
    for item in fields(cls):
        if item.default is not MISSING:
            found[item.name] = item.default
        elif item.default_factory is not MISSING:
            found[item.name] = item.default_factory()
    return found


def _check_keys(cls: type, data: Mapping[str, Any], known: Mapping[str, Any]) -> None:
    unknown = set(data) - set(known) - {"name"}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValueError(f"{cls.__name__} definition has unknown keys: {names}")


@dataclass(slots=True)
class Choice:
    """One option of a choice list; `extra` holds other columns (used by choice_filter)."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    media: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    _DEFAULTS: ClassVar[dict[str, Any]]

    def label(self, language: str | None = None, default_language: str = "") -> str:
        return pick_text(self.labels, language, default_language) or self.name

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        for key, default in Choice._DEFAULTS.items():
            value = getattr(self, key)
            if value != default:
                data[key] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Choice:
        _check_keys(cls, data, cls._DEFAULTS)
        return cls(
            name=data["name"],
            labels=dict(data.get("labels", {})),
            media={kind: dict(files) for kind, files in data.get("media", {}).items()},
            extra=dict(data.get("extra", {})),
        )


Choice._DEFAULTS = {k: v for k, v in _defaults(Choice).items() if k != "name"}


@dataclass(slots=True)
class Question:
    """One survey row: a question, a note, a calculation, metadata, or a group/repeat.

    `row` is the survey sheet row as Excel numbers it; `end_row` the row of the matching
    `end group` / `end repeat`. `type` is normalised (see instruments.types); `raw_type`
    is the cell as written. `downgrade` is None, or how a type the laptop cannot capture
    as designed is entered instead. `extra` keeps other columns by their header as
    written, so an XLSForm export can write them back.
    """

    name: str
    type: str
    raw_type: str = ""
    path: str = ""
    row: int | None = None
    end_row: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    constraint_messages: dict[str, str] = field(default_factory=dict)
    required_messages: dict[str, str] = field(default_factory=dict)
    media: dict[str, dict[str, str]] = field(default_factory=dict)
    list_name: str | None = None
    or_other: bool = False
    choice_filter: str | None = None
    relevant: str | None = None
    constraint: str | None = None
    required: str | None = None
    calculation: str | None = None
    default: str | None = None
    read_only: str | None = None
    appearance: str | None = None
    repeat_count: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    identifying: bool = False
    children: list[Question] = field(default_factory=list)
    downgrade: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    disabled_expressions: dict[str, str] = field(default_factory=dict)

    _DEFAULTS: ClassVar[dict[str, Any]]
    _REQUIRED: ClassVar[tuple[str, ...]] = ("name", "type")

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_metadata(self) -> bool:
        """Filled in by the app (start, end, deviceid, ...), never asked."""
        return self.type in METADATA_TYPES

    @property
    def entry_type(self) -> str:
        """How the laptop captures the answer: the type, or its downgrade's equivalent."""
        return entry_type(self.type, self.downgrade is not None)

    @property
    def row_type(self) -> str:
        """The XLSForm row spelling of the type ('begin_group', 'photo', 'string', ...)."""
        return row_type_of(self.raw_type) if self.raw_type else self.type

    def label(self, language: str | None = None, default_language: str = "") -> str:
        return pick_text(self.labels, language, default_language)

    def hint(self, language: str | None = None, default_language: str = "") -> str:
        return pick_text(self.hints, language, default_language)

    def walk(self) -> Iterator[Question]:
        """This question, then its descendants depth-first in form order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type}
        for key, default in Question._DEFAULTS.items():
            value = getattr(self, key)
            if value != default:
                data[key] = [c.to_dict() for c in value] if key == "children" else value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        _check_keys(cls, {k: v for k, v in data.items() if k != "type"}, cls._DEFAULTS)
        kwargs: dict[str, Any] = {"name": data["name"], "type": data["type"]}
        for key in cls._DEFAULTS:
            if key not in data:
                continue
            value = data[key]
            if key == "children":
                value = [cls.from_dict(child) for child in value]
            elif key == "media":
                value = {kind: dict(files) for kind, files in value.items()}
            elif isinstance(value, dict):
                value = dict(value)
            kwargs[key] = value
        return cls(**kwargs)


Question._DEFAULTS = {k: v for k, v in _defaults(Question).items() if k not in ("name", "type")}


@dataclass(slots=True)
class Topic:
    """One topic of an interview or focus-group guide, with what to ask and probe."""

    id: str
    title: str
    question: str = ""
    prompts: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    order: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "question": self.question,
            "prompts": list(self.prompts),
            "probes": list(self.probes),
            "order": self.order,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Topic:
        return cls(
            id=data["id"],
            title=data["title"],
            question=data.get("question", ""),
            prompts=list(data.get("prompts", [])),
            probes=list(data.get("probes", [])),
            order=int(data.get("order", 0)),
        )


def _choice_lists_to_dict(lists: Mapping[str, list[Choice]]) -> dict[str, Any]:
    return {name: [choice.to_dict() for choice in choices] for name, choices in lists.items()}


def _choice_lists_from_dict(data: Mapping[str, Any]) -> dict[str, list[Choice]]:
    return {name: [Choice.from_dict(c) for c in choices] for name, choices in data.items()}


@dataclass(slots=True)
class Instrument:
    """A questionnaire (an XLSForm) or an interview / focus-group guide (topics).

    `questions` is the tree of top-level survey rows; `choice_lists` maps a list name to
    its choices in sheet order; `external_choices` keeps the external_choices sheet so an
    export can write it back. `languages` are in the order their columns appear, "" for
    columns without a language suffix.
    """

    kind: str
    form_id: str
    title: str
    version: str = ""
    default_language: str = ""
    languages: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    choice_lists: dict[str, list[Choice]] = field(default_factory=dict)
    external_choices: dict[str, list[Choice]] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[str, Question]]:
        """Every question depth-first in form order, with its path ('group/sub/name')."""
        for question in self.questions:
            for item in question.walk():
                yield item.path, item

    def find(self, name_or_path: str) -> Question | None:
        """The question with this path, or else the first with this name."""
        by_name = None
        for path, question in self.walk():
            if path == name_or_path:
                return question
            if by_name is None and question.name == name_or_path:
                by_name = question
        return by_name

    def question_count_by_type(
        self, spelling: Literal["model", "xlsform"] = "model"
    ) -> dict[str, int]:
        """How many survey rows of each type the instrument holds.

        spelling="model" counts normalised types ('group', 'dateTime', 'image', ...).
        spelling="xlsform" counts raw survey rows as XLSForm spells them once pure aliases
        are folded, end rows included ('begin_group' and 'end_group', 'begin_loop',
        'photo', 'string', 'datetime'); that is how the test corpus manifest counts.
        """
        counts: dict[str, int] = {}
        for _path, question in self.walk():
            key = question.type if spelling == "model" else question.row_type
            counts[key] = counts.get(key, 0) + 1
            if spelling == "xlsform" and question.end_row is not None:
                end_key = "end_" + key.removeprefix("begin_")
                counts[end_key] = counts.get(end_key, 0) + 1
        return counts

    def choices_for(self, question: Question) -> list[Choice]:
        """The choices a select offers, with the implied 'Other' of an or_other select."""
        choices = list(self.choice_lists.get(question.list_name or "", []))
        if question.or_other and not any(c.name == OTHER_CHOICE_NAME for c in choices):
            choices.append(Choice(OTHER_CHOICE_NAME, {"": "Other"}))
        return choices

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": DEFINITION_FORMAT,
            "kind": self.kind,
            "form_id": self.form_id,
            "title": self.title,
            "version": self.version,
            "default_language": self.default_language,
            "languages": list(self.languages),
            "settings": dict(self.settings),
            "questions": [question.to_dict() for question in self.questions],
            "choice_lists": _choice_lists_to_dict(self.choice_lists),
            "external_choices": _choice_lists_to_dict(self.external_choices),
            "topics": [topic.to_dict() for topic in self.topics],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Instrument:
        version = data.get("format", DEFINITION_FORMAT)
        if version != DEFINITION_FORMAT:
            raise ValueError(
                f"instrument definition format {version} is not supported "
                f"(this version reads format {DEFINITION_FORMAT})"
            )
        if data["kind"] not in INSTRUMENT_KINDS:
            raise ValueError(f"unknown instrument kind {data['kind']!r}")
        return cls(
            kind=data["kind"],
            form_id=data["form_id"],
            title=data["title"],
            version=data.get("version", ""),
            default_language=data.get("default_language", ""),
            languages=list(data.get("languages", [])),
            settings=dict(data.get("settings", {})),
            questions=[Question.from_dict(q) for q in data.get("questions", [])],
            choice_lists=_choice_lists_from_dict(data.get("choice_lists", {})),
            external_choices=_choice_lists_from_dict(data.get("external_choices", {})),
            topics=[Topic.from_dict(t) for t in data.get("topics", [])],
        )

    def to_json(self) -> str:
        """The stable JSON text of the definition: same instrument, same text.

        Keys keep their order (field order, then sheet order for columns and lists), so
        an export can write columns back as they were; no whitespace, UTF-8 as is.
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Instrument:
        return cls.from_dict(json.loads(text))

    def definition_sha256(self) -> str:
        """sha256 of `to_json()` in UTF-8: tells two versions of a definition apart."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()
