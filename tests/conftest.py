"""Shared test set-up: Qt offscreen before any Qt import, isolated user folders, fixtures."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from tests_support import CORPUS  # noqa: E402

# 2-core machines: Hypothesis's 200 ms deadline fails spuriously (DESIGN.md section 7).
settings.register_profile("ci", deadline=None, max_examples=60)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's config or data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("FIELDNOTES_DEVICE_ID", raising=False)
    monkeypatch.delenv("FIELDNOTES_DEVICE_LABEL", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "fieldnotes.db"


@pytest.fixture
def store(db_path):
    from storage import open_store

    opened = open_store(db_path, create=True)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(db_path):
    from storage import open_store
    from storage.demo import build_demo

    opened = open_store(db_path, create=True)
    build_demo(opened)
    yield opened
    opened.close()


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"the shared XLSForm corpus is not here ({CORPUS}); it lives in ../shared")
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def pyside_bool_guard():
    """PySide6 6.12.0 drops a reference to True per signal emit; a long suite would abort."""
    try:
        from gui.pyside_guard import guard_bool_refcounts
    except ImportError:
        return
    guard_bool_refcounts()
