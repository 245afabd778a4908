"""A small real ledger, and damage done to it as a failing disk would (shared by the
integrity tests of the store, the window and the command line)."""

from __future__ import annotations

from pathlib import Path

from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.services import enterprises, projects
from cixi_desktop.store.summaries import Headline, headline

FIRMS = 40


def build_ledger(path: Path, *, firms: int = FIRMS, first: int = 0) -> Path:
    """A ledger of ``firms`` enterprises, each with a project (enough rows for a few
    dozen pages), written through the services and closed cleanly."""
    db = open_database(path, user="测试员")
    try:
        add_projects(db, firms, first)
    finally:
        db.close()
    return path


def add_projects(db: Database, firms: int, first: int = 0) -> None:
    for n in range(first, first + firms):
        firm = enterprises.create_enterprise(
            db,
            {
                "name": f"慈溪市第{n}号智能装备有限公司",
                "town_code": "周巷镇",
                "cluster_code": "智能装备",
                "address": "慈溪市周巷镇工业园区" + "环城北路" * 20 + f"{n}号",
            },
        )
        projects.create_project(
            db,
            firm.id,
            {
                "name": f"第{n}号生产线机器换人",
                "plan_year": 2018,
                "category_code": "机器换人",
                "total_investment": f"{100 + n}.50",
                "equipment_investment": "80",
                "content": "冲压、焊接工序机器人替代人工" * 10,
            },
        )


def figures(path: Path) -> Headline:
    db = open_database(path, user="测试员")
    try:
        return headline(db)
    finally:
        db.close()


def page_size(path: Path) -> int:
    with path.open("rb") as fh:
        header = fh.read(18)
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def damage(path: Path, first_page: int = 5, pages: int = 4) -> None:
    """Overwrite pages ``first_page``… (1-based, as SQLite counts) with 0xAB bytes."""
    size = page_size(path)
    assert path.stat().st_size // size > 20, "too small to damage in the middle"
    with path.open("r+b") as fh:
        fh.seek((first_page - 1) * size)
        fh.write(b"\xab" * size * pages)
