"""Repositories: the API the GUI and exports use to read and write a Store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.records import RowWriter
from storage.repositories.instruments import InstrumentRepository
from storage.repositories.notes import NoteRepository
from storage.repositories.participants import ParticipantRepository
from storage.repositories.sessions import SessionRepository
from storage.repositories.studies import StudyRepository
from storage.repositories.targets import TargetRepository

if TYPE_CHECKING:
    from storage.store import Store


class Repositories:
    """One writer shared by every repository of a Store."""

    def __init__(self, store: Store) -> None:
        writer = RowWriter(store)
        self.writer = writer
        self.studies = StudyRepository(store, writer)
        self.participants = ParticipantRepository(store, writer)
        self.instruments = InstrumentRepository(store, writer)
        self.sessions = SessionRepository(store, writer)
        self.notes = NoteRepository(store, writer)
        self.targets = TargetRepository(store, writer)
