"""Coded spans painted in their code's colour, in any QTextDocument (read-only or edited).

Where codes overlap, the shortest span's colour fills the background and the other code's
colour underlines the words with a wave, so both stay visible. Note editors that let people type can
attach a CodingHighlighter to their own document and call `set_spans` after each save.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from gui.coding.colours import tint
from gui.coding.text_offsets import to_qt


@dataclass(frozen=True)
class Span:
    """A coded span in Qt positions, with what a tooltip shows about it."""

    start: int
    end: int
    colour: str
    coding_id: str
    code_name: str
    memo: str = ""


def spans_from_codings(text: str, codings: list[dict]) -> list[Span]:
    """Spans in Qt positions from storage codings (Python offsets into `text`)."""
    return [
        Span(
            to_qt(text, coding["start"]),
            to_qt(text, coding["end"]),
            coding["code_colour"],
            coding["id"],
            coding["code_name"],
            coding.get("memo", ""),
        )
        for coding in codings
    ]


class CodingHighlighter(QSyntaxHighlighter):
    """Paints coded spans; `emphasised` (a coding id) is painted stronger and bold."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spans: list[Span] = []
        self.search_spans: list[tuple[int, int]] = []
        self.emphasised: str | None = None

    def set_spans(self, spans: list[Span], emphasised: str | None = None) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.emphasised = emphasised
        self.rehighlight()

    def set_search_spans(self, spans: list[tuple[int, int]]) -> None:
        """Words a search matched: outlined in yellow over any code colour."""
        self.search_spans = spans
        self.rehighlight()

    def spans_at(self, position: int) -> list[Span]:
        return [s for s in self.spans if s.start <= position < s.end]

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        inside = [s for s in self.spans if s.start < block_end and s.end > block_start]
        if inside:
            cuts = sorted(
                {block_start, block_end}
                | {min(max(s.start, block_start), block_end) for s in inside}
                | {min(max(s.end, block_start), block_end) for s in inside}
            )
            for left, right in zip(cuts, cuts[1:], strict=False):
                covering = [s for s in inside if s.start <= left and s.end >= right]
                if covering:
                    self.setFormat(left - block_start, right - left, self._format(covering))
        for start, end in self.search_spans:
            if start < block_end and end > block_start:
                left, right = max(start, block_start), min(end, block_end)
                current = self.format(left - block_start)
                current.setBackground(QColor("#ffe066"))
                current.setFontWeight(QFont.Weight.Bold)
                self.setFormat(left - block_start, right - left, current)

    def _format(self, covering: list[Span]) -> QTextCharFormat:
        covering = sorted(covering, key=lambda s: s.end - s.start)
        main = covering[0]
        strong = any(s.coding_id == self.emphasised for s in covering)
        fmt = QTextCharFormat()
        fmt.setBackground(tint(main.colour, 0.65 if strong else 0.38))
        if strong:
            fmt.setFontWeight(QFont.Weight.Bold)
        if len(covering) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(covering[1].colour))
            fmt.setFontUnderline(True)
        return fmt
