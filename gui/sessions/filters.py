"""The sessions list's filter bar: study, instrument, site, fieldworker, status, dates, code.

Choices come from the repositories; the bar only builds a SessionFilter (storage) and says
when it changed. Typing a participant code filters after a short pause, not per key.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QWidget,
)

from gui.form_parts import buddy_label
from gui.formats import QT_DATE_FORMAT, STATUS_LABELS, iso_date
from storage.repositories.session_queries import SessionFilter
from storage.store import Store

ANY_DATE = QDate(2000, 1, 1)
SEARCH_PAUSE_MS = 250


def _any_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(QT_DATE_FORMAT)
    edit.setMinimumDate(ANY_DATE)
    edit.setSpecialValueText("Any date")  # shown at the minimum: no limit
    edit.setDate(ANY_DATE)
    return edit


class SessionFilterBar(QWidget):
    """Filters for the sessions list; `changed` fires with the new SessionFilter."""

    changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.study = _any_combo("Study")
        self.instrument = _any_combo("Instrument")
        self.site = _any_combo("Site")
        self.fieldworker = _any_combo("Fieldworker")
        self.status = _any_combo("Status")
        self.status.addItem("Any status", None)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status)
        self.date_from = _date_edit("Started from")
        self.date_to = _date_edit("Started until")
        self.code = QLineEdit()
        self.code.setAccessibleName("Participant code")
        self.code.setPlaceholderText("Search participant code")
        self.code.setClearButtonEnabled(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        cells = [
            ("St&udy:", self.study),
            ("I&nstrument:", self.instrument),
            ("S&ite:", self.site),
            ("&Fieldworker:", self.fieldworker),
            ("Stat&us:", self.status),
            ("Fro&m:", self.date_from),
            ("&To:", self.date_to),
            ("Pa&rticipant:", self.code),
        ]
        for number, (text, widget) in enumerate(cells):
            row, column = divmod(number, 4)
            grid.addWidget(buddy_label(text, widget), row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self._emit)
        self.code.textChanged.connect(lambda _text: self._pause.start())
        self.study.activated.connect(self._study_changed)
        for combo in (self.instrument, self.site, self.fieldworker, self.status):
            combo.activated.connect(self._emit)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._emit)
        self._fill_studies()

    def _fill_studies(self) -> None:
        self.study.clear()
        self.study.addItem("All studies", None)
        for study in self.store.repos.studies.list():
            self.study.addItem(study["name"], study["id"])
        self._fill_study_choices()

    def set_study(self, study_id: str | None) -> None:
        """Show one study's sessions (the navigator picked it), or every study's."""
        if self.study.findData(study_id) < 0:
            self._fill_studies()
        self.study.setCurrentIndex(max(0, self.study.findData(study_id)))
        self._fill_study_choices()

    def _study_changed(self) -> None:
        self._fill_study_choices()
        self._emit()

    def _fill_study_choices(self) -> None:
        study_id = self.study.currentData()
        repos = self.store.repos
        choices = (
            (
                self.instrument,
                "Any instrument",
                [
                    (r["id"], f"{r['name']} (v{r['version_number']})")
                    for r in repos.instruments.list(study_id)
                ],
            ),
            (self.site, "Any site", [(r["id"], r["name"]) for r in repos.studies.sites(study_id)]),
            (
                self.fieldworker,
                "Any fieldworker",
                [(r["id"], r["name"]) for r in repos.studies.fieldworkers(study_id)],
            ),
        )
        for combo, any_text, rows in choices:
            kept = combo.currentData()
            combo.clear()
            combo.addItem(any_text, None)
            for value, text in rows:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(kept)))

    def _emit(self) -> None:
        self.changed.emit(self.current())

    def current(self) -> SessionFilter:
        def day(edit: QDateEdit) -> str | None:
            return None if edit.date() == ANY_DATE else iso_date(edit.date())

        return SessionFilter(
            study_id=self.study.currentData(),
            instrument_id=self.instrument.currentData(),
            site_id=self.site.currentData(),
            fieldworker_id=self.fieldworker.currentData(),
            status=self.status.currentData(),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            participant_code=self.code.text(),
        )


def count_text(total: int) -> str:
    """'12,345 sessions' (the list reads rows only as it scrolls)."""
    noun = "session" if total == 1 else "sessions"
    return f"{total:,} {noun}"
