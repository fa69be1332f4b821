"""`export-form`: an imported form goes back out as an XLSForm that imports as the same one."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from main import main
from storage import open_store


def write_form(path):
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Français (fr)", "relevant"])
    survey.append(["select_one yn", "support", "Enough support?", "Assez d'aide ?", None])
    survey.append([None])
    survey.append(["integer", "hours", "Hours", "Heures", "${support} = 'yes'"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Français (fr)"])
    choices.append(["yn", "yes", "Yes", "Oui"])
    choices.append(["yn", "no", "No", "Non"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Carer experience", "carer_exp", "1"])
    book.save(path)
    return path


def imported(tmp_path, capsys) -> tuple[str, str]:
    db = str(tmp_path / "f.db")
    form = write_form(tmp_path / "carer.xlsx")
    assert main(["import-form", str(form), "--db", db, "--study", "Cumbria"]) == 0
    return db, capsys.readouterr().out.strip().splitlines()[-1]


def test_export_by_form_id_reimports_as_the_same_definition(tmp_path, capsys) -> None:
    db, instrument_id = imported(tmp_path, capsys)
    out = tmp_path / "out" / "carer_copy.xlsx"
    assert main(["export-form", "--db", db, "--form", "carer_exp", "--out", str(out)]) == 0
    assert "Carer experience (version 1) written to" in capsys.readouterr().out
    survey = load_workbook(out)["survey"]
    assert [cell.value for cell in survey[1]][:4] == [
        "type",
        "name",
        "label::English (en)",
        "label::Français (fr)",
    ]
    assert survey["A3"].value is None  # the blank row is kept, so rows stay where they were
    assert main(["import-form", str(out), "--db", db]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == instrument_id
    assert "already imported with this exact definition" in lines[-2]


def test_export_by_id_and_by_name(tmp_path, capsys) -> None:
    db, instrument_id = imported(tmp_path, capsys)
    for reference in (instrument_id, "Carer experience"):
        out = tmp_path / "by.xlsx"
        assert main(["export-form", "--db", db, "--form", reference, "--out", str(out)]) == 0
        with open_store(db) as store:
            assert store.repos.instruments.get(instrument_id)["form_id"] == "carer_exp"
        assert load_workbook(out)["settings"]["B2"].value == "carer_exp"


def test_export_refusals_are_one_line(tmp_path, capsys) -> None:
    db, _instrument_id = imported(tmp_path, capsys)
    cases = [
        (["--form", "nothing", "--out", str(tmp_path / "x.xlsx")], "No instrument has"),
        (["--form", "carer_exp", "--out", str(tmp_path / "x.csv")], "must be written to an .xlsx"),
        (
            ["--form", "carer_exp", "--study", "Elsewhere", "--out", str(tmp_path / "x.xlsx")],
            "no study named",
        ),
    ]
    for arguments, expected in cases:
        assert main(["export-form", "--db", db, *arguments]) == 1
        error = capsys.readouterr().err.strip()
        assert expected in error
        assert len(error.splitlines()) == 1 and error.startswith("fieldnotes export-form:")
    assert not (tmp_path / "x.xlsx").exists()


def test_an_empty_new_instrument_is_not_exported(tmp_path, capsys) -> None:
    from storage.instrument_lifecycle import new_instrument

    db = tmp_path / "f.db"
    with open_store(db, create=True) as store:
        study_id = store.repos.studies.add("Durham")
        new_instrument(store, study_id, "interview", "Access interviews")
    out = tmp_path / "access.xlsx"
    assert main(["export-form", "--db", str(db), "--form", "access_interviews", "--out", str(out)])
    assert "is empty" in capsys.readouterr().err
    assert not out.exists()
