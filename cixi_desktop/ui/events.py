"""The window's announcement bus: services change data, views refresh from this.

After a successful service call the caller emits ``changed(entity, ids)``;
every view that shows that entity refreshes what it holds. Views never poll.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    """``entity`` is a table name ("project", "enterprise", "service_provider",
    "annual_plan", "reference", "*"); ``ids`` a list of UUIDs (empty = all)."""

    changed = Signal(str, list)

    def announce(self, entity: str, ids: list[object] | None = None) -> None:
        self.changed.emit(entity, list(ids or []))


_events: DataEvents | None = None


def events() -> DataEvents:
    """The application's single bus (created on first use, in the GUI thread)."""
    global _events
    if _events is None:
        _events = DataEvents()
    return _events
