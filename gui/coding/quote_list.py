"""Coded segments shown as quotes: the words in their code's tint, who said them, where,
and the memo. Clicking a quote asks for its note to be shown."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from gui.coding.colours import tint
from gui.formats import display_date

MAX_SHOWN = 400


def describe(segment: dict[str, Any]) -> str:
    """Speaker (role) · site · instrument · date, leaving out what is unknown."""
    who = segment.get("speaker") or ""
    if who and segment.get("role"):
        who += f" ({segment['role']})"
    parts = [who, segment.get("site_name") or "", segment.get("instrument_name") or ""]
    parts.append(display_date(segment.get("started_at")))
    return " · ".join(part for part in parts if part)


def legend_html(codings: list[dict[str, Any]]) -> str:
    """The codes on a text, each in its tint, so its highlights can be read."""
    seen: dict[str, str] = {}
    for coding in codings:
        seen.setdefault(coding["code_name"], coding["code_colour"])
    chips = [
        f"<span style='background:{tint(colour).name()}'>&nbsp;{escape(name)}&nbsp;</span>"
        for name, colour in seen.items()
    ]
    return "<span style='color:#555555'>Codes here:</span> " + " ".join(chips)


def quote_html(segment: dict[str, Any], index: int, show_code: bool) -> str:
    """One quote: who said it and where (with the code) above the words in the code's tint."""
    colour = segment.get("code_colour") or "#999999"
    code = (
        f"<span style='color:{colour}'>■</span> <b>{escape(segment['code_name'])}</b> · "
        if show_code
        else ""
    )
    withdrawn = segment.get("consent_status") in ("withdrawn", "refused")
    flag = " <i style='color:#b00020'>(consent withdrawn)</i>" if withdrawn else ""
    memo = (
        f"<br><i style='color:#555555'>Memo: {escape(segment['memo'])}</i>"
        if segment.get("memo")
        else ""
    )
    return (
        f"<p style='margin-top:0px; margin-bottom:12px'>"
        f"<span style='color:#555555'>{code}{escape(describe(segment))}{flag}</span><br>"
        f"<a href='quote:{index}' style='text-decoration:none; color:#1a1a1a'>"
        f"<span style='background:{tint(colour).name()}'>“{escape(segment['text'])}”</span></a>"
        f"{memo}</p>"
    )


class QuoteList(QTextBrowser):
    """Read-only list of quotes; emits `segment_activated(segment)` when one is clicked."""

    segment_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None, show_code: bool = True) -> None:
        super().__init__(parent)
        self.show_code = show_code
        self.segments: list[dict[str, Any]] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.setAccessibleName("Quotes")

    def set_segments(self, segments: list[dict[str, Any]], empty_text: str = "") -> None:
        self.segments = segments
        if not segments:
            self.setHtml(f"<p style='color:#777777'>{escape(empty_text)}</p>")
            return
        shown = segments[:MAX_SHOWN]
        body = "".join(quote_html(s, i, self.show_code) for i, s in enumerate(shown))
        if len(segments) > MAX_SHOWN:
            body += (
                f"<p style='color:#777777'>… and {len(segments) - MAX_SHOWN} more; the "
                "Coded segments sheet of an export lists them all.</p>"
            )
        self.setHtml(body)

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("quote:"):
            index = int(text.split(":", 1)[1])
            if 0 <= index < len(self.segments):
                self.segment_activated.emit(self.segments[index])
