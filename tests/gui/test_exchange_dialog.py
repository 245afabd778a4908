"""The merge-conflict dialog: held conflicts listed, chosen field by field, applied
through the exchange service — driven with the mouse and the keyboard; and packages
exported and imported from the window."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from cixi_desktop.store import summaries
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.exchange.export import export_changes
from cixi_desktop.store.exchange.merge import apply_merge, plan_merge
from cixi_desktop.store.exchange.package import read_package
from cixi_desktop.store.models import Project
from cixi_desktop.store.services import exchange, projects
from cixi_desktop.store.summaries import Scope
from cixi_desktop.ui.events import events
from cixi_desktop.ui.exchange import ExchangeDialog, open_exchange_dialog
from cixi_desktop.ui.exchange.packages import export_package, import_package

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)

_spec = importlib.util.spec_from_file_location(
    "exchange_sample", Path(__file__).parents[1] / "unit" / "store" / "exchange_sample.py"
)
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


@pytest.fixture
def ledgers(tmp_path: Path) -> Iterator[tuple[Database, Database, Any]]:
    bureau = open_database(tmp_path / "bureau.sqlite3", user="局审核员")
    laptop = open_database(tmp_path / "laptop.sqlite3", user="周巷录入员")
    made = sample.build(bureau)
    _send(bureau, laptop, tmp_path / "start.cixi")
    yield bureau, laptop, made
    laptop.close()
    bureau.close()


def _send(source: Database, target: Database, path: Path) -> None:
    export_changes(source, path)
    apply_merge(target, plan_merge(target, read_package(path)))


def _project(db: Database, project_id: Any) -> Project:
    with db.read() as s:
        return s.get_one(Project, project_id)


def _edit(db: Database, project_id: Any, **changes: object) -> None:
    row = _project(db, project_id)
    projects.update_project(db, project_id, row.version, changes)


@pytest.fixture
def held(ledgers: tuple[Database, Database, Any], tmp_path: Path) -> tuple[Database, Any]:
    """Both sides edited two projects; the laptop's package is held at the bureau."""
    bureau, laptop, made = ledgers
    _edit(bureau, made.planned, notes="局里的备注", total_investment="1200")
    _edit(laptop, made.planned, notes="镇里的备注", content="增加两台机器人")
    _edit(bureau, made.built, notes="局里复核")
    row = projects.grant_subsidy(laptop, made.built, _project(laptop, made.built).version,
                                 Decimal("120"), "追加")  # fmt: skip
    projects.record_payment(laptop, row.id, date(2019, 5, 1), Decimal("60"), "追加拨付")
    _send(laptop, bureau, tmp_path / "laptop.cixi")
    assert len(exchange.conflict_views(bureau)) == 2
    return bureau, made


@pytest.fixture
def dialog(held: tuple[Database, Any], qtbot: Any) -> ExchangeDialog:
    widget = ExchangeDialog(held[0])
    qtbot.addWidget(widget)
    widget.show()
    # Mnemonics (Alt+letter) reach only the active window.
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def test_conflicts_are_listed_with_both_values_of_each_field(dialog: ExchangeDialog) -> None:
    assert dialog.list.count() == 2
    assert dialog.count.text() == "待处理的冲突：2 条"
    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "项目 CX-2019-0001 装配线改造" in titles
    dialog.list.setCurrentRow(titles.index("项目 CX-2019-0001 装配线改造"))
    shown = {
        name: (button.text(), button.isChecked())
        for (name, side), button in dialog.fields.buttons.items()
        if side == "theirs"
    }
    assert shown["notes"] == ("镇里的备注", False)
    assert shown["content"] == ("增加两台机器人", False)
    assert dialog.fields.buttons[("total_investment", "mine")].text() == "1200.00"
    assert dialog.fields.choices() == dict.fromkeys(shown, "mine")


def test_choosing_per_field_with_the_mouse_resolves_and_announces(
    dialog: ExchangeDialog, held: tuple[Database, Any], qtbot: Any
) -> None:
    bureau, made = held
    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.list.setCurrentRow(titles.index("项目 CX-2019-0001 装配线改造"))
    for name in ("notes", "content"):
        button = dialog.fields.buttons[(name, "theirs")]
        # On the indicator: a radio button only takes clicks on its circle and its text.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    with qtbot.waitSignal(events().changed) as announced:
        qtbot.mouseClick(dialog.apply, Qt.MouseButton.LeftButton)
    assert announced.args == ["project", [str(made.planned)]]
    row = _project(bureau, made.planned)
    assert (row.notes, row.content, row.total_investment) == (
        "镇里的备注", "增加两台机器人", Decimal("1200.00"),
    )  # fmt: skip
    assert dialog.list.count() == 1
    assert dialog.count.text() == "待处理的冲突：1 条"


