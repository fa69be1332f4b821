"""The coordinators' workbook: layout, types, safety and streaming, read back with openpyxl."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from exports import CellLimits, ExportError, ExportOptions, export_workbook
from exports_support import (
    INJECTIONS,
    LONG_TEXT,
    PLANTED,
    has_formula,
    sheet_rows,
    workbook_xml,
)

SURVEY = "Wellbeing survey"
META = ["_id", "_index", "participant", "site", "fieldworker", "started", "ended", "status"]


def export(store, tmp_path, name="out.xlsx", **options):
    out = tmp_path / name
    report = export_workbook(store, out, ExportOptions(**options))
    assert report.path == out.resolve() and out.exists()
    return out, report


def by_header(rows: list[tuple]) -> list[dict]:
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def test_demo_workbook_layout_header_style_and_counts(demo_store, tmp_path):
    out, report = export(demo_store, tmp_path)
    workbook = load_workbook(out)
    names = workbook.sheetnames
    assert names[0] == "About"
    fixed = ["Interviews", "Focus groups", "Participants", "Dictionary"]
    first_fixed = names.index("Interviews")
    assert names[first_fixed : first_fixed + 4] == fixed  # later issues add sheets after
    questionnaires = names[1:first_fixed]
    assert "Partnership assessment" in questionnaires
    assert "Partnership assessment_2" in questionnaires  # same name in two studies
    assert all(len(name) <= 31 and not re.search(r"[\[\]*?:/\\]", name) for name in names)
    for worksheet in workbook.worksheets:
        assert worksheet.freeze_panes == "A2", worksheet.title
        assert worksheet["A1"].font.bold, worksheet.title
        assert worksheet.auto_filter.ref.startswith("A1:"), worksheet.title
        assert worksheet.column_dimensions["A"].width >= 8
    rows = sheet_rows(out)
    about = dict(row[:2] for row in rows["About"] if row and row[0])
    for sheet in report.sheets:
        assert sheet.rows == len(rows[sheet.name]) - 1
        if sheet.name != "About":
            assert about[sheet.name] == sheet.rows
    assert about["De-identified"] == "no"
    assert about["Identities included"] == "no"
    assert report.rows("Interviews") > 0 and report.rows("Focus groups") > 0
    sheet = by_header(rows[questionnaires[0]])
    assert [row["_index"] for row in sheet] == list(range(1, len(sheet) + 1))
    assert all(isinstance(row["started"], datetime) for row in sheet)
    starts = [(row["started"], row["_id"]) for row in sheet]
    assert starts == sorted(starts)


def test_demo_identities_never_exported_unless_asked(demo_store, tmp_path):
    from storage.demo import IDENTITIES

    out, _ = export(demo_store, tmp_path)
    text = "\n".join(workbook_xml(out).values())
    for name, contact in IDENTITIES:
        assert name not in text and contact.split(",")[0] not in text
    sheets = [x for n, x in workbook_xml(out).items() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(has_formula(xml) for xml in sheets)

    out, _ = export(demo_store, tmp_path, "with.xlsx", with_identities=True)
    participants = by_header(sheet_rows(out)["Participants"])
    assert {"full_name", "contact"} <= set(participants[0])
    named = {row["full_name"] for row in participants if row["full_name"]}
    assert named and named <= {name for name, _ in IDENTITIES}


def test_questionnaire_cells_are_typed_and_versions_merged(store, survey, tmp_path):
    out, _ = export(store, tmp_path)
    rows = sheet_rows(out)
    header = list(rows[SURVEY][0])
    assert header[: len(META) + 1] == [*META, "version"]
    questions = header[len(META) + 1 :]
    assert questions == [
        "full_name",
        "age",
        "height",
        "visit_date",
        "wake_time",
        "seen_at",
        "mood",
        "supports",
        "supports/family",
        "supports/friends",
        "supports/services",
        "supports/nobody",
        "rooms",
        "pets",
        "age_months",
        "comments",
        "comments (part 2)",
        "new_question",
        "old_question",
    ]
    first, second, anonymous = by_header(rows[SURVEY])
    assert first["_id"] == survey.sessions["s1"] and first["version"] == "v1"
    assert (first["participant"], first["site"], first["fieldworker"]) == (
        "P01",
        "North ward",
        "Ann",
    )
    assert first["started"] == datetime(2026, 3, 1, 9, 0)
    assert first["ended"] == datetime(2026, 3, 1, 9, 40)
    assert first["age"] == 42 and isinstance(first["age"], int)
    assert first["height"] == pytest.approx(1.72)
    assert first["visit_date"] == datetime(2026, 3, 1)
    assert first["wake_time"] == time(7, 30)
    assert first["seen_at"] == datetime(2026, 3, 1, 9, 15)
    assert first["supports"] == "family services"
    assert [first[f"supports/{n}"] for n in ("family", "friends", "services", "nobody")] == [
        1,
        0,
        1,
        0,
    ]
    assert first["age_months"] == 504
    assert first["old_question"] == "only in version 1" and first["new_question"] is None
    assert second["version"] == "v2" and second["old_question"] is None
    assert second["mood"] == "great"
    assert second["supports"] is None and second["supports/family"] == 0  # answered: none
    assert second["pets"] is None  # not relevant: left blank
    assert anonymous["participant"] is None and anonymous["age"] is None
    worksheet = load_workbook(out)[SURVEY]
    formats = {cell.value: cell for cell in worksheet[1]}
    column = formats["visit_date"].column_letter
    assert worksheet[f"{column}2"].number_format == "yyyy-mm-dd"
    assert worksheet[f"{column}2"].is_date


def test_repeat_sheets_are_linked(store, survey, tmp_path):
    out, _ = export(store, tmp_path)
    rows = sheet_rows(out)
    household = by_header(rows["household"])
    visits = by_header(rows["visits"])
    assert list(rows["household"][0]) == [
        "_index",
        "_parent_index",
        "_parent_table_name",
        "_submission__id",
        "member_name",
        "member_age",
    ]
    assert [row["_index"] for row in household] == [1, 2, 3, 4, 5, 6, 7]
    assert [row["_parent_index"] for row in household] == [1, 1, 1, 2, 2, 2, 2]
    assert household[2]["member_name"] is None  # an entry added and left empty
    assert {row["_parent_table_name"] for row in household} == {SURVEY}
    assert household[0]["_submission__id"] == survey.sessions["s1"]
    assert household[1]["member_age"] == 12
    assert [(v["_parent_index"], v["_parent_table_name"]) for v in visits] == [
        (1, "household"),
        (1, "household"),
    ]
    assert [v["visit_reason"] for v in visits] == ["checkup", "follow-up"]


def test_injection_strings_stay_text_in_the_xml(store, survey, tmp_path):
    from xml.etree import ElementTree

    out, _ = export(store, tmp_path)
    parts = workbook_xml(out)
    sheets = {n: x for n, x in parts.items() if n.startswith("xl/worksheets/sheet")}
    assert sheets and not any(has_formula(xml) for xml in sheets.values())
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    cell_types: dict[str, set[str]] = {}
    for xml in sheets.values():
        for cell in ElementTree.fromstring(xml).iter(f"{main}c"):
            text = "".join(t.text or "" for t in cell.iter(f"{main}t"))
            cell_types.setdefault(text, set()).add(cell.get("t", "n"))
            assert cell.find(f"{main}f") is None
    for text in INJECTIONS:
        assert cell_types.get(text) == {"inlineStr"}, text
    rows = sheet_rows(out)
    values = {v for sheet in rows.values() for row in sheet for v in row}
    assert set(INJECTIONS) <= values
    assert INJECTIONS[0] in {row[9] for row in rows["Interviews"]}


def test_control_characters_and_escape_lookalikes_survive(store, survey, tmp_path):
    from exports.tabular_read import open_table_file

    out, _ = export(store, tmp_path)
    xml = "".join(workbook_xml(out).values())
    assert "_x000B_" in xml and "_x005F_x0041_" in xml
    with open_table_file(out) as sheets:
        survey_sheet = next(sheet for sheet in sheets if sheet.name == SURVEY)
        comments = survey_sheet.headers.index("comments")
        first = next(survey_sheet.rows())[1]
    assert first[comments] == (
        "Fine, thanks. Tab\there, line\nbreak, ctrl\x0bchar, _x0041_ literal"
    )


def test_long_text_is_split_and_marked_never_truncated(store, survey, tmp_path):
    out, report = export(store, tmp_path)
    rows = by_header(sheet_rows(out)[SURVEY])
    anonymous = rows[2]
    assert len(anonymous["comments"]) == 32_767
    assert anonymous["comments"] + anonymous["comments (part 2)"] == LONG_TEXT
    assert [(s.sheet, s.column, s.parts) for s in report.split_columns] == [(SURVEY, "comments", 2)]
    about = [row for row in sheet_rows(out)["About"] if row and row[0]]
    assert any("comments (part 2)" in str(row[1]) for row in about)
    dictionary = by_header(sheet_rows(out)["Dictionary"])
    assert any(row["name"] == "comments (part 2)" for row in dictionary)


def test_sheets_over_the_row_limit_continue_on_numbered_sheets(store, survey, tmp_path):
    limits = CellLimits(max_text=32_767, max_rows=3)
    out, report = export(store, tmp_path, limits=limits)
    workbook = load_workbook(out)
    names = workbook.sheetnames
    position = names.index(SURVEY)
    assert names[position : position + 7] == [
        SURVEY,
        f"{SURVEY} (2)",
        "household",
        "household (2)",
        "household (3)",
        "household (4)",
        "visits",
    ]
    assert names[:2] == ["About", "About (2)"]  # every sheet obeys the limit
    rows = sheet_rows(out)
    assert rows[f"{SURVEY} (2)"][0] == rows[SURVEY][0]
    assert [r[1] for r in rows[SURVEY][1:] + rows[f"{SURVEY} (2)"][1:]] == [1, 2, 3]
    parts = ("household", "household (2)", "household (3)", "household (4)")
    household = [row for part in parts for row in rows[part][1:]]
    assert [row[0] for row in household] == [1, 2, 3, 4, 5, 6, 7]
    assert report.rows("household") == 7
    assert workbook[f"{SURVEY} (2)"].freeze_panes == "A2"
    about_parts = [name for name in names if name == "About" or name.startswith("About (")]
    about = {row[0]: row[1] for name in about_parts for row in rows[name][1:] if row[0]}
    assert "household (2), household (3), household (4)" in about["household (continued)"]


def test_small_cell_limit_splits_every_long_column(store, survey, tmp_path):
    out, report = export(store, tmp_path, limits=CellLimits(max_text=40, max_rows=1_048_576))
    split = {(s.sheet, s.column) for s in report.split_columns}
    assert {(SURVEY, "comments"), ("Dictionary", "choices"), ("About", "value")} <= split
    from exports.cells import unescape_text

    rows = sheet_rows(out)
    first = by_header(rows[SURVEY])[0]
    parts = [first["comments"]] + [first.get(f"comments (part {n})") for n in range(2, 6)]
    assert "".join(unescape_text(p) for p in parts if p) == (
        "Fine, thanks. Tab\there, line\nbreak, ctrl\x0bchar, _x0041_ literal"
    )


def test_deidentified_export_holds_no_planted_identity(store, survey, tmp_path):
    out, report = export(store, tmp_path, deidentify=True)
    assert report.deidentified and not report.identities_included
    everything = "\n".join(workbook_xml(out).values())
    for planted in PLANTED:
        assert planted not in everything, planted
    rows = sheet_rows(out)
    assert "full_name" not in rows[SURVEY][0]
    assert all("full_name" not in row for row in rows["Dictionary"])
    about = {row[0]: row[1] for row in rows["About"] if row and row[0]}
    assert about["De-identified"].startswith("yes")
    assert "P03" not in {row[1] for row in rows["Participants"]}


def test_withdrawn_included_and_deidentified_drops_their_free_text(store, survey, tmp_path):
    out, _ = export(store, tmp_path, deidentify=True, include_withdrawn=True)
    rows = sheet_rows(out)
    everything = "\n".join(workbook_xml(out).values())
    for planted in PLANTED:
        assert planted not in everything, planted
    withdrawn = [row for row in by_header(rows[SURVEY]) if row["participant"] == "P03"]
    assert len(withdrawn) == 1
    assert withdrawn[0]["comments"] is None and withdrawn[0]["age"] == 80
    interviews = by_header(rows["Interviews"])
    assert [row["text"] for row in interviews if row["participant"] == "P03"] == [None]

    out, _ = export(store, tmp_path, "plain.xlsx", include_withdrawn=True)
    assert any(
        row["comments"] == "Withdrawn secret remark" for row in by_header(sheet_rows(out)[SURVEY])
    )


def test_identities_and_deidentify_cannot_be_combined(store, survey, tmp_path):
    with pytest.raises(ExportError, match="cannot include identities"):
        export_workbook(
            store, tmp_path / "x.xlsx", ExportOptions(deidentify=True, with_identities=True)
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_labels_for_headers_and_values(store, survey, tmp_path):
    out, _ = export(store, tmp_path, header_labels=True, value_labels=True)
    rows = sheet_rows(out)
    header = rows[SURVEY][0]
    assert "Your mood" in header and "Who supports you/Family" in header
    first = by_header(rows[SURVEY])[0]
    assert first["Your mood"] == "Good"
    assert first["Who supports you"] == "Family; Services"
    assert first["_id"]  # metadata keeps its names


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"sites": ("south ward",)}, ["P02"]),
        ({"date_from": date(2026, 3, 2), "date_to": date(2026, 3, 2)}, ["P02"]),
        ({"statuses": ("complete",)}, ["P01"]),
        ({"include_nonrelevant": True}, ["P01", "P02", None]),
    ],
)
def test_filters(store, survey, tmp_path, options, expected):
    out, _ = export(store, tmp_path, **options)
    rows = by_header(sheet_rows(out)[SURVEY])
    assert [row["participant"] for row in rows] == expected
    if options.get("include_nonrelevant"):
        assert rows[1]["pets"] == "hidden pet"


def test_instrument_filter_and_unknown_names(store, survey, tmp_path):
    out, _ = export(store, tmp_path, instruments=("staff_interview",))
    names = load_workbook(out, read_only=True).sheetnames
    assert SURVEY not in names and "Interviews" in names
    for bad in ({"studies": ("Nope",)}, {"sites": ("Nowhere",)}, {"instruments": ("x",)}):
        with pytest.raises(ExportError):
            export_workbook(store, tmp_path / "bad.xlsx", ExportOptions(**bad))
    with pytest.raises(ExportError, match="status"):
        export_workbook(store, tmp_path / "bad.xlsx", ExportOptions(statuses=("done",)))


def test_interviews_and_focus_groups_rows(store, survey, tmp_path):
    out, _ = export(store, tmp_path)
    rows = sheet_rows(out)
    interviews = by_header(rows["Interviews"])
    assert [(r["topic"], r["prompt"], r["kind"]) for r in interviews] == [
        ("Your role", "Tell me about your role.", "note"),
        ("Changes", "What has changed?", "quote"),
    ]
    assert interviews[0]["date"] == datetime(2026, 4, 1) and interviews[0]["role"] == "carer"
    groups = by_header(rows["Focus groups"])
    assert [(g["order"], g["speaker"], g["role"]) for g in groups] == [
        (1, "F1", "facilitator"),
        (2, "P01", "client"),
    ]
    assert groups[1]["elapsed"] == timedelta(hours=1, minutes=2, seconds=5)


def test_cancel_leaves_no_file_and_keeps_an_old_one(store, survey, tmp_path):
    target = tmp_path / "out.xlsx"
    calls = []
    report = export_workbook(
        store,
        target,
        ExportOptions(),
        progress=lambda d, t: calls.append((d, t)),
        cancelled=lambda: True,
    )
    assert report.cancelled and not target.exists()
    assert list(tmp_path.glob("*.partial")) == [] and list(tmp_path.glob(".*partial")) == []
    target.write_bytes(b"previous")
    report = export_workbook(store, target, ExportOptions(), cancelled=lambda: True)
    assert report.cancelled and target.read_bytes() == b"previous"
    done = export_workbook(
        store, target, ExportOptions(), progress=lambda d, t: calls.append((d, t))
    )
    assert not done.cancelled and calls[-1][0] == calls[-1][1] > 0


def test_same_data_gives_the_same_workbook(store, survey, tmp_path, db_path):
    import shutil

    from storage import open_store

    first, _ = export(store, tmp_path, "a.xlsx")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db_path, tmp_path / "copy.db")
    with open_store(tmp_path / "copy.db") as copy:
        second, _ = export(copy, tmp_path, "b.xlsx")
    a, b = sheet_rows(first), sheet_rows(second)
    assert list(a) == list(b)
    for name in a:
        if name == "About":
            continue
        assert a[name] == b[name], name


def test_csv_of_one_sheet_has_a_bom_and_no_formula(store, survey, tmp_path):
    import csv

    from exports import export_sheet_csv

    target = tmp_path / "survey.csv"
    report = export_sheet_csv(store, target, "wellbeing survey", ExportOptions())
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    rows = list(csv.reader(target.open(encoding="utf-8-sig", newline="")))
    header = rows[0]
    assert "comments (part 2)" not in header  # no cell limit in CSV
    comments = [row[header.index("comments")] for row in rows[1:]]
    assert "'=1+1" in comments and LONG_TEXT in comments
    assert report.rows(SURVEY) == 3
    with pytest.raises(ExportError, match="no sheet called"):
        export_sheet_csv(store, tmp_path / "x.csv", "Nope")


def test_interview_and_focus_group_rows_name_their_codes(demo_store, tmp_path):
    """The demo's codebook is applied to its notes: the codes column says which."""
    from openpyxl import load_workbook

    from exports import export_workbook

    out = tmp_path / "coded.xlsx"
    export_workbook(demo_store, out)
    book = load_workbook(out)
    for sheet_name in ("Interviews", "Focus groups"):
        rows = list(book[sheet_name].iter_rows(values_only=True))
        header = rows[0]
        codes = [row[header.index("codes")] for row in rows[1:]]
        coded = [c for c in codes if c]
        assert coded, sheet_name
        known = {r["name"] for r in demo_store.rows("SELECT name FROM codes WHERE deleted = 0")}
        assert all(set(c.split("; ")) <= known for c in coded)
