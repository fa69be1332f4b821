"""How each navigator section's screen is built, imported only when first shown.

Charts, coding and the transfer dialogs pull in a good deal of code; the window imports none
of it at start-up (the start-up benchmark measures to the first paint). Each factory builds
its screen with the screen's own tracker and connects the requests it makes (open a session,
a note, a profile) to the window's host.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from gui.navigator import OVERVIEW, SECTIONS
from gui.write_tracker import WriteTracker
from storage.changes import Changes
from storage.store import Store


class ScreenHost(Protocol):
    """What screens may ask of the window."""

    def open_session(self, session_id: str) -> None: ...

    def open_note(self, session_id: str, note_id: str) -> None: ...

    def open_answer(self, session_id: str, answer_id: str) -> None: ...

    def open_profile(self, instrument_id: str) -> None: ...

    def announce(self, changes: Changes) -> None: ...


@dataclass(frozen=True)
class ScreenContext:
    """What a factory gets: the database, the screen's tracker, the window's host."""

    store: Store
    tracker: WriteTracker
    host: ScreenHost
    start_actions: Sequence[QAction] = ()  # the overview's buttons (menu actions)


Factory = Callable[[ScreenContext], QWidget]


def transfer_available() -> bool:
    """Whether the export, import and field-pack screens are installed (gui.transfer)."""
    spec = find_spec("gui.transfer")
    return spec is not None and spec.origin is not None  # a folder without __init__: not yet


def available_sections() -> tuple[str, ...]:
    """The sections the navigator offers; Conflicts needs the transfer screens."""
    return tuple(s for s in SECTIONS if s != "conflicts" or transfer_available())


def _overview(ctx: ScreenContext) -> QWidget:
    from gui.study_overview import StudyOverviewScreen

    return StudyOverviewScreen(ctx.store, ctx.tracker, ctx.start_actions)


def _sites(ctx: ScreenContext) -> QWidget:
    from gui.sites_screen import SitesScreen

    return SitesScreen(ctx.store, ctx.tracker)


def _participants(ctx: ScreenContext) -> QWidget:
    from gui.participants_screen import ParticipantsScreen

    return ParticipantsScreen(ctx.store, ctx.tracker)


def _instruments(ctx: ScreenContext) -> QWidget:
    from gui.instruments_screen import InstrumentsScreen

    return InstrumentsScreen(ctx.store, ctx.tracker)


def _sessions(ctx: ScreenContext) -> QWidget:
    from gui.sessions import SessionsScreen

    screen = SessionsScreen(ctx.store)
    screen.open_session.connect(ctx.host.open_session)
    screen.changed.connect(ctx.host.announce)
    ctx.tracker.changed.connect(screen.on_changed)
    return screen


def _summaries(ctx: ScreenContext) -> QWidget:
    from gui.summaries import SummaryScreen

    screen = SummaryScreen(ctx.store, tracker=ctx.tracker)
    screen.profile_requested.connect(ctx.host.open_profile)
    return screen


def _progress(ctx: ScreenContext) -> QWidget:
    from gui.progress import ProgressScreen

    return ProgressScreen(ctx.store, tracker=ctx.tracker)


def _codebook(ctx: ScreenContext) -> QWidget:
    from gui.coding import CodebookScreen

    return CodebookScreen(ctx.store, tracker=ctx.tracker)


def _search(ctx: ScreenContext) -> QWidget:
    from gui.search import SearchScreen

    screen = SearchScreen(ctx.store, tracker=ctx.tracker)
    screen.open_note.connect(ctx.host.open_note)
    screen.open_answer.connect(ctx.host.open_answer)
    return screen


def _connections(ctx: ScreenContext) -> QWidget:
    from gui.connections import ConnectionsScreen

    screen = ConnectionsScreen(ctx.store, tracker=ctx.tracker)
    screen.open_note.connect(ctx.host.open_note)
    screen.open_answer.connect(ctx.host.open_answer)
    return screen


def _conflicts(ctx: ScreenContext) -> QWidget:
    from gui.transfer import ConflictsScreen

    return ConflictsScreen(ctx.store, ctx.tracker)


FACTORIES: dict[str, Factory] = {
    OVERVIEW: _overview,
    "sites": _sites,
    "participants": _participants,
    "instruments": _instruments,
    "sessions": _sessions,
    "summaries": _summaries,
    "progress": _progress,
    "codebook": _codebook,
    "search": _search,
    "connections": _connections,
    "conflicts": _conflicts,
}


def build_screen(section: str, ctx: ScreenContext) -> QWidget:
    """The screen of a section, new, wired to the host."""
    return FACTORIES[section](ctx)
