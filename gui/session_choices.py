"""The choices every "start a session" dialog offers: modes, fieldworkers, sites, instruments.

One place, so the questionnaire, interview and focus-group dialogs list the same things in
the same words (and never offer a retired instrument).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from gui.formats import mode_label
from storage.instrument_lifecycle import available_for_new_sessions
from storage.repositories.sessions import MODES
from storage.store import Store


def fill_modes(combo: QComboBox) -> None:
    for mode in MODES:
        combo.addItem(mode_label(mode), mode)


def fill_fieldworkers(combos: list[QComboBox], store: Store, study_id: str) -> list[dict[str, Any]]:
    """The study's fieldworkers in each combo; returns them for callers that pick defaults."""
    workers = store.repos.studies.fieldworkers(study_id)
    for combo in combos:
        for worker in workers:
            combo.addItem(worker["name"], worker["id"])
    return workers


def fill_sites(combo: QComboBox, store: Store, study_id: str, none_label: str) -> None:
    """`none_label` first (no site chosen), then the study's sites."""
    combo.addItem(none_label, None)
    for site in store.repos.studies.sites(study_id):
        combo.addItem(site["name"], site["id"])


def fill_instruments(
    combo: QComboBox, store: Store, study_id: str, kind: str, select: str | None = None
) -> None:
    """The instruments of one kind a new session may use (latest version, not retired)."""
    combo.clear()
    for row in available_for_new_sessions(store, study_id, kind):
        combo.addItem(row["name"], row["id"])
    if select:
        combo.setCurrentIndex(max(0, combo.findData(select)))
