"""Opening damaged, foreign or newer files: clear words, the backups, and restoring one."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui.opening import (
    OpenProblemDialog,
    backup_label,
    describe_open_problem,
    open_database_interactively,
)
from storage import open_store
from storage.errors import (
    DamagedDatabaseError,
    DatabaseInUseError,
    ForeignFileError,
    NewerSchemaError,
    NoDatabaseError,
)


@pytest.fixture
def damaged(db_path):
    """A database with one study and a backup, then overwritten with garbage."""
    with open_store(db_path, create=True) as store:
        store.repos.studies.add("Durham access programme")
        backup = store.backup("open")
    db_path.write_bytes(b"this is not a database any more " * 200)
    return db_path, backup


def _problem(path):
    with pytest.raises(Exception) as caught:
        open_store(path)
    return caught.value, describe_open_problem(caught.value, path)


def test_damaged_file_message_lists_the_backup(damaged):
    path, backup = damaged
    error, problem = _problem(path)
    assert isinstance(error, DamagedDatabaseError)
    assert problem.title == "The database is damaged"
    assert "damaged" in problem.message and "not changed the file" in problem.message
    assert "Restore selected backup" in problem.message
    assert problem.backups == (backup,)
    assert "Traceback" not in problem.message


def test_dialog_lists_backups_and_restore_reopens_the_data(damaged, qtbot):
    path, backup = damaged
    _, problem = _problem(path)
    dialog = OpenProblemDialog(problem, path)
    qtbot.addWidget(dialog)
    assert dialog.backup_paths() == [backup]
    assert backup.name in dialog.backups.item(0).text()
    assert dialog.restore_button.isVisibleTo(dialog)
    assert dialog.restore_selected() is True
    assert dialog.restored_from == backup
    with open_store(path) as store:
        assert [s["name"] for s in store.repos.studies.list()] == ["Durham access programme"]
    kept_aside = [p for p in path.parent.iterdir() if ".replaced-" in p.name]
    assert kept_aside, "the damaged file is kept, not deleted"


def test_open_interactively_restores_through_the_real_modal_dialog(damaged, qtbot):
    path, _ = damaged
    seen: list[str] = []

    def press_restore() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OpenProblemDialog):
            QTimer.singleShot(20, press_restore)
            return
        seen.append(dialog.windowTitle())
        dialog.restore_button.click()

    QTimer.singleShot(0, press_restore)
    store = open_database_interactively(path)
    assert seen == ["The database is damaged"]
    assert store is not None
    assert [s["name"] for s in store.repos.studies.list()] == ["Durham access programme"]
    store.close()


def test_giving_up_returns_none_and_leaves_the_file_alone(damaged):
    path, _ = damaged
    before = path.read_bytes()
    asked = []
    result = open_database_interactively(path, ask=lambda *a: asked.append(a[0]) or False)
    assert result is None
    assert len(asked) == 1
    assert path.read_bytes() == before


def test_a_damaged_backup_is_refused_in_the_dialog(damaged, qtbot):
    path, backup = damaged
    backup.write_bytes(b"also garbage " * 500)
    _, problem = _problem(path)
    dialog = OpenProblemDialog(problem, path)
    qtbot.addWidget(dialog)
    assert dialog.restore_selected() is False
    assert dialog.message.isVisibleTo(dialog)
    assert "nothing was changed" in dialog.message.text()


def test_foreign_sqlite_file(tmp_path, qtbot):
    path = tmp_path / "address-book.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    error, problem = _problem(path)
    assert isinstance(error, ForeignFileError)
    assert problem.title == "Not a Fieldnotes database"
    dialog = OpenProblemDialog(problem, path)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isVisibleTo(dialog)


def test_newer_schema(db_path):
    open_store(db_path, create=True).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    error, problem = _problem(db_path)
    assert isinstance(error, NewerSchemaError)
    assert "newer version of Fieldnotes" in problem.message


@pytest.mark.parametrize(
    ("error", "title"),
    [
        (NoDatabaseError, "No database there"),
        (DatabaseInUseError, "The database is busy"),
        (PermissionError, "The file could not be read"),
    ],
)
def test_other_refusals_have_titles(tmp_path, error, title):
    path = tmp_path / "x.db"
    instance = error(path) if error is NoDatabaseError else error(13, "Permission denied")
    if error is DatabaseInUseError:
        instance = DatabaseInUseError(f"{path} is busy.")
    assert describe_open_problem(instance, path).title == title


def test_backup_label_reads_the_time_and_reason(tmp_path):
    label = backup_label(tmp_path / "20260314T101500123Z-open.db")
    assert "2026" in label and "Mar" in label
    assert "opened" in label
    assert backup_label(tmp_path / "odd.db") == "odd.db"
