"""GUI fixtures: a main window on the demo database, and helpers to reach its screens."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot, demo_store):
    """The main window on the demo database, shown offscreen."""
    from gui.main_window import MainWindow

    main_window = MainWindow(demo_store)
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


@pytest.fixture
def durham(demo_store) -> dict:
    """The demo study the participant tests work in."""
    return demo_store.repos.studies.by_name("Durham integrated teams")


@pytest.fixture
def participants_screen(window, durham):
    """The Participants screen of the Durham demo study, selected through the navigator."""
    assert window.navigator.select(durham["id"], "participants")
    return window.current_screen()
