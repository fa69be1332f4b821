"""Writing an instrument back out as a workbook other tools read (ODK, KoboToolbox, SurveyCTO).

A questionnaire becomes an XLSForm (survey, choices, external_choices and settings sheets)
that `read_xlsform` turns back into the same definition and pyxform converts; a guide
becomes the `guide` + `settings` workbook `read_guide` reads. Settings are written as they
were imported; a form_id, title, version or default language is written only where the
settings do not already give the instrument's own (a form without a form_id takes it from
the file name, so it is added when the file is saved under another name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path

from pyxform.parsing.sheet_headers import to_snake_case

from instruments.column_order import merged_order, text_column_order
from instruments.guide_writer import guide_sheets
from instruments.model import Choice, Instrument
from instruments.sheet_rows import SheetRows, write_workbook
from instruments.xlsform_columns import normalised_settings
from instruments.xlsform_survey_rows import (
    SurveyRows,
    language_order,
    media_header,
    translated_header,
)

CHOICES = "choices"
EXTERNAL_CHOICES = "external_choices"
SETTINGS = "settings"

# Headers that name a setting under another name, as pyxform reads them.
_SETTING_ALIASES = {
    "form_id": ("set_form_id", "id_string"),
    "form_title": ("set_form_title", "title"),
}


def write_instrument(instrument: Instrument, path: str | PathLike[str]) -> Path:
    """Write a questionnaire as an XLSForm, or a guide as a guide workbook."""
    if instrument.kind == "questionnaire":
        return write_xlsform(instrument, path)
    return write_workbook(guide_sheets(instrument, Path(path).stem), path)


def write_xlsform(instrument: Instrument, path: str | PathLike[str]) -> Path:
    """Write a questionnaire as an XLSForm workbook (.xlsx), every cell as text."""
    return write_workbook(questionnaire_sheets(instrument, Path(path).stem), path)


def questionnaire_sheets(instrument: Instrument, file_stem: str) -> list[SheetRows]:
    """The sheets of the XLSForm: survey, choices, external_choices, settings."""
    survey_rows = SurveyRows(instrument)
    survey = survey_rows.build()
    choices = ChoiceRows(CHOICES, instrument.choice_lists)
    in_survey = set(survey_rows.language_of.values())
    languages = language_order(
        instrument, [*survey_rows.language_of.values(), *choices.language_of.values()]
    )
    # Languages after the survey's last one can wait for the choices sheet, as read.
    tail: list[str] = []
    if choices.sheet.rows:
        for language in reversed(languages):
            if language in in_survey:
                break
            tail.append(language)
    settings = settings_for_export(instrument, file_stem)
    named_default = "default_language" in normalised_settings(settings)
    survey.headers = survey_rows.headers(
        languages, None if named_default else instrument.default_language, tail
    )
    derived = _first_label_language(survey.headers, languages)
    if not named_default and instrument.default_language not in ("", derived):
        settings["default_language"] = instrument.default_language
    sheets = [survey]
    if choices.sheet.rows:
        choices.sheet.headers = choices.headers(languages, set(languages) - set(tail))
        sheets.append(choices.sheet)
    if instrument.external_choices:
        external = ChoiceRows(EXTERNAL_CHOICES, instrument.external_choices)
        external.sheet.headers = external.headers(languages, set(languages))
        sheets.append(external.sheet)
    if settings:
        sheets.append(SheetRows(SETTINGS, list(settings), [dict(settings)]))
    return sheets


def _first_label_language(headers: Sequence[str], languages: Sequence[str]) -> str:
    """The default language the reader will derive: the first label column's language."""
    by_header = {translated_header("label", language): language for language in languages}
    for header in headers:
        if header in by_header:
            return by_header[header]
    return languages[0] if languages else ""


class ChoiceRows:
    """A choices-like sheet: list_name, name, labels and media by language, other columns."""

    def __init__(self, name: str, lists: Mapping[str, list[Choice]]) -> None:
        self.sheet = SheetRows(name)
        self.language_of: dict[str, str] = {}
        self.text_sequences: list[list[str]] = []
        self.extra_orders: list[list[str]] = []
        for list_name, choices in lists.items():
            for choice in choices:
                self.sheet.rows.append(self._cells(list_name, choice))

    def _cells(self, list_name: str, choice: Choice) -> dict[str, str]:
        cells = {"list_name": list_name, "name": choice.name}
        groups = [(choice.labels, lambda language: translated_header("label", language))]
        groups += [
            (files, lambda language, kind=kind: media_header(kind, language))
            for kind, files in choice.media.items()
        ]
        for texts, header_of in groups:
            sequence = []
            for language, text in texts.items():
                header = header_of(language)
                cells[header] = text
                self.language_of[header] = language
                sequence.append(header)
            self.text_sequences.append(sequence)
        if choice.extra:
            self.extra_orders.append(list(choice.extra))
            for header, value in choice.extra.items():
                cells.setdefault(header, value)
        return cells

    def headers(self, languages: Sequence[str], listed_elsewhere: set[str]) -> list[str]:
        texts = text_column_order(
            self.text_sequences,
            self.language_of,
            languages,
            placeholder=lambda language: translated_header("label", language),
            listed_elsewhere=listed_elsewhere,
        )
        extras = [header for header in merged_order(self.extra_orders) if header not in texts]
        return ["list_name", "name", *texts, *extras]


def settings_for_export(instrument: Instrument, file_stem: str) -> dict[str, str]:
    """The settings row: as imported, corrected where it would not give back the instrument."""
    settings = dict(instrument.settings)
    resolved = normalised_settings(settings)
    form_id = resolved.get("form_id") or file_stem
    if form_id != instrument.form_id:
        _set(settings, "form_id", instrument.form_id)
        form_id = instrument.form_id
    if (resolved.get("form_title") or form_id) != instrument.title:
        _set(settings, "form_title", instrument.title)
    if resolved.get("version", "") != instrument.version:
        _set(settings, "version", instrument.version)
    named = resolved.get("default_language")
    if named is not None and named != instrument.default_language:
        _set(settings, "default_language", instrument.default_language)
    return settings


def _set(settings: dict[str, str], key: str, value: str) -> None:
    """Change a setting under the header that holds it (or an alias); "" removes it."""
    names = (key, *_SETTING_ALIASES.get(key, ()))
    for name in names:
        header = next((h for h in settings if to_snake_case(h) == name), None)
        if header is not None:
            break
    else:
        header = key
    if value:
        settings[header] = value
    else:
        settings.pop(header, None)
