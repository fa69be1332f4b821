"""Hostile XLSForms: random and damaged bytes of real corpus forms never crash the import.

`read_form` must answer a damaged file with a FormError (a sentence naming the fault), and
`fieldnotes import-form` must refuse it in one line and leave the database as it was.

Exceptions of the third-party readers (zlib.error, ElementTree and lxml parse errors,
ValueError, IndexError, EOFError from zipfile and openpyxl) are caught where the project
hands them the file and become a one-line FormError; nothing else may escape.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_mutations import damaged_bytes, examples, mutated_workbook
from reliability_verify import database_dump

from instruments.errors import FormError
from instruments.form_reader import read_form
from tests_support import CORPUS

FILES = sorted(CORPUS.glob("*.xlsx")) if CORPUS.is_dir() else []
SMALL = [path for path in FILES if path.stat().st_size < 40_000] or FILES
needs_corpus = pytest.mark.skipif(not FILES, reason=f"the XLSForm corpus is not at {CORPUS}")
HOSTILE = settings(
    max_examples=examples(25),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _corpus(strategy) -> st.SearchStrategy[bytes]:
    return st.sampled_from(SMALL).flatmap(lambda path: strategy(path.read_bytes()))


def read_or_refuse(path: Path) -> None:
    """read_form answers with an instrument or a FormError; anything else is a failure."""
    try:
        read_form(path)
    except FormError as error:
        assert str(error).strip()
        assert "\n" not in str(error)


@needs_corpus
@HOSTILE
@given(data=_corpus(damaged_bytes))
def test_damaged_bytes_are_refused_with_a_form_error(data, tmp_path):
    target = tmp_path / "damaged.xlsx"
    target.write_bytes(data)
    read_or_refuse(target)


@needs_corpus
@HOSTILE
@given(data=_corpus(mutated_workbook))
def test_damaged_sheets_inside_a_valid_zip_are_refused_with_a_form_error(data, tmp_path):
    target = tmp_path / "mutated.xlsx"
    target.write_bytes(data)
    read_or_refuse(target)


@HOSTILE
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ""]))
def test_random_bytes_under_any_name_are_refused(data, suffix, tmp_path):
    target = tmp_path / f"random{suffix}"
    target.write_bytes(data)
    read_or_refuse(target)


def _rezip(original: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
            for info in source.infolist():
                body = source.read(info.filename)
                rebuilt.writestr(info.filename, change(body) if info.filename == member else body)
    return out.getvalue()


def _corrupt_deflate(original: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        biggest = max(archive.infolist(), key=lambda info: info.compress_size)
    start = biggest.header_offset + 30 + len(biggest.filename.encode()) + len(biggest.extra)
    data = bytearray(original)
    for offset in range(start + 5, start + 15):
        data[offset] ^= 0xFF
    return bytes(data)


DAMAGED_WORKBOOKS = {
    "sheet-xml-cut-in-half": lambda b: _rezip(
        b, "xl/worksheets/sheet1.xml", lambda x: x[: len(x) // 2]
    ),
    "workbook-xml-cut-in-half": lambda b: _rezip(b, "xl/workbook.xml", lambda x: x[: len(x) // 2]),
    "control-character-in-shared-strings": lambda b: _rezip(
        b, "xl/sharedStrings.xml", lambda x: x.replace(b"<t", b"<t\x01", 1)
    ),
    "corrupt-deflate-stream": _corrupt_deflate,
}


@needs_corpus
@pytest.mark.parametrize("damage", list(DAMAGED_WORKBOOKS))
def test_known_damaged_workbooks_are_refused_with_a_form_error(damage, tmp_path):
    target = tmp_path / "damaged.xlsx"
    target.write_bytes(DAMAGED_WORKBOOKS[damage]((CORPUS / "age_decimal.xlsx").read_bytes()))
    with pytest.raises(FormError):
        read_form(target)


@pytest.fixture
def world_db(tmp_path):
    from reliability_world import build_world

    return Path(build_world(tmp_path / "fieldnotes.db").db)


@needs_corpus
@settings(
    max_examples=examples(12),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_corpus(damaged_bytes) | _corpus(mutated_workbook))
def test_import_form_refuses_in_one_line_and_leaves_the_database_alone(data, world_db):
    import main

    form = world_db.parent / "hostile.xlsx"
    form.write_bytes(data)
    before = database_dump(world_db)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main.main(["import-form", str(form), "--db", str(world_db), "--study", "New"])
    if status == 0:  # the damage left a form that still reads: imported, database sound
        assert main.main(["check", "--db", str(world_db)]) == 0
        return
    said = err.getvalue()
    assert said.startswith("fieldnotes import-form: ") and "Traceback" not in said
    assert database_dump(world_db) == before, "a refused import must change nothing"
    assert status == 1 and len(said.strip().splitlines()) == 1


@needs_corpus
@pytest.mark.parametrize("damage", list(DAMAGED_WORKBOOKS))
def test_import_form_refuses_a_known_damaged_workbook_in_one_line(damage, world_db):
    import main

    form = world_db.parent / "damaged.xlsx"
    form.write_bytes(DAMAGED_WORKBOOKS[damage]((CORPUS / "age_decimal.xlsx").read_bytes()))
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main.main(["import-form", str(form), "--db", str(world_db)])
    assert status == 1
    assert err.getvalue().startswith("fieldnotes import-form: damaged.xlsx was not imported: ")
    assert len(err.getvalue().strip().splitlines()) == 1
