"""History windows: who changed what and when, and a project's status changes."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from cixi_desktop.store.database import Database
from cixi_desktop.ui.history.history_dialog import HistoryDialog


def open_history(
    db: Database, entity: str, entity_id: uuid.UUID | str, parent: QWidget | None = None
) -> QWidget:
    """Show the history of one record (non-modal) and return its window."""
    dialog = HistoryDialog(db, entity, entity_id, parent)
    if parent is None:
        # Nothing else holds a parentless window; it lives until it is closed.
        _parentless.add(dialog)
        dialog.finished.connect(lambda _r, d=dialog: _parentless.discard(d))
    dialog.show()
    return dialog


_parentless: set[QWidget] = set()
