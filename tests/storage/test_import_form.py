"""`import-form`: report first, id last, versions, and refusals that change nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import Workbook

from main import main
from storage import open_store


def write_form(path, rows, title="Carer experience", version="1", form_id="carer_exp"):
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    for row in rows:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yn", "yes", "Yes"])
    choices.append(["yn", "no", "No"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([title, form_id, version])
    book.save(path)
    return path


BASIC = [("select_one yn", "support", "Do you get enough support?"), ("integer", "hours", "Hours")]


def content(db):
    """Every row of every table, to compare databases by content."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: sorted(map(repr, conn.execute(f"SELECT * FROM [{name}]").fetchall()))
            for name in names
            if not name.startswith("notes_fts")
        }


def test_report_first_and_id_alone_on_last_line(tmp_path, capsys):
    form = write_form(tmp_path / "carer.xlsx", BASIC)
    db = tmp_path / "f.db"
    assert main(["import-form", str(form), "--db", str(db), "--study", "Cumbria"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    instrument_id = lines[-1]
    with open_store(db) as store:
        row = store.repos.instruments.get(instrument_id)
        assert row["name"] == "Carer experience"
        assert row["form_id"] == "carer_exp"
        assert store.repos.studies.get(row["study_id"])["name"] == "Cumbria"
        definition = store.repos.instruments.definition(instrument_id)
        assert [q["name"] for q in definition["questions"]] == ["support", "hours"]
        assert len(row["source_sha256"]) == 64


def test_reimporting_the_same_form_adds_nothing(tmp_path, capsys):
    form = write_form(tmp_path / "carer.xlsx", BASIC)
    db = tmp_path / "f.db"
    main(["import-form", str(form), "--db", str(db), "--study", "Cumbria"])
    first = capsys.readouterr().out.strip().splitlines()[-1]
    main(["import-form", str(form), "--db", str(db)])
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == first
    assert "already imported" in out[-2]


def test_changed_form_becomes_the_next_version(tmp_path, capsys):
    db = tmp_path / "f.db"
    main(
        [
            "import-form",
            str(write_form(tmp_path / "v1.xlsx", BASIC)),
            "--db",
            str(db),
            "--study",
            "S",
        ]
    )
    v1 = capsys.readouterr().out.strip().splitlines()[-1]
    extra = [*BASIC, ("text", "comments", "Anything else?")]
    main(
        ["import-form", str(write_form(tmp_path / "v2.xlsx", extra, version="2")), "--db", str(db)]
    )
    v2 = capsys.readouterr().out.strip().splitlines()[-1]
    with open_store(db) as store:
        one, two = store.repos.instruments.get(v1), store.repos.instruments.get(v2)
    assert two["family_id"] == one["family_id"] == v1
    assert (one["version_number"], two["version_number"]) == (1, 2)


def test_several_studies_without_study_flag_lists_them(tmp_path, capsys):
    db = tmp_path / "f.db"
    with open_store(db, create=True) as store:
        store.repos.studies.add("Durham")
        store.repos.studies.add("Cumbria")
    form = write_form(tmp_path / "carer.xlsx", BASIC)
    assert main(["import-form", str(form), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "'Cumbria'" in err and "'Durham'" in err and "--study" in err


def test_refused_form_creates_nothing_not_even_the_study(tmp_path, capsys):
    db = tmp_path / "f.db"
    with open_store(db, create=True) as store:
        store.repos.studies.add("Existing")
    before = content(db)
    broken = write_form(tmp_path / "bad.xlsx", [*BASIC, ("calculate", "total", "")])
    from openpyxl import load_workbook

    book = load_workbook(broken)
    book["survey"]["D1"] = "calculation"
    book["survey"]["D4"] = "Total price of all items"
    book.save(broken)
    assert main(["import-form", str(broken), "--db", str(db), "--study", "Brand new"]) == 1
    err = capsys.readouterr().err
    assert "row 4" in err and "calculation" in err
    assert content(db) == before


def test_refused_form_does_not_create_a_database(tmp_path, capsys):
    db = tmp_path / "new.db"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"")
    assert main(["import-form", str(bad), "--db", str(db), "--study", "X"]) == 1
    assert not db.exists()


@pytest.mark.usefixtures("corpus")
def test_every_invalid_corpus_file_is_refused_and_changes_nothing(tmp_path, corpus, capsys):
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    db = tmp_path / "f.db"
    with open_store(db, create=True) as store:
        store.repos.studies.add("Existing")
    before = content(db)
    invalid = sorted((corpus / "invalid").glob("*.xlsx"))
    assert len(invalid) == 10
    for path in invalid:
        assert main(["import-form", str(path), "--db", str(db), "--study", "New"]) == 1, path
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "was not imported" in err, path
    assert content(db) == before
    assert manifest["counts"]["invalid"] == 10
