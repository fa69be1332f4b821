"""Search across every note and free-text answer of a study (FTS5 through storage.search)."""

from gui.search.search_screen import SearchScreen

__all__ = ["SearchScreen"]
