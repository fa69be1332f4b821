"""What changed between two versions of an instrument, as lines a coordinator can read.

Used as a new version's change summary and by the instrument screen. Questions are matched
by path (answers are stored by path, so a question that moved to another group is a new
column of data, and is reported as moved). Expressions switched off at import count as
written, so re-importing a form does not report them as removed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from instruments.model import Choice, Instrument, Question, Topic
from instruments.xlsform_columns import normalised_settings

# (field, how a line names it) for single-valued question fields, in reading order.
_EXPRESSION_FIELDS: tuple[tuple[str, str], ...] = (
    ("relevant", "relevance"),
    ("constraint", "constraint"),
    ("calculation", "calculation"),
    ("default", "default"),
    ("read_only", "read-only condition"),
    ("appearance", "appearance"),
    ("choice_filter", "choice filter"),
    ("repeat_count", "repeat count"),
)
# Settings that say what the title, form id, version, language or guide kind say.
_IDENTITY_SETTINGS = frozenset(
    {"form_id", "form_title", "title", "version", "default_language", "kind"}
)
_TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("labels", "label"),
    ("hints", "hint"),
    ("constraint_messages", "constraint message"),
    ("required_messages", "required message"),
    ("media", "media"),
    ("parameters", "parameters"),
    ("extra", "other columns"),
)


def describe_changes(old: Instrument, new: Instrument) -> list[str]:
    """Human lines: 'added question comments (text)', 'choices of yn: added maybe', ..."""
    lines = list(_identity_changes(old, new))
    lines += _question_changes(old, new)
    lines += _choice_list_changes(old.choice_lists, new.choice_lists)
    lines += _topic_changes(old.topics, new.topics)
    return lines


def _identity_changes(old: Instrument, new: Instrument) -> Iterator[str]:
    for field_name, what in (("title", "title"), ("form_id", "form id"), ("version", "version")):
        before, after = getattr(old, field_name), getattr(new, field_name)
        if before != after:
            yield f"{what} changed from {before!r} to {after!r}"
    added = [
        language or "(no language)" for language in new.languages if language not in old.languages
    ]
    removed = [
        language or "(no language)" for language in old.languages if language not in new.languages
    ]
    if added:
        yield "languages: added " + ", ".join(added)
    if removed:
        yield "languages: removed " + ", ".join(removed)
    if old.default_language != new.default_language:
        yield f"default language changed from {old.default_language!r} to {new.default_language!r}"
    before, after = _other_settings(old.settings), _other_settings(new.settings)
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    if keys:
        yield "settings changed: " + ", ".join(sorted(keys))


def _other_settings(settings: Mapping[str, str]) -> dict[str, str]:
    """Settings other than those the lines above already report (title, form id, ...)."""
    return {
        header: value
        for header, value in settings.items()
        if next(iter(normalised_settings({header: value}))) not in _IDENTITY_SETTINGS
    }


def _expression(question: Question, field_name: str) -> str | None:
    return getattr(question, field_name) or question.disabled_expressions.get(field_name)


def _type_text(question: Question) -> str:
    if question.list_name:
        return f"{question.type} {question.list_name}"
    return question.type


def _question_changes(old: Instrument, new: Instrument) -> list[str]:
    before = dict(old.walk())
    after = dict(new.walk())
    lines: list[str] = []
    added = [path for path in after if path not in before]
    removed = [path for path in before if path not in after]
    moved: dict[str, str] = {}
    for path in removed:
        name = before[path].name
        targets = [p for p in added if after[p].name == name and p not in moved.values()]
        if len(targets) == 1:
            moved[path] = targets[0]
    for path in added:
        if path not in moved.values():
            lines.append(f"added question {path} ({_type_text(after[path])})")
    for path in removed:
        if path in moved:
            lines.append(f"moved question {before[path].name} from {path} to {moved[path]}")
        else:
            lines.append(f"removed question {path}")
    for path, question in after.items():
        if path in before:
            lines += _changes_of(path, before[path], question)
    for old_path, new_path in moved.items():
        lines += _changes_of(new_path, before[old_path], after[new_path])
    kept_old = [path for path in before if path in after]
    kept_new = [path for path in after if path in before]
    if kept_old != kept_new:
        lines.append("order of questions changed")
    return lines


def _changes_of(path: str, old: Question, new: Question) -> Iterator[str]:
    if (old.type, old.list_name) != (new.type, new.list_name):
        yield f"type of {path} changed from {_type_text(old)} to {_type_text(new)}"
    if old.or_other != new.or_other:
        yield f"{path} {'now offers' if new.or_other else 'no longer offers'} 'Other'"
    for field_name, what in _TEXT_FIELDS:
        if getattr(old, field_name) != getattr(new, field_name):
            yield f"{what} of {path} changed"
    was, now = _expression(old, "required"), _expression(new, "required")
    if was != now:
        if not now:
            yield f"{path} is no longer required"
        elif not was:
            yield f"{path} is now required" + ("" if now == "true()" else " when " + now)
        else:
            yield f"required condition of {path} changed"
    for field_name, what in _EXPRESSION_FIELDS:
        was, now = _expression(old, field_name), _expression(new, field_name)
        if was == now:
            continue
        if not was:
            yield f"{what} of {path} added"
        elif not now:
            yield f"{what} of {path} removed"
        else:
            yield f"{what} of {path} changed"
    if old.identifying != new.identifying:
        yield f"{path} is {'now' if new.identifying else 'no longer'} marked identifying"


def _choice_list_changes(
    old: Mapping[str, list[Choice]], new: Mapping[str, list[Choice]]
) -> Iterator[str]:
    for list_name, choices in new.items():
        if list_name not in old:
            yield f"added choice list {list_name} ({len(choices)} choices)"
            continue
        yield from _choice_changes(list_name, old[list_name], choices)
    for list_name in old:
        if list_name not in new:
            yield f"removed choice list {list_name}"


def _choice_changes(list_name: str, old: list[Choice], new: list[Choice]) -> Iterator[str]:
    before = {choice.name: choice for choice in old}
    after = {choice.name: choice for choice in new}
    added = [name for name in after if name not in before]
    removed = [name for name in before if name not in after]
    if added:
        yield f"choices of {list_name}: added {', '.join(added)}"
    if removed:
        yield f"choices of {list_name}: removed {', '.join(removed)}"
    for name, choice in after.items():
        if name not in before:
            continue
        if choice.labels != before[name].labels:
            yield f"choices of {list_name}: label of {name} changed"
        if choice.media != before[name].media or choice.extra != before[name].extra:
            yield f"choices of {list_name}: other columns of {name} changed"
    if [n for n in before if n in after] != [n for n in after if n in before]:
        yield f"choices of {list_name}: order changed"


def _topic_changes(old: list[Topic], new: list[Topic]) -> Iterator[str]:
    before = {topic.id: topic for topic in old}
    after = {topic.id: topic for topic in new}
    for topic_id, topic in after.items():
        if topic_id not in before:
            yield f"added topic {topic.title}"
    for topic_id, topic in before.items():
        if topic_id not in after:
            yield f"removed topic {topic.title}"
    for topic_id, topic in after.items():
        was = before.get(topic_id)
        if was is None:
            continue
        if was.title != topic.title:
            yield f"title of topic {was.title} changed to {topic.title}"
        for field_name in ("question", "prompts", "probes"):
            if getattr(was, field_name) != getattr(topic, field_name):
                yield f"{field_name} of topic {topic.title} changed"
    if [t for t in before if t in after] != [t for t in after if t in before]:
        yield "order of topics changed"
