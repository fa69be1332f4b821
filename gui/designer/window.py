"""The designer window: edit a questionnaire or a guide, check it as it is typed, save it.

Opened from the instrument manager on the latest version of a family. Save refuses while
there are problems (listed at the bottom, each a jump to its field); otherwise it stores
the definition through storage.instrument_versions, which freezes a version sessions
already use, and says what it did. Closing with unsaved edits asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.designer.document import DesignDocument, GuideDocument, QuestionnaireDocument
from gui.designer.form_header import FormHeader
from gui.designer.guide_page import GuidePage
from gui.designer.problems_panel import ProblemsPanel
from gui.designer.questionnaire_page import QuestionnairePage
from gui.designer.saving import SaveOutcome, save_design, stored_definition, what_save_will_do
from gui.designer.undo_keys import REDO_KEYS, UNDO_KEYS, UndoKeysToDocument
from gui.form_parts import ERROR_COLOUR
from gui.write_tracker import WriteTracker
from instruments.design_checks import DesignProblem
from storage.errors import StorageError
from storage.instrument_versions import family_id_of, versions
from storage.store import Store

Answer = QMessageBox.StandardButton


class DesignerWindow(QMainWindow):
    """One instrument family's latest version, being edited. `saved(instrument_id)`."""

    saved = Signal(str)

    def __init__(
        self,
        store: Store,
        tracker: WriteTracker,
        instrument_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker
        self.family_id = family_id_of(store, instrument_id)
        family = versions(store, self.family_id)
        self.instrument_id = family[-1].instrument_id
        instrument = stored_definition(store, self.instrument_id)
        if instrument is None:
            raise StorageError(
                "This instrument's definition cannot be read, so it cannot be edited."
            )
        row = store.repos.instruments.get(self.instrument_id)
        own = {version.form_id for version in family}
        taken = store.repos.instruments.form_ids(row["study_id"]) - own if row else set()
        self.document: DesignDocument
        self.page: QuestionnairePage | GuidePage
        if instrument.kind == "questionnaire":
            self.document = QuestionnaireDocument(instrument, taken, self)
            self.page = QuestionnairePage(self.document)
        else:
            self.document = GuideDocument(instrument, taken, self)
            self.page = GuidePage(self.document)
        self.header = FormHeader(self.document)
        self.problems = ProblemsPanel()
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setAccessibleName("What saving did")
        self.report.hide()
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self._build_actions()
        self._lay_out()

        self.undo_keys = UndoKeysToDocument(self)
        fields = self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit)
        preview = getattr(self.page, "preview", None)  # its answers are not document edits
        self.undo_keys.watch(f for f in fields if preview is None or not preview.isAncestorOf(f))
        self.document.changed.connect(self.recheck)
        self.document.stack.cleanChanged.connect(self._clean_changed)
        self.document.form_changed.connect(self._retitle)
        self.problems.jump.connect(self.page.go_to)
        if isinstance(self.page, QuestionnairePage):
            self.header.language_changed.connect(self.page.set_language)
        self._retitle()
        self.recheck()
        self.plan.setText(what_save_will_do(store, self.family_id))
        self.resize(1280, 820)
        self.page.initial_focus()

    # --- building -----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        stack = self.document.stack
        self.save_action = QAction("&Save", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setToolTip("Save the form (Ctrl+S)")
        self.save_action.triggered.connect(lambda _checked=False: self.save())
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(keys) for keys in UNDO_KEYS])
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(keys) for keys in REDO_KEYS])
        self.close_action = QAction("&Close", self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(lambda _checked=False: self.close())
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        toolbar = self.addToolBar("Designer")
        toolbar.setObjectName("designer-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.save_action, self.undo_action, self.redo_action):
            toolbar.addAction(action)
            self.addAction(action)

    def _lay_out(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.report)
        layout.addWidget(self.plan)
        layout.addWidget(self.problems)
        self.setCentralWidget(central)

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _retitle(self) -> None:
        title = self.document.instrument.title or "Untitled"
        self.setWindowTitle(f"{title}[*] — Fieldnotes designer")

    # --- checking and saving ----------------------------------------------------------------

    def recheck(self) -> list[DesignProblem]:
        problems = self.document.problems()
        self.problems.show_problems(problems)
        self.header.show_problems(problems)
        self.page.show_problems(problems)
        return problems

    def save(self) -> SaveOutcome | None:
        """Store the definition, or say why not; returns what was done."""
        problems = self.recheck()
        if problems:
            count = len(problems)
            self._report(
                f"Not saved: {count} problem{'s' if count != 1 else ''} to fix first "
                "(listed below).",
                error=True,
            )
            self.problems.list.setCurrentRow(0)
            self.problems.list.setFocus()
            return None
        try:
            outcome = save_design(
                self.store, self.tracker, self.family_id, self.document.snapshot()
            )
        except StorageError as error:
            self._report(f"Not saved: {error}", error=True)
            return None
        self.instrument_id = outcome.instrument_id
        self.document.stack.setClean()
        self._report(outcome.message(), error=False)
        self.plan.setText(what_save_will_do(self.store, self.family_id))
        if not outcome.unchanged:
            self.saved.emit(outcome.instrument_id)
        return outcome

    def _report(self, text: str, error: bool) -> None:
        self.report.setText(text)
        self.report.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.report.show()

    # --- closing --------------------------------------------------------------------------

    def ask_unsaved(self) -> Answer:
        """Save, Discard or Cancel, asked when closing with unsaved edits."""
        return QMessageBox.question(
            self,
            "Unsaved changes",
            "This form has changes that are not saved. Save them before closing?",
            Answer.Save | Answer.Discard | Answer.Cancel,
            Answer.Save,
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.document.stack.isClean():
            event.accept()
            return
        answer = self.ask_unsaved()
        if answer == Answer.Discard or (answer == Answer.Save and self.save() is not None):
            event.accept()
        else:
            event.ignore()
