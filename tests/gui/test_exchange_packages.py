"""Exchange packages from the window: the clerk exports, the bureau sees what a merge
will do, merges, and is offered the conflicts; a damaged package changes nothing."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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
from cixi_desktop.ui.exchange.packages import export_package, import_package

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
    export_changes(bureau, tmp_path / "start.cixi")
    apply_merge(laptop, plan_merge(laptop, read_package(tmp_path / "start.cixi")))
    yield bureau, laptop, made
    laptop.close()
    bureau.close()


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


def _edit(db: Database, project_id: Any, **changes: object) -> None:
    with db.read() as s:
        version = s.get_one(Project, project_id).version
    projects.update_project(db, project_id, version, changes)


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
