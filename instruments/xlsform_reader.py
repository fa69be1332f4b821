"""Reading an XLSForm workbook (.xlsx) into an Instrument, with its import report.

The steps, each in its own module: pyxform reads the workbook and runs its checks
(pyxform_bridge), the column headers are mapped to model fields (xlsform_columns), the
raw rows become questions and choices (xlsform_survey), and our own checks run on the
result (validation): every expression must parse, functions Fieldnotes does not know and
calculation cycles are disabled with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path

from pyxform.aliases import yes_no

from instruments.errors import FormError
from instruments.model import Instrument
from instruments.pyxform_bridge import check_with_pyxform, load_definition
from instruments.report import ImportReport, ImportResult
from instruments.validation import check_instrument
from instruments.xlsform_columns import (
    SheetPlan,
    normalised_settings,
    plan_choices,
    plan_survey,
)
from instruments.xlsform_survey import SurveyBuilder, build_choice_lists


def read_xlsform(path: str | PathLike[str]) -> ImportResult:
    """Import an XLSForm as a questionnaire, or raise FormError naming the faulty cell."""
    path = Path(path)
    definition = load_definition(path)
    report = ImportReport()
    check_with_pyxform(definition, path, report)

    raw_settings = _first_row(definition.settings)
    settings = normalised_settings(raw_settings)
    choice_plan = plan_choices(definition.choices_header)
    choice_lists = build_choice_lists(definition.choices, choice_plan)
    external_choices = build_choice_lists(
        definition.external_choices, plan_choices(definition.external_choices_header)
    )
    survey_plan = plan_survey(definition.survey_header)
    builder = SurveyBuilder(
        survey_plan,
        choice_lists,
        report,
        clean_whitespace=bool(yes_no.get(settings.get("clean_text_values", "yes"), True)),
    )
    survey = builder.build(definition.survey)
    if not survey.questions:
        raise FormError("the survey sheet has no questions", sheet="survey")
    settings = {**survey.settings_rows, **settings}

    languages = list(dict.fromkeys((*survey_plan.languages, *choice_plan.languages)))
    form_id = settings.get("form_id") or definition.fallback_form_name or "data"
    instrument = Instrument(
        kind="questionnaire",
        form_id=form_id,
        title=settings.get("form_title") or form_id,
        version=settings.get("version", ""),
        default_language=settings.get("default_language")
        or _default_language(survey_plan, languages),
        languages=languages,
        settings=dict(raw_settings) | _survey_row_settings(survey.settings_rows, raw_settings),
        questions=survey.questions,
        choice_lists=choice_lists,
        external_choices=external_choices,
    )
    check_instrument(instrument, survey_plan, report)
    return ImportResult(instrument, report)


def _first_row(rows: object) -> dict[str, str]:
    """The settings sheet's one data row (pyxform reads only the first)."""
    if isinstance(rows, list | tuple) and rows and isinstance(rows[0], Mapping):
        return {str(key): str(value) for key, value in rows[0].items()}
    return {}


def _survey_row_settings(
    settings_rows: Mapping[str, str], raw_settings: Mapping[str, str]
) -> dict[str, str]:
    """Settings given as survey rows, unless the settings sheet has them too."""
    present = normalised_settings(raw_settings)
    return {key: value for key, value in settings_rows.items() if key not in present}


def _default_language(plan: SheetPlan, languages: list[str]) -> str:
    """Without a setting: the language of the first label column, else the first found."""
    for column in plan.columns:
        if column.field == "labels":
            return column.language or ""
    return languages[0] if languages else ""
