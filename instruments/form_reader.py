"""One entry point for any instrument workbook: a guide if it has a guide sheet, else XLSForm."""

from __future__ import annotations

import re
import zipfile
from os import PathLike
from pathlib import Path
from xml.sax.saxutils import unescape

from instruments.guide_reader import GUIDE, read_guide
from instruments.report import ImportReport, ImportResult
from instruments.xlsform_reader import read_xlsform

_RE_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an .xlsx without loading it (empty if it is not a workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook_xml = archive.read("xl/workbook.xml")
    except Exception:  # damaged zip or XML: not a guide; the XLSForm reader will say why
        return []
    entities = {"&quot;": '"', "&apos;": "'"}
    return [
        unescape(name.decode("utf-8"), entities) for name in _RE_SHEET_NAME.findall(workbook_xml)
    ]


def is_guide(path: str | PathLike[str]) -> bool:
    """Does the workbook have a `guide` sheet (any case)?"""
    return any(name.strip().lower() == GUIDE for name in sheet_names(Path(path)))


def read_form(path: str | PathLike[str]) -> ImportResult:
    """Read a guide or an XLSForm; a guide's report is empty (it has nothing to downgrade)."""
    if is_guide(path):
        return ImportResult(read_guide(path), ImportReport())
    return read_xlsform(path)
