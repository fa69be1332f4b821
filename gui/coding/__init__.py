"""Coding: the codebook screen, and a text view that codes notes and free-text answers.

`CodebookScreen(store, study_id)` manages a study's codes; `CodingTextView` shows one note or
answer with its coded spans and can be embedded in note screens; `CodingHighlighter` paints
coded spans in any QTextDocument (an editable note editor's, say).
"""

from gui.coding.codebook_screen import CodebookScreen
from gui.coding.highlighter import CodingHighlighter
from gui.coding.memo_editor import MemoEditor
from gui.coding.text_view import CodingTextView

__all__ = ["CodebookScreen", "CodingHighlighter", "CodingTextView", "MemoEditor"]
