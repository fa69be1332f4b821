"""The first-run dialog: no database yet, so offer the demo, a new study, or another file."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import FieldMessage, buddy_label
from gui.opening import choose_database_file, open_database_interactively
from storage.errors import StorageError
from storage.repositories.base import required_text
from storage.store import Store, open_store


class FirstRunDialog(QDialog):
    """Accepted with `store` open on the chosen database; rejected if the user quits."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.store: Store | None = None
        self.setWindowTitle("Welcome to Fieldnotes")
        intro = QLabel(
            "<h2>Welcome to Fieldnotes</h2>"
            "<p>There is no database here yet:<br>"
            f"<b>{html.escape(str(path))}</b></p><p>How would you like to start?</p>"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.demo_button = QPushButton("Open the &demo study")
        self.demo_button.clicked.connect(self.open_demo)
        demo = _choice(
            "Try Fieldnotes",
            "Three example evaluation programmes (Durham, Cumbria, Northumberland) with "
            "pseudonymous participants, questionnaires, interviews, focus groups and coded "
            "themes, to try Fieldnotes without touching real data.",
        )
        _add_row(demo, self.demo_button)

        self.study_name = QLineEdit()
        self.study_name.setAccessibleName("New study name")
        self.study_name.setPlaceholderText("e.g. Durham access programme")
        self.study_name.returnPressed.connect(self.create_study)
        self.create_button = QPushButton("&Create a new study")
        self.create_button.clicked.connect(self.create_study)
        self.name_message = FieldMessage(self.study_name)
        create = _choice(
            "Start your own study",
            "Makes an empty database at the place above, with one study of this name.",
        )
        _add_row(
            create,
            buddy_label("Study &name:", self.study_name),
            self.study_name,
            self.create_button,
        )
        create.layout().addWidget(self.name_message)

        self.open_button = QPushButton("&Open another database file…")
        self.open_button.clicked.connect(self.open_other)
        other = _choice(
            "Use an existing database",
            "A database copied from another laptop, a USB stick or an e-mail.",
        )
        _add_row(other, self.open_button)

        self.message = FieldMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in (demo, create, other):
            layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        for before, after in (
            (self.demo_button, self.study_name),
            (self.study_name, self.create_button),
            (self.create_button, self.open_button),
        ):
            QWidget.setTabOrder(before, after)
        self.setMinimumWidth(600)
        self.demo_button.setDefault(True)
        self.demo_button.setFocus()

    def open_demo(self) -> bool:
        """Build the demo studies into a new database at the path and open it."""
        from storage.demo import build_demo

        return self._create(build_demo)

    def create_study(self) -> bool:
        """Create the database with one study named as typed."""
        self.name_message.clear_message()
        try:
            name = required_text(self.study_name.text(), "A study's name")
        except StorageError as error:
            self.name_message.show_message(str(error))
            self.study_name.setFocus()
            return False
        return self._create(lambda store: store.repos.studies.add(name))

    def open_other(self) -> bool:
        chosen = choose_database_file(self, self.path.parent)
        if chosen is None:
            return False
        store = open_database_interactively(chosen, parent=self)
        if store is None:
            return False
        self.store = store
        self.accept()
        return True

    def _create(self, fill: Callable[[Store], object]) -> bool:
        """Create the database, fill it, open it; on failure say why and stay."""
        self.message.clear_message()
        try:
            store = open_store(self.path, create=True, backup_on_open=True)
        except (StorageError, OSError) as error:
            self.message.show_message(f"The database could not be created: {error}")
            return False
        try:
            fill(store)
        except (StorageError, OSError) as error:
            store.close()
            self.message.show_message(str(error))
            return False
        self.store = store
        self.accept()
        return True


def _choice(title: str, explanation: str) -> QGroupBox:
    """One way to start: a titled box with a sentence saying what it does."""
    box = QGroupBox(title)
    text = QLabel(explanation)
    text.setWordWrap(True)
    layout = QVBoxLayout(box)
    layout.addWidget(text)
    return box


def _add_row(box: QGroupBox, *widgets: QWidget) -> None:
    """The box's controls on one line, pushed to the left."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    if not any(isinstance(widget, QLineEdit) for widget in widgets):
        row.addStretch(1)
    box.layout().addLayout(row)
