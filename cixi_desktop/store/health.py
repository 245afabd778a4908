"""``check``: schema version and integrity, without changing the database."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cixi_desktop.store import migrate
from cixi_desktop.store.backup import integrity_problems
from cixi_desktop.store.database import (
    Database,
    describe_db_error,
    make_engine,
    resolve_url,
    sqlite_path,
)
from cixi_desktop.store.errors import EnvironmentProblem


@dataclass
class HealthReport:
    healthy: bool = True
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.healthy = False
        self.lines.append(line)
        self.problems.append(line)


def check_database(target: str | os.PathLike[str] | None, user: str | None = None) -> HealthReport:
    report = HealthReport()
    url = resolve_url(target)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise EnvironmentProblem(f"数据库 {path} 不存在")
        engine = make_engine(url)  # refuses files that are not SQLite databases
        problems = integrity_problems(path)
        if problems:
            engine.dispose()
            raise EnvironmentProblem(f"数据库 {path} 已损坏：{problems[0]}")
        report.lines.append("完整性检查：通过（PRAGMA integrity_check = ok）")
    else:
        engine = make_engine(url)
    from sqlalchemy.orm import sessionmaker

    db = Database(engine=engine, url=url, user=user or "", sessions=sessionmaker(engine))
    try:
        current = migrate.current_revision(db)
        head = migrate.head_revision()
        if current == head:
            report.lines.append(f"结构版本：{current}（最新）")
        elif current is None:
            report.fail("结构版本：空数据库，尚未建立台账结构")
        elif not migrate.known_revision(current):
            report.fail(f"结构版本：{current}，由更新版本的 cixi-desktop 创建，请先升级本软件")
        else:
            report.fail(f"结构版本：{current}，软件需要 {head}；打开一次即可自动升级")
        if path is not None:
            with engine.connect() as conn:
                orphans = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if orphans:
                report.fail(f"外键检查：{len(orphans)} 条记录指向不存在的数据")
            else:
                report.lines.append("外键检查：通过")
    except DBAPIError as exc:
        raise EnvironmentProblem(describe_db_error(exc, db.display_name)) from exc
    finally:
        engine.dispose()
    return report
