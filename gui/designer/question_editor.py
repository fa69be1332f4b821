"""The fields of the question selected in the designer, each edit one undoable command.

Only the fields that mean something for the question's type are shown (a repeat has a
repeat count, a select its choices, a calculation its formula). Texts (label, hint,
messages) are edited in the language chosen above the form. The document's checks speak
under each field: a name that is not allowed, an expression that does not parse (with the
character where it goes wrong), a `${name}` that names no question.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.designer.choices_editor import ChoicesEditor
from gui.designer.document import QuestionnaireDocument
from gui.designer.expression_edit import ExpressionEdit
from gui.designer.question_fields import (
    APPEARANCES,
    NO_WORDS,
    changes_for,
    show_text,
    shown_value,
    text_of,
    type_note,
    visible_fields,
)
from gui.designer.type_choices import choices_for
from gui.designer.undo_keys import starts_new_edit
from gui.form_parts import FieldMessage
from instruments.design_checks import DesignProblem
from instruments.design_tree import Position, iter_positions, renamed
from instruments.model import Question
from instruments.types import CONTAINER_TYPES


class QuestionEditor(QScrollArea):
    """Edits the question at `position`; `focus_type` is where a keyboard user starts."""

    focus_in = Signal()

    def __init__(self, document: QuestionnaireDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.position: Position | None = None
        self.language = document.first_language()
        self._loading = False
        self._generation = 0
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.empty = QLabel("Choose a question in the list, or add one (Ctrl+N).")
        self.empty.setWordWrap(True)
        self.other_message = FieldMessage()
        self._build_fields()
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addWidget(self.empty)
        outer.addWidget(self.other_message)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.setWidget(body)
        self._set_tab_order()
        document.item_changed.connect(self._on_item_changed)
        document.structure_changed.connect(self._refresh_names)
        self._refresh_names()
        self.show_question(None)

    # --- building -----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.type_combo = QComboBox()
        self.name_edit = QLineEdit()
        self.label_edit = QPlainTextEdit()
        self.label_edit.setTabChangesFocus(True)
        self.label_edit.setFixedHeight(self.label_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.hint_edit = QLineEdit()
        self.required_check = QCheckBox("Required")
        self.required_when = ExpressionEdit("Required only when")
        self.required_when.setPlaceholderText("always, or only when e.g. ${consent} = 'yes'")
        self.required_message = QLineEdit()
        self.relevant_edit = ExpressionEdit("Relevance: ask only when")
        self.constraint_edit = ExpressionEdit("Constraint")
        self.constraint_edit.setPlaceholderText("e.g. . >= 0 and . <= 120")
        self.constraint_message = QLineEdit()
        self.calculation_edit = ExpressionEdit("Calculation")
        self.calculation_edit.setPlaceholderText("e.g. ${weight} div (${height} * ${height})")
        self.default_edit = ExpressionEdit("Default")
        self.default_edit.setPlaceholderText("a value, or an expression")
        self.appearance_combo = QComboBox()
        self.appearance_combo.setEditable(True)
        self.appearance_combo.addItems(APPEARANCES)
        self.repeat_count_edit = ExpressionEdit("Repeat count")
        self.repeat_count_edit.setPlaceholderText("empty: the fieldworker adds entries")
        self.parameters_edit = QLineEdit()
        self.parameters_edit.setPlaceholderText("e.g. start=0 end=10 step=1")
        self.identifying_check = QCheckBox("Identifying: left out of de-identified exports")
        self.choices = ChoicesEditor(self.document)

        self.widgets: dict[str, QWidget] = {
            "name": self.name_edit,
            "labels": self.label_edit,
            "hints": self.hint_edit,
            "required": self.required_when,
            "required_messages": self.required_message,
            "relevant": self.relevant_edit,
            "constraint": self.constraint_edit,
            "constraint_messages": self.constraint_message,
            "calculation": self.calculation_edit,
            "default": self.default_edit,
            "appearance": self.appearance_combo,
            "repeat_count": self.repeat_count_edit,
            "parameters": self.parameters_edit,
        }
        for field, widget in self.widgets.items():
            widget.setAccessibleName(widget.accessibleName() or field.replace("_", " "))
            widget.installEventFilter(self)
            if isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda field=field: self._typed(field))
            elif isinstance(widget, QComboBox):
                widget.lineEdit().installEventFilter(self)
                widget.editTextChanged.connect(lambda _t, field=field: self._typed(field))
            else:
                widget.textEdited.connect(lambda _t, field=field: self._typed(field))
        self.type_combo.setAccessibleName("Type")
        self.type_combo.activated.connect(self._type_chosen)
        self.required_check.clicked.connect(lambda _c: self._typed("required"))
        self.identifying_check.clicked.connect(self._identifying_clicked)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages: dict[str, FieldMessage] = {}
        self.rows: dict[str, QWidget] = {}
        self.type_note = QLabel()
        self.type_note.setWordWrap(True)
        type_column = QVBoxLayout()
        type_column.setSpacing(2)
        type_column.addWidget(self.type_combo)
        type_column.addWidget(self.type_note)
        self._row("type", "&Type:", type_column, self.type_combo)
        self._row("name", "&Name:", self.name_edit)
        self._row("labels", "&Label:", self.label_edit)
        self._row("hints", "&Hint:", self.hint_edit)
        required = QHBoxLayout()
        required.addWidget(self.required_check)
        required.addWidget(self.required_when, 1)
        self._row("required", "Re&quired:", required, self.required_check)
        self._row("required_messages", "Required message:", self.required_message)
        self._row("relevant", "Ask &only when:", self.relevant_edit)
        self._row("constraint", "Const&raint:", self.constraint_edit)
        self._row("constraint_messages", "Constraint message:", self.constraint_message)
        self._row("calculation", "&Calculation:", self.calculation_edit)
        self._row("default", "De&fault:", self.default_edit)
        self._row("appearance", "&Appearance:", self.appearance_combo)
        self._row("repeat_count", "Repeat co&unt:", self.repeat_count_edit)
        self._row("parameters", "&Parameters:", self.parameters_edit)
        self._row("identifying", "Personal data:", self.identifying_check)
        self._row("choices", "Cho&ices:", self.choices, self.choices.list_name)

    def _set_tab_order(self) -> None:
        """Field to field down the form (set once the fields share a window)."""
        order = [
            self.type_combo,
            self.name_edit,
            self.label_edit,
            self.hint_edit,
            self.required_check,
            self.required_when,
            self.required_message,
            self.relevant_edit,
            self.constraint_edit,
            self.constraint_message,
            self.calculation_edit,
            self.default_edit,
            self.appearance_combo,
            self.repeat_count_edit,
            self.parameters_edit,
            self.identifying_check,
            *self.choices.tab_order(),
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _row(
        self,
        field: str,
        text: str,
        content: QWidget | QHBoxLayout | QVBoxLayout,
        buddy: QWidget | None = None,
    ) -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(content, QHBoxLayout | QVBoxLayout):
            column.addLayout(content)
        else:
            column.addWidget(content)
        described = self.widgets.get(field) or buddy
        if described is None and isinstance(content, QWidget):
            described = content
        message = FieldMessage(described)
        column.addWidget(message)
        label = QLabel(text)
        label.setBuddy(buddy or (content if isinstance(content, QWidget) else None))
        self.form.addRow(label, holder)
        self.messages[field] = message
        self.rows[field] = holder

    # --- showing ------------------------------------------------------------------------------

    def question(self) -> Question | None:
        return None if self.position is None else self.document.item_at(self.position)

    def show_question(self, position: Position | None) -> None:
        self.position = position
        question = self.question()
        self.empty.setVisible(question is None)
        shown = set() if question is None else visible_fields(question) | {"type"}
        for field, holder in self.rows.items():
            # Rows already shown stay shown: hiding the focused field would move the focus.
            self.form.setRowVisible(holder, field in shown)
        if question is None:
            return
        self._loading = True
        offered = choices_for(question.type)
        if [self.type_combo.itemData(i) for i in range(self.type_combo.count())] != [
            value for value, _label in offered
        ]:
            self.type_combo.clear()
            for value, label in offered:
                self.type_combo.addItem(label, value)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(question.type)))
        note = type_note(question)
        self.type_note.setText(note)
        self.type_note.setVisible(bool(note))
        for field in self.widgets:
            self._show_field(question, field)
        self.identifying_check.setChecked(question.identifying)
        if "choices" in shown:
            self.choices.show_question(position, self.language)
        self._loading = False

    def _show_field(self, question: Question, field: str) -> None:
        show_text(self.widgets[field], shown_value(question, field, self.language))
        if field == "required":
            value = (question.required or "").strip().lower()
            self.required_check.setChecked(value not in NO_WORDS)
            self.required_when.setEnabled(value not in NO_WORDS)

    def set_language(self, language: str) -> None:
        self.language = language
        self.show_question(self.position)

    def show_problems(self, problems: list[DesignProblem]) -> None:
        """Each problem of the shown question under its field; others at the top."""
        found: dict[str, list[str]] = {}
        for problem in problems:
            if self.position is not None and problem.position == self.position:
                field = problem.field if problem.field in self.messages else "other"
                found.setdefault(field, []).append(problem.message)
        for field, message in self.messages.items():
            if field in found:
                message.show_message("\n".join(found[field]))
            else:
                message.clear_message()
        if "other" in found:
            self.other_message.show_message("\n".join(found["other"]))
        else:
            self.other_message.clear_message()

    def focus_type(self) -> None:
        self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_field(self, field: str) -> None:
        widget = self.widgets.get(field) or {"choices": self.choices.table}.get(field)
        (widget or self.type_combo).setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_names(self, *_changed: object) -> None:
        names = [
            question.name
            for _position, question in iter_positions(self.document.instrument.questions)
            if question.type not in CONTAINER_TYPES and question.name
        ]
        for widget in self.widgets.values():
            if isinstance(widget, ExpressionEdit):
                widget.set_names(names)

    def _on_item_changed(self, position: Position, fields: frozenset[str]) -> None:
        if "name" in fields:
            self._refresh_names()
        if position != self.position:
            return
        if fields & {"type", "list_name", "calculation", "parameters"}:
            self.show_question(position)
            return
        question = self.question()
        assert question is not None
        self._loading = True
        for field in fields & set(self.widgets):
            self._show_field(question, field)
        self.identifying_check.setChecked(question.identifying)
        self._loading = False

    # --- editing ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if starts_new_edit(event):
            self._generation += 1  # typing after coming back to a field is a new edit
        return False

    def _typed(self, field: str) -> None:
        question = self.question()
        if self._loading or question is None or self.position is None:
            return
        if field == "required":
            condition = self.required_when.text().strip()
            checked = self.required_check.isChecked()
            self.required_when.setEnabled(checked)
            changes: dict[str, Any] = {"required": (condition or "yes") if checked else None}
        elif field == "name":
            changes = renamed(self.document.instrument, question, self.name_edit.text())
        else:
            changes = changes_for(question, field, self.language, text_of(self.widgets[field]))
        if all(getattr(question, key) == value for key, value in changes.items()):
            return
        key = (self.position, field, self._generation)
        self.document.edit_item(self.position, changes, f"Edit {field} of {question.name}", key)

    def _type_chosen(self, index: int) -> None:
        if self.position is not None and not self._loading:
            self.document.set_type(self.position, self.type_combo.itemData(index))

    def _identifying_clicked(self, checked: bool) -> None:
        question = self.question()
        if question is not None and self.position is not None:
            self.document.edit_item(
                self.position, {"identifying": checked}, f"Identifying: {question.name}"
            )
