"""Fieldwork progress: targets per site and instrument, and sessions over time."""

from gui.progress.progress_screen import ProgressScreen
from gui.progress.target_dialog import TargetDialog

__all__ = ["ProgressScreen", "TargetDialog"]
