"""What the About box says: the version, the open database and this laptop."""

from __future__ import annotations

import html

from storage.store import APP_VERSION, Store


def about_text(store: Store) -> str:
    """Rich text naming the version, database path and device: what support asks for first."""
    return (
        f"<h3>Fieldnotes {html.escape(APP_VERSION)}</h3>"
        "<p>Offline recording of questionnaires, interviews and focus groups.</p>"
        f"<p><b>Database:</b> {html.escape(str(store.path))}<br>"
        f"<b>Database id:</b> {html.escape(store.database_id)}<br>"
        f"<b>This laptop:</b> {html.escape(store.device.label)}<br>"
        f"<b>Device id:</b> {html.escape(store.device.device_id)}</p>"
    )
