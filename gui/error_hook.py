"""Unexpected errors: logged to stderr with their traceback, shown to the user in a few words.

Without this, an exception in a Qt slot only prints to a console nobody sees, and the user
is left wondering whether their last change was kept.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from storage.errors import StorageError

log = logging.getLogger("fieldnotes.gui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def unexpected_error_text(error: BaseException) -> str:
    """A short message: what happened, and that saved work is safe."""
    if isinstance(error, StorageError):
        what = str(error)
    else:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        what = f"Something unexpected went wrong ({type(error).__name__}" + (
            f": {detail})." if detail else ")."
        )
    return (
        f'{what}\n\nEvery change that showed "Saved" is in the database. If this keeps '
        "happening, note what you were doing and tell your coordinator; the details were "
        "written to the error output."
    )


def show_unexpected_error(error: BaseException) -> None:
    """A modal message box; only when a QApplication exists (tests and scripts may have none)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Fieldnotes: unexpected error")
    box.setText(unexpected_error_text(error))
    box.exec()


def install_excepthook(
    show: Callable[[BaseException], None] = show_unexpected_error,
) -> Callable[[], None]:
    """Replace sys.excepthook; returns a function that puts the previous hook back."""
    previous: ExceptHook = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        log.error("Unexpected error", exc_info=(kind, error, trace))
        if showing:  # an error while the box is up: log it, do not stack boxes
            return
        showing = True
        try:
            show(error)
        except Exception:  # the box itself failed: the log above still has the error
            log.exception("Could not show the error message")
        finally:
            showing = False

    sys.excepthook = hook

    def uninstall() -> None:
        sys.excepthook = previous

    return uninstall
