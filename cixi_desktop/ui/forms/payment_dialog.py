"""Recording a subsidy payment (补助拨付): date, amount, document number."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import ValidationError, ValueProblem
from cixi_desktop.domain.money import check_wan_places, format_wan, parse_amount
from cixi_desktop.ui.forms.field_set import (
    INVALID_CSS,
    FieldSet,
    grid_section,
    grow_to_fit,
    label_width,
)
from cixi_desktop.ui.forms.field_widgets import AmountField, DateField, TextField


class PaymentDialog(QDialog):
    def __init__(
        self, approved: Decimal, paid: Decimal, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记补助拨付"))
        self.fields = FieldSet(self)
        f = self.fields
        f.add("paid_on", self.tr("拨付日期"), DateField(self))
        f.add("amount", self.tr("拨付金额（万元）"), AmountField(self))
        f.add("document_no", self.tr("拨付文号"), TextField(self))
        f.add("note", self.tr("说明"), TextField(self))
        room = approved - paid
        f.load({"paid_on": today, "amount": room if room > 0 else None})
        info = QLabel(
            self.tr("核定补助 %1 万元，已拨付 %2 万元。")
            .replace("%1", format_wan(approved))
            .replace("%2", format_wan(paid)),
            self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        width = label_width((r.label.text() for r in f.rows.values()), self)
        rows = [["paid_on"], ["amount"], ["document_no"], ["note"]]
        layout.addWidget(grid_section(f, self.tr("本次拨付"), rows, self, width))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setStyleSheet(INVALID_CSS)
        self.resize(460, self.sizeHint().height())

    def values(self) -> tuple[date | None, Decimal | None, dict[str, list[str]]]:
        raw = self.fields.raw()
        errors: dict[str, list[str]] = {}
        paid_on = amount = None
        try:
            paid_on = parse_date(raw["paid_on"])
            if paid_on is None:
                errors["paid_on"] = [self.tr("必须填写")]
        except ValueProblem as exc:
            errors["paid_on"] = [str(exc)]
        try:
            amount = parse_amount(raw["amount"])
            if amount is None or amount <= 0:
                errors["amount"] = [self.tr("应大于 0")]
            else:
                check_wan_places(amount)
        except ValueProblem as exc:
            errors["amount"] = [str(exc)]
        return paid_on, amount, errors

    def try_accept(self) -> None:
        _d, _a, errors = self.values()
        self.fields.show_errors(errors, None)
        grow_to_fit(self)
        if not errors:
            self.accept()

    def show_service_errors(self, error: ValidationError) -> None:
        self.fields.show_errors({e.field: [e.message] for e in error.errors}, None)

    def document_no(self) -> str:
        return str(self.fields.raw()["document_no"])

    def note(self) -> str:
        return str(self.fields.raw()["note"])
