"""Codebook sheets: export and re-import (xlsx, csv), refusals naming sheet/row/column."""

from __future__ import annotations

import openpyxl
import pytest

from exports.coding_sheets import write_codebook_file
from storage import ValidationError
from storage.codebook import Codebook
from storage.codebook_sheet import (
    SHEET_COLUMNS,
    CodebookSheetError,
    export_rows,
    import_codebook_file,
    import_table,
    table_from_cells,
)


def build_corpus(store):
    from coding_corpus import build_corpus as build  # tests/coding_corpus.py

    return build(store)


def write_xlsx(path, rows, title="Codes"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def codebook_state(store, study_id):
    return [
        (n.name, n.parent_name, n.description, n.colour, n.inclusion, n.exclusion)
        for n in Codebook(store).tree(study_id)
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_an_empty_study_gives_the_same_codebook(store, tmp_path, suffix):
    corpus = build_corpus(store)
    codebook = Codebook(store)
    codebook.update(corpus.codes["PB"], description="=SUM(A1)", inclusion="-funding, @section 75")
    path = tmp_path / f"codebook{suffix}"
    assert write_codebook_file(store, corpus.study, path) == 5
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path)["Codes"]
        assert [c.value for c in sheet[1]] == list(SHEET_COLUMNS)
        assert sheet["C4"].value == "=SUM(A1)" and sheet["C4"].data_type == "s"
    fresh = store.repos.studies.add("Fresh")
    report = import_codebook_file(store, fresh, path)
    assert (report.added, report.updated, report.unchanged) == (5, 0, 0)
    assert codebook_state(store, fresh) == codebook_state(store, corpus.study)
    again = import_codebook_file(store, fresh, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)


def test_import_updates_existing_codes_and_adds_children_listed_before_parents(store, tmp_path):
    corpus = build_corpus(store)
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [
            ["Code", "Parent", "Description", "Color", "Notes from NVivo"],
            ["Discharge", "Hospital", "Leaving hospital", "#123456", "x"],
            ["Hospital", "Transitions", "", "", ""],
            ["pooled budgets", "", "Money pooled under section 75", "", ""],
            [None, None, None, None, None],
        ],
    )
    report = import_codebook_file(store, corpus.study, path)
    assert (report.added, report.updated) == (2, 1)
    assert report.ignored_columns == ["Notes from NVivo"]
    nodes = {n.name: n for n in Codebook(store).tree(corpus.study)}
    assert nodes["Discharge"].path == ("Transitions", "Hospital", "Discharge")
    assert nodes["Discharge"].colour == "#123456"
    assert nodes["pooled budgets"].description == "Money pooled under section 75"
    assert nodes["Shared records"].parent_name == "Information sharing"  # untouched


def test_every_problem_is_reported_with_sheet_row_column_and_nothing_changes(store, tmp_path):
    corpus = build_corpus(store)
    before = codebook_state(store, corpus.study)
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["code", "parent", "colour"],
            ["New theme", "", "blue"],
            ["", "Transitions", ""],
            ["Loop A", "Loop B", ""],
            ["Loop B", "Loop A", ""],
            ["Orphan", "Nowhere", ""],
            ["new THEME", "", ""],
            ["Self", "self", ""],
        ],
        title="Codebook",
    )
    with pytest.raises(CodebookSheetError) as refused:
        import_codebook_file(store, corpus.study, path)
    assert refused.value.problems == [
        "Sheet 'Codebook', row 2, column colour: 'blue' is not a colour like #4e79a7.",
        "Sheet 'Codebook', row 3, column code: a code name is required.",
        "Sheet 'Codebook', row 7, column code: 'new THEME' is already on row 2.",
        "Sheet 'Codebook', row 6, column parent: there is no code called 'Nowhere' in the "
        "sheet or the codebook.",
        "Sheet 'Codebook', row 8, column parent: a code cannot be its own parent.",
        "Sheet 'Codebook', row 4, column parent: 'Loop A' would end up inside itself "
        "(its parents lead back to it).",
        "Sheet 'Codebook', row 5, column parent: 'Loop B' would end up inside itself "
        "(its parents lead back to it).",
    ]
    assert "nothing changed" in str(refused.value)
    assert codebook_state(store, corpus.study) == before


def test_moving_an_existing_code_under_its_own_subcode_is_refused(store):
    corpus = build_corpus(store)
    table = table_from_cells(
        "Codes", [["code", "parent"], ["Information sharing", "Shared records"]]
    )
    with pytest.raises(CodebookSheetError, match="row 2, column parent"):
        import_table(store, corpus.study, table)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([], "is empty"),
        ([["name", "code"]], "column 'code' appears twice"),
        ([["theme title", "parent"]], "there is no column 'code'"),
    ],
)
def test_bad_headers(cells, message):
    with pytest.raises(CodebookSheetError, match=message):
        table_from_cells("Codes", cells)


def test_csv_with_semicolons_and_bom(store, tmp_path):
    corpus = build_corpus(store)
    path = tmp_path / "codes.csv"
    path.write_bytes("code;parent;colour\r\nRésumé;Transitions;#ABCDEF\r\n".encode("utf-8-sig"))
    import_codebook_file(store, corpus.study, path)
    node = next(n for n in Codebook(store).tree(corpus.study) if n.name == "Résumé")
    assert (node.parent_name, node.colour) == ("Transitions", "#abcdef")


def test_other_files_are_refused(store, tmp_path):
    corpus = build_corpus(store)
    (tmp_path / "codes.txt").write_text("code\nX\n")
    with pytest.raises(ValidationError, match="xlsx or .csv"):
        import_codebook_file(store, corpus.study, tmp_path / "codes.txt")
    (tmp_path / "broken.xlsx").write_text("not a zip")
    with pytest.raises(ValidationError, match="could not be read"):
        import_codebook_file(store, corpus.study, tmp_path / "broken.xlsx")


def test_export_rows_list_parents_first(store):
    corpus = build_corpus(store)
    rows = export_rows(store, corpus.study)
    assert [(r["code"], r["parent"]) for r in rows[:2]] == [
        ("Information sharing", ""),
        ("Shared records", "Information sharing"),
    ]
