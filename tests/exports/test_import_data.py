"""Spreadsheet import: round trips, idempotence, and refusals that leave the database as it was."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from exports import DataImportError, ExportOptions, export_workbook, import_responses
from exports_support import LONG_TEXT, sheet_rows

SURVEY = "Wellbeing survey"
QUESTIONNAIRE_SHEETS = (SURVEY, "household", "visits")


def snapshot(store) -> dict[str, object]:
    """Everything an import could change, to prove a refused import changed nothing."""
    tables = ("sessions", "answers", "audit", "participants")
    found: dict[str, object] = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in tables}
    found["answers_hash"] = store.rows(
        "SELECT group_concat(id || coalesce(value, '') || relevant || updated_at, '|') AS h "
        "FROM (SELECT * FROM answers ORDER BY id)"
    )[0]["h"]
    found["sessions_hash"] = store.rows(
        "SELECT group_concat(id || updated_at || status, '|') AS h FROM "
        "(SELECT * FROM sessions ORDER BY id)"
    )[0]["h"]
    return found


def test_export_import_export_reproduces_the_questionnaire_sheets(
    store, survey, empty_twin, tmp_path
):
    first = tmp_path / "first.xlsx"
    export_workbook(store, first, ExportOptions())
    twin, _frame = empty_twin
    calls = []
    report = import_responses(twin, "wellbeing", first, progress=lambda *a: calls.append(a))
    assert report.accepted, [str(p) for p in report.problems]
    assert calls[-1] == (12, 12)  # 3 + 7 + 2 rows, counted though the file has no dimension
    assert report.sessions_added == 3 and report.rows_read == 3 + 7 + 2
    assert set(report.sheets) == set(QUESTIONNAIRE_SHEETS)
    assert "Participants" in report.ignored_sheets and "About" in report.ignored_sheets
    second = tmp_path / "second.xlsx"
    export_workbook(twin, second, ExportOptions())
    before, after = sheet_rows(first), sheet_rows(second)
    for name in QUESTIONNAIRE_SHEETS:
        assert before[name] == after[name], name
    long_cells = [row for row in after[SURVEY] if LONG_TEXT[:100] in str(row)]
    assert long_cells


def test_importing_the_same_file_twice_changes_nothing(store, survey, tmp_path):
    exported = tmp_path / "out.xlsx"
    export_workbook(store, exported, ExportOptions())
    before = snapshot(store)
    report = import_responses(store, "wellbeing", exported)
    assert report.accepted, [str(p) for p in report.problems]
    assert (report.sessions_added, report.sessions_updated, report.answers_written) == (0, 0, 0)
    assert report.sessions_unchanged == 3
    assert report.backup is not None and report.backup.exists()
    assert snapshot(store) == before


def test_csv_export_imports_back(store, survey, empty_twin, tmp_path):
    from exports import export_sheet_csv

    target = tmp_path / "survey.csv"
    export_sheet_csv(store, target, SURVEY)
    twin, _ = empty_twin
    report = import_responses(twin, "wellbeing", target)
    assert report.accepted, [str(p) for p in report.problems]
    session = survey.sessions["s2"]
    answers = twin.repos.sessions.answers(session)
    assert answers["comments"] == "=1+1"
    assert answers["supports"] == [] and answers["mood"] == "great"
    anonymous = twin.repos.sessions.answers(survey.sessions["s4"])
    assert anonymous["comments"] == LONG_TEXT


def _bad_paper_returns(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    sheet.append(["participant", "age", "mood", "supports", "favourite_colour", "comments"])
    for number in range(2, 62):
        age = "abc" if number == 57 else 30 + number
        sheet.append([None, age, "good", "family friends", None, f"return {number}"])
    sheet["B40"] = 12.5  # not a whole number
    sheet["C45"] = "excellent"  # not a choice
    workbook.save(path)


def test_a_bad_file_is_refused_whole_with_every_problem_named(store, survey, tmp_path):
    path = tmp_path / "returns.xlsx"
    _bad_paper_returns(path)
    before = snapshot(store)
    report = import_responses(store, "wellbeing", path)
    assert not report.accepted
    found = {(p.sheet, p.row, p.column, p.letter) for p in report.problems}
    assert ("Returns", 57, "age", "B") in found
    assert ("Returns", 40, "age", "B") in found
    assert ("Returns", 45, "mood", "C") in found
    assert ("Returns", 1, "favourite_colour", "E") in found
    assert report.problem_count == 4
    text = "\n".join(str(p) for p in report.problems)
    assert "Returns!B57 (age): 'abc' is not a whole number" in text
    assert "unknown column" in text
    assert "refused" in report.summary()
    assert snapshot(store) == before


def test_fixed_returns_import_as_anonymous_sessions(store, survey, tmp_path):
    path = tmp_path / "returns.xlsx"
    _bad_paper_returns(path)
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.delete_cols(5)
    sheet["B57"], sheet["B40"], sheet["C45"] = 57, 40, "Poor"  # a label is accepted
    sheet["A2"] = "P04"
    workbook.save(path)
    sessions_before = store.scalar("SELECT count(*) FROM sessions")
    report = import_responses(store, "wellbeing", path)
    assert report.accepted, [str(p) for p in report.problems]
    assert report.sessions_added == 60
    assert store.scalar("SELECT count(*) FROM sessions") == sessions_before + 60
    rows = store.rows(
        "SELECT s.participant_id, s.status, s.mode, s.instrument_id FROM sessions s "
        "WHERE s.mode = 'paper'"
    )
    assert len(rows) == 60 and {row["status"] for row in rows} == {"complete"}
    assert {row["instrument_id"] for row in rows} == {survey.survey_v2}  # the latest version
    assert sum(1 for row in rows if row["participant_id"] is None) == 59
    poor = store.rows("SELECT value FROM answers WHERE path = 'mood' AND value = '\"poor\"'")
    assert len(poor) == 1


@pytest.mark.parametrize(
    ("header", "value", "why"),
    [
        ("participant", "P99", "no participant with code 'P99'"),
        ("participant", "P03", "consent withdrawn"),
        ("site", "Atlantis", "no site called 'Atlantis'"),
        ("version", "v9", "no version 'v9'"),
        ("status", "done", "is not a status"),
        ("started", "yesterday", "is not a date and time"),
        ("supports/family", "maybe", "is not 1 or 0"),
        ("_id", "not-a-uuid", "not a session id"),
        ("old_question", "text", "not a question of version v2"),
    ],
)
def test_refused_metadata_and_cells(store, survey, tmp_path, header, value, why):
    path = tmp_path / "one.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["age", header])
    sheet.append([30, value])
    workbook.save(path)
    before = snapshot(store)
    report = import_responses(store, "wellbeing", path)
    assert not report.accepted
    assert any(why in str(problem) for problem in report.problems), report.problems
    assert snapshot(store) == before


def test_summary_and_option_columns_must_agree(store, survey, tmp_path):
    path = tmp_path / "both.csv"
    path.write_text(
        "age,supports,supports/family,supports/friends\n30,family,1,1\n31,,0,1\n",
        encoding="utf-8",
    )
    report = import_responses(store, "wellbeing", path)
    assert not report.accepted
    assert [(p.row, p.column) for p in report.problems] == [(2, "supports")]
    path.write_text("age,supports/family,supports/friends\n31,0,1\n32,0,0\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert report.accepted
    values = store.rows(
        "SELECT a.value FROM answers a JOIN sessions s ON s.id = a.session_id "
        "WHERE a.path = 'supports' AND s.mode = 'paper' ORDER BY s.rowid"
    )
    assert [row["value"] for row in values] == ['["friends"]', "[]"]


def test_duplicate_ids_and_deleted_sessions_are_refused(store, survey, tmp_path):
    session = survey.sessions["s1"]
    path = tmp_path / "dups.csv"
    path.write_text(f"_id,age\n{session},1\n{session},2\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert [p.row for p in report.problems] == [3]
    store.repos.sessions.delete(survey.sessions["s2"])
    path.write_text(f"_id,age\n{survey.sessions['s2']},1\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert "deleted" in str(report.problems[0])


def test_unknown_form_and_unreadable_files(store, survey, tmp_path):
    with pytest.raises(DataImportError, match="No instrument"):
        import_responses(store, "nope", tmp_path / "x.csv")
    with pytest.raises(DataImportError, match="guide"):
        import_responses(store, "staff_interview", tmp_path / "x.csv")
    with pytest.raises(DataImportError, match="no file"):
        import_responses(store, "wellbeing", tmp_path / "missing.xlsx")
    (tmp_path / "x.ods").write_bytes(b"nothing")
    with pytest.raises(DataImportError, match=".xlsx or .csv"):
        import_responses(store, "wellbeing", tmp_path / "x.ods")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataImportError, match="could not be read"):
        import_responses(store, "wellbeing", tmp_path / "broken.xlsx")


def test_cancelled_import_changes_nothing(store, survey, empty_twin, tmp_path):
    exported = tmp_path / "out.xlsx"
    export_workbook(store, exported, ExportOptions())
    twin, _ = empty_twin
    before = snapshot(twin)
    report = import_responses(twin, "wellbeing", exported, cancelled=lambda: True)
    assert report.cancelled and not report.accepted
    assert snapshot(twin) == before


def test_every_demo_questionnaire_reimports_unchanged(demo_store, tmp_path):
    exported = tmp_path / "demo.xlsx"
    export_workbook(demo_store, exported, ExportOptions())
    before = snapshot(demo_store)
    families = demo_store.repos.instruments.list(kind="questionnaire", latest_only=True)
    assert len(families) >= 3
    for form in families:
        report = import_responses(demo_store, form["id"], exported, backup=False)
        assert report.accepted, (form["name"], [str(p) for p in report.problems[:5]])
        assert report.answers_written == 0 and report.sessions_added == 0
        assert report.sessions_unchanged == demo_store.scalar(
            "SELECT count(*) FROM sessions s JOIN instruments i ON i.id = s.instrument_id "
            "WHERE i.family_id = ? AND s.deleted = 0 AND NOT EXISTS (SELECT 1 FROM "
            "participants p WHERE p.id = s.participant_id AND p.consent_status = 'withdrawn')",
            (form["family_id"],),
        )
    assert snapshot(demo_store) == before


def test_the_form_engine_judges_imported_answers(store, survey, tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("age,home/rooms,home/pets\n-5,1,dog\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "age")]
    assert "rule" in report.problems[0].why or "allowed" in report.problems[0].why

    path.write_text("age,home/rooms,home/pets\n30,0,dog\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert report.accepted
    (session,) = report.changes.row_ids
    flags = store.repos.sessions.relevance_flags(session)
    assert flags["home/pets"] is False and flags["home/rooms"] is True

    first = survey.sessions["s1"]
    path.write_text(f"_id,home/rooms\n{first},0\n", encoding="utf-8")
    report = import_responses(store, "wellbeing", path)
    assert report.accepted and report.sessions_updated == 1  # its answers changed
    assert store.repos.sessions.relevance_flags(first)["home/pets"] is False  # as entry does


def test_new_repeat_entries_are_counted_as_the_form_engine_counts_them(
    store, survey, empty_twin, tmp_path
):
    from instruments.form_engine import FormState
    from instruments.model import Instrument

    exported = tmp_path / "out.xlsx"
    export_workbook(store, exported, ExportOptions())
    twin, frame = empty_twin
    assert import_responses(twin, "wellbeing", exported).accepted
    answers = twin.repos.sessions.answers(survey.sessions["s1"])
    assert answers["household"] == 3 and answers["household[1]/visits"] == 2
    definition = twin.repos.instruments.definition(frame.survey_v1)
    state = FormState(Instrument.from_dict(definition), answers)
    assert state.instance_count("household") == 3
    assert state.item("household[2]/member_name") is not None


def test_a_refused_import_leaves_the_backups_as_they_were(demo_store, tmp_path):
    """Ten refused retries of a spreadsheet never push older good backups out."""
    from exports import import_responses
    from storage.backups import list_backups

    form = next(
        row for row in demo_store.repos.instruments.list(kind="questionnaire", latest_only=True)
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("not_a_question\nvalue\n", encoding="utf-8")
    good = [demo_store.backup("open") for _ in range(3)]
    for _ in range(12):
        report = import_responses(demo_store, form["id"], bad)
        assert not report.accepted
    assert list_backups(demo_store.path) == sorted(good, key=lambda p: p.name, reverse=True)


def test_an_empty_file_is_refused(demo_store, tmp_path):
    import pytest

    from exports import DataImportError, import_responses

    form = demo_store.repos.instruments.list(kind="questionnaire", latest_only=True)[0]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataImportError, match="empty"):
        import_responses(demo_store, form["id"], empty)


def test_a_changed_answer_counts_its_session_as_updated(demo_store, tmp_path):
    """Export one questionnaire as CSV, change one answer, import: 1 updated, 0 added."""
    import csv

    from openpyxl import load_workbook

    from exports import ExportOptions, export_sheet_csv, export_workbook, import_responses

    form = demo_store.repos.instruments.find("Partnership assessment")[0]
    study = demo_store.repos.studies.get(form["study_id"])["name"]
    options = ExportOptions(studies=(study,), instruments=("Partnership assessment",))
    export_workbook(demo_store, tmp_path / "book.xlsx", options)
    sheets = load_workbook(tmp_path / "book.xlsx", read_only=True).sheetnames
    sheet = next(name for name in sheets if name.startswith("Partnership"))
    out = tmp_path / "sheet.csv"
    export_sheet_csv(demo_store, out, sheet, options)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    column = next(i for i, name in enumerate(header) if name.endswith("organisation"))
    first[column] = first[column] + " (renamed)"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, first])
    report = import_responses(demo_store, form["id"], out)
    assert report.accepted, report.problems
    assert (report.sessions_added, report.sessions_updated, report.sessions_unchanged) == (0, 1, 0)
