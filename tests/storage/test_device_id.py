"""The device id belongs to the installation, not to the database file."""

from __future__ import annotations

import shutil

from storage import open_store
from storage.device import current_device, set_device_label


def test_two_installations_writing_copies_of_one_file_stamp_different_ids(tmp_path, monkeypatch):
    original = tmp_path / "field.db"
    with open_store(original, create=True) as store:
        store.repos.studies.add("Shared study")
    copy = tmp_path / "copy.db"
    shutil.copyfile(original, copy)

    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "laptop-1")
    with open_store(original) as store:
        first = store.repos.studies.add("From laptop 1")
        stamp_one = store.repos.studies.get(first)["device_id"]
    monkeypatch.setenv("FIELDNOTES_DEVICE_ID", "laptop-2")
    with open_store(copy) as store:
        second = store.repos.studies.add("From laptop 2")
        stamp_two = store.repos.studies.get(second)["device_id"]
    assert (stamp_one, stamp_two) == ("laptop-1", "laptop-2")


def test_device_id_is_created_once_and_kept_in_the_config_folder(isolated_user_folders):
    first = current_device()
    second = current_device()
    assert first.device_id == second.device_id
    assert (isolated_user_folders / "config" / "fieldnotes" / "device.json").is_file()


def test_copied_database_does_not_carry_the_writer_id(tmp_path, isolated_user_folders):
    """A file made on one installation and opened on another gets the new one's stamps."""
    path = tmp_path / "f.db"
    with open_store(path, create=True) as store:
        mine = store.device.device_id
    (isolated_user_folders / "config" / "fieldnotes" / "device.json").unlink()
    with open_store(path) as store:
        assert store.device.device_id != mine


def test_device_label_can_be_set(isolated_user_folders):
    device = set_device_label("Laptop 3 - Durham team")
    assert device.label == "Laptop 3 - Durham team"
    assert current_device().label == "Laptop 3 - Durham team"
