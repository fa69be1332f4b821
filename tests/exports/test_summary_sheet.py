"""The export's Summary sheet: the app's figures as values, with native charts beside them."""

from __future__ import annotations

import csv
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from exports import ExportOptions, export_sheet_csv, export_workbook
from exports.summary_sheet import CHART_ROWS, COLUMNS, SHEET
from storage.summaries import SummaryFilter
from storage.summary_stats import summarise

NORTHUMBERLAND = "Northumberland children's services"


def _export(store, tmp_path, **options):
    out = tmp_path / "summary.xlsx"
    export_workbook(store, out, ExportOptions(**options))
    return load_workbook(out)


def _rows(worksheet) -> list[tuple]:
    return list(worksheet.iter_rows(values_only=True))


@pytest.fixture
def partnership(demo_store, tmp_path):
    return _export(
        demo_store, tmp_path, studies=(NORTHUMBERLAND,), instruments=("Partnership assessment",)
    )


def _family(store, study_name: str, name: str) -> str:
    study = store.repos.studies.by_name(study_name)
    rows = store.repos.instruments.list(study["id"])
    return next(row["family_id"] for row in rows if row["name"] == name)


def test_summary_is_the_last_sheet_with_a_styled_header(partnership):
    assert partnership.sheetnames[0] == "About" and partnership.sheetnames[-1] == SHEET
    sheet = partnership[SHEET]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")


def test_frequencies_are_the_app_s_figures_as_values(partnership, demo_store):
    family = _family(demo_store, NORTHUMBERLAND, "Partnership assessment")
    summary = summarise(demo_store, SummaryFilter(family_id=family))
    expected = summary.question("about_you/role").overall
    rows = [r for r in _rows(partnership[SHEET]) if r[1] == "What is your role?"]
    counts = {r[2]: r[3] for r in rows}
    for row in expected.rows:
        assert counts[row.label] == row.count
    assert counts["Don't know"] == expected.dont_know and counts["Missing"] == expected.missing
    assert counts["Answered"] == expected.answered and counts["Total"] == expected.total
    first = next(r for r in rows if r[2] == expected.rows[0].label)
    assert first[4] == pytest.approx(expected.rows[0].percent_of_answered, abs=0.05)


def test_no_cell_holds_a_formula(partnership):
    sheet = partnership[SHEET]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_each_select_question_has_a_bar_chart_over_its_own_cells(partnership, demo_store):
    sheet = partnership[SHEET]
    charts = sheet._charts
    family = _family(demo_store, NORTHUMBERLAND, "Partnership assessment")
    summary = summarise(demo_store, SummaryFilter(family_id=family))
    assert len(charts) == len(summary.questions) + 1  # and the profile
    first = charts[0]
    assert first.type == "bar" and first.title is not None
    assert first.x_axis.title is not None and first.y_axis.title is not None
    reference = first.series[0].val.numRef.f
    assert reference.startswith("'Summary'!$D$") or reference.startswith("Summary!$D$")
    start = int(re.search(r"\$D\$(\d+):", reference).group(1))
    anchor_row = first.anchor._from.row + 1
    assert anchor_row == start  # the chart sits beside its rows
    assert sheet.cell(start, 3).value == "NHS"


def test_blocks_leave_room_for_their_charts(partnership):
    anchors = [chart.anchor._from.row for chart in partnership[SHEET]._charts]
    assert all(b - a >= CHART_ROWS for a, b in zip(anchors, anchors[1:], strict=False))


def test_partnership_profile_block_with_spread_and_flags(partnership, demo_store):
    rows = _rows(partnership[SHEET])
    spreads = [r for r in rows if r[2] == "Spread between organisations"]
    assert len(spreads) == 6
    flagged = [r for r in spreads if r[7] and "partners disagree" in r[7]]
    assert flagged and all(r[3] >= 1.0 for r in flagged)
    assert all(r[3] < 1.0 for r in spreads if r not in flagged)
    profile_chart = partnership[SHEET]._charts[-1]
    assert len(profile_chart.series) == 4  # one per compared organisation


def test_number_questions_give_statistics_and_a_histogram(demo_store, tmp_path):
    workbook = _export(demo_store, tmp_path, studies=("Durham integrated teams",))
    rows = [r for r in _rows(workbook[SHEET]) if r[1] and r[1].startswith("About how many weeks")]
    statistics = {r[2]: r[3] for r in rows}
    assert {"n", "Mean", "Median", "Minimum", "Maximum", "SD", "Missing"} <= set(statistics)
    bins = [r for r in rows if r[2].startswith("Values ")]
    assert sum(r[3] for r in bins) == statistics["n"]


def test_filters_reach_the_summary(demo_store, tmp_path):
    rows = _rows(_export(demo_store, tmp_path, studies=(NORTHUMBERLAND,))[SHEET])
    everyone = _rows(
        _export(demo_store, tmp_path, studies=(NORTHUMBERLAND,), statuses=("draft",))[SHEET]
    )

    def sessions(found):
        return next(r[3] for r in found if r[1] == "Sessions summarised")

    assert 0 < sessions(everyone) < sessions(rows)


def test_summary_as_csv_is_a_tidy_table(demo_store, tmp_path):
    out = tmp_path / "summary.csv"
    export_sheet_csv(
        demo_store,
        out,
        SHEET,
        ExportOptions(studies=(NORTHUMBERLAND,), instruments=("Partnership assessment",)),
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [column.header for column in COLUMNS]
    assert any(row[2] == "Spread between organisations" for row in rows)
    assert all(any(row) for row in rows)  # a tidy table: no spacer rows for charts


def test_worksheet_xml_holds_no_formula_only_chart_references(partnership, tmp_path):
    out = tmp_path / "again.xlsx"
    partnership.save(out)
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<(\w+:)?f[ >/]", text), name
            if name.startswith("xl/charts/"):
                assert all(
                    ref.startswith("'Summary'!") for ref in re.findall(r"<c:f>([^<]*)<", text)
                )


def test_long_texts_get_part_columns_and_charts_still_read_the_values(demo_store, tmp_path):
    from exports import CellLimits

    workbook = _export(
        demo_store,
        tmp_path,
        studies=(NORTHUMBERLAND,),
        instruments=("Partnership assessment",),
        limits=CellLimits(max_text=40),
    )
    sheet = workbook[SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert "Item (part 2)" in headers
    value_column = headers.index("Count or value") + 1
    reference = sheet._charts[0].series[0].val.numRef.f
    assert f"${get_column_letter(value_column)}$" in reference
