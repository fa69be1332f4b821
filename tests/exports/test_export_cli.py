"""`fieldnotes export` and `fieldnotes import-data`: exit codes, one-line failures, reports."""

from __future__ import annotations

import subprocess
import sys

from openpyxl import Workbook, load_workbook

from main import main
from tests_support import PROJECT_ROOT


def test_export_writes_the_workbook_without_a_backup(store, survey, db_path, tmp_path, capsys):
    from storage.backups import list_backups

    out = tmp_path / "out.xlsx"
    before = list_backups(db_path)
    assert main(["export", "--db", str(db_path), "--out", str(out), "--deidentify"]) == 0
    assert "de-identified" in capsys.readouterr().out
    assert load_workbook(out, read_only=True).sheetnames[0] == "About"
    assert list_backups(db_path) == before


def test_export_filters_and_csv(store, survey, db_path, tmp_path, capsys):
    out = tmp_path / "survey.csv"
    code = main(
        [
            "export",
            "--db",
            str(db_path),
            "--out",
            str(out),
            "--csv",
            "Wellbeing survey",
            "--site",
            "South ward",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--status",
            "draft",
            "--labels",
            "--value-labels",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8-sig")
    assert text.count("\n") == 2 and "Your mood" in text and "Great" in text
    assert "sheet 'Wellbeing survey', 1 rows" in capsys.readouterr().out


def test_export_refusals_are_one_line(store, survey, db_path, tmp_path, capsys):
    out = str(tmp_path / "x.xlsx")
    for extra in (
        ["--deidentify", "--with-identities"],
        ["--from", "yesterday"],
        ["--study", "Nope"],
        ["--csv", "Nope"],
    ):
        assert main(["export", "--db", str(db_path), "--out", out, *extra]) == 1
        err = capsys.readouterr().err
        assert err.startswith("fieldnotes export: ") and err.count("\n") == 1, err
    assert main(["export", "--db", str(db_path), "--out", str(tmp_path / "x.txt")]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_import_data_reports_every_refused_cell_then_one_line(
    store, survey, db_path, tmp_path, capsys
):
    path = tmp_path / "bad.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Paper"
    sheet.append(["age", "colour"])
    sheet.append(["old", "red"])
    workbook.save(path)
    code = main(["import-data", "--db", str(db_path), "--form", "wellbeing", str(path)])
    assert code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert (
        lines[0] == "Paper!B1 (colour): unknown column: not a question of 'Wellbeing survey', "
        "nor a column the import reads (headers must be question names, not labels)"
    )
    assert lines[1] == "Paper!A2 (age): 'old' is not a whole number [old]"
    assert lines[-1].startswith("fieldnotes import-data: Import of bad.xlsx refused: 2 problem")


def test_import_data_round_trip_in_a_real_process(store, survey, db_path, tmp_path):
    out = tmp_path / "out.xlsx"
    assert main(["export", "--db", str(db_path), "--out", str(out)]) == 0
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "main.py"),
            "import-data",
            "--db",
            str(db_path),
            "--form",
            survey.survey_v1,
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "0 sessions added, 0 updated, 3 unchanged, 0 answers written" in done.stdout


def test_a_damaged_instrument_definition_stops_the_export_in_one_line(tmp_path, capsys):
    from main import main
    from storage import open_store

    db = tmp_path / "f.db"
    with open_store(db, create=True) as store:
        study = store.repos.studies.add("S")
        store.repos.instruments.add(study, "interview", "Broken guide", {"topics": []})
    out = tmp_path / "out.xlsx"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert "Broken guide" in err and "cannot be read" in err and "\n" not in err
    assert not out.exists()


def _sheet_rows(path, name):
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return [row for row in book[name].iter_rows(values_only=True)][1:]
    finally:
        book.close()


def test_date_and_instrument_filters_reach_the_coding_sheets(demo_store, tmp_path):
    """No quote from a session outside the export's filters reaches Coded segments."""
    from main import main

    db = str(demo_store.path)
    everything = tmp_path / "all.xlsx"
    assert main(["export", "--db", db, "--out", str(everything)]) == 0
    assert _sheet_rows(everything, "Coded segments")
    assert any(row[-4] for row in _sheet_rows(everything, "Codes"))

    future = tmp_path / "future.xlsx"
    assert main(["export", "--db", db, "--out", str(future), "--from", "2099-01-01"]) == 0
    assert _sheet_rows(future, "Coded segments") == []
    codes = _sheet_rows(future, "Codes")
    assert codes and all(all(v in (0, None) for v in row[-4:]) for row in codes)
    matrix = _sheet_rows(future, "Theme matrix (sites)")
    assert all(all(v in (0, None) for v in row[2:]) for row in matrix)

    only = tmp_path / "questionnaire.xlsx"
    args = ["export", "--db", db, "--out", str(only), "--instrument", "Partnership assessment"]
    assert main(args) == 0
    kinds = {row[9] for row in _sheet_rows(only, "Coded segments")}
    assert "note" not in kinds
