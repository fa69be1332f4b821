"""Refusals of a form file, located at the sheet, row and column a person can fix."""

from __future__ import annotations


class FormError(Exception):
    """A form that cannot be imported, with where the fault is.

    Every refusal names the sheet, row or column at fault, so a researcher can open the
    workbook and fix the cell; ``str()`` reads like
    ``survey sheet, row 12, column "calculation": unclosed bracket "("``.
    """

    def __init__(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column

    @property
    def location(self) -> str:
        """Where the fault is, e.g. 'survey sheet, row 12, column "calculation"'."""
        return describe_location(self.sheet, self.row, self.column)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments need help to survive pickling (worker processes).
        return (_rebuild_form_error, (self.message, self.sheet, self.row, self.column))


def _rebuild_form_error(
    message: str, sheet: str | None, row: int | None, column: str | None
) -> FormError:
    return FormError(message, sheet=sheet, row=row, column=column)


def describe_location(sheet: str | None, row: int | None, column: str | None) -> str:
    """Join the known parts of a cell location the way every message shows them."""
    parts = []
    if sheet:
        parts.append(f"{sheet} sheet")
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f'column "{column}"')
    return ", ".join(parts)


def unreadable_workbook(name: str, error: BaseException) -> FormError:
    """A refusal for a file the spreadsheet readers choke on (damaged zip, broken XML).

    One line, naming the file: the reader's own text can run over several lines.
    """
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    return FormError(
        f"{name} could not be read as an Excel workbook: it is damaged or not an .xlsx "
        f"file ({detail})"
    )
