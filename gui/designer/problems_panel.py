"""What stops the instrument from being saved, kept up to date as it is edited.

Each line names the question and the problem; Enter or a double-click goes to that field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui.form_parts import ERROR_COLOUR
from instruments.design_checks import DesignProblem

_PROBLEM = Qt.ItemDataRole.UserRole
FIELD_NAMES = {
    "labels": "label",
    "hints": "hint",
    "relevant": "relevance",
    "required": "required",
    "constraint": "constraint",
    "calculation": "calculation",
    "default": "default",
    "repeat_count": "repeat count",
    "choice_filter": "choice filter",
    "read_only": "read only",
    "choices": "choices",
    "name": "name",
    "title": "title",
    "form_id": "form id",
    "topics": "topics",
}


def problem_text(problem: DesignProblem) -> str:
    """'age · constraint: missing value after '>' at character 6'."""
    where = problem.path or "Form"
    field = FIELD_NAMES.get(problem.field, problem.field.replace("_", " "))
    return f"{where} · {field}: {problem.message}"


class ProblemsPanel(QWidget):
    """A heading with the count and a list of problems; `jump` asks to show one."""

    jump = Signal(object)  # DesignProblem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Problems to fix before saving")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 6 + 12)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.problems: list[DesignProblem] | None = None
        self.show_problems([])

    def show_problems(self, problems: list[DesignProblem]) -> None:
        if problems == self.problems:
            return
        self.problems = list(problems)
        self.list.clear()
        for problem in problems:
            item = QListWidgetItem(problem_text(problem))
            item.setData(_PROBLEM, problem)
            item.setForeground(QColor(ERROR_COLOUR))
            self.list.addItem(item)
        count = len(problems)
        if count:
            self.heading.setText(
                f"{count} problem{'s' if count != 1 else ''} to fix before saving "
                "(Enter on a line goes to it):"
            )
        else:
            self.heading.setText("No problems: the form can be saved.")
        self.list.setVisible(bool(count))

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.jump.emit(item.data(_PROBLEM))
