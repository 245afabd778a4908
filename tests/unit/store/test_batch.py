"""Batches (imports, the demo): one transaction, all or nothing, a savepoint per write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import AuditEntry, Enterprise, Project
from cixi_desktop.store.services import enterprises, projects

USCC = make_uscc("91330282MA2AAAAA0")


def _raw(name: str, **extra: object) -> dict[str, object]:
    return {"name": name, "town_code": "周巷镇", "cluster_code": "其他"} | extra


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_batch_is_all_or_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.batch():
        for n in range(3):
            enterprises.create_enterprise(db, _raw(f"企业{n}"))
        raise RuntimeError("import cancelled")
    assert _count(db, Enterprise) == 0
    assert _count(db, AuditEntry) == 0


def test_a_refused_row_does_not_spoil_the_others(db: Database) -> None:
    refused = []
    with db.batch():
        for n, uscc in enumerate([USCC, "", USCC, None]):
            try:
                firm = enterprises.create_enterprise(db, _raw(f"企业{n}", uscc=uscc))
                projects.create_project(
                    db,
                    firm.id,
                    {"name": "项目", "plan_year": 2018, "category_code": "其他",
                     "total_investment": 10, "equipment_investment": 20 if n == 3 else 5},
                )  # fmt: skip
            except ValidationError as exc:
                refused.append((n, exc.errors[0].field))
    assert refused == [(2, "uscc"), (3, "equipment_investment")]
    with db.read() as s:
        names = sorted(s.scalars(select(Enterprise.name)))
        codes = sorted(s.scalars(select(Project.code)))
    # Row 3's enterprise was written before its project was refused: each write stands alone.
    assert names == ["企业0", "企业1", "企业3"]
    assert codes == ["CX-2018-0001", "CX-2018-0002"]


def test_nothing_is_visible_to_others_before_the_batch_ends(db: Database) -> None:
    other = open_database(db.url.render_as_string(hide_password=False), user="另一位同事")
    try:
        with db.batch():
            enterprises.create_enterprise(db, _raw("导入中"))
            assert _count(other, Enterprise) == 0
        assert _count(other, Enterprise) == 1
    finally:
        other.close()


def test_each_write_in_a_batch_is_its_own_save(db: Database) -> None:
    with db.batch():
        firm = enterprises.create_enterprise(db, _raw("企业"))
        firm = enterprises.update_enterprise(db, firm.id, 1, {"contact": "张三"})
        firm = enterprises.update_enterprise(db, firm.id, 2, {"contact": "李四"})
        assert firm.version == 3
    with db.read() as s:
        assert s.get_one(Enterprise, firm.id).version == 3


def test_batches_do_not_nest(db: Database) -> None:
    with db.batch(), pytest.raises(RuntimeError, match="nest"), db.batch():
        pass
