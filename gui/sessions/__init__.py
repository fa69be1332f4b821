"""The sessions list: every session, filtered, sorted and opened, fast at 100,000 rows."""

from gui.sessions.model import SessionTableModel
from gui.sessions.screen import SessionsScreen

__all__ = ["SessionTableModel", "SessionsScreen"]
