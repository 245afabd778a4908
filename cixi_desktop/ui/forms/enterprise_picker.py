"""Choosing a project's enterprise: type part of its name, a former name or a piece of
its credit code; the database is searched as you type (a few rows at a time, never
the whole register, on a worker thread: a province-sized register takes half a second
to search by a two-character word, and typing must never stall), and "新建企业" adds
one without leaving the form."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QPushButton, QWidget

from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.store.lookups import EnterpriseHit
from cixi_desktop.ui.forms.field_widgets import repolish
from cixi_desktop.ui.ledger.worker import Dropped, JobContext, Lane

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_LIMIT = 15
SEARCH_DELAY_MS = 150


class EnterprisePicker(QWidget):
    """``edited`` when the choice changes; ``create_requested(text)`` for "新建企业"."""

    edited = Signal()
    create_requested = Signal(str)
    searched = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.chosen: EnterpriseHit | None = None
        self._hits: list[EnterpriseHit] = []
        self._lane: Lane | None = None
        self._asked = ""  # the text of the newest search sent to the worker
        self._settle_when_found = False
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("输入企业名称、曾用名或统一社会信用代码"))
        self.new_button = QPushButton(self.tr("新建企业…"), self)
        self.new_button.setToolTip(self.tr("登记一家新企业并选中它"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.new_button)
        self.setFocusProxy(self.line)

        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.line)
        self.completer.setMaxVisibleItems(SEARCH_LIMIT)
        self.completer.activated[QModelIndex].connect(self._activated)
        # One query when typing pauses, not one per key.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self._search(self.line.text()))
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._settle)
        self.new_button.clicked.connect(lambda: self.create_requested.emit(self.line.text()))

    def hideEvent(self, event: QHideEvent) -> None:
        # A closed form must not search later: its database may be gone by then.
        self._timer.stop()
        if self._lane is not None:
            self._lane.close()  # waits for a running search
            self._lane = None
        super().hideEvent(event)

    # --- searching ------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if self.chosen is not None and text != self.chosen.name:
            self.chosen = None
            self.edited.emit()
        self._timer.start()

    def _search(self, text: str) -> None:
        """Ask the worker; the newest question wins (older answers are dropped)."""
        self._timer.stop()
        self._asked = text
        if self._lane is None:
            self._lane = Lane("enterprise-search", self)
        db = self.db

        def find(_: JobContext) -> tuple[str, list[EnterpriseHit]]:
            return text, lookups.search_enterprises(db, text, SEARCH_LIMIT)

        self._lane.submit("search", find, on_done=self._found, on_error=self._failed)

    def searching(self) -> bool:
        return self._timer.isActive() or (self._lane is not None and not self._lane.is_idle())

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, Dropped):
            raise exc  # a real failure reaches the crash dialog like any other

    def _found(self, answer: tuple[str, list[EnterpriseHit]]) -> None:
        text, hits = answer
        if text != self._asked:
            return  # typing went on: a newer search is on its way
        self._hits = hits
        self.model.clear()
        for hit in self._hits:
            item = QStandardItem(self._describe(hit))
            item.setData(hit, HIT_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        if self._hits and self.line.hasFocus():
            self.completer.complete()
        else:
            self.completer.popup().hide()
        if self._settle_when_found:
            self._settle_when_found = False
            self._choose_exact()
        self.searched.emit()

    def _describe(self, hit: EnterpriseHit) -> str:
        if hit.matched_by == "former_name":
            extra = self.tr("曾用名：%1").replace("%1", hit.matched)
        else:
            extra = hit.uscc or self.tr("无信用代码")
        return f"{hit.name}　{hit.town} · {extra}"

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, EnterpriseHit):
            self.choose(hit)

    def _settle(self) -> None:
        """Leaving the field with the exact name or code of one enterprise chooses it."""
        if self.chosen is not None:
            return
        if self._timer.isActive():
            self._search(self.line.text())
        if self.searching():
            self._settle_when_found = True  # decided when the answer arrives
            return
        self._choose_exact()

    def _choose_exact(self) -> None:
        if self.chosen is not None:
            return
        text = self.line.text().strip()
        exact = [h for h in self._hits if text and text in (h.name, h.uscc)]
        if len(exact) == 1:
            self.choose(exact[0])

    # --- the choice -----------------------------------------------------------------

    def choose(self, hit: EnterpriseHit | None) -> None:
        self.completer.popup().hide()
        changed = (hit.id if hit else None) != (self.chosen.id if self.chosen else None)
        self.chosen = hit
        self._settle_when_found = False
        self.line.setText(hit.name if hit else "")
        self.line.setCursorPosition(0)
        if changed:
            self.edited.emit()

    def enterprise_id(self) -> uuid.UUID | None:
        return self.chosen.id if self.chosen else None

    # FieldSet protocol: the choice is the value; text without a choice is just text.
    def raw(self) -> object:
        return str(self.chosen.id) if self.chosen else self.line.text().strip()

    def set_value(self, value: object) -> None:
        self.choose(value if isinstance(value, EnterpriseHit) else None)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        repolish(self.line)
        self.new_button.setVisible(not read_only)

    def focus_widget(self) -> QWidget:
        return self.line
