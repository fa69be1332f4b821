"""The sheets of an interview or focus-group guide, laid out the way `read_guide` reads them.

One `guide` row per topic (id, topic, question, prompts, probes; prompts and probes one per
line in their cell) and a `settings` row with the guide's kind, title, form_id and version.
"""

from __future__ import annotations

from instruments.guide_reader import GUIDE, GUIDE_KINDS, SETTINGS
from instruments.model import Instrument, Topic
from instruments.sheet_rows import SheetRows

GUIDE_HEADERS = ["id", "topic", "question", "prompts", "probes"]


def guide_sheets(instrument: Instrument, file_stem: str) -> list[SheetRows]:
    """The guide and settings sheets; settings corrected to give back this instrument."""
    guide = SheetRows(GUIDE, list(GUIDE_HEADERS), [_topic_cells(t) for t in instrument.topics])
    settings = guide_settings(instrument, file_stem)
    return [guide, SheetRows(SETTINGS, list(settings), [settings])]


def _topic_cells(topic: Topic) -> dict[str, str]:
    cells = {
        "id": topic.id,
        "topic": topic.title or topic.id,  # a row without a topic would join the one above
        "question": topic.question,
        "prompts": "\n".join(topic.prompts),
        "probes": "\n".join(topic.probes),
    }
    return {header: value for header, value in cells.items() if value}


def guide_settings(instrument: Instrument, file_stem: str) -> dict[str, str]:
    """The settings row as imported, with kind, form_id, title and version made right."""
    settings = {key: value for key, value in instrument.settings.items() if value}
    if GUIDE_KINDS.get(settings.get("kind", "").strip().lower()) != instrument.kind:
        settings["kind"] = instrument.kind
    form_id = settings.get("form_id") or file_stem
    if form_id != instrument.form_id:
        settings["form_id"] = form_id = instrument.form_id
    if (settings.get("title") or settings.get("form_title") or form_id) != instrument.title:
        settings["title"] = instrument.title
    if settings.get("version", "") != instrument.version:
        settings["version"] = instrument.version
    return {key: value for key, value in settings.items() if value}
