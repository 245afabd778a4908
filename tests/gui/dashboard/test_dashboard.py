"""The dashboard tab: figures from the summaries, selectors that change them, and clicks
on bars and slices that ask the window to filter the ledger."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cixi_desktop.reports.numbers import percent, wan_or_yi
from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.dashboard import DashboardWidget
from cixi_desktop.ui.events import events

SAMPLE = Path(__file__).parents[2] / "unit" / "reports" / "pdf_sample.py"


def _sample():
    if "pdf_sample" not in sys.modules:
        spec = importlib.util.spec_from_file_location("pdf_sample", SAMPLE)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["pdf_sample"] = module
        spec.loader.exec_module(module)
    return sys.modules["pdf_sample"]


@pytest.fixture
def dashboard(db: Database, qtbot: QtBot) -> Iterator[DashboardWidget]:
    _sample().load_sample(db)
    widget = DashboardWidget(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 1400)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    yield widget
    widget.shutdown()


def _figures(widget: DashboardWidget) -> dict[str, str]:
    return {key: figure.value.text() for key, figure in widget.figures.items()}


def _expected(db: Database, scope: Scope) -> dict[str, str]:
    h = summaries.headline(db, scope)
    return {
        "planned": f"{h.planned_enterprises:,}",
        "completed": f"{h.completed_enterprises:,}",
        "rate": percent(h.completion_rate),
        "investment": wan_or_yi(h.total_investment),
        "coverage": percent(h.coverage_rate),
    }


def _select(
    qtbot: QtBot, widget: DashboardWidget, year: int | None, town: str | None = None
) -> None:
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.set_scope(year, town)


def test_opens_on_the_latest_year_with_the_summaries_figures(
    dashboard: DashboardWidget, db: Database
) -> None:
    assert dashboard.year_combo.currentText() == "2018 年"
    shown = _figures(dashboard)
    for key, text in _expected(db, Scope(year_from=2018, year_to=2018)).items():
        assert shown[key] == text, key
    assert shown["investment"] == "4.98 亿元"


def test_selectors_change_the_figures(
    dashboard: DashboardWidget, db: Database, qtbot: QtBot
) -> None:
    before = _figures(dashboard)
    _select(qtbot, dashboard, 2017)
    after = _figures(dashboard)
    assert after != before
    for key, text in _expected(db, Scope(year_from=2017, year_to=2017)).items():
        assert after[key] == text, key
    town = next(r for r in summaries.by_town(db).rows if r.name == "周巷镇")
    _select(qtbot, dashboard, 2018, town.key)
    scope = Scope(year_from=2018, year_to=2018, town_code=town.key)
    for key, text in _expected(db, scope).items():
        assert _figures(dashboard)[key] == text, key
    assert [r.key for r in dashboard.investment_chart.rows] == [town.key]
    # The choices come from the combo boxes themselves, as a user picks them.
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        dashboard.year_combo.setCurrentIndex(0)  # 全部年度
    assert dashboard.scope().year_from is None
    assert (
        _figures(dashboard)["investment"] == _expected(db, Scope(town_code=town.key))["investment"]
    )


def test_clicking_a_town_bar_asks_to_filter_the_ledger(
    dashboard: DashboardWidget, qtbot: QtBot
) -> None:
    chart = dashboard.investment_chart
    key = next(r.key for r in chart.rows if r.values[0] > 0)
    point = chart.point_of(key).toPoint()
    with qtbot.waitSignal(dashboard.filter_requested, timeout=2_000) as signal:
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [{"year_from": 2018, "year_to": 2018, "town_code": key}]


def test_clicking_a_cluster_slice_asks_to_filter_the_ledger(
    dashboard: DashboardWidget, qtbot: QtBot
) -> None:
    pie = dashboard.cluster_chart
    key = max(pie.slices, key=lambda s: s.value).key
    with qtbot.waitSignal(dashboard.filter_requested, timeout=2_000) as signal:
        qtbot.mouseClick(pie, Qt.MouseButton.LeftButton, pos=pie.point_of(key).toPoint())
    assert signal.args == [{"year_from": 2018, "year_to": 2018, "cluster_code": key}]


def test_a_data_change_refreshes_the_figures(
    dashboard: DashboardWidget, db: Database, qtbot: QtBot
) -> None:
    from cixi_desktop.store.services.plans import set_annual_plan

    town = next(r for r in summaries.by_town(db).rows if r.name == "龙山镇")
    set_annual_plan(db, 2018, town.key, 5, Decimal("10.00"))
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        events().announce("annual_plan")
    expected = _expected(db, Scope(year_from=2018, year_to=2018))
    assert _figures(dashboard)["planned"] == expected["planned"] == "11"
