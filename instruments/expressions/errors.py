"""Errors of the expression language: one base class, one for bad text, one for bad evaluation."""

from __future__ import annotations


class ExpressionError(Exception):
    """Anything wrong with an XLSForm expression; catch this to catch both kinds."""


class ExpressionSyntaxError(ExpressionError):
    """Text that is not a valid expression, with where the fault starts.

    ``position`` is a 0-based character offset into ``source``; the human ``message`` counts
    characters from 1, the way a person counts them in a spreadsheet cell.
    """

    def __init__(self, message: str, position: int, source: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.source = source

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Worker processes pickle errors; the three arguments must survive the trip.
        return (type(self), (self.message, self.position, self.source))


class EvaluationError(ExpressionError):
    """An expression that parsed but could not be evaluated against the answers given."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnparsableAtEvaluation(EvaluationError, ExpressionSyntaxError):
    """Raised by ``evaluate()`` given text that does not parse.

    It is both an ``EvaluationError`` (``evaluate`` raises nothing else) and an
    ``ExpressionSyntaxError`` (so code that catches syntax errors still sees it as one).
    """

    def __init__(self, message: str, position: int, source: str) -> None:
        ExpressionSyntaxError.__init__(self, message, position, source)
