"""Focus groups: set-up and roster, live recording of turns, editing, review, transcripts."""

from gui.focus_groups.screen import FocusGroupScreen
from gui.focus_groups.setup_dialog import FocusGroupSetupDialog
from gui.focus_groups.transcript_dialog import TranscriptImportDialog

__all__ = ["FocusGroupScreen", "FocusGroupSetupDialog", "TranscriptImportDialog"]
