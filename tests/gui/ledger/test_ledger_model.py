"""The paging ledger model over real data: Qt's model checks, sorting, filtering, refresh."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cixi_desktop.store import queries
from cixi_desktop.store.database import Database
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.events import events
from cixi_desktop.ui.ledger import columns
from cixi_desktop.ui.ledger.model import PAGE_SIZE, PROJECT_ID_ROLE, VALUE_ROLE, LedgerModel


@pytest.fixture
def model(qtbot, ledger_db: Database) -> Iterator[LedgerModel]:
    m = LedgerModel(ledger_db)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.set_scope(Scope())
    yield m
    m.close()


def load_all_pages(qtbot, m: LedgerModel) -> None:
    for row in range(0, m.rowCount(), PAGE_SIZE):
        m.row_data(row)
        qtbot.waitUntil(lambda row=row: m.row_data(row) is not None, timeout=10_000)


def column_texts(m: LedgerModel, key: str) -> list[str]:
    col = columns.column_index(key)
    return [m.index(r, col).data() for r in range(m.rowCount())]


def test_passes_qt_model_checks_with_real_rows(qtbot, qtmodeltester, model: LedgerModel) -> None:
    load_all_pages(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 48
    assert model.columnCount() == len(columns.COLUMNS)


def test_cells_read_like_the_ledger(qtbot, model: LedgerModel, ledger_db: Database) -> None:
    load_all_pages(qtbot, model)
    expected = queries.project_page(ledger_db, Scope(), "code", False, 0, 1)[0]
    amount_col = columns.column_index("total_investment")
    code_col = columns.column_index("code")
    assert model.index(0, code_col).data() == expected["code"]
    assert model.index(0, amount_col).data() == f"{expected['total_investment']:,.2f}"
    assert model.index(0, amount_col).data(VALUE_ROLE) == expected["total_investment"]
    assert isinstance(model.index(0, amount_col).data(VALUE_ROLE), Decimal)
    align = Qt.AlignmentFlag(model.index(0, amount_col).data(Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    assert model.index(0, code_col).data(PROJECT_ID_ROLE) == expected["id"]
    big = [t for t in column_texts(model, "total_investment") if "," in t]
    assert big, "amounts of 1,000 万元 and more carry a thousands separator"
    assert model.headerData(amount_col, Qt.Orientation.Horizontal) == "项目总投资（万元）"


def test_status_shows_text_and_its_colour(qtbot, model: LedgerModel, ledger_db) -> None:
    load_all_pages(qtbot, model)
    col = columns.column_index("status")
    colours = queries.status_colors(ledger_db)
    for row in range(model.rowCount()):
        index = model.index(row, col)
        status = index.data()
        assert status in colours
        assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(colours[status])
        dot = index.data(Qt.ItemDataRole.DecorationRole).pixmap(10, 10).toImage()
        assert dot.pixelColor(5, 5).name() == colours[status].lower()
        tint = index.data(Qt.ItemDataRole.BackgroundRole)
        assert tint.rgb() == QColor(colours[status]).rgb() and tint.alpha() < 255


def test_sorting_runs_in_sql_in_both_directions(qtbot, model: LedgerModel) -> None:
    col = columns.column_index("total_investment")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(col, Qt.SortOrder.DescendingOrder)
    load_all_pages(qtbot, model)
    values = [model.index(r, col).data(VALUE_ROLE) for r in range(model.rowCount())]
    assert values == sorted(values, reverse=True)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(columns.column_index("status"), Qt.SortOrder.AscendingOrder)
    load_all_pages(qtbot, model)
    statuses = column_texts(model, "status")
    # Workflow order, not code-point order.
    assert statuses.index("计划") < statuses.index("在建") < statuses.index("竣工")
    assert statuses[-1] == "已验收"


def test_filter_narrows_rows_to_the_same_set_as_the_store(
    qtbot, model: LedgerModel, ledger_db: Database
) -> None:
    scope = Scope(town_code="330282121", year_from=2018, year_to=2018)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_scope(scope)
    assert model.rowCount() == queries.count_projects(ledger_db, scope) > 0
    load_all_pages(qtbot, model)
    assert set(column_texts(model, "town")) == {"周巷镇"}
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_scope(Scope(keyword="没有这个企业"))
    assert model.rowCount() == 0


def test_keyword_finds_former_names(qtbot, model: LedgerModel) -> None:
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_scope(Scope(keyword="老字号00"))
    load_all_pages(qtbot, model)
    assert set(column_texts(model, "enterprise_name")) == {"慈溪市甲00电器有限公司"}


def test_a_new_project_appears_after_the_announcement(
    qtbot, model: LedgerModel, ledger_db: Database
) -> None:
    enterprise = create_enterprise(
        ledger_db, {"name": "慈溪市新来电器有限公司", "town_code": "周巷", "cluster_code": "其他"}
    )
    project = create_project(
        ledger_db,
        enterprise.id,
        {
            "name": "刚录入的项目",
            "plan_year": 2019,
            "category_code": "其他",
            "total_investment": "10",
            "equipment_investment": "5",
        },
    )
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        events().announce("project", [project.id])
    assert model.rowCount() == 49
    row = model.row_of(project.id)
    assert row is not None
    qtbot.waitUntil(lambda: model.row_data(row) is not None, timeout=10_000)
    assert model.index(row, columns.column_index("name")).data() == "刚录入的项目"


def test_a_filter_typed_past_is_never_shown(qtbot, model: LedgerModel, ledger_db: Database) -> None:
    shown: list[int] = []
    model.modelReset.connect(lambda: shown.append(model.rowCount()))
    model.set_scope(Scope(keyword="老字号"))
    model.set_scope(Scope(keyword="老字号0"))
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_scope(Scope(town_code="330282121"))
    expected = queries.count_projects(ledger_db, Scope(town_code="330282121"))
    assert model.scope == Scope(town_code="330282121")
    assert model.rowCount() == expected == 12
    assert shown == [expected], "the two superseded filters never reached the view"


def test_only_a_few_pages_are_held(
    qtbot, ledger_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cixi_desktop.ui.ledger import model as model_module

    monkeypatch.setattr(model_module, "PAGE_SIZE", 4)
    monkeypatch.setattr(model_module, "MAX_PAGES", 3)
    m = LedgerModel(ledger_db)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.set_scope(Scope())
    for row in range(m.rowCount()):
        qtbot.waitUntil(lambda row=row: m.row_data(row) is not None, timeout=10_000)
        assert len(m._pages) <= 3
    m.close()
