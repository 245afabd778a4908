"""Workflow buttons: only the moves the workflow allows from the current status, each
asking for exactly what it needs (a date, a reason) plus an optional document number."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.workflow import (
    NEED_LABELS,
    TRANSITIONS,
    Need,
    Status,
    TransitionFacts,
    allowed_next,
    check_transition,
)
from cixi_desktop.store.services.projects import StatusMove
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.field_set import (
    ERROR_STYLE,
    INVALID_CSS,
    FieldSet,
    grid_section,
    grow_to_fit,
    label_width,
)
from cixi_desktop.ui.forms.field_widgets import DateField, TextField

_DATE_NEEDS = (Need.ACTUAL_START_DATE, Need.ACTUAL_COMPLETION_DATE, Need.ACCEPTANCE_DATE)
_ACCEPTANCE_TARGETS = (Status.ACCEPTED, Status.REJECTED)
# The forward path in green, the side exit in a muted red, so the eye finds the usual step.
_FORWARD_STYLE = "QPushButton { color: #14532D; }"
_EXIT_STYLE = "QPushButton { color: #8B1E1E; }"


class WorkflowBar(QWidget):
    """``move_requested(target status name)`` when a button is pressed."""

    move_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[Status, QPushButton] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_status(self, status: Status | None, enabled: bool = True) -> None:
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        if status is None:
            return
        for target in allowed_next(status):
            button = QPushButton(self.tr("转为“%1”…").replace("%1", labels.status(target)), self)
            button.setObjectName(f"move_{target.name}")
            button.setAutoDefault(False)
            button.setStyleSheet(_EXIT_STYLE if target is Status.TERMINATED else _FORWARD_STYLE)
            button.setEnabled(enabled)
            button.clicked.connect(lambda _c=False, t=target: self.move_requested.emit(str(t)))
            self._layout.addWidget(button)
            self.buttons[target] = button


class MoveDialog(QDialog):
    """Asks for what one move needs; refuses (next to the field) until it has it."""

    def __init__(
        self,
        current: Status,
        target: Status,
        known: Mapping[str, date | None],
        payments_total: Decimal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.current, self.target = Status(current), Status(target)
        self.payments_total = payments_total
        self.needs = TRANSITIONS[self.current][self.target]
        self.setWindowTitle(
            self.tr("%1 → %2")
            .replace("%1", labels.status(self.current))
            .replace("%2", labels.status(self.target))
        )
        self.fields = FieldSet(self)
        f = self.fields
        rows: list[list[str]] = []
        for need in _DATE_NEEDS:
            if need in self.needs:
                f.add(need.value, labels.field(NEED_LABELS[need]), DateField(self))
                rows.append([need.value])
        if self.target in _ACCEPTANCE_TARGETS:
            f.add("acceptance_result", labels.field("验收结论"), TextField(self))
            rows.append(["acceptance_result"])
        reason_label = (
            labels.field(NEED_LABELS[Need.REASON]) if Need.REASON in self.needs else self.tr("说明")
        )
        f.add(Need.REASON.value, reason_label, TextField(self))
        f.add("document_no", self.tr("文号"), TextField(self, self.tr("如 慈经信〔2019〕12 号")))
        rows += [[Need.REASON.value], ["document_no"]]
        f.load({k: v for k, v in known.items() if k in f.rows})

        intro = QLabel(self._intro(), self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        width = label_width((r.label.text() for r in f.rows.values()), self)
        layout.addWidget(grid_section(f, self.tr("状态变更"), rows, self, width))
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定变更"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setStyleSheet(INVALID_CSS)
        self.resize(480, self.sizeHint().height())

    def _intro(self) -> str:
        needed = [labels.field(NEED_LABELS[n]) for n in Need if n in self.needs]
        if not needed:
            return (
                self.tr("项目状态将由“%1”变为“%2”。")
                .replace("%1", labels.status(self.current))
                .replace("%2", labels.status(self.target))
            )
        return (
            self.tr("变为“%1”需要填写：%2。")
            .replace("%1", labels.status(self.target))
            .replace("%2", "、".join(needed))
        )

    def _dates(self) -> tuple[dict[str, date | None], dict[str, list[str]]]:
        raw = self.fields.raw()
        found: dict[str, date | None] = {}
        errors: dict[str, list[str]] = {}
        for need in _DATE_NEEDS:
            if need.value in raw:
                try:
                    found[need.value] = parse_date(raw[need.value])
                except ValueProblem as exc:
                    errors[need.value] = [str(exc)]
        return found, errors

    def check(self) -> dict[str, list[str]]:
        dates, errors = self._dates()
        facts = TransitionFacts(
            reason=str(self.fields.raw()[Need.REASON.value]),
            payments_total=self.payments_total,
            **dates,
        )
        for problem in check_transition(self.current, self.target, facts):
            if problem.field not in errors:
                errors.setdefault(problem.field, []).append(problem.message)
        return errors

    def try_accept(self) -> None:
        errors = self.check()
        self.fields.show_errors(errors, None)
        loose = [
            m for name, messages in errors.items() if name not in self.fields.rows for m in messages
        ]
        self.message.setText("；".join(loose))
        self.message.setVisible(bool(loose))
        grow_to_fit(self)
        if not errors:
            self.accept()
            return
        first = next((n for n in self.fields.rows if n in errors), None)
        if first is not None:
            self.fields.rows[first].input.focus_widget().setFocus()

    def move(self) -> StatusMove:
        dates, _errors = self._dates()
        raw = self.fields.raw()
        return StatusMove(
            target=self.target,
            actual_start_date=dates.get(Need.ACTUAL_START_DATE.value),
            actual_completion_date=dates.get(Need.ACTUAL_COMPLETION_DATE.value),
            acceptance_date=dates.get(Need.ACCEPTANCE_DATE.value),
            acceptance_result=str(raw.get("acceptance_result", "")),
            reason=str(raw[Need.REASON.value]),
            document_no=str(raw["document_no"]),
        )
