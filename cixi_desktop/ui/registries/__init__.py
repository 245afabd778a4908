"""The 登记 menu's windows: enterprises, service providers, annual plans, reference data.

Each opens non-modal; asking again for one already open brings it to the front.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from cixi_desktop.store.database import Database
from cixi_desktop.ui.registries.annual_plan_window import AnnualPlanWindow
from cixi_desktop.ui.registries.enterprises_window import EnterprisesWindow
from cixi_desktop.ui.registries.providers_window import ProvidersWindow
from cixi_desktop.ui.registries.reference_window import ReferenceWindow

_open: dict[tuple[str, int], QWidget] = {}


def _show(name: str, make: type[QWidget], db: Database, *args: object) -> QWidget:
    key = (name, id(db))
    window = _open.get(key)
    if window is not None:
        try:
            window.show()
            window.raise_()
            window.activateWindow()
            return window
        except RuntimeError:  # closed since (the Qt object is gone)
            _open.pop(key, None)
    window = make(db, *args)
    window.destroyed.connect(lambda *_a, k=key: _open.pop(k, None))
    _open[key] = window
    window.show()
    return window


def open_enterprises(
    db: Database, undo_stack: QUndoStack, parent: QWidget | None = None
) -> EnterprisesWindow:
    return _show("enterprises", EnterprisesWindow, db, undo_stack, parent)  # type: ignore[return-value]


def open_providers(
    db: Database, undo_stack: QUndoStack, parent: QWidget | None = None
) -> ProvidersWindow:
    return _show("providers", ProvidersWindow, db, undo_stack, parent)  # type: ignore[return-value]


def open_annual_plans(db: Database, parent: QWidget | None = None) -> AnnualPlanWindow:
    return _show("plans", AnnualPlanWindow, db, parent)  # type: ignore[return-value]


def open_reference_data(db: Database, parent: QWidget | None = None) -> ReferenceWindow:
    return _show("reference", ReferenceWindow, db, parent)  # type: ignore[return-value]
