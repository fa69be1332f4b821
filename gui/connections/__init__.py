"""Connections between themes and places, people and instruments (storage.connections)."""

from gui.connections.connections_screen import ConnectionsScreen

__all__ = ["ConnectionsScreen"]
