"""Designing questionnaires and interview / focus-group guides inside the app."""

from gui.designer.window import DesignerWindow

__all__ = ["DesignerWindow"]
