"""CodingTextView: one note or free-text answer, its coded spans in colour, and the ways to
code it: a toolbar, the context menu and keys.

Keys (while the text has focus): Ctrl+K applies the code chosen in the toolbar to the
selected words, Ctrl+Shift+K asks for several codes, Ctrl+M edits the memo of the coding
under the cursor, Ctrl+Shift+R takes codes off the selection. In a focus group, "Code
speaker" codes every turn of the note's speaker at once. All rules are storage.codings';
this widget only gathers the selection and shows what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.coding.code_chooser import CodeChooser
from gui.coding.coded_text_edit import CodedTextEdit
from gui.coding.colours import swatch
from gui.coding.highlighter import spans_from_codings
from gui.coding.memo_editor import MemoEditor
from gui.coding.quote_list import describe, legend_html
from gui.coding.text_menu import add_coding_actions
from gui.coding.text_offsets import from_qt, to_qt
from gui.form_parts import ERROR_COLOUR
from gui.write_tracker import WriteTracker
from storage import codings as coding_store
from storage.changes import Changes
from storage.codebook import Codebook, CodeNode
from storage.errors import StorageError
from storage.segments import unit_context
from storage.store import Store

TABLES = ("codings",)


class CodingTextView(QWidget):
    """Shows a note (`show_note`) or a text answer (`show_answer`) for coding.

    Emits `codings_changed(Changes)` after each write; `tracker` (the window's
    WriteTracker) reports Saved / Not saved and tells other screens.
    """

    codings_changed = Signal(object)

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
        show_heading: bool = True,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker or WriteTracker(self)
        self.unit: coding_store.Unit | None = None
        self.context: dict[str, Any] = {}
        self.codings: list[dict[str, Any]] = []
        self.nodes: list[CodeNode] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.text = CodedTextEdit()
        self.text.setAccessibleName("Coded text")
        self.text.menu_wanted.connect(self._fill_menu)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.code_box = QComboBox()
        self.code_box.setAccessibleName("Code to apply")
        self.code_box.setMinimumContentsLength(16)
        self.code_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addWidget(QLabel("Code: "))
        self.toolbar.addWidget(self.code_box)
        self.apply_action = self._action("Apply", self.apply_current, "Ctrl+K")
        self.choose_action = self._action("Apply codes…", self.choose_and_apply, "Ctrl+Shift+K")
        self.remove_action = self._action("Remove…", self.remove_here, "Ctrl+Shift+R")
        self.memo_action = self._action("Memo…", self.edit_memo_here, "Ctrl+M")
        self.speaker_action = self._action("Code speaker", self.code_speaker, None)
        for action in (self.apply_action, self.choose_action, self.remove_action):
            self.toolbar.addAction(action)
        self.toolbar.addAction(self.memo_action)
        self.speaker_button = QToolButton()
        self.speaker_button.setDefaultAction(self.speaker_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.heading)
        self.heading.setVisible(show_heading)  # once in a layout: no stray window
        layout.addWidget(self.speaker_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.legend)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        self.code_box.currentIndexChanged.connect(lambda _index: self._update_actions())
        self.tracker.changed.connect(self._on_changed)
        self._update_actions()

    def _action(self, text: str, slot: Callable[[], object], keys: str | None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text.rstrip('…')} ({QKeySequence(keys).toString()})")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- what is shown ------------------------------------------------------------------

    def show_note(self, note_id: str, select: tuple[int, int] | None = None) -> bool:
        """Show a note for coding; `select` (Python offsets) selects and scrolls to words."""
        return self._show(lambda: coding_store.note_unit(self.store, note_id), select)

    def show_answer(self, answer_id: str, select: tuple[int, int] | None = None) -> bool:
        return self._show(lambda: coding_store.answer_unit(self.store, answer_id), select)

    def _show(self, load: Callable[[], coding_store.Unit], select: tuple[int, int] | None) -> bool:
        try:
            unit = load()
        except StorageError as error:
            self.clear(str(error))
            return False
        study_changed = self.unit is None or self.unit.study_id != unit.study_id
        self.unit = unit
        if unit.kind == "note":
            self.context = unit_context(self.store, note_id=unit.id)
        else:
            self.context = unit_context(self.store, answer_id=unit.id)
        if study_changed:
            self._load_codes()
        self.text.setPlainText(unit.text)
        self._paint()
        self._show_heading()
        self.message.hide()
        if select is not None:
            self.select_span(*select)
        self._update_actions()
        return True

    def clear(self, message: str = "") -> None:
        self.unit, self.codings, self.context = None, [], {}
        self.text.clear()
        self.heading.clear()
        self._show_message(message, error=False)
        self._update_actions()

    def refresh(self) -> None:
        """Reload the text, its codings and the codebook, keeping selection and scroll."""
        if self.unit is None:
            return
        cursor = self.text.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        scroll = self.text.verticalScrollBar().value()
        current = self.code_box.currentData()
        self._load_codes(current)
        kind, unit_id = self.unit.kind, self.unit.id
        loader = coding_store.note_unit if kind == "note" else coding_store.answer_unit
        try:
            self.unit = loader(self.store, unit_id)
        except StorageError as error:
            self.clear(str(error))
            return
        if self.text.toPlainText() != self.unit.text:
            self.text.setPlainText(self.unit.text)
        self._paint()
        cursor = self.text.textCursor()
        cursor.setPosition(min(anchor, len(self.text.toPlainText())))
        cursor.setPosition(
            min(position, len(self.text.toPlainText())), QTextCursor.MoveMode.KeepAnchor
        )
        self.text.setTextCursor(cursor)
        self.text.verticalScrollBar().setValue(scroll)

    def _load_codes(self, keep: str | None = None) -> None:
        self.nodes = Codebook(self.store).tree(self.unit.study_id) if self.unit else []
        self.code_box.blockSignals(True)
        self.code_box.clear()
        for node in self.nodes:
            self.code_box.addItem(swatch(node.colour), "   " * node.depth + node.name, node.id)
        if keep is not None and self.code_box.findData(keep) >= 0:
            self.code_box.setCurrentIndex(self.code_box.findData(keep))
        self.code_box.blockSignals(False)
        self._update_actions()

    def _paint(self, emphasised: str | None = None) -> None:
        self.codings = coding_store.codings_of(self.store, self.unit) if self.unit else []
        text = self.unit.text if self.unit else ""
        self.text.highlighter.set_spans(spans_from_codings(text, self.codings), emphasised)
        self.legend.setText(legend_html(self.codings))
        self.legend.setVisible(bool(self.codings))

    def _show_heading(self) -> None:
        topic = self.context.get("topic_title") or ""
        extra = f"<br><span style='color:#666666'>{escape(topic)}</span>" if topic else ""
        line = escape(describe(self.context)) if self.context else ""
        self.heading.setText(f"<b>{line}</b>{extra}" if line or extra else "")

    def choose_code(self, code_id: str) -> bool:
        """Make `code_id` the code Apply (Ctrl+K) uses; False if it is not in this codebook."""
        index = self.code_box.findData(code_id)
        if index >= 0:
            self.code_box.setCurrentIndex(index)
        return index >= 0

    def emphasise(self, coding_id: str | None) -> None:
        """Paint one coding stronger (the quote a list has selected) and scroll to it."""
        self._paint(coding_id)
        for coding in self.codings:
            if coding["id"] == coding_id:
                self.select_span(coding["start"], coding["end"], select=False)

    def set_search_words(self, spans: list[tuple[int, int]]) -> None:
        """Mark words a search matched (Python offsets) over the code colours."""
        text = self.unit.text if self.unit else ""
        self.text.highlighter.set_search_spans([(to_qt(text, a), to_qt(text, b)) for a, b in spans])

    def select_span(self, start: int, end: int, select: bool = True) -> None:
        text = self.unit.text if self.unit else ""
        cursor = self.text.textCursor()
        cursor.setPosition(to_qt(text, min(end, len(text))))
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        if select:
            cursor.setPosition(to_qt(text, start))
            cursor.setPosition(to_qt(text, min(end, len(text))), QTextCursor.MoveMode.KeepAnchor)
            self.text.setTextCursor(cursor)

    # --- the selection ----------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        """The selected words as Python offsets, or None when nothing is selected."""
        cursor = self.text.textCursor()
        if self.unit is None or not cursor.hasSelection():
            return None
        text = self.unit.text
        return from_qt(text, cursor.selectionStart()), from_qt(text, cursor.selectionEnd())

    def codings_here(self) -> list[dict[str, Any]]:
        """Codings overlapping the selection, or under the cursor when nothing is selected."""
        if self.unit is None:
            return []
        span = self.selected_span()
        if span is None:
            at = from_qt(self.unit.text, self.text.textCursor().position())
            return [c for c in self.codings if c["start"] <= at < c["end"]] or [
                c for c in self.codings if c["end"] == at
            ]
        start, end = span
        return [c for c in self.codings if c["start"] < end and c["end"] > start]

    # --- writing ------------------------------------------------------------------------

    def _write(self, write: Callable[[], Any], done: str) -> Any:
        try:
            result = self.tracker.run(write, TABLES)
        except StorageError as error:
            self._show_message(str(error), error=True)
            return None
        self._show_message(done, error=False)
        self.refresh()
        self.codings_changed.emit(Changes().add("codings"))
        return result

    def apply_codes(self, code_ids: list[str]) -> list[str] | None:
        """Apply codes to the selected words; returns the coding ids (None if refused)."""
        span = self.selected_span()
        if self.unit is None:
            return None
        if span is None:
            self._show_message("Select some words first, then apply a code.", error=True)
            return None
        unit = self.unit
        names = ", ".join(n.name for n in self.nodes if n.id in code_ids)
        return self._write(
            lambda: coding_store.apply_codes(self.store, unit, code_ids, *span),
            f"Coded as {names}.",
        )

    def apply_current(self) -> None:
        code_id = self.code_box.currentData()
        if code_id:
            self.apply_codes([code_id])

    def choose_and_apply(self) -> None:
        if self.unit is None:
            return
        if self.selected_span() is None:
            self._show_message("Select some words first, then apply codes.", error=True)
            return
        chooser = CodeChooser(self.nodes, "Apply codes", "Tick the codes for the selected words.")
        if chooser.exec() and chooser.chosen():
            self.apply_codes(chooser.chosen())

    def remove_codings(self, coding_ids: list[str]) -> None:
        def write() -> None:
            with self.store.transaction():
                for coding_id in coding_ids:
                    coding_store.remove_coding(self.store, coding_id)

        self._write(write, "Code removed." if len(coding_ids) == 1 else "Codes removed.")

    def remove_here(self) -> None:
        here = self.codings_here()
        if not here:
            self._show_message("No code here to remove.", error=True)
            return
        if len({c["code_id"] for c in here}) > 1:
            chooser = CodeChooser(
                [n for n in self.nodes if n.id in {c["code_id"] for c in here}],
                "Remove codes",
                "Tick the codes to take off these words.",
            )
            if not chooser.exec():
                return
            here = [c for c in here if c["code_id"] in chooser.chosen()]
        if here:
            self.remove_codings([c["id"] for c in here])

    def edit_memo(self, coding: dict[str, Any]) -> None:
        words = self.unit.text[coding["start"] : coding["end"]] if self.unit else ""
        editor = MemoEditor(coding["code_name"], coding["code_colour"], words, coding["memo"], self)
        if editor.exec():
            self._write(
                lambda: coding_store.set_memo(self.store, coding["id"], editor.memo()),
                "Memo saved.",
            )

    def edit_memo_here(self) -> None:
        here = self.codings_here()
        if not here:
            self._show_message("Put the cursor on coded words to write a memo.", error=True)
            return
        self.edit_memo(here[0])

    def code_speaker(self, code_ids: list[str] | None = None) -> None:
        """Code every turn of this note's speaker in its session (focus groups)."""
        context = self.context
        code_ids = code_ids or (
            [self.code_box.currentData()] if self.code_box.currentData() else []
        )
        if not self._speaker_codable() or not code_ids:
            return
        speaker_id = context.get("speaker_id")
        label = None if speaker_id else context.get("speaker_label")
        self._write(
            lambda: coding_store.code_speaker(
                self.store, context["session_id"], code_ids, speaker_id, label
            ),
            f"Every turn of {context.get('speaker')} coded.",
        )

    def _speaker_codable(self) -> bool:
        context = self.context
        return bool(
            self.unit is not None
            and self.unit.kind == "note"
            and context.get("instrument_kind") == "focus_group"
            and (context.get("speaker_id") or (context.get("speaker_label") or "").strip())
        )

    # --- menus, messages, state ---------------------------------------------------------

    def _fill_menu(self, menu: QMenu, _position: QPoint) -> None:
        add_coding_actions(self, menu)

    def _show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "color: #2e7d32;")
        self.message.setVisible(bool(text))

    def _update_actions(self) -> None:
        has_unit = self.unit is not None
        has_codes = bool(self.nodes)
        for action in (self.apply_action, self.choose_action):
            action.setEnabled(has_unit and has_codes)
        self.remove_action.setEnabled(has_unit)
        self.memo_action.setEnabled(has_unit)
        self.code_box.setEnabled(has_codes)
        codable = self._speaker_codable() and has_codes
        self.speaker_action.setVisible(codable)
        self.speaker_button.setVisible(codable)
        if codable:
            self.speaker_action.setText(
                f"Code all turns of {self.context.get('speaker')} with "
                f"“{self.code_box.currentText().strip()}”"
            )

    def _on_changed(self, changes: Changes) -> None:
        if self.unit is not None and changes.touches("codes", "codings", "notes", "answers"):
            self.refresh()
