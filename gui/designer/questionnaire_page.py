"""Designing a questionnaire: the question tree, the selected question's fields, the preview.

The preview is the real entry form (gui.entry.preview), rebuilt a moment after the last
edit, so typing stays quick on a long form; selecting a question scrolls the preview to it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from gui.designer.document import QuestionnaireDocument
from gui.designer.question_editor import QuestionEditor
from gui.designer.question_tree import QuestionTreePanel
from gui.entry.preview import FormPreview
from instruments.design_checks import DesignProblem
from instruments.design_tree import Position

PREVIEW_DELAY_MS = 350


class QuestionnairePage(QWidget):
    """Tree, editor and preview side by side, kept in step with the document."""

    def __init__(self, document: QuestionnaireDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.language = document.first_language()
        self.tree = QuestionTreePanel(document)
        self.editor = QuestionEditor(document)
        self.preview = FormPreview()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([370, 480, 450])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.tree.selection_changed.connect(self._selected)
        self.tree.added.connect(lambda _position: self.editor.focus_type())
        document.changed.connect(self._preview_timer.start)
        self.refresh_preview()
        if document.instrument.questions:
            self.tree.select((0,))

    def initial_focus(self) -> None:
        self.tree.view.setFocus()

    def set_language(self, language: str) -> None:
        self.language = language
        selected = self.tree.current_position()
        self.tree.model.set_language(language)
        self.tree.rebuild(selected)
        self.editor.set_language(language)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Show the definition as it is now (called a moment after the last edit)."""
        self._preview_timer.stop()
        self.preview.show_instrument(self.document.snapshot(), self.language or None)

    def show_problems(self, problems: list[DesignProblem]) -> None:
        self.tree.model.set_problems(problems)
        self.editor.show_problems(problems)

    def go_to(self, problem: DesignProblem) -> None:
        if problem.position:
            self.tree.select(problem.position)
            self.editor.focus_field(problem.field)

    def _selected(self, position: Position | None) -> None:
        self.editor.show_question(position)
        self.editor.show_problems(self.document.problems())
        if position is not None:
            path = self.document.item_at(position).path
            if self._preview_timer.isActive():
                self.refresh_preview()
            self.preview.reveal(path)
