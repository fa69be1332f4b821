"""What an expression can see of the form being filled in, supplied by the form engine.

The engine subclasses ``EvaluationContext``; ``MappingContext`` serves tests and simple uses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import datetime
from typing import Any


class EvaluationContext(ABC):
    """The answers and surroundings an expression is evaluated against.

    Values handed back may be ``None`` (unanswered), ``str``, numbers, ``bool``,
    ``datetime.date`` / ``datetime.datetime`` (give date and dateTime answers as these, so
    they compare and subtract as dates), or a ``list`` of such values.
    """

    #: The value of ``.``: the question being validated or calculated (``once()`` reads it too).
    current: Any = None

    @abstractmethod
    def value(self, name: str) -> Any:
        """The answer to ``${name}``.

        ``None`` when unanswered; a select_multiple gives its chosen names separated by
        spaces, as XForms stores them; a question inside a repeat, seen from outside it,
        gives a list with one value per instance (sum() and count() take lists).
        """

    def child_value(self, path: str) -> Any:
        """The value of a bare relative path such as ``cf`` or ``a/b``.

        In a choice_filter these name columns of the choice being filtered; elsewhere they
        name nothing, and XPath reads them as empty.
        """
        return None

    def choice_label(self, question_name: str, choice_name: str) -> str | None:
        """The label of one choice of a select question, for ``jr:choice-name()``."""
        return None

    def position(self) -> int:
        """1-based index of the current repeat instance, for ``position(..)``."""
        return 1

    def now(self) -> datetime:
        """The current moment, for ``now()`` and ``today()``; override to pin time in tests."""
        return datetime.now().astimezone()


class MappingContext(EvaluationContext):
    """A context over plain dictionaries.

    ``labels`` maps question name to ``{choice name: label}``; ``children`` holds the values
    of bare relative paths (the columns of a choice, for a choice_filter).
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        current: Any = None,
        labels: Mapping[str, Mapping[str, str]] | None = None,
        position: int = 1,
        now: datetime | None = None,
        children: Mapping[str, Any] | None = None,
    ) -> None:
        self.values = values
        self.current = current
        self.labels = labels or {}
        self._position = position
        self._now = now
        self.children = children or {}

    def value(self, name: str) -> Any:
        return self.values.get(name)

    def child_value(self, path: str) -> Any:
        return self.children.get(path)

    def choice_label(self, question_name: str, choice_name: str) -> str | None:
        return self.labels.get(question_name, {}).get(choice_name)

    def position(self) -> int:
        return self._position

    def now(self) -> datetime:
        return self._now if self._now is not None else super().now()
