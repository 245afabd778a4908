"""The dashboard tab: key figures and charts of one plan year (or all) and one town (or
the whole city), read from store.summaries on a worker thread.

Clicking a town's bar or a cluster's slice emits ``filter_requested`` with the ledger
filter to apply, as ``Scope`` field names: the dashboard's own year and town plus what
was clicked, e.g. ``{"year_from": 2018, "year_to": 2018, "town_code": "330282002"}``.
The window applies it with ``dataclasses.replace(Scope(), **wanted)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop.reports.numbers import format_figure, percent, wan, wan_or_yi
from cixi_desktop.store import queries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.dashboard.bar_chart import BarChart, BarRow
from cixi_desktop.ui.dashboard.data import DashboardData, load_dashboard
from cixi_desktop.ui.dashboard.pie_chart import PieChart, PieSlice
from cixi_desktop.ui.dashboard.style import chart_font
from cixi_desktop.ui.dashboard.trend_chart import TrendChart
from cixi_desktop.ui.events import events
from cixi_desktop.ui.ledger.worker import Dropped, Lane

REFRESH_ENTITIES = frozenset(
    {"project", "enterprise", "service_provider", "annual_plan", "reference", "*"}
)


class _Figure(QFrame):
    """One key figure: a small caption over a large number."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #666;")
        self.value = QLabel("—", self)
        self.value.setFont(chart_font(15))
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class DashboardWidget(QWidget):
    filter_requested = Signal(dict)
    loaded = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.data: DashboardData | None = None
        self._stale = True
        self._lane = Lane("dashboard", self, max_waiting=1)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.reload)

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("dashboardYear")
        self.town_combo = QComboBox(self)
        self.town_combo.setObjectName("dashboardTown")
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.status = QLabel(self)
        self.status.setObjectName("dashboardStatus")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("计划年度")))
        bar.addWidget(self.year_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("镇街")))
        bar.addWidget(self.town_combo)
        bar.addWidget(self.refresh_button)
        bar.addSpacing(12)
        bar.addWidget(self.status, 1)

        self.figures = {
            "planned": _Figure(self.tr("计划企业（家）")),
            "completed": _Figure(self.tr("完成企业（家）")),
            "rate": _Figure(self.tr("完成率")),
            "investment": _Figure(self.tr("项目总投资")),
            "subsidy": _Figure(self.tr("核定补助")),
            "leverage": _Figure(self.tr("财政资金撬动比")),
            "providers": _Figure(self.tr("服务商（家）")),
            "coverage": _Figure(self.tr("规上覆盖率")),
        }
        figures = QGridLayout()
        for i, figure in enumerate(self.figures.values()):
            figures.addWidget(figure, i // 4, i % 4)

        self.completion_chart = BarChart((self.tr("计划企业"), self.tr("完成企业")))
        self.completion_chart.setObjectName("completionChart")
        self.investment_chart = BarChart()
        self.investment_chart.setObjectName("investmentChart")
        self.cluster_chart = PieChart()
        self.cluster_chart.setObjectName("clusterChart")
        self.trend_chart = TrendChart(self.tr("开工项目"), self.tr("竣工项目"))
        self.coverage_chart = BarChart()
        self.coverage_chart.setObjectName("coverageChart")
        self.fiscal_label = QLabel(self)
        self.fiscal_label.setObjectName("fiscalLabel")
        self.fiscal_label.setFont(chart_font(11))
        self.fiscal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.fiscal_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        grid = QGridLayout()
        grid.addWidget(
            self._box(self.tr("计划完成情况（企业数，点击镇街筛选台账）"), self.completion_chart),
            0,
            0,
        )
        grid.addWidget(
            self._box(self.tr("各镇街项目总投资（万元，点击筛选）"), self.investment_chart), 0, 1
        )
        grid.addWidget(self._box(self.tr("产业集群投资占比（点击筛选）"), self.cluster_chart), 1, 0)
        grid.addWidget(
            self._box(self.tr("月度趋势（按实际开工、竣工日期）"), self.trend_chart), 1, 1
        )
        grid.addWidget(self._box(self.tr("财政资金绩效"), self.fiscal_label), 2, 0)
        grid.addWidget(
            self._box(self.tr("各镇街规上企业覆盖率（点击筛选）"), self.coverage_chart), 2, 1
        )
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.addLayout(figures)
        inner.addLayout(grid)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        self._fill_choices()
        self.year_combo.currentIndexChanged.connect(self._selection_changed)
        self.town_combo.currentIndexChanged.connect(self._selection_changed)
        self.refresh_button.clicked.connect(self.reload)
        for chart in (self.completion_chart, self.investment_chart, self.coverage_chart):
            chart.bar_clicked.connect(lambda key: self._request("town_code", key))
        self.cluster_chart.slice_clicked.connect(lambda key: self._request("cluster_code", key))
        events().changed.connect(self._data_changed)

    def _box(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        return box

    # --- selection -------------------------------------------------------------------

    def _fill_choices(self) -> None:
        choices = queries.reference_choices(self.db)
        self.year_combo.blockSignals(True)
        self.town_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(self.tr("全部年度"), None)
        for year in choices.years:
            self.year_combo.addItem(self.tr("%1 年").replace("%1", str(year)), year)
        # The latest plan year is what people look at first.
        self.year_combo.setCurrentIndex(self.year_combo.count() - 1)
        self.town_combo.clear()
        self.town_combo.addItem(self.tr("全市"), None)
        for code, name in choices.towns:
            self.town_combo.addItem(name, code)
        self.year_combo.blockSignals(False)
        self.town_combo.blockSignals(False)

    def scope(self) -> Scope:
        year = self.year_combo.currentData()
        return Scope(year_from=year, year_to=year, town_code=self.town_combo.currentData())

    def set_scope(self, year: int | None, town_code: str | None = None) -> None:
        """Select a year and town (as if chosen in the selectors)."""
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
        self.town_combo.setCurrentIndex(max(self.town_combo.findData(town_code), 0))

    def _selection_changed(self) -> None:
        self.reload()

    def _request(self, field: str, key: str) -> None:
        scope = self.scope()
        wanted: dict[str, Any] = {
            name: value
            for name, value in (
                ("year_from", scope.year_from),
                ("year_to", scope.year_to),
                ("town_code", scope.town_code),
            )
            if value is not None
        }
        wanted[field] = key
        self.filter_requested.emit(wanted)

    # --- loading ---------------------------------------------------------------------

    def _data_changed(self, entity: str, _ids: list[object]) -> None:
        if entity in REFRESH_ENTITIES:
            self._stale = True
            if self.isVisible():
                self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        scope = self.scope()
        self.status.setText(self.tr("正在读取…"))
        self._lane.submit(
            "load",
            lambda _ctx: load_dashboard(self.db, scope),
            on_done=self._show,
            on_error=self._failed,
        )

    def is_idle(self) -> bool:
        return self._lane.is_idle()

    def shutdown(self) -> None:
        """Stop the worker (call before the database is closed)."""
        self._lane.close()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Dropped):
            return
        self.status.setText(self.tr("读取失败：%1").replace("%1", str(exc)))

    def _show(self, data: DashboardData) -> None:
        if data.scope != self.scope():
            return  # the selection moved on while this was read
        self.data = data
        h = data.headline
        self.status.setText("")
        values = {
            "planned": f"{h.planned_enterprises:,}",
            "completed": f"{h.completed_enterprises:,}",
            "rate": percent(h.completion_rate),
            "investment": wan_or_yi(h.total_investment),
            "subsidy": wan_or_yi(h.subsidy),
            "leverage": format_figure("leverage", h.leverage),
            "providers": f"{h.providers:,}",
            "coverage": percent(h.coverage_rate),
        }
        for key, text in values.items():
            self.figures[key].value.setText(text)
        towns = data.towns.rows
        self.completion_chart.set_rows(
            [
                BarRow(
                    r.key,
                    r.name,
                    (float(r.planned_enterprises), float(r.completed_enterprises)),
                    (f"{r.planned_enterprises:,}", f"{r.completed_enterprises:,}"),
                )
                for r in towns
            ]
        )
        self.investment_chart.set_rows(
            [
                BarRow(r.key, r.name, (float(r.total_investment),), (wan(r.total_investment),))
                for r in towns
            ]
        )
        self.coverage_chart.set_rows(
            [
                BarRow(
                    r.key, r.name, (float(r.completion_rate or 0),), (percent(r.completion_rate),)
                )
                for r in data.coverage.rows
            ]
        )
        self.cluster_chart.set_slices(
            [
                PieSlice(
                    r.key, r.name, float(r.total_investment),
                    (percent(r.share), wan_or_yi(r.total_investment)),
                )
                for r in data.clusters.rows
            ]
        )  # fmt: skip
        self.trend_chart.set_months(data.months)
        f = data.fiscal
        self.fiscal_label.setText(
            "\n".join(
                [
                    self.tr("核定补助：%1").replace("%1", wan_or_yi(f["subsidy"])),
                    self.tr("已拨付：%1").replace("%1", wan_or_yi(f["subsidy_paid"])),
                    self.tr("项目总投资：%1").replace("%1", wan_or_yi(f["total_investment"])),
                    self.tr("设备投资：%1").replace("%1", wan_or_yi(f["equipment_investment"])),
                    self.tr("撬动比（总投资 ÷ 补助）：1 : %1").replace(
                        "%1", format_figure("leverage", f["leverage"])
                    ),
                    self.tr("撬动比（设备投资 ÷ 补助）：1 : %1").replace(
                        "%1", format_figure("leverage", f["equipment_leverage"])
                    ),
                ]
            )
        )
        self.loaded.emit()
