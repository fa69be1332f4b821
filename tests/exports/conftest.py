"""Fixtures of the export and import tests (the data itself is in tests/exports_support.py)."""

from __future__ import annotations

import pytest

from exports_support import Frame, add_sessions, build_frame


@pytest.fixture
def survey(store) -> Frame:
    """The store with the full fixture (frame and sessions)."""
    return add_sessions(store, build_frame(store))


@pytest.fixture
def empty_twin(tmp_path):
    """A second database with the same frame and no sessions, and its Frame."""
    from storage import open_store

    opened = open_store(tmp_path / "twin.db", create=True)
    frame = build_frame(opened)
    yield opened, frame
    opened.close()
