"""Questionnaire entry: starting a session, filling in the form, double entry verification."""

from gui.entry.double_entry_dialog import DoubleEntryDialog
from gui.entry.entry_screen import EntryScreen
from gui.entry.start_dialog import StartSessionDialog

__all__ = ["DoubleEntryDialog", "EntryScreen", "StartSessionDialog"]
