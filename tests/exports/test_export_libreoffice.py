"""An independent reader: LibreOffice converts every sheet of the export to CSV, and the
text must be what openpyxl reads (once Excel's `_xHHHH_` escapes are decoded, as
LibreOffice does). Skipped where LibreOffice is not installed."""

from __future__ import annotations

import csv
import shutil
import subprocess

import pytest

from exports import ExportOptions, export_workbook
from exports.cells import unescape_text
from exports_support import INJECTIONS, sheet_rows

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# UTF-8 (76), comma and double quote, all sheets (-1: one file per sheet, "name-Sheet.csv");
# without that last field LibreOffice converts only the first sheet.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_same_text_in_every_sheet(store, survey, tmp_path):
    out = tmp_path / "out.xlsx"
    export_workbook(store, out, ExportOptions())
    converted = tmp_path / "csv"
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", CSV_FILTER, "--outdir", str(converted), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path)},
    )
    expected = sheet_rows(out)
    for name in ("Wellbeing survey", "household", "Participants"):
        found = converted / f"out-{name}.csv"
        assert found.exists(), sorted(p.name for p in converted.iterdir())
        with found.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == [str(value) for value in expected[name][0]]
        texts = {cell for row in rows for cell in row}
        wanted = {unescape_text(v) for row in expected[name] for v in row if isinstance(v, str)}
        wanted = {text for text in wanted if len(text) < 200}
        assert wanted <= texts, name
    everything = {c for p in converted.iterdir() for r in csv.reader(p.open()) for c in r}
    assert set(INJECTIONS) <= everything  # text, never a computed formula result
