"""The instrument's own fields above the designer: title, form id, version, language.

The language chosen here is the one labels, hints, messages and choice labels are edited
in (and the preview shows); Add language adds a column of texts to the form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.designer.document import DesignDocument, QuestionnaireDocument
from gui.designer.undo_keys import starts_new_edit
from gui.form_parts import FieldMessage, buddy_label
from instruments.design_checks import DesignProblem

KIND_LABELS = {
    "questionnaire": "Questionnaire",
    "interview": "Interview guide",
    "focus_group": "Focus-group guide",
}
_FIELDS = ("title", "form_id", "version")


def language_label(language: str) -> str:
    return language or "Default (unnamed)"


class FormHeader(QWidget):
    """Title, form id, version (each edit undoable) and, for questionnaires, the language."""

    language_changed = Signal(str)

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        self._generation = 0
        self.title = QLineEdit()
        self.title.setAccessibleName("Form title")
        self.form_id = QLineEdit()
        self.form_id.setAccessibleName("Form id")
        self.form_id.setToolTip("The form's id in exported workbooks and XLSForms")
        self.version = QLineEdit()
        self.version.setAccessibleName("Version")
        self.version.setPlaceholderText("e.g. 2024-05")
        self.version.setToolTip("The XLSForm version text; Fieldnotes numbers versions itself")
        self.edits = {"title": self.title, "form_id": self.form_id, "version": self.version}
        self.messages = {name: FieldMessage(edit) for name, edit in self.edits.items()}
        for name, edit in self.edits.items():
            edit.textEdited.connect(lambda text, name=name: self._typed(name, text))
            edit.installEventFilter(self)
        kind = KIND_LABELS.get(document.instrument.kind, document.instrument.kind)
        self.kind = QLabel(kind)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(buddy_label("Form titl&e:", self.title), 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(buddy_label("Form i&d:", self.form_id), 0, 2)
        grid.addWidget(self.form_id, 0, 3)
        grid.addWidget(buddy_label("&Version:", self.version), 0, 4)
        grid.addWidget(self.version, 0, 5)
        grid.addWidget(self.messages["title"], 1, 1)
        grid.addWidget(self.messages["form_id"], 1, 3)
        grid.addWidget(self.messages["version"], 1, 5)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 1)
        self.language = QComboBox()
        self.language.setAccessibleName("Language of the texts being edited")
        self.add_language_button = QPushButton("Add language…")
        self.add_language_button.setToolTip("Add a language: each text can then be translated")
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addStretch(1)
        if isinstance(document, QuestionnaireDocument):
            row.addWidget(buddy_label("Lan&guage:", self.language))
            row.addWidget(self.language)
            row.addWidget(self.add_language_button)
            self.language.currentIndexChanged.connect(self._language_chosen)
            self.add_language_button.clicked.connect(self.ask_and_add_language)
        else:
            self.language.hide()
            self.add_language_button.hide()
        grid.addLayout(row, 2, 0, 1, 6)
        document.form_changed.connect(self.reload)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if starts_new_edit(event):
            self._generation += 1
        return False

    def reload(self) -> None:
        instrument = self.document.instrument
        self._loading = True
        for name, edit in self.edits.items():
            value = getattr(instrument, name)
            if edit.text() != value:
                edit.setText(value)
        if isinstance(self.document, QuestionnaireDocument):
            self._list_languages(self.document)
        self._loading = False

    def _list_languages(self, document: QuestionnaireDocument) -> None:
        """The language list as the form has it now; says so only when the choice changed."""
        before = self.current_language() if self.language.count() else None
        languages = document.languages()
        if [self.language.itemData(i) for i in range(self.language.count())] != languages:
            self.language.clear()
            for language in languages:
                self.language.addItem(language_label(language), language)
        chosen = before if before in languages else document.first_language()
        self.language.setCurrentIndex(max(self.language.findData(chosen), 0))
        if self.current_language() != before:
            self.language_changed.emit(self.current_language())

    def current_language(self) -> str:
        value = self.language.currentData()
        return value if isinstance(value, str) else ""

    def show_problems(self, problems: list[DesignProblem]) -> None:
        found: dict[str, list[str]] = {}
        for problem in problems:
            if not problem.position and problem.field in self.messages:
                found.setdefault(problem.field, []).append(problem.message)
        for name, message in self.messages.items():
            if name in found:
                message.show_message("\n".join(found[name]))
            else:
                message.clear_message()

    def _typed(self, name: str, text: str) -> None:
        if self._loading or getattr(self.document.instrument, name) == text:
            return
        label = name.replace("_", " ")
        self.document.edit_form({name: text}, f"Edit {label}", (name, self._generation))

    def _language_chosen(self, _index: int) -> None:
        if not self._loading:
            self.language_changed.emit(self.current_language())

    def ask_and_add_language(self) -> None:
        name, accepted = QInputDialog.getText(
            self, "Add language", "Language name, as XLSForm writes it (e.g. French (fr)):"
        )
        if accepted:
            self.add_language(name)

    def add_language(self, name: str) -> bool:
        """Add the language and edit in it now; False if the form already has it."""
        assert isinstance(self.document, QuestionnaireDocument)
        if not self.document.add_language(name):
            return False
        self.language.setCurrentIndex(self.language.findData(name.strip()))
        return True
