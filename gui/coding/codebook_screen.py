"""The Codebook screen: the study's codes as a tree, what each means, and its quotes.

Left, the tree (drag to move, right-click for actions, counts per code). Right, the chosen
code's description and inclusion/exclusion notes, then every segment coded with it or its
subcodes; clicking one shows its note below, where more can be coded. The toolbar adds,
edits, merges, deletes (showing what goes first), imports and exports the codebook.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.coding.code_chooser import CodeChooser
from gui.coding.code_dialog import CodeDialog
from gui.coding.codebook_tree import CodebookTree
from gui.coding.delete_dialog import DeleteCodeDialog
from gui.coding.quote_list import QuoteList
from gui.coding.text_view import CodingTextView
from gui.record_table import screen_title
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.codebook import Codebook, CodeNode
from storage.errors import StorageError
from storage.segments import coded_segments
from storage.store import Store

TABLES = ("codes", "codings")
FILE_FILTER = "Codebook sheets (*.xlsx *.csv)"


class CodebookScreen(QWidget):
    """A study's codebook; `show_study(study_id)` switches study (main-window protocol).

    Keys: Ctrl+N new theme, Ctrl+Shift+N new subcode, F2 edit, Delete delete (after
    showing what goes); drag a code onto another to move it under it.
    """

    def __init__(
        self,
        store: Store,
        study_id: str | None = None,
        tracker: WriteTracker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tracker = tracker or WriteTracker(self)
        self.codebook = Codebook(store)
        self.study_id: str | None = None
        self.nodes: list[CodeNode] = []
        self.dialog: QWidget | None = None
        self.title = screen_title("Codebook")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_theme_action = self.toolbar.addAction("New theme…", self.new_theme)
        self.new_subcode_action = self.toolbar.addAction("New subcode…", self.new_subcode)
        self.edit_action = self.toolbar.addAction("Edit…", self.edit_code)
        self.merge_action = self.toolbar.addAction("Merge into…", self.merge_code)
        self.delete_action = self.toolbar.addAction("Delete…", self.delete_code)
        self.toolbar.addSeparator()
        self.import_action = self.toolbar.addAction("Import sheet…", self.import_sheet)
        self.export_action = self.toolbar.addAction("Export sheet…", self.export_sheet)
        for action, keys in (
            (self.new_theme_action, "Ctrl+N"),
            (self.new_subcode_action, "Ctrl+Shift+N"),
            (self.edit_action, "F2"),
            (self.delete_action, "Delete"),
        ):
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{action.text().rstrip('…')} ({QKeySequence(keys).toString()})")
            self.addAction(action)
        self.tree = CodebookTree()
        self.tree.setMinimumWidth(340)
        self.tree.currentItemChanged.connect(lambda *_: self._show_code())
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit_code())
        self.tree.move_requested.connect(self.move_code)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quotes_label = QLabel()
        self.quotes = QuoteList(show_code=True)
        self.quotes.segment_activated.connect(self.show_segment)
        self.text_view = CodingTextView(store, self.tracker)
        right_top = QWidget()
        top_layout = QVBoxLayout(right_top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.details)
        top_layout.addWidget(self.quotes_label)
        top_layout.addWidget(self.quotes, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(right_top)
        right.addWidget(self.text_view)
        right.setSizes([420, 260])
        right.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.tree)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        body.setSizes([420, 760])
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.toolbar)
        layout.addWidget(body, 1)
        self.tracker.changed.connect(self._on_changed)
        if study_id:
            self.show_study(study_id)

    # --- showing ------------------------------------------------------------------------

    def show_study(self, study_id: str) -> None:
        if study_id != self.study_id:
            self.text_view.clear()
        self.study_id = study_id
        self.refresh()

    def refresh(self) -> None:
        if not self.study_id:
            return
        study = self.store.repos.studies.get(self.study_id) or {"name": ""}
        self.title.setText(f"Codebook — {study['name']}")
        self.nodes = self.codebook.tree(self.study_id)
        self.tree.load(self.nodes, self.codebook.counts(self.study_id, with_units=False))
        self._show_code()

    def current(self) -> CodeNode | None:
        code_id = self.tree.current_code_id()
        return next((n for n in self.nodes if n.id == code_id), None)

    def _show_code(self) -> None:
        node = self.current()
        for action in (self.new_subcode_action, self.edit_action, self.merge_action):
            action.setEnabled(node is not None)
        self.delete_action.setEnabled(node is not None)
        if node is None:
            self.details.setText(
                "<p>No codes yet. Add a theme with <b>New theme…</b>, or import a codebook "
                "sheet (columns code, parent, description, colour, inclusion, exclusion).</p>"
            )
            self.quotes_label.clear()
            self.quotes.set_segments([], "")
            return
        self.details.setText(_details_html(node))
        codes = self.codebook.descendant_ids(node.id)
        segments = coded_segments(self.store, [self.study_id or ""], code_ids=codes)
        with_sub = " and its subcodes" if len(codes) > 1 else ""
        self.quotes_label.setText(
            f"<b>{len(segments)} coded segments</b> with {escape(node.name)}{with_sub}"
        )
        self.quotes.set_segments(segments, "Nothing is coded with this code yet.")

    def show_segment(self, segment: dict[str, Any]) -> None:
        """Show a quote's note (or answer) below, the quote painted stronger."""
        if segment.get("note_id"):
            self.text_view.show_note(segment["note_id"])
        else:
            self.text_view.show_answer(segment["answer_id"])
        self.text_view.emphasise(segment["coding_id"])
        self.text_view.choose_code(self.tree.current_code_id() or segment["code_id"])

    # --- writing ------------------------------------------------------------------------

    def _run(self, write: Any) -> Any:
        try:
            return self.tracker.run(write, TABLES)
        except StorageError as error:
            QMessageBox.warning(self, "Codebook", str(error))
            return None

    def _open_code_dialog(self, code: CodeNode | None, parent_id: str | None) -> CodeDialog:
        dialog = CodeDialog(self.nodes, code, parent_id, self)
        study_id = self.study_id or ""

        def save() -> None:
            values, chosen_parent = dialog.values(), dialog.parent_id()
            if code is None:
                name = values.pop("name")
                new_id = self.tracker.run(
                    lambda: self.codebook.add(study_id, name, chosen_parent, **values), TABLES
                )
                self.tree.select(new_id)
                return

            def update() -> None:
                with self.store.transaction():
                    self.codebook.update(code.id, **values)
                    if chosen_parent != code.parent_id:
                        self.codebook.move(code.id, chosen_parent)

            self.tracker.run(update, TABLES)

        dialog.save = save
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_theme(self) -> CodeDialog:
        return self._open_code_dialog(None, None)

    def new_subcode(self) -> CodeDialog:
        return self._open_code_dialog(None, self.tree.current_code_id())

    def edit_code(self) -> CodeDialog | None:
        node = self.current()
        return None if node is None else self._open_code_dialog(node, node.parent_id)

    def move_code(self, code_id: str, parent_id: str | None, before_id: str | None) -> None:
        self._run(lambda: self.codebook.move(code_id, parent_id, before_id))
        self.tree.select(code_id)

    def merge_code(self) -> None:
        node = self.current()
        if node is None:
            return
        chooser = CodeChooser(
            self.nodes,
            "Merge code",
            f"Merge “{node.name}” into which code? Its coded segments and subcodes move "
            f"there, and “{node.name}” is deleted.",
            several=False,
            excluded=set(self.codebook.descendant_ids(node.id)),
            parent=self,
        )
        if chooser.exec() and chooser.chosen():
            target = chooser.chosen()[0]
            self.merge_into(node.id, target)

    def merge_into(self, source_id: str, target_id: str) -> Changes | None:
        changes = self._run(lambda: self.codebook.merge(source_id, target_id))
        self.tree.select(target_id)
        return changes

    def delete_code(self) -> DeleteCodeDialog | None:
        """Show what a delete removes (subcodes, every coded segment); Delete confirms."""
        node = self.current()
        if node is None:
            return None
        nodes, segments = self.codebook.deletion_preview(node.id)
        dialog = DeleteCodeDialog(nodes, segments, self)
        dialog.accepted.connect(lambda: self._run(lambda: self.codebook.delete(node.id)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_sheet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import codebook", "", FILE_FILTER)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> str:
        """Import a codebook sheet (all or nothing); returns what the user was told."""
        from storage.codebook_sheet import import_codebook_file

        try:
            report = self.tracker.run(
                lambda: import_codebook_file(self.store, self.study_id or "", path), TABLES
            )
        except StorageError as error:
            message = str(error)
            QMessageBox.warning(self, "Codebook not imported", message)
            return message
        message = f"{path.name}: {report}"
        QMessageBox.information(self, "Codebook imported", message)
        return message

    def export_sheet(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export codebook", "codebook.xlsx", FILE_FILTER)
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> int:
        from exports.coding_sheets import write_codebook_file

        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        try:
            return write_codebook_file(self.store, self.study_id or "", path)
        except (OSError, StorageError) as error:
            QMessageBox.warning(self, "Codebook not exported", f"{path}: {error}")
            return 0

    # --- menus and refresh --------------------------------------------------------------

    def _tree_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.new_theme_action, self.new_subcode_action, self.edit_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        menu.addAction(self.delete_action)
        menu.exec(self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _on_changed(self, changes: Changes) -> None:
        if self.study_id and changes.touches("codes", "codings", "notes", "answers"):
            self.refresh()


def _details_html(node: CodeNode) -> str:
    def block(title: str, text: str) -> str:
        if not text:
            return ""
        body = escape(text).replace("\n", "<br>")
        return f"<p style='margin:4px 0'><b>{title}</b> {body}</p>"

    where = " › ".join(escape(part) for part in node.path[:-1])
    return (
        f"<p style='font-size:large; margin:0'><span style='color:{node.colour}'>■</span> "
        f"<b>{escape(node.name)}</b></p>"
        + (f"<p style='color:#666666; margin:0'>under {where}</p>" if where else "")
        + (block("", node.description) or "<p style='color:#777777'>No description.</p>")
        + block("Use when:", node.inclusion)
        + block("Not when:", node.exclusion)
    )
