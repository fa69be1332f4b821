"""The coding part of CodingTextView's context menu: apply, remove, memo, code a speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from gui.coding.colours import swatch

if TYPE_CHECKING:
    from gui.coding.text_view import CodingTextView


def add_coding_actions(view: CodingTextView, menu: QMenu) -> None:
    """Append the coding actions that make sense where the user right-clicked."""
    menu.addSeparator()
    selected = view.selected_span() is not None
    current = view.code_box.currentData()
    if selected and current:
        apply = menu.addAction(f"Apply “{view.code_box.currentText().strip()}”")
        apply.setShortcut(view.apply_action.shortcut())
        apply.triggered.connect(view.apply_current)
    if selected and view.nodes:
        submenu = menu.addMenu("Apply code")
        for node in view.nodes:
            action = submenu.addAction(swatch(node.colour), "   " * node.depth + node.name)
            action.triggered.connect(lambda _c=False, i=node.id: view.apply_codes([i]))
        several = menu.addAction("Apply codes…")
        several.setShortcut(view.choose_action.shortcut())
        several.triggered.connect(view.choose_and_apply)
    here = view.codings_here()
    if here:
        remove = menu.addMenu("Remove code")
        memo = menu.addMenu("Memo")
        for coding in here:
            icon = swatch(coding["code_colour"])
            action = remove.addAction(icon, coding["code_name"])
            action.triggered.connect(lambda _c=False, i=coding["id"]: view.remove_codings([i]))
            label = coding["code_name"] + (" (has a memo)" if coding["memo"] else "")
            action = memo.addAction(icon, label + "…")
            action.triggered.connect(lambda _c=False, c=coding: view.edit_memo(c))
    if view.speaker_action.isVisible() and current:
        menu.addSeparator()
        menu.addAction(view.speaker_action)
