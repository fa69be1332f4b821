"""The designer windows the instrument manager opened: one per instrument family.

A designer is a window of its own beside the main window. Closing the main window asks
each designer to close first (each asks about its unsaved edits), so quitting cannot drop
a form being designed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from gui.designer import DesignerWindow
from gui.write_tracker import WriteTracker
from storage.store import Store


class OpenDesigners(QObject):
    """Designer windows by family id; `watch` guards the main window's close."""

    def __init__(self, store: Store, tracker: WriteTracker, owner: QWidget) -> None:
        super().__init__(owner)
        self.store = store
        self.tracker = tracker
        self.owner = owner
        self.windows: dict[str, DesignerWindow] = {}
        self._watched: QWidget | None = None

    def open(self, instrument_id: str) -> DesignerWindow | None:
        """The family's designer, raised if already open (StorageError if unreadable)."""
        row = self.store.repos.instruments.get(instrument_id)
        if row is None:
            return None
        family_id = row["family_id"]
        window = self.windows.get(family_id)
        if window is not None:
            window.raise_()
            window.activateWindow()
            return window
        window = DesignerWindow(self.store, self.tracker, instrument_id, self.owner)
        window.setWindowFlag(Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _object=None: self.windows.pop(family_id, None))
        self.windows[family_id] = window
        window.show()
        return window

    def close(self, family_id: str) -> bool:
        """Close one family's designer; False if it kept its unsaved edits open."""
        window = self.windows.get(family_id)
        return window is None or window.close()

    def close_all(self) -> bool:
        """Close every designer; False as soon as one stays open."""
        return all(window.close() for window in list(self.windows.values()))

    def watch(self, main_window: QWidget) -> None:
        """Ask the designers before `main_window` closes."""
        if main_window is not self._watched:
            main_window.installEventFilter(self)
            self._watched = main_window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._watched and event.type() == QEvent.Type.Close and not self.close_all():
            event.ignore()
            return True
        return False