def test_the_keyboard_takes_all_of_the_package_and_applies(
    dialog: ExchangeDialog, held: tuple[Database, Any], qtbot: Any, warnings: list[str]
) -> None:
    bureau, made = held

    def press(key: Qt.Key, button: Any) -> None:
        # A mnemonic clicks its button a moment later (animated): wait for that click.
        with qtbot.waitSignal(button.clicked):
            qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)

    titles = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.list.setCurrentRow(titles.index("项目 CX-2018-0001 冲压车间机器换人"))
    assert (
        "处理后一并加入：补助拨付 60.00 万元（2019-05-01，追加拨付）" in dialog.fields.source.text()
    )
    # Keeping ours would leave the laptop's payment above the approved subsidy: refused.
    press(Qt.Key.Key_M, dialog.all_mine)
    press(Qt.Key.Key_S, dialog.apply)
    assert len(warnings) == 1 and "累计拨付" in warnings[0]
    assert dialog.list.count() == 2
    press(Qt.Key.Key_T, dialog.all_theirs)
    assert set(dialog.fields.choices().values()) == {"theirs"}
    press(Qt.Key.Key_S, dialog.apply)
    row = _project(bureau, made.built)
    assert row.approved_subsidy == Decimal("120.00")
    assert dialog.list.count() == 1


def test_an_empty_list_says_so(ledgers: tuple[Database, Database, Any], qtbot: Any) -> None:
    widget = open_exchange_dialog(ledgers[0], None)
    qtbot.addWidget(widget)
    assert widget.list.count() == 0
    assert widget.fields.heading.text() == "没有待处理的合并冲突"
    assert not widget.apply.isEnabled()


def test_picture(dialog: ExchangeDialog, tmp_path: Path) -> None:
    dialog.list.setCurrentRow(0)
    image = dialog.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "exchange_dialog.png"))


# --- packages from the window -----------------------------------------------------------


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What the message boxes said; every question is answered No."""
    shown: dict[str, list[str]] = {"information": [], "warning": [], "question": []}
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _p, _t, text, k=kind, *a: shown[k].append(text)
        )

    def question(_p: object, _t: str, text: str, *a: object) -> QMessageBox.StandardButton:
        shown["question"].append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


def test_a_package_goes_from_the_clerk_to_the_bureau_through_the_window(
    ledgers: tuple[Database, Database, Any],
    said: dict[str, list[str]],
    tmp_path: Path,
    qtbot: Any,
) -> None:
    bureau, laptop, made = ledgers
    parent = QWidget()
    qtbot.addWidget(parent)
    _edit(bureau, made.planned, notes="局里的备注")
    _edit(laptop, made.planned, notes="镇里的备注")
    _edit(laptop, made.built, content="镇里补充的内容")

    exported = export_package(laptop, parent, out=tmp_path / "周巷")
    assert exported is not None and exported.path == tmp_path / "周巷.cixi"
    assert said["information"][-1].startswith("已导出：企业 ")
    assert str(exported.path) in said["information"][-1]

    asked: list[tuple[str, str]] = []

    def agree(box: QMessageBox) -> bool:
        asked.append((box.text(), box.detailedText()))
        return True

    before = summaries.headline(bureau, Scope())
    with qtbot.waitSignal(events().changed):
        merged = import_package(bureau, parent, path=exported.path, confirm=agree)
    assert merged is not None
    text, detail = asked[0]
    assert "合并后：新增 0，更新 1，跳过" in text and "冲突 1" in text
    assert "冲突  项目" in detail and "更新  项目" in detail
    # Held for a person: the bureau's value stays until someone chooses.
    assert len(exchange.conflict_views(bureau)) == 1
    assert said["question"] and "有 1 条记录两边都改过" in said["question"][-1]
    with bureau.read() as s:
        assert s.get_one(Project, made.planned).notes == "局里的备注"
        assert s.get_one(Project, made.built).content == "镇里补充的内容"
    assert summaries.headline(bureau, Scope()).projects == before.projects

    # The same package again: nothing to do, and the user is told so.
    assert import_package(bureau, parent, path=exported.path, confirm=agree) is None
    assert "合并过，本次没有任何修改" in said["information"][-1]
    assert len(asked) == 1


def test_a_damaged_package_is_refused_whole_and_a_cancel_changes_nothing(
    ledgers: tuple[Database, Database, Any],
    said: dict[str, list[str]],
    tmp_path: Path,
    qtbot: Any,
) -> None:
    bureau, laptop, made = ledgers
    parent = QWidget()
    qtbot.addWidget(parent)
    _edit(laptop, made.built, content="镇里补充的内容")
    good = export_changes(laptop, tmp_path / "good.cixi").path
    damaged = tmp_path / "damaged.cixi"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))

    assert import_package(bureau, parent, path=damaged, confirm=lambda box: True) is None
    assert len(said["warning"]) == 1 and "交换包" in said["warning"][0]

    assert import_package(bureau, parent, path=good, confirm=lambda box: False) is None
    with bureau.read() as s:
        assert s.get_one(Project, made.built).content != "镇里补充的内容"
