"""The crash checks can fail: a lost write, half an operation or a damaged file is caught.

Without these, a verifier that checked nothing would make every kill look survived.
"""

from __future__ import annotations

import pytest
from reliability_verify import Journal, interrupted_operation, verify_database
from reliability_world import GROUP_SIZE, build_world


@pytest.fixture
def world(tmp_path):
    return build_world(tmp_path / "laptop.db")


def _group(store, session: str, marker: str) -> dict:
    values = {f"grp/{marker}/{k}": (marker, True) for k in range(GROUP_SIZE)}
    store.repos.sessions.commit_answers(session, values)
    return {
        "ev": "done",
        "op": "group",
        "marker": marker,
        "session": session,
        "paths": list(values),
    }


def test_a_sound_database_passes(world):
    from storage import open_store

    with open_store(world.db) as store:
        session = store.repos.sessions.start(world.study, world.form)
        store.repos.sessions.save_answer(session, "remark", "s3 ok")
        events = [
            {"ev": "done", "op": "session", "id": session},
            {"ev": "done", "op": "answer", "session": session, "path": "remark", "seq": 3},
            _group(store, session, "G0.1"),
        ]
    journal = Journal()
    journal.add(events)
    assert verify_database(world.db, journal) == 3


def test_a_reported_note_that_is_missing_is_caught(world):
    journal = Journal()
    journal.add([{"ev": "done", "op": "note", "id": "no-such-note", "marker": "N0.1"}])
    with pytest.raises(AssertionError, match="lost note"):
        verify_database(world.db, journal)


def test_an_answer_older_than_reported_is_caught(world):
    from storage import open_store

    with open_store(world.db) as store:
        session = store.repos.sessions.start(world.study, world.form)
        store.repos.sessions.save_answer(session, "remark", "s2 old")
    journal = Journal()
    journal.add([{"ev": "done", "op": "answer", "session": session, "path": "remark", "seq": 5}])
    with pytest.raises(AssertionError, match="went back"):
        verify_database(world.db, journal)


def test_half_a_group_is_caught(world):
    from storage import open_store

    with open_store(world.db) as store:
        session = store.repos.sessions.start(world.study, world.form)
        event = _group(store, session, "G0.2")
        store.conn.execute("DELETE FROM answers WHERE path = ?", (event["paths"][0],))
    with pytest.raises(AssertionError, match="half a group"):
        verify_database(world.db, Journal())


def test_a_damaged_file_is_caught(world):
    from pathlib import Path

    path = Path(world.db)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * (4096 * 2)
    path.write_bytes(bytes(data))
    with pytest.raises(AssertionError, match="integrity_check"):
        verify_database(path, Journal())


def test_an_operation_cut_short_is_named():
    events = [
        {"ev": "start", "op": "import", "marker": "I1.1"},
        {"ev": "done", "op": "import", "marker": "I1.1"},
        {"ev": "start", "op": "import", "marker": "I1.2"},
    ]
    assert interrupted_operation(events) == "I1.2"
    assert interrupted_operation(events[:2]) is None
