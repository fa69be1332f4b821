"""The Codes, Coded segments and Theme matrix sheets, written and read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from exports.cells import EXCEL_MAX_TEXT
from exports.coding_sheets import SHEETS, coding_sheets, has_codes
from exports.options import CellLimits
from exports.sheet_names import SheetNames
from exports.sheet_writer import XlsxBook


@pytest.fixture
def corpus(store):
    from coding_corpus import build_corpus  # tests/coding_corpus.py: counted by hand

    return build_corpus(store)


def write_and_read(tmp_path, sheets, max_text=EXCEL_MAX_TEXT):
    """Write through the workbook's own sheet writer, read back as {sheet: rows}."""
    book = XlsxBook(CellLimits(max_text=max_text), SheetNames())
    for sheet in sheets:
        sink = book.sheet(sheet.name, sheet.columns)
        for row in sheet.rows:
            sink.append(row)
    path = tmp_path / "coding.xlsx"
    book.save(str(path))
    workbook = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}


def by_header(rows):
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_four_sheets_in_order_only_when_a_codebook_exists(store, corpus):
    assert [s.name for s in coding_sheets(store, [corpus.study])] == list(SHEETS)
    empty = store.repos.studies.add("No codes")
    assert not has_codes(store, [empty])
    assert coding_sheets(store, [empty]) == []


def test_codes_sheet_has_the_codebook_with_counts_as_numbers(store, corpus, tmp_path):
    read = write_and_read(tmp_path, coding_sheets(store, [corpus.study], include_withheld=True))
    codes = by_header(read["Codes"])
    assert [(r["code"], r["parent"], r["level"]) for r in codes] == [
        ("Information sharing", None, 1),
        ("Shared records", "Information sharing", 2),
        ("Pooled budgets", None, 1),
        ("Culture and trust", None, 1),
        ("Transitions", None, 1),
    ]
    info = codes[0]
    assert (info["segments"], info["segments with subcodes"]) == (1, 4)
    pooled = codes[2]
    assert (pooled["segments"], pooled["notes and answers"], pooled["participants"]) == (3, 3, 2)
    assert pooled["colour"] == "#59a14f" and pooled["study"] == "Evaluation"


def test_theme_matrices_hold_hand_counted_values(store, corpus, tmp_path):
    read = write_and_read(tmp_path, coding_sheets(store, [corpus.study], include_withheld=True))
    sites = read["Theme matrix (sites)"]
    assert sites[0] == [
        "code",
        "parent",
        "East",
        "North",
        "South",
        "total segments",
        "East (participants)",
        "North (participants)",
        "South (participants)",
        "total participants",
    ]
    assert sites[1] == ["Information sharing", None, 0, 1, 3, 4, 0, 1, 2, 3]
    assert sites[4] == ["Culture and trust", None, 0, 0, 3, 3, 0, 0, 2, 2]
    roles = by_header(read["Theme matrix (roles)"])
    trust = next(r for r in roles if r["code"] == "Culture and trust")
    assert (trust["staff"], trust["(no participant role)"], trust["total segments"]) == (2, 1, 3)
    assert all(
        isinstance(v, int)
        for r in roles
        for k, v in r.items()
        if k not in ("code", "parent") and v is not None
    )


def test_coded_segments_one_row_per_span_without_withdrawn_quotes(store, corpus, tmp_path):
    store.repos.participants.record_consent(corpus.people["P4"], "withdrawn", "2026-05-01")
    read = write_and_read(tmp_path, coding_sheets(store, [corpus.study]))
    rows = by_header(read["Coded segments"])
    assert len(rows) == 10  # 12 codings, less P4's two
    first = rows[0]
    assert (first["code"], first["text"], first["speaker"], first["role"], first["site"]) == (
        "Pooled budgets",
        "pooled budget",
        "P1",
        "client",
        "North",
    )
    assert first["source"] == "note" and first["instrument"] == "Interview guide"
    assert first["date"].date().isoformat() == "2026-04-01"
    shared = next(r for r in rows if r["code"] == "Shared records")
    assert shared["parent"] == "Information sharing"
    facilitator = next(r for r in rows if r["speaker"] == "Facilitator")
    assert (facilitator["text"], facilitator["role"]) == ("trust", None)
    answer = next(r for r in rows if r["source"] == "answer")
    assert (answer["text"], answer["topic or question"]) == ("Budget cuts", "comments")
    everyone = by_header(
        write_and_read(tmp_path, coding_sheets(store, [corpus.study], include_withheld=True))[
            "Coded segments"
        ]
    )
    assert len(everyone) == 12


def test_memo_that_looks_like_a_formula_stays_text_and_long_text_is_split(store, corpus, tmp_path):
    store.conn.execute("UPDATE codings SET memo = '=HYPERLINK(\"x\")' WHERE start = 0")
    sheets = coding_sheets(store, [corpus.study], include_withheld=True, max_text=40)
    segments = next(s for s in sheets if s.name == "Coded segments")
    assert "text (part 2)" in [h for c in segments.columns for h in c.physical_headers()]
    read = write_and_read(tmp_path, sheets, max_text=40)
    rows = by_header(read["Coded segments"])
    whole = next(r for r in rows if r["code"] == "Information sharing")
    assert whole["text"] + whole["text (part 2)"] == (
        "Information sharing between the teams is poor; the records are kept apart."
    )
    assert whole["memo"] == '=HYPERLINK("x")'
    workbook = openpyxl.load_workbook(tmp_path / "coding.xlsx")
    cells = [c for row in workbook["Coded segments"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_site_filter_of_an_export(store, corpus):
    sheets = coding_sheets(store, [corpus.study], True, site_ids=[corpus.sites["North"]])
    segments = next(s for s in sheets if s.name == "Coded segments")
    assert {row[6] for row in segments.rows} == {"North"}
    matrix = next(s for s in sheets if s.name == "Theme matrix (sites)")
    assert matrix.headers[2:4] == ["North", "total segments"]
    assert matrix.rows[2][:4] == ["Pooled budgets", "", 2, 2]


def test_the_exported_workbook_carries_the_coding_sheets(store, corpus, tmp_path):
    from exports import ExportOptions, export_sheet_csv, export_workbook

    store.repos.participants.record_consent(corpus.people["P4"], "withdrawn", "2026-05-01")
    out = tmp_path / "export.xlsx"
    export_workbook(store, out)
    workbook = openpyxl.load_workbook(out, read_only=True)
    names = workbook.sheetnames
    first = names.index("Dictionary") + 1  # DESIGN.md section 4: after the Dictionary
    assert names[first : first + 4] == list(SHEETS)
    segments = list(workbook["Coded segments"].iter_rows(values_only=True))
    assert len(segments) == 1 + 10  # P4 withdrew: her quotes stay out by default
    matrix = list(workbook["Theme matrix (sites)"].iter_rows(values_only=True))
    assert matrix[1][:6] == ("Information sharing", None, 0, 1, 3, 4)
    workbook.close()
    with_everyone = tmp_path / "all.xlsx"
    export_workbook(store, with_everyone, ExportOptions(include_withdrawn=True))
    book = openpyxl.load_workbook(with_everyone, read_only=True)
    assert sum(1 for _ in book["Coded segments"].iter_rows()) == 1 + 12
    book.close()
    csv_path = tmp_path / "codes.csv"
    export_sheet_csv(store, csv_path, "Codes")
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("study,code,parent,level")
    assert len(lines) == 1 + 5
