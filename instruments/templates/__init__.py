"""Ready-made questionnaires for partnership evaluations: "New questionnaire from template".

`TEMPLATES` maps a template's name to a builder returning a fresh Instrument; once stored,
the result is an ordinary instrument (editable, exportable as XLSForm, versioned).
"""

from __future__ import annotations

from collections.abc import Callable

from instruments.model import Instrument
from instruments.templates import partnership, service_experience, team_working

TEMPLATES: dict[str, Callable[[], Instrument]] = {
    partnership.NAME: partnership.build,
    team_working.NAME: team_working.build,
    service_experience.NAME: service_experience.build,
}

DESCRIPTIONS: dict[str, str] = {
    partnership.NAME: partnership.DESCRIPTION,
    team_working.NAME: team_working.DESCRIPTION,
    service_experience.NAME: service_experience.DESCRIPTION,
}

PARTNERSHIP_ASSESSMENT = partnership.NAME
TEAM_ASSESSMENT = team_working.NAME
SERVICE_EXPERIENCE = service_experience.NAME

__all__ = [
    "DESCRIPTIONS",
    "PARTNERSHIP_ASSESSMENT",
    "SERVICE_EXPERIENCE",
    "TEAM_ASSESSMENT",
    "TEMPLATES",
]
