"""Guides typed in on the spot (interview or focus group), saved as instruments."""

from gui.guides.editor import GuideEditorDialog

__all__ = ["GuideEditorDialog"]
