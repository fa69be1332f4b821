"""The strip above a form: what is being filled in, the saved state, and the form's actions.

The actions (next required question, mark complete, reopen, compare entries) are QActions
with shortcuts, so the main window can put the same actions in its menus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR

SAVED_COLOUR = "#1b5e20"
NEXT_REQUIRED_SHORTCUT = "Ctrl+J"
MARK_COMPLETE_SHORTCUT = "Ctrl+Shift+M"
_PATH = Qt.ItemDataRole.UserRole


def make_action(parent: QWidget, text: str, tip: str, shortcut: str | None = None) -> QAction:
    """An action whose tooltip names its shortcut, active while the form has the focus."""
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    parent.addAction(action)
    return action


def _coloured(label: QLabel, colour: str) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


class EntryHeader(QFrame):
    """Title, details line, language choice, saved state, and the action buttons."""

    language_chosen = Signal(str)

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 3)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.saved = QLabel("No changes yet")
        self.saved.setAccessibleName("Saved state")
        self.language = QComboBox()
        self.language.setAccessibleName("Form language")
        self.language.setToolTip("Language of the questions and choices")
        self.language.activated.connect(
            lambda index: self.language_chosen.emit(self.language.itemData(index))
        )
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(6)
        self.banner.hide()

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.details)
        top.addLayout(titles, 1)
        top.addWidget(self.saved, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        self.language_label = QLabel("Language:")
        buttons.addWidget(self.language_label)
        buttons.addWidget(self.language)
        buttons.addStretch(1)
        self.buttons: dict[QAction, QToolButton] = {}
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
            self.buttons[action] = button
            action.changed.connect(
                lambda a=action, b=button: b.setVisible(a.isVisible())  # tool buttons don't
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)

    def set_languages(self, languages: list[str], current: str) -> None:
        """Offer the form's languages; hidden when there is only one."""
        self.language.clear()
        for language in languages:
            self.language.addItem(language or "Default", language)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        several = len(languages) > 1
        self.language.setVisible(several)
        self.language_label.setVisible(several)

    def show_saved(self, text: str, ok: bool) -> None:
        if text == self.saved.text():
            return  # several answers a second: no relayout for the same words
        self.saved.setText(text)
        self.saved.setToolTip(text)
        _coloured(self.saved, SAVED_COLOUR if ok else ERROR_COLOUR)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))


class ProblemsPanel(QFrame):
    """What stops 'Mark complete': one line per question; Enter or a click jumps to it."""

    jump = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        _coloured(self.heading, ERROR_COLOUR)
        self.list = QListWidget()
        self.list.setAccessibleName("Questions to finish")
        self.list.setMaximumHeight(140)
        self.list.itemActivated.connect(lambda item: self.jump.emit(item.data(_PATH)))
        self.list.itemClicked.connect(lambda item: self.jump.emit(item.data(_PATH)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.hide()

    def show_problems(self, problems: list[tuple[str, str, str]]) -> None:
        """(path, question label, message) in form order; hides itself when empty."""
        self.list.clear()
        for path, label, message in problems:
            item = QListWidgetItem(f"{label} — {message}")
            item.setData(_PATH, path)
            self.list.addItem(item)
        count = len(problems)
        self.heading.setText(
            f"{count} question{'s' if count != 1 else ''} to finish before this session can be "
            "marked complete (Enter on a line goes to it):"
        )
        self.setVisible(bool(problems))
