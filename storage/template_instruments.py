"""Storing a questionnaire made from a template: afterwards an ordinary instrument.

The form_id is made unique within the study, because an XLSForm import matches a study's
instruments by form_id to decide what is a new version: a second partnership assessment
made from the template must not become a version of the first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from instruments.model import Instrument
from instruments.templates import TEMPLATES
from storage.errors import ValidationError
from storage.repositories.base import required_text

if TYPE_CHECKING:
    from storage.store import Store


def free_form_id(store: Store, study_id: str, form_id: str) -> str:
    """`form_id`, or `form_id_2`, `_3`... whichever no instrument of the study uses yet."""
    taken = {row["form_id"] for row in store.repos.instruments.list(study_id) if row["form_id"]}
    candidate, number = form_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{form_id}_{number}"
    return candidate


def template_instrument(store: Store, study_id: str, template: str, name: str) -> Instrument:
    """The template's instrument, titled `name`, with a form_id free in the study."""
    build = TEMPLATES.get(template)
    if build is None:
        raise ValidationError(f"There is no template called {template!r}.")
    instrument = build()
    instrument.title = required_text(name, "A questionnaire's name")
    instrument.form_id = free_form_id(store, study_id, instrument.form_id)
    instrument.settings.update(form_title=instrument.title, form_id=instrument.form_id)
    return instrument


def add_from_template(store: Store, study_id: str, template: str, name: str | None = None) -> str:
    """Store a new questionnaire made from `template`; returns the instrument's id."""
    instrument = template_instrument(store, study_id, template, name or template)
    return store.repos.instruments.add(
        study_id,
        "questionnaire",
        instrument.title,
        instrument.to_dict(),
        form_id=instrument.form_id,
        version=instrument.version,
        change_summary=f"made from the template {template!r}",
    )
