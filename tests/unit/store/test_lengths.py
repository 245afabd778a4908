"""Text longer than its column is a sentence naming the field on both backends, whichever
service writes it (PostgreSQL would refuse it with a database error, SQLite keep it)."""

from __future__ import annotations

from datetime import date

import pytest

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.services import enterprises, projects, providers
from cixi_desktop.store.services.projects import StatusMove


def test_a_provider_name_longer_than_its_column_is_refused_by_name(db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        providers.create_provider(db, {"name": "宁波智造" * 51})
    assert str(refused.value) == "服务商名称：最多 200 个字，现在有 204 个字"
    providers.create_provider(db, {"name": "宁波智造" * 50})  # exactly 200 fits


def test_overlong_former_names_and_move_reasons_are_refused(db: Database) -> None:
    firm = enterprises.create_enterprise(
        db, {"name": "慈溪市甲电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电"}
    )
    with pytest.raises(ValidationError, match="曾用名：最多 200 个字"):
        enterprises.create_enterprise(
            db,
            {"name": "慈溪市乙电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电"},
            former_names=["老" * 201],
        )
    project = projects.create_project(
        db,
        firm.id,
        {
            "name": "装配线机器换人",
            "plan_year": 2018,
            "category_code": "机器换人",
            "total_investment": "800",
            "equipment_investment": "600",
        },
    )
    with pytest.raises(ValidationError, match="原因：最多 500 个字，现在有 501 个字"):
        projects.change_status(
            db, project.id, project.version, StatusMove(Status.TERMINATED, reason="停" * 501)
        )
    moved = projects.change_status(
        db,
        project.id,
        project.version,
        StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1)),
    )
    assert moved.status == Status.IN_PROGRESS  # nothing of the refused move was kept
