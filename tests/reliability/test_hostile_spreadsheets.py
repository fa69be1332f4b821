"""Hostile spreadsheets: damaged exports and random CSV never crash `import_responses` and never
change the database unless the import is accepted whole.

Outcomes allowed: a refused report or a StorageError (DataImportError) with the database as
it was, or an accepted import after which `fieldnotes check` finds nothing. Known gap (see
KNOWN_GAP): openpyxl/zipfile/XML errors of a damaged .xlsx (zlib.error, ParseError,
XMLSyntaxError, TypeError, ValueError) escape exports.tabular_read unwrapped (open_table_file
catches only some at load, none while rows are read); the fix is to wrap them there in a
DataImportError. They are counted, tolerated only when raised inside those readers, and the
database must still be unchanged; the strict xfail cases flip once they are wrapped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_mutations import (
    damaged_bytes,
    escaped_from_reader,
    examples,
    mutated_workbook,
)
from reliability_verify import database_dump

from exports_support import INJECTIONS, add_sessions, build_frame
from storage.errors import StorageError

FORM = "wellbeing"
KNOWN_GAP = "known gap: openpyxl, zipfile and XML errors escape exports.tabular_read unwrapped"
READING_BOUNDARIES = {("tabular_read.py", "*")}
HOSTILE = settings(
    max_examples=examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADERS = (
    "_id",
    "participant",
    "site",
    "status",
    "started",
    "age",
    "mood",
    "supports",
    "supports/friends",
    "comments",
    "home/rooms",
    "household",
    "nonsense column",
)
ESCAPES: list[str] = []
# openpyxl warns about parts of a damaged workbook it skips; the outcome is what is tested.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, bytes]:
    """A database with the export fixture's responses, and its own exported workbook."""
    from exports import export_workbook
    from storage import open_store

    folder = tmp_path_factory.mktemp("hostile-import")
    with pytest.MonkeyPatch.context() as patch:  # module scope: before the per-test HOME
        patch.setenv("FIELDNOTES_DEVICE_ID", "hostile-import")
        with open_store(folder / "survey.db", create=True) as store:
            add_sessions(store, build_frame(store))
            export_workbook(store, folder / "export.xlsx")
    return folder / "survey.db", (folder / "export.xlsx").read_bytes()


@pytest.fixture
def store(source, tmp_path):
    import shutil

    from storage import open_store

    copy = tmp_path / "survey.db"
    shutil.copyfile(source[0], copy)
    with open_store(copy) as opened:
        yield opened


def import_or_refuse(store, path: Path) -> str:
    """Import; hold the outcome to the all-or-nothing promise. Returns what happened."""
    from exports import import_responses
    from storage.check import check_database

    before = database_dump(store.path)
    try:
        report = import_responses(store, FORM, path, backup=False)
    except StorageError as error:
        assert str(error).strip()
        outcome = "refused with a message"
    except Exception as error:
        if not escaped_from_reader(error, READING_BOUNDARIES):
            raise
        ESCAPES.append(type(error).__name__)
        outcome = "known gap"
    else:
        if report.accepted:
            assert check_database(store) == []
            return "accepted"
        assert report.problems or report.cancelled
        outcome = "refused with a report"
    assert not store.conn.in_transaction
    assert database_dump(store.path) == before, f"{outcome}, yet the database changed"
    return outcome


@HOSTILE
@given(data=st.data())
def test_damaged_export_bytes(source, store, tmp_path, data):
    target = tmp_path / "damaged.xlsx"
    target.write_bytes(data.draw(damaged_bytes(source[1])))
    import_or_refuse(store, target)


@HOSTILE
@given(data=st.data())
def test_damaged_sheets_inside_a_valid_export(source, store, tmp_path, data):
    target = tmp_path / "mutated.xlsx"
    target.write_bytes(data.draw(mutated_workbook(source[1])))
    import_or_refuse(store, target)


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(INJECTIONS),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["2026-02-30", "31/12/2025", "P01", "P03", "North ward", "complete", "yes"]),
)


@HOSTILE
@given(
    headers=st.lists(st.sampled_from(HEADERS) | st.text(max_size=12), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_returns(store, tmp_path, headers, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    target = tmp_path / "returns.csv"
    target.write_text(buffer.getvalue(), encoding="utf-8")
    import_or_refuse(store, target)


@HOSTILE
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes(store, tmp_path, data, suffix):
    target = tmp_path / f"random{suffix}"
    target.write_bytes(data)
    import_or_refuse(store, target)


def _rezipped(original: bytes, member: str, cut: float) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            body = old.read(info.filename)
            if info.filename == member:
                body = body[: int(len(body) * cut)]
            new.writestr(info.filename, body)
    return out.getvalue()


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_a_known_damaged_workbook_is_refused_with_a_message(source, store, tmp_path, member):
    from exports import import_responses

    target = tmp_path / "damaged.xlsx"
    target.write_bytes(_rezipped(source[1], member, 0.5))
    with pytest.raises(StorageError):
        import_responses(store, FORM, target, backup=False)


def test_report_escapes_seen():
    """How many damaged files took the known gap in this run (visible with -s)."""
    print(
        f"\n[reliability] spreadsheet import: {len(ESCAPES)} escapes of the known gap: "
        f"{sorted(set(ESCAPES))}"
    )
