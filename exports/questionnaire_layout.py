"""The columns of a questionnaire across its versions, shared by the export and the import.

Versions of a questionnaire share a `family_id`. Their questions are merged into one list
of columns: the newest version's questions in form order, then questions older versions
had and newer ones dropped (newest first), so a question added in version 2 is simply
blank for version 1 sessions. Groups and notes hold no value and get no column; repeats
get a sheet of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from exports.errors import ExportError
from instruments.model import Choice, Instrument, Question

#: Survey rows that hold no answer.
VALUELESS_TYPES = frozenset({"group", "repeat", "note"})
#: The metadata columns of a questionnaire sheet, in order, as the import knows them.
META_COLUMNS = (
    "_id",
    "_index",
    "participant",
    "site",
    "fieldworker",
    "started",
    "ended",
    "status",
    "version",
)
#: The linking columns that start every repeat sheet.
REPEAT_META_COLUMNS = ("_index", "_parent_index", "_parent_table_name", "_submission__id")
#: Types whose answers are lists of choice names.
LIST_TYPES = frozenset({"select_multiple", "rank"})


@dataclass
class QuestionSpec:
    """One question as a column: its newest definition, and where it sits."""

    path: str
    question: Question
    instrument: Instrument
    repeats: tuple[str, ...]
    choices: list[Choice] = field(default_factory=list)
    identifying: bool = False

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def repeat(self) -> str | None:
        """The innermost repeat holding the question, or None on the main sheet."""
        return self.repeats[-1] if self.repeats else None

    @property
    def entry_type(self) -> str:
        return self.question.entry_type

    @property
    def is_free_text(self) -> bool:
        """Free text a participant may have said or written (dropped for withdrawn ones)."""
        return self.entry_type == "text" or self.question.type in ("calculate", "hidden")

    def label(self, language: str | None = None) -> str:
        return self.question.label(language, self.instrument.default_language) or self.name

    def choice_label(self, choice: Choice, language: str | None = None) -> str:
        return choice.label(language, self.instrument.default_language)


@dataclass
class RepeatSpec:
    path: str
    question: Question
    parents: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.question.name

    @property
    def parent(self) -> str | None:
        return self.parents[-1] if self.parents else None


@dataclass
class VersionShape:
    """One version's value-bearing questions and repeats, by path."""

    questions: dict[str, Question]
    repeats: dict[str, Question]
    repeat_chains: dict[str, tuple[str, ...]]


@dataclass
class FamilyLayout:
    """Every version of one questionnaire, and the merged columns of its sheets."""

    family_id: str
    name: str
    rows: list[dict[str, Any]]
    instruments: dict[str, Instrument]
    shapes: dict[str, VersionShape]
    questions: list[QuestionSpec]
    repeats: list[RepeatSpec]
    by_path: dict[str, QuestionSpec]

    @property
    def instrument_ids(self) -> list[str]:
        return [row["id"] for row in self.rows]

    @property
    def latest(self) -> dict[str, Any]:
        return self.rows[-1]

    @property
    def repeat_chains(self) -> dict[str, tuple[str, ...]]:
        """Repeat path -> the repeats it sits in, then itself (outermost first)."""
        return {repeat.path: (*repeat.parents, repeat.path) for repeat in self.repeats}

    def counted_by_user(self, instrument_id: str, repeat_path: str) -> bool:
        """Entries are added by hand (no repeat_count): their number is stored as an answer
        at the repeat's own path, as the form engine keeps it."""
        question = self.shapes[instrument_id].repeats.get(repeat_path)
        return question is not None and not question.repeat_count

    def columns_of(self, repeat: str | None) -> list[QuestionSpec]:
        return [spec for spec in self.questions if spec.repeat == repeat]

    def version_label(self, instrument_id: str) -> str:
        for row in self.rows:
            if row["id"] == instrument_id:
                return version_label(row)
        return ""

    def version_by_label(self, label: str) -> dict[str, Any] | None:
        """The version a `version` cell names: its version text or its number."""
        wanted = label.strip()
        for row in reversed(self.rows):
            if wanted in (version_label(row), str(row["version"]), str(row["version_number"])):
                return row
        return None


