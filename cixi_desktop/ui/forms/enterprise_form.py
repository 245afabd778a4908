"""The enterprise fields, checked as you type: used by the inline "新建企业" dialog of the
project form and by the enterprise registry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.fields import ENTERPRISE_FIELDS
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import INVALID_CSS, FieldSet, grid_section, label_width
from cixi_desktop.ui.forms.field_widgets import (
    FlagField,
    LongTextField,
    RefField,
    TextField,
)
from cixi_desktop.ui.forms.form_checks import Errors, check_enterprise

FORMER_NAMES = "former_names"
_SEPARATORS = ("、", "，", ",", ";", "；")


def split_names(text: str) -> list[str]:
    for sep in _SEPARATORS[1:]:
        text = text.replace(sep, _SEPARATORS[0])
    return [part.strip() for part in text.split(_SEPARATORS[0]) if part.strip()]


class EnterpriseForm(QWidget):
    """``validity_changed(bool)`` after each check; ``changed`` after each edit."""

    validity_changed = Signal(bool)
    changed = Signal()

    def __init__(
        self, db: Database, parent: QWidget | None = None, with_former_names: bool = True
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.fields = FieldSet(self)
        self.errors: Errors = {}
        self.show_all = False
        self.with_former_names = with_former_names
        self._refs = {
            "town_code": lookups.towns(db),
            "cluster_code": lookups.clusters(db),
            "division_code": lookups.divisions(db),
        }
        f = self.fields
        f.add("name", labels.field("企业名称"), TextField(self))
        if with_former_names:
            f.add(
                FORMER_NAMES,
                self.tr("曾用名"),
                TextField(self, self.tr("多个曾用名用顿号（、）分开")),
            )
        f.add("uscc", labels.field("统一社会信用代码"), TextField(self, self.tr("18 位")))
        f.add("town_code", labels.field("所属镇街"), RefField(self._refs["town_code"], self))
        f.add("cluster_code", labels.field("产业集群"), RefField(self._refs["cluster_code"], self))
        division = RefField(self._refs["division_code"], self, optional=True)
        f.add("division_code", labels.field("国民经济行业（大类）"), division)
        f.add("above_scale", labels.field("是否规上"), FlagField(self.tr("规模以上工业企业"), self))
        f.add("above_scale_year", labels.field("列入规上年份"), TextField(self, self.tr("如 2016")))
        f.add("contact", labels.field("联系人"), TextField(self))
        f.add("phone", labels.field("联系电话"), TextField(self))
        f.add("address", labels.field("地址"), TextField(self))
        f.add("notes", labels.field("备注"), LongTextField(self, lines=2))
        rows: list[Sequence[str]] = [["name"]]
        if with_former_names:
            rows.append([FORMER_NAMES])
        # The code on a line of its own: its messages are long and must not be cut.
        rows += [
            ["uscc"],
            ["town_code", "cluster_code"],
            ["division_code"],
            ["above_scale", "above_scale_year"],
            ["contact", "phone"],
            ["address"],
            ["notes"],
        ]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        width = label_width((r.label.text() for r in f.rows.values()), self)
        layout.addWidget(grid_section(f, self.tr("企业信息"), rows, self, width))
        layout.addStretch(1)
        self.setStyleSheet(INVALID_CSS)
        f.changed.connect(self._on_change)
        f.mark_clean()  # an empty form has nothing unsaved
        self.check()

    def _on_change(self) -> None:
        self.changed.emit()
        self.check()

    def _checked(self) -> tuple[dict[str, object], Errors]:
        raw = self.fields.raw()
        raw.pop(FORMER_NAMES, None)
        refs = {name: {item.code for item in items} for name, items in self._refs.items()}
        return check_enterprise(raw, refs)

    def check(self) -> bool:
        _values, self.errors = self._checked()
        self.fields.show_errors(self.errors, None if self.show_all else self.fields.touched)
        valid = not self.errors
        self.validity_changed.emit(valid)
        return valid

    def reveal_errors(self) -> None:
        """Show every message, also for fields not yet visited (on a refused save)."""
        self.show_all = True
        self.check()
        for name in self.fields.rows:
            if name in self.errors:
                self.fields.rows[name].input.focus_widget().setFocus()
                break

    def values(self) -> dict[str, object]:
        raw = self.fields.raw()
        raw.pop(FORMER_NAMES, None)
        return {k: v for k, v in raw.items() if k in ENTERPRISE_FIELDS}

    def typed_values(self) -> dict[str, object]:
        """The clean values as the service stores them (codes as the tables have them)."""
        cleaned, _errors = self._checked()
        values = {name: cleaned.get(name) for name in ENTERPRISE_FIELDS}
        if self.with_former_names:
            values[FORMER_NAMES] = tuple(split_names(str(self.fields.raw()[FORMER_NAMES])))
        return values

    def former_names(self) -> list[str] | None:
        if not self.with_former_names:
            return None
        return split_names(str(self.fields.raw()[FORMER_NAMES]))

    def load(self, values: Mapping[str, object]) -> None:
        """Show a record (``former_names`` as a sequence) or, empty, a new one."""
        shown = {name: values.get(name) for name in ENTERPRISE_FIELDS}
        if self.with_former_names:
            shown[FORMER_NAMES] = "、".join(values.get(FORMER_NAMES) or ())  # type: ignore[call-overload]
        self.fields.load(shown)
        self.fields.touched.clear()
        self.show_all = bool(values)
        self.check()

    def show_service_errors(self, error: ValidationError) -> list[str]:
        """Put the service's messages next to their fields; returns those with no field."""
        found: Errors = {}
        loose = []
        for item in error.errors:
            if item.field in self.fields.rows:
                found.setdefault(item.field, []).append(item.message)
            else:
                loose.append(str(item))
        merged = {k: [*self.errors.get(k, []), *v] for k, v in found.items()}
        self.fields.show_errors({**self.errors, **merged}, None)
        return loose

    def set_read_only(self, read_only: bool) -> None:
        self.fields.set_read_only(read_only)
