"""The form's own rules applied to an imported row, through the form engine.

Entry screens and the import share instruments.form_engine: an imported answer whose
question the form shows under other answers' conditions is stored as not relevant (as
an entry screen would), and one that breaks its question's constraint or range is
refused. Missing required answers are not refused: paper returns and drafts have gaps,
and the session's status says whether it is complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from instruments.form_engine import FormState
from instruments.model import Instrument


@dataclass
class RowVerdict:
    relevant: dict[str, bool] = field(default_factory=dict)  # written path -> relevant
    errors: dict[str, str] = field(default_factory=dict)  # written path -> why refused
    fixes: dict[str, bool] = field(default_factory=dict)  # other stored path -> relevant


def judge_row(
    instrument: Instrument, stored: dict[str, tuple[Any, bool]], written: dict[str, Any]
) -> RowVerdict:
    """Relevance and errors of the answers `written` over a session's `stored` answers
    (path -> (value, relevant)), and the stored answers whose relevance they flip."""
    answers = {path: value for path, (value, _) in stored.items() if value is not None}
    answers.update(written)
    state = FormState(instrument, answers)
    verdict = RowVerdict()
    for path in written:
        relevant = state.is_relevant(path)
        verdict.relevant[path] = relevant
        message = state.error(path) if relevant else None
        if message:
            verdict.errors[path] = message
    others = {path: flag for path, (_, flag) in stored.items() if path not in written}
    for path, (_value, relevant) in state.stored_relevance_fixes(others).items():
        verdict.fixes[path] = relevant
    return verdict