def version_label(row: dict[str, Any]) -> str:
    """How a session's instrument version is written: the form's version, else its number."""
    return str(row["version"]).strip() or str(row["version_number"])


def _shape(instrument: Instrument) -> tuple[VersionShape, list[tuple[str, Question, tuple]]]:
    questions: dict[str, Question] = {}
    repeats: dict[str, Question] = {}
    chains: dict[str, tuple[str, ...]] = {}
    order: list[tuple[str, Question, tuple[str, ...]]] = []

    def visit(items: Iterable[Question], prefix: str, chain: tuple[str, ...]) -> None:
        for question in items:
            path = question.path or (f"{prefix}/{question.name}" if prefix else question.name)
            if question.type == "repeat":
                repeats[path] = question
                chains[path] = chain
                order.append((path, question, chain))
                visit(question.children, path, (*chain, path))
            elif question.type == "group":
                visit(question.children, path, chain)
            elif question.type not in VALUELESS_TYPES:
                questions[path] = question
                order.append((path, question, chain))

    visit(instrument.questions, "", ())
    return VersionShape(questions, repeats, chains), order


def _merge_choices(existing: list[Choice], more: Sequence[Choice]) -> list[Choice]:
    names = {choice.name for choice in existing}
    return existing + [choice for choice in more if choice.name not in names]


def build_family_layout(rows: list[dict[str, Any]]) -> FamilyLayout:
    """The layout of one family from its instrument rows (oldest version first)."""
    instruments: dict[str, Instrument] = {}
    shapes: dict[str, VersionShape] = {}
    specs: dict[str, QuestionSpec] = {}
    repeat_specs: dict[str, RepeatSpec] = {}
    for row in reversed(rows):
        instrument = read_definition(row)
        instruments[row["id"]] = instrument
        shape, order = _shape(instrument)
        shapes[row["id"]] = shape
        for path, question, chain in order:
            if question.type == "repeat":
                repeat_specs.setdefault(path, RepeatSpec(path, question, chain))
                continue
            choices = instrument.choices_for(question) if question.list_name else []
            spec = specs.get(path)
            if spec is None:
                specs[path] = QuestionSpec(
                    path, question, instrument, chain, list(choices), question.identifying
                )
            else:
                spec.choices = _merge_choices(spec.choices, choices)
                spec.identifying = spec.identifying or question.identifying
    latest_name = rows[-1]["name"] if rows else ""
    return FamilyLayout(
        family_id=rows[-1]["family_id"] if rows else "",
        name=latest_name,
        rows=rows,
        instruments=instruments,
        shapes=shapes,
        questions=list(specs.values()),
        repeats=list(repeat_specs.values()),
        by_path=specs,
    )


def question_headers(specs: Sequence[QuestionSpec]) -> dict[str, str]:
    """path -> header name: the question's name, or its full path where names repeat."""
    counts: dict[str, int] = {}
    for spec in specs:
        counts[spec.name.lower()] = counts.get(spec.name.lower(), 0) + 1
    return {spec.path: spec.name if counts[spec.name.lower()] == 1 else spec.path for spec in specs}


def meta_header(name: str, question_names: set[str]) -> str:
    """A metadata column's header: `_name` when a question already uses `name`."""
    return f"_{name}" if name.lower() in question_names and not name.startswith("_") else name


def read_definition(row: dict[str, Any]) -> Instrument:
    """An instrument row's definition, or an ExportError naming the instrument: a damaged
    definition stops the export with a sentence, not a traceback."""
    try:
        return Instrument.from_dict(row["definition"])
    except (KeyError, TypeError, ValueError) as error:
        name = row.get("name") or row.get("id")
        raise ExportError(
            f"The definition of instrument {name!r} cannot be read ({error}); "
            "run 'fieldnotes check' and restore a backup if it is damaged."
        ) from error
