"""Reading an interview or focus-group guide from a workbook into an Instrument of topics.

A guide is a workbook with a `guide` sheet (columns `topic`, `question`, `prompts`,
`probes`, and optionally `id`) and a `settings` sheet whose `kind` is interview or
focus_group (optional `title`, `form_id`, `version`). Prompts and probes are one per line
in the cell, or separated by ";". A row with an empty topic cell adds its question,
prompts and probes to the topic above it, so long guides can spread a topic over rows.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from os import PathLike
from pathlib import Path

from pyxform.xls2json_backends import xlsx_value_to_str

from instruments.errors import FormError, unreadable_workbook
from instruments.model import Instrument, Topic

GUIDE = "guide"
SETTINGS = "settings"
GUIDE_KINDS: dict[str, str] = {
    "interview": "interview",
    "focus_group": "focus_group",
    "focus group": "focus_group",
    "focus-group": "focus_group",
    "focusgroup": "focus_group",
}
_GUIDE_COLUMNS = ("id", "topic", "question", "prompts", "probes")
_RE_ITEM_SEPARATOR = re.compile(r"[\n;]")
_RE_NOT_SLUG = re.compile(r"[^0-9a-z]+")


def read_guide(path: str | PathLike[str]) -> Instrument:
    """Import a guide workbook, or raise FormError naming the sheet, row or column."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise FormError(f"{path.name}: no such file")
    if path.stat().st_size == 0:
        raise FormError(f"{path.name} is empty (0 bytes), so it holds no guide")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zlib, XML and openpyxl errors from a damaged file
        raise unreadable_workbook(path.name, error) from error
    try:
        sheets = {name.strip().lower(): workbook[name] for name in workbook.sheetnames}
        if GUIDE not in sheets:
            raise FormError("the workbook has no guide sheet", sheet=GUIDE)
        settings = _read_settings(_rows(sheets[SETTINGS]) if SETTINGS in sheets else None)
        topics = _read_topics(_rows(sheets[GUIDE]))
    except FormError:
        raise
    except Exception as error:  # a sheet's XML broken part-way through a lazy read
        raise unreadable_workbook(path.name, error) from error
    finally:
        workbook.close()
    form_id = settings.get("form_id") or path.stem
    return Instrument(
        kind=_kind(settings),
        form_id=form_id,
        title=settings.get("title") or settings.get("form_title") or form_id,
        version=settings.get("version", ""),
        settings=settings,
        topics=topics,
    )


def _text(value: object) -> str:
    """A cell as text, the way pyxform reads XLSForm cells (numbers without '.0')."""
    if value is None:
        return ""
    return xlsx_value_to_str(value).strip()


def _rows(worksheet: object) -> list[tuple[str, ...]]:
    return [
        tuple(_text(value) for value in row)
        for row in worksheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    ]


def _header_map(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, title in enumerate(header):
        key = "_".join(title.lower().split())
        if key and key not in found:
            found[key] = position
    return found


def _read_settings(rows: list[tuple[str, ...]] | None) -> dict[str, str]:
    if not rows:
        raise FormError("a guide needs a settings sheet with a kind column", sheet=SETTINGS)
    header = _header_map(rows[0])
    values = rows[1] if len(rows) > 1 else ()
    return {
        key: values[position]
        for key, position in header.items()
        if position < len(values) and values[position]
    }


def _kind(settings: dict[str, str]) -> str:
    raw = settings.get("kind", "")
    kind = GUIDE_KINDS.get(raw.strip().lower())
    if kind is None:
        shown = f"'{raw}'" if raw else "empty"
        raise FormError(
            f"kind is {shown}; a guide's kind must be interview or focus_group",
            sheet=SETTINGS,
            row=2,
            column="kind",
        )
    return kind


def split_items(cell: str) -> list[str]:
    """Prompts or probes from one cell: one per line, or separated by ';'."""
    return [item.strip() for item in _RE_ITEM_SEPARATOR.split(cell) if item.strip()]


def _slug(title: str) -> str:
    return _RE_NOT_SLUG.sub("_", title.lower()).strip("_") or "topic"


def _unique(candidate: str, taken: set[str]) -> str:
    name, number = candidate, 2
    while name in taken:
        name = f"{candidate}_{number}"
        number += 1
    taken.add(name)
    return name


def _cells(rows: list[tuple[str, ...]], header: dict[str, int]) -> Iterator[tuple[int, dict]]:
    for row_number, row in enumerate(rows[1:], start=2):
        cells = {
            key: row[header[key]] if header[key] < len(row) else ""
            for key in _GUIDE_COLUMNS
            if key in header
        }
        if any(cells.values()):
            yield row_number, cells


def _read_topics(rows: list[tuple[str, ...]]) -> list[Topic]:
    if not rows or not any(rows[0]):
        raise FormError("the guide sheet is empty", sheet=GUIDE)
    header = _header_map(rows[0])
    if "topic" not in header:
        raise FormError(
            "the guide sheet has no topic column (expected topic, question, prompts, probes)",
            sheet=GUIDE,
            row=1,
            column="topic",
        )
    topics: list[Topic] = []
    taken: set[str] = set()
    for row_number, cells in _cells(rows, header):
        title = cells.get("topic", "")
        if title:
            topic_id = _unique(cells.get("id") or _slug(title), taken)
            topics.append(Topic(id=topic_id, title=title, order=len(topics) + 1))
        elif not topics:
            raise FormError(
                "this row has prompts or probes but no topic above it",
                sheet=GUIDE,
                row=row_number,
                column="topic",
            )
        topic = topics[-1]
        question = cells.get("question", "")
        if question:
            topic.question = f"{topic.question}\n{question}" if topic.question else question
        topic.prompts.extend(split_items(cells.get("prompts", "")))
        topic.probes.extend(split_items(cells.get("probes", "")))
    if not topics:
        raise FormError("the guide sheet has no topics", sheet=GUIDE, column="topic")
    return topics
