"""The fields of a service provider (智能制造工程服务公司), checked as you type."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import INVALID_CSS, FieldSet, grid_section, label_width
from cixi_desktop.ui.forms.field_widgets import LongTextField, RefField, TextField
from cixi_desktop.ui.forms.form_checks import Errors, check_provider

FIELDS = tuple(lookups.PROVIDER_FIELDS)


class ProviderForm(QWidget):
    validity_changed = Signal(bool)
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = FieldSet(self)
        self.errors: Errors = {}
        self.show_all = False
        self.towns = lookups.towns(db)
        f = self.fields
        names = lookups.PROVIDER_FIELDS
        f.add("name", labels.field(names["name"]), TextField(self))
        f.add("uscc", labels.field(names["uscc"]), TextField(self, self.tr("18 位，可不填")))
        f.add("town_code", labels.field(names["town_code"]), RefField(self.towns, self, True))
        f.add("specialty", labels.field(names["specialty"]), TextField(self))
        f.add("contact", labels.field(names["contact"]), TextField(self))
        f.add("phone", labels.field(names["phone"]), TextField(self))
        f.add("notes", labels.field(names["notes"]), LongTextField(self, lines=2))
        rows = [["name"], ["uscc", "town_code"], ["specialty"], ["contact", "phone"], ["notes"]]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        width = label_width((r.label.text() for r in f.rows.values()), self)
        layout.addWidget(grid_section(f, self.tr("服务商信息"), rows, self, width))
        layout.addStretch(1)
        self.setStyleSheet(INVALID_CSS)
        f.changed.connect(self._on_change)
        f.mark_clean()  # an empty form has nothing unsaved
        self.check()

    def _on_change(self) -> None:
        self.changed.emit()
        self.check()

    def _checked(self) -> tuple[dict[str, object], Errors]:
        return check_provider(self.fields.raw(), {t.code for t in self.towns})

    def check(self) -> bool:
        _values, self.errors = self._checked()
        self.fields.show_errors(self.errors, None if self.show_all else self.fields.touched)
        self.validity_changed.emit(not self.errors)
        return not self.errors

    def reveal_errors(self) -> None:
        self.show_all = True
        self.check()
        for name in self.fields.rows:
            if name in self.errors:
                self.fields.rows[name].input.focus_widget().setFocus()
                break

    def typed_values(self) -> dict[str, object]:
        cleaned, _errors = self._checked()
        return {name: cleaned.get(name, "") for name in FIELDS}

    def load(self, values: Mapping[str, object]) -> None:
        self.fields.load({name: values.get(name) for name in FIELDS})
        self.fields.touched.clear()
        self.show_all = bool(values)
        self.check()

    def show_service_errors(self, error: ValidationError) -> list[str]:
        found: Errors = {}
        loose = []
        for item in error.errors:
            if item.field in self.fields.rows:
                found.setdefault(item.field, []).append(item.message)
            else:
                loose.append(str(item))
        self.fields.show_errors({**self.errors, **found}, None)
        return loose

    def set_read_only(self, read_only: bool) -> None:
        self.fields.set_read_only(read_only)
