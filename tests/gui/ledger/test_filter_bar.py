"""The filter bar on its own: debounced scope, pickers, saved views per user."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cixi_desktop.store.database import Database
from cixi_desktop.store.services import prefs
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.filter_bar import FilterBar, scope_from_json, scope_to_json


@pytest.fixture
def bar(qtbot, ledger_db: Database) -> FilterBar:
    widget = FilterBar(ledger_db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_typing_emits_one_scope_after_the_pause(qtbot, bar: FilterBar) -> None:
    seen: list[Scope] = []
    bar.scope_changed.connect(seen.append)
    with qtbot.waitSignal(bar.scope_changed, timeout=5_000):
        qtbot.keyClicks(bar.keyword, "CX-2018")
    assert seen == [Scope(keyword="CX-2018")], "one filter for the whole word, not per key"


def test_pickers_offer_the_reference_data(bar: FilterBar) -> None:
    assert bar.town.itemText(0) == "全部"
    assert bar.town.findText("周巷镇") > 0
    assert bar.town.count() == 1 + 22  # 19 towns and 3 development zones
    assert [bar.year_from.itemText(i) for i in range(bar.year_from.count())] == [
        "不限",
        "2017",
        "2018",
        "2019",
    ]
    assert bar.status.findText("已拨付") > 0
    assert not bar.status.itemIcon(bar.status.findText("在建")).isNull()
    assert bar.provider.findText("慈溪智造工程服务有限公司") > 0


def test_years_given_backwards_are_read_forwards(bar: FilterBar) -> None:
    bar.year_from.setCurrentIndex(bar.year_from.findText("2019"))
    bar.year_to.setCurrentIndex(bar.year_to.findText("2017"))
    assert (bar.scope().year_from, bar.scope().year_to) == (2017, 2019)


def test_clear_resets_every_filter(qtbot, bar: FilterBar) -> None:
    bar.set_scope(Scope(keyword="x", town_code="330282121", above_scale_only=True))
    assert bar.reset_button.isEnabled()
    with qtbot.waitSignal(bar.scope_changed) as signal:
        qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    assert signal.args == [Scope()]
    assert not bar.reset_button.isEnabled()


def test_scope_survives_json(ledger_db: Database) -> None:
    scope = Scope(
        year_from=2017,
        year_to=2018,
        town_code="330282121",
        status="在建",
        category_code="robot",
        cluster_code="appliance",
        keyword="电器",
        provider_id=uuid.uuid4(),
        above_scale_only=True,
    )
    assert scope_from_json(scope_to_json(scope)) == scope
    assert scope_to_json(Scope()) == {}
    assert scope_from_json({"year_from": "abc", "town_code": "330282121", "x": 1}) == Scope(
        town_code="330282121"
    )
    assert scope_from_json("garbage") == Scope()


def test_saved_views_round_trip_per_user(qtbot, bar: FilterBar, ledger_db: Database) -> None:
    wanted = Scope(town_code="330282121", year_from=2018, year_to=2018, status="竣工")
    bar.set_scope(wanted)
    bar.save_view("周巷 2018 竣工")
    assert prefs.get_pref(ledger_db, "saved_view:测试员:周巷 2018 竣工") == scope_to_json(wanted)
    assert bar.views.currentText() == "周巷 2018 竣工"

    bar.clear()
    assert bar.views.currentIndex() == 0, "an edited filter is no longer the view"
    with qtbot.waitSignal(bar.scope_changed) as signal:
        bar.views.setCurrentIndex(bar.views.findText("周巷 2018 竣工"))
        bar.views.activated.emit(bar.views.currentIndex())
    assert signal.args == [wanted]
    assert bar.scope() == wanted

    other = FilterBar(ledger_db)
    qtbot.addWidget(other)
    assert "周巷 2018 竣工" in other.saved_views()
    prefs.put_pref(ledger_db, "saved_view:别人:她的视图", {"keyword": "x"})
    other.reload_views()
    assert "她的视图" not in other.saved_views()

    bar.delete_view("周巷 2018 竣工")
    assert bar.saved_views() == {}
    assert bar.views.count() == 1


def test_save_view_asks_for_a_name_and_before_replacing(
    bar: FilterBar, monkeypatch: pytest.MonkeyPatch
) -> None:
    bar.set_scope(Scope(keyword="电器"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  常用  ", True))
    bar.save_view_button.click()
    assert list(bar.saved_views()) == ["常用"]

    bar.set_scope(Scope(keyword="机械"))
    bar.views.setCurrentIndex(0)
    asked: list[str] = []

    def refuse(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", refuse)
    bar.save_view_button.click()
    assert asked and "常用" in asked[0]
    assert bar.saved_views()["常用"] == Scope(keyword="电器")
