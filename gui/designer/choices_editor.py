"""The choices of a select: its list name (lists are shared by name) and a table of choices.

Add, remove and reorder choices with the buttons or the keyboard (Insert, Delete,
Alt+Up / Alt+Down in the table); Ctrl+V pastes `name<TAB>label` rows copied from a
spreadsheet (known names get the pasted label, new ones are added after the current row).
Labels are those of the language chosen in the designer. Each change is one undoable edit
of the shared list, so every question using the list sees it.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.designer.document import QuestionnaireDocument
from gui.form_parts import FieldMessage, buddy_label
from instruments.design_tree import (
    Position,
    list_users,
    merge_pasted,
    next_choice_name,
    pasted_rows,
    with_labels,
)
from instruments.model import Choice, Question


def _button(text: str, tip: str) -> QToolButton:
    """A button as wide as its text: five of them fit beside a narrow table."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(text.replace("&", ""))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class ChoiceTable(QTableWidget):
    """Name and label columns; Ctrl+V pastes rows, Alt+Up / Alt+Down move, Insert adds."""

    def __init__(self, editor: ChoicesEditor) -> None:
        super().__init__(0, 2)
        self.editor = editor
        self.setAccessibleName("Choices")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(0, 140)
        self.setMinimumHeight(self.fontMetrics().height() * 9)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        alt = event.modifiers() == Qt.KeyboardModifier.AltModifier
        if event.matches(QKeySequence.StandardKey.Paste):
            self.editor.paste()
        elif alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.editor.move_choice(-1 if event.key() == Qt.Key.Key_Up else 1)
        elif event.key() == Qt.Key.Key_Insert:
            self.editor.add_choice()
        elif event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.editor.remove_choice()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class ChoicesEditor(QWidget):
    """Edits the choice list of the select question shown in the designer."""

    def __init__(self, document: QuestionnaireDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.position: Position | None = None
        self.language = ""
        self._loading = False
        self.list_name = QLineEdit()
        self.list_name.setAccessibleName("Choice list name")
        self.list_name.setToolTip(
            "Questions with the same list name share its choices. Type another list's name "
            "to use its choices; a new name renames this list (or copies it if others use it)."
        )
        self.list_names = QStringListModel(self)
        completer = QCompleter(self.list_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list_name.setCompleter(completer)
        self.list_name.editingFinished.connect(self._list_name_finished)
        self.shared = QLabel()
        self.shared.setWordWrap(True)
        self.table = ChoiceTable(self)
        self.table.itemChanged.connect(self._cell_edited)
        self.add_button = _button("Add choice", "Add a choice after the current one (Insert)")
        self.remove_button = _button("Remove", "Remove the current choice (Delete)")
        self.up_button = _button("Up", "Move the choice up (Alt+Up)")
        self.down_button = _button("Down", "Move the choice down (Alt+Down)")
        self.paste_button = _button(
            "Pa&ste rows",
            "Paste name and label columns copied from a spreadsheet (Ctrl+V in the table)",
        )
        self.add_button.clicked.connect(self.add_choice)
        self.remove_button.clicked.connect(self.remove_choice)
        self.up_button.clicked.connect(lambda: self.move_choice(-1))
        self.down_button.clicked.connect(lambda: self.move_choice(1))
        self.paste_button.clicked.connect(lambda: self.paste())
        self.message = FieldMessage(self.table)
        name_row = QHBoxLayout()
        name_row.addWidget(buddy_label("List na&me:", self.list_name))
        name_row.addWidget(self.list_name, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.paste_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(name_row)
        layout.addWidget(self.shared)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        document.choices_changed.connect(self._on_choices_changed)

    def tab_order(self) -> list[QWidget]:
        return [
            self.list_name,
            self.table,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.paste_button,
        ]

    # --- showing ------------------------------------------------------------------------------

    def question(self) -> Question | None:
        return None if self.position is None else self.document.item_at(self.position)

    def current_list(self) -> str:
        question = self.question()
        return (question.list_name or "") if question is not None else ""

    def choices(self) -> list[Choice]:
        """Copies of the list's choices, to build the edited list from."""
        current = self.document.instrument.choice_lists.get(self.current_list(), [])
        return [Choice.from_dict(choice.to_dict()) for choice in current]

    def show_question(self, position: Position, language: str) -> None:
        self.position = position
        self.language = language
        self.reload()

    def reload(self) -> None:
        question = self.question()
        if question is None:
            return
        self._loading = True
        row, column = self.table.currentRow(), self.table.currentColumn()
        list_name = self.current_list()
        if not self.list_name.hasFocus() or self.list_name.text() != list_name:
            self.list_name.setText(list_name)
        self.list_names.setStringList(list(self.document.instrument.choice_lists))
        others = [q.name for q in list_users(self.document.instrument, list_name)]
        others = [name for name in others if name != question.name]
        self.shared.setText(f"Shared with: {', '.join(others)}" if others else "")
        self.shared.setVisible(bool(others))
        language_name = self.language or "default language"
        self.table.setHorizontalHeaderLabels(["Name", f"Label ({language_name})"])
        choices = self.choices()
        self.table.setRowCount(len(choices))
        for number, choice in enumerate(choices):
            label = choice.labels.get(self.language, "")
            self.table.setItem(number, 0, QTableWidgetItem(choice.name))
            self.table.setItem(number, 1, QTableWidgetItem(label))
        if choices:
            self.table.setCurrentCell(min(max(row, 0), len(choices) - 1), max(column, 0))
        self._loading = False

    def _on_choices_changed(self, _list_name: str) -> None:
        if self.position is not None:
            self.reload()  # this list, or the list of names the name field offers

    # --- edits --------------------------------------------------------------------------------

    def _commit(self, choices: list[Choice], text: str) -> None:
        list_name = self.current_list()
        if not list_name:
            self.message.show_message("Give the list a name first.")
            return
        self.message.clear_message()
        self.document.set_choices(list_name, choices, text)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        choices = self.choices()
        number = item.row()
        if not 0 <= number < len(choices):
            return
        text = item.text().strip()
        if item.column() == 0:
            choices[number].name = text
        else:
            choices[number].labels = with_labels(choices[number].labels, self.language, text)
        self._commit(choices, f"Edit choice {number + 1}")

    def add_choice(self) -> None:
        choices = self.choices()
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(choices)
        choices.insert(at, Choice(next_choice_name(choices)))
        self._commit(choices, "Add choice")
        self.table.setCurrentCell(at, 1)
        self.table.setFocus()
        item = self.table.item(at, 1)
        if item is not None:
            self.table.editItem(item)

    def remove_choice(self) -> None:
        choices = self.choices()
        number = self.table.currentRow()
        if 0 <= number < len(choices):
            removed = choices.pop(number)
            self._commit(choices, f"Remove choice {removed.name}")

    def move_choice(self, step: int) -> None:
        choices = self.choices()
        number = self.table.currentRow()
        other = number + step
        if not (0 <= number < len(choices) and 0 <= other < len(choices)):
            return
        choices[number], choices[other] = choices[other], choices[number]
        self._commit(choices, "Move choice")
        self.table.setCurrentCell(other, max(self.table.currentColumn(), 0))

    def paste(self, text: str | None = None) -> int:
        """Add or relabel choices from spreadsheet rows; returns how many rows were read."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        rows = pasted_rows(text)
        if not rows:
            self.message.show_message("Nothing to paste: copy name and label cells first.")
            return 0
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        merged = merge_pasted(self.choices(), rows, self.language, at)
        self._commit(merged, f"Paste {len(rows)} choices")
        return len(rows)

    def _list_name_finished(self) -> None:
        if self._loading or self.position is None:
            return
        new_name = self.list_name.text().strip()
        if new_name and new_name != self.current_list():
            self.document.set_list_name(self.position, new_name)
