"""The installation's identity: a device id and a human label, kept outside any database.

The id belongs to the laptop, not to the file, so two copies of one database on two
laptops still stamp different writers; FIELDNOTES_DEVICE_ID overrides it (tests simulate
several laptops that way).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "fieldnotes"
DEVICE_ENV = "FIELDNOTES_DEVICE_ID"
LABEL_ENV = "FIELDNOTES_DEVICE_LABEL"


@dataclass(frozen=True)
class Device:
    device_id: str
    label: str


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """Where the database lives when no --db is given."""
    return data_dir() / "fieldnotes.db"


def _device_file() -> Path:
    return config_dir() / "device.json"


def _read_or_create() -> dict[str, str]:
    path = _device_file()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("device_id"):
            return {"device_id": str(stored["device_id"]), "label": str(stored.get("label", ""))}
    except (OSError, ValueError):
        pass
    record = {"device_id": str(uuid.uuid4()), "label": socket.gethostname() or "This laptop"}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
    os.replace(temporary, path)
    return record


def current_device() -> Device:
    """This installation's device, created on first use."""
    override = os.environ.get(DEVICE_ENV)
    if override:
        return Device(override, os.environ.get(LABEL_ENV) or f"Device {override[:8]}")
    record = _read_or_create()
    label = os.environ.get(LABEL_ENV) or record["label"]
    return Device(record["device_id"], label)


def set_device_label(label: str) -> Device:
    """Rename this installation (e.g. "Laptop 3 - Durham team"), shown in merge reports."""
    record = _read_or_create()
    record["label"] = label.strip() or record["label"]
    path = _device_file()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
    os.replace(temporary, path)
    return current_device()
