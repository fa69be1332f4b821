"""XLSForm expressions (ODK's XPath subset): parse once, evaluate against a form's answers.

Used for relevant, constraint, required, calculation, default, choice_filter and
repeat_count. Pure Python: no Qt, no SQL.
"""

from instruments.expressions.context import EvaluationContext, MappingContext
from instruments.expressions.errors import EvaluationError, ExpressionError, ExpressionSyntaxError
from instruments.expressions.evaluator import evaluate
from instruments.expressions.functions import KNOWN_FUNCTIONS
from instruments.expressions.parser import MAX_DEPTH, Expression, parse
from instruments.expressions.values import to_boolean, to_number, to_string

__all__ = [
    "KNOWN_FUNCTIONS",
    "MAX_DEPTH",
    "EvaluationContext",
    "EvaluationError",
    "Expression",
    "ExpressionError",
    "ExpressionSyntaxError",
    "MappingContext",
    "evaluate",
    "parse",
    "to_boolean",
    "to_number",
    "to_string",
]
