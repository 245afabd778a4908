"""The project form's fields, in sections the way the ledger sheet groups them:
企业 / 项目 / 投资 / 进度 / 服务商 / 验收与补助 / 成效 / 备注. Tab follows this order."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.domain.fields import PROJECT_FIELDS
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.ui.forms import labels
from cixi_desktop.ui.forms.enterprise_picker import EnterprisePicker
from cixi_desktop.ui.forms.field_set import (
    HINT_STYLE,
    FieldSet,
    grid_section,
    label_width,
)
from cixi_desktop.ui.forms.field_widgets import (
    AmountField,
    DateField,
    LongTextField,
    RefField,
    TextField,
)
from cixi_desktop.ui.forms.providers_field import ProvidersField

ENTERPRISE = "enterprise"
PROVIDERS = "providers"

# Field order = Tab order = the order of the sections on screen.
TAB_ORDER = (
    ENTERPRISE,
    "name",
    "code",
    "plan_year",
    "category_code",
    "content",
    "total_investment",
    "equipment_investment",
    "planned_start_date",
    "planned_completion_date",
    "actual_start_date",
    "actual_completion_date",
    PROVIDERS,
    "acceptance_date",
    "acceptance_result",
    "approved_subsidy",
    "subsidy_override_reason",
    "labour_reduction",
    "productivity_gain_pct",
    "defect_reduction_pct",
    "energy_reduction_pct",
    "notes",
)


def _label(name: str) -> str:
    return labels.field(PROJECT_FIELDS[name].label)


class ProjectSections(QWidget):
    """All inputs of a project, laid out; the dialog reads and fills them through
    ``fields`` and updates the subsidy and payment lines."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.fields = FieldSet(self)
        self.category_items = lookups.categories(db)
        f = self.fields
        self.picker = EnterprisePicker(db, self)
        f.add(ENTERPRISE, labels.field("企业"), self.picker)
        f.add("name", _label("name"), TextField(self))
        f.add("code", _label("code"), TextField(self, self.tr("留空则自动编号")))
        f.add("plan_year", _label("plan_year"), TextField(self, self.tr("如 2018")))
        f.add("category_code", _label("category_code"), RefField(self.category_items, self))
        f.add("content", _label("content"), LongTextField(self, lines=3))
        self.total = AmountField(self)
        self.equipment = AmountField(self)
        f.add(
            "total_investment",
            _label("total_investment"),
            self.total,
            self.tr("可输入 1,200、1200万元 或 0.12亿"),
        )
        f.add("equipment_investment", _label("equipment_investment"), self.equipment)
        for name in (
            "planned_start_date",
            "planned_completion_date",
            "actual_start_date",
            "actual_completion_date",
            "acceptance_date",
        ):
            f.add(name, _label(name), DateField(self))
        self.providers = ProvidersField(db, self)
        f.add(PROVIDERS, labels.field("服务商"), self.providers)
        f.add("acceptance_result", _label("acceptance_result"), TextField(self))
        self.approved = AmountField(self)
        f.add("approved_subsidy", _label("approved_subsidy"), self.approved)
        f.add("subsidy_override_reason", _label("subsidy_override_reason"), TextField(self))
        f.add("labour_reduction", _label("labour_reduction"), TextField(self))
        for name in ("productivity_gain_pct", "defect_reduction_pct", "energy_reduction_pct"):
            f.add(name, _label(name), TextField(self, "%"))
        f.add("notes", _label("notes"), LongTextField(self, lines=2))

        self.subsidy_text = QLabel(self)
        self.subsidy_text.setWordWrap(True)
        self.subsidy_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_computed = QPushButton(self.tr("采用计算结果"), self)
        self.use_computed.setToolTip(self.tr("把按规则计算的补助填入“核定补助”"))
        subsidy_cell = QWidget(self)
        row = QHBoxLayout(subsidy_cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.subsidy_text, 1)
        row.addWidget(self.use_computed, 0, Qt.AlignmentFlag.AlignTop)
        self.payments_text = QLabel(self)
        self.payments_text.setWordWrap(True)
        self.payments_text.setStyleSheet(HINT_STYLE)
        self.pay_button = QPushButton(self.tr("登记拨付…"), self)
        payments_cell = QWidget(self)
        row = QHBoxLayout(payments_cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.payments_text, 1)
        row.addWidget(self.pay_button, 0, Qt.AlignmentFlag.AlignTop)

        width = label_width([r.label.text() for r in f.rows.values()], self)

        def caption(text: str) -> QLabel:
            found = QLabel(text, self)
            found.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return found

        sections = (
            (self.tr("企业"), [[ENTERPRISE]]),
            (
                self.tr("项目"),
                [["name"], ["code", "plan_year"], ["category_code"], ["content"]],
            ),
            (self.tr("投资"), [["total_investment", "equipment_investment"]]),
            (
                self.tr("进度"),
                [
                    ["planned_start_date", "planned_completion_date"],
                    ["actual_start_date", "actual_completion_date"],
                ],
            ),
            (self.tr("服务商"), [[PROVIDERS]]),
            (
                self.tr("验收与补助"),
                [
                    ["acceptance_date", "acceptance_result"],
                    [(caption(self.tr("按规则计算")), subsidy_cell)],
                    ["approved_subsidy", "subsidy_override_reason"],
                    [(caption(self.tr("补助拨付")), payments_cell)],
                ],
            ),
            (
                self.tr("成效"),
                [
                    ["labour_reduction", "productivity_gain_pct"],
                    ["defect_reduction_pct", "energy_reduction_pct"],
                ],
            ),
            (self.tr("备注"), [["notes"]]),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        for title, rows in sections:
            layout.addWidget(grid_section(f, title, rows, self, width))
        layout.addStretch(1)
        self._chain_tabs()

    def _chain_tabs(self) -> None:
        chain: list[QWidget] = []
        for name in TAB_ORDER:
            chain.append(self.fields.rows[name].input.focus_widget())
            if name == ENTERPRISE:
                chain.append(self.picker.new_button)
            elif name == PROVIDERS:
                chain += [self.providers.role, self.providers.add_button, self.providers.table]
                chain.append(self.providers.remove_button)
            elif name == "approved_subsidy":
                chain.insert(len(chain) - 1, self.use_computed)
            elif name == "subsidy_override_reason":
                chain.append(self.pay_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def category_codes(self) -> set[str]:
        return {item.code for item in self.category_items}
