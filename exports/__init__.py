"""Excel and CSV exports for coordinators, and the spreadsheet import of responses. No Qt.

Reads and writes the database only through storage's API (storage.export_queries,
storage.import_data and the repositories).
"""

from exports.errors import DataImportError, ExportError
from exports.import_report import CellProblem, ImportReport
from exports.import_responses import import_responses
from exports.options import CellLimits, ExportOptions, ExportReport
from exports.workbook import export_sheet_csv, export_workbook

__all__ = [
    "CellLimits",
    "CellProblem",
    "DataImportError",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "ImportReport",
    "export_sheet_csv",
    "export_workbook",
    "import_responses",
]
