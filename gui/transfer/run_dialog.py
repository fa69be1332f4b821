"""What every long-operation dialog shares: options, a run with progress and Cancel, a result.

A dialog fills `options`, connects `action_button` to its own start (which checks the
options and calls `run(job, ...)`), and shows its report in `results`.
While the job runs the options are locked, the bar moves and Cancel (also Esc or the
window's close button) asks the core to stop; the dialog stays open until the worker has
reported, so what it then says (done, refused, cancelled) is what happened.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.form_parts import ERROR_COLOUR
from gui.result_table import GridModel, content_height, grid_view
from gui.status_bar import SaveState
from gui.transfer.worker import Job, TransferTask
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.errors import StorageError
from storage.store import Store

SUCCEEDED, REFUSED, FAILED, CANCELLED = "succeeded", "refused", "failed", "cancelled"
OK_COLOUR = "#1b5e20"


def announce(tracker: WriteTracker | None, changes: Changes) -> None:
    """Tell the screens what a worker wrote: it wrote through its own Store, not the tracker."""
    if tracker is None:
        return
    tracker.state_changed.emit(SaveState.SAVED, "")
    if changes.tables:
        tracker.changed.emit(changes)


def report_table(model: GridModel, name: str, at_most: int = 320) -> QTableView:
    """A report's table, as tall as its rows (scrolling beyond `at_most` pixels)."""
    view = grid_view(model, name)
    model.setParent(view)
    height = content_height(view)
    view.setMinimumHeight(min(height, at_most))
    view.setMaximumHeight(height)
    return view


class RunPanel(QWidget):
    """A sentence of what is happening, the progress bar and the Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Progress")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress bar")
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleDescription("Stop; the database is left as it was")
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.hide()

    def begin(self, text: str) -> None:
        self.status.setText(text)
        self.bar.setRange(0, 0)  # busy until the core says how much there is
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.bar.show()
        self.show()

    def advance(self, done: int, total: int, unit: str | None) -> None:
        """Move the bar: "1,200 of 5,000 rows", or a percentage when `unit` is None."""
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        self.bar.setFormat(f"{min(done, total):,} of {total:,} {unit}" if unit else "%p%")

    def end(self) -> None:
        self.hide()


class TransferDialog(QDialog):
    """Base of the export, import and pack dialogs; see the module's docstring."""

    #: Emitted when a run ends: SUCCEEDED, REFUSED, FAILED or CANCELLED (tests wait on it).
    run_finished = Signal(str)
    #: Emitted with the TransferTask just before its thread starts.
    task_started = Signal(object)

    def __init__(
        self, store: Store, title: str, action_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.task: TransferTask | None = None
        self.setWindowTitle(title)
        self.options = QWidget()
        self.run_panel = RunPanel()
        self.run_panel.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Outcome")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.results = QWidget()
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Report")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results_layout.addWidget(self.heading)
        # The report takes the options' place, so it gets the room the options had.
        self.pages = QStackedWidget()
        self.pages.addWidget(self.options)
        self.pages.addWidget(self.results)
        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton(
            "&Back to the choices", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.back_button.clicked.connect(self.show_options)
        self.back_button.hide()
        self.action_button = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.ActionRole
        )
        self.action_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.run_panel)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._unit: str | None = "rows"

    # --- what subclasses refine --------------------------------------------------------------

    def on_succeeded(self, result: object) -> str:
        """Show what the job did; SUCCEEDED, or REFUSED when the core refused the input."""
        self.show_report(str(result))
        return SUCCEEDED

    def on_failed(self, error: StorageError) -> None:
        self.show_message(str(error), error=True)

    def on_cancelled(self, sentence: str) -> None:
        self.show_message(sentence)

    # --- running -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, job: Job, doing: str, what: str, unit: str | None = "rows") -> TransferTask:
        """Run `job` on the worker; `doing` is shown ("Exporting…"), `what` names it in errors
        ("exporting"), `unit` counts the progress (None: a percentage)."""
        self.clear_message()
        self.clear_results()
        self._unit = unit
        task = TransferTask.for_store(self.store, job, what)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        self.task = task
        self.options.setEnabled(False)
        self.action_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.run_panel.begin(doing)
        self.fit()
        self.run_panel.cancel_button.setFocus()
        self.task_started.emit(task)
        task.start_job()
        return task

    def cancel(self) -> None:
        """Ask the running job to stop; nothing happens when none runs."""
        if self.task is None or self.task.cancel_requested:
            return
        self.task.cancel()
        self.run_panel.cancel_button.setEnabled(False)
        self.run_panel.status.setText("Cancelling… everything is being left as it was.")

    def reject(self) -> None:
        """Esc, Close or the window's close button: cancel a running job instead of leaving."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def _progressed(self, done: int, total: int) -> None:
        if self.task is not None:
            self.run_panel.advance(done, total, self._unit)

    def _finish(self) -> None:
        self.task = None
        self.run_panel.end()
        self.options.setEnabled(True)
        self.action_button.setEnabled(True)
        self.close_button.setEnabled(True)

    def _succeeded(self, result: object) -> None:
        self._finish()
        outcome = self.on_succeeded(result)
        self.close_button.setFocus()
        self.run_finished.emit(outcome)

    def _failed(self, error: StorageError) -> None:
        self._finish()
        self.on_failed(error)
        self.run_finished.emit(FAILED)

    def _cancelled(self, sentence: str) -> None:
        self._finish()
        self.on_cancelled(sentence)
        self.action_button.setFocus()
        self.run_finished.emit(CANCELLED)

    # --- what the dialog says ----------------------------------------------------------------

    def show_message(self, text: str, error: bool = False, good: bool = False) -> None:
        colour = ERROR_COLOUR if error else OK_COLOUR if good else ""
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)
        self.message.show()
        self.fit()

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def show_report(self, text: str, error: bool = False) -> None:
        """The report's first lines, where the choices were (Back to the choices returns)."""
        colour = ERROR_COLOUR if error else OK_COLOUR
        self.heading.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.heading.setText(text)
        self._show_results()

    def add_result(
        self, widget: QWidget, stretch: int = 0, minimum: QSize | None = None
    ) -> QWidget:
        """Add part of the report (a table, a button) under the report's first lines."""
        self.results_layout.addWidget(widget, stretch)
        widget.show()  # now, not at the next turn of the event loop
        self._show_results()
        self.fit(minimum)
        return widget

    def _show_results(self) -> None:
        self.pages.setCurrentWidget(self.results)
        self.action_button.hide()
        self.back_button.show()

    def clear_results(self) -> None:
        self.heading.clear()
        while self.results_layout.count() > 1:
            item = self.results_layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once, even before the deferred delete
                widget.deleteLater()

    def fit(self, minimum: QSize | None = None) -> None:
        """Grow (never shrink) to show everything, within the screen: a progress bar or a
        message appearing must not squeeze the choices."""
        wanted = self.size().expandedTo(self.sizeHint())
        if minimum is not None:
            wanted = wanted.expandedTo(minimum)
        screen = self.screen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size())
        if wanted != self.size():
            self.resize(wanted)

    def show_options(self) -> None:
        """Back to the choices, e.g. to export again with other options."""
        self.clear_results()
        self.clear_message()
        self.pages.setCurrentWidget(self.options)
        self.back_button.hide()
        self.action_button.show()
        self.action_button.setFocus()
