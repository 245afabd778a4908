"""Saves through the store services in a loop, each save its own transaction, and prints a
line for each one the moment it has committed (the crash test kills this process).

    python saving_driver.py LEDGER SEED SAVES

A new enterprise with its first project, or an edit of an existing project that changes
exactly its notes and its content: so a project at version v has exactly v - 1 audited
notes changes and v - 1 content changes, the last of each being what the row holds.
"""

from __future__ import annotations

import random
import sys
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from cixi_desktop.store.database import open_database
from cixi_desktop.store.models import Project
from cixi_desktop.store.services.enterprises import create_enterprise
from cixi_desktop.store.services.projects import create_project, update_project


def main(path: Path, seed: str, saves: int) -> None:
    rng = random.Random(seed)
    db = open_database(path, user="录入员")
    try:
        with db.read() as s:
            versions = {p.id: p.version for p in s.scalars(select(Project))}
        for n in range(saves):
            if len(versions) < 5 or rng.random() < 0.2:
                tag = uuid.uuid4().hex[:8]
                firm = create_enterprise(
                    db,
                    {
                        "name": f"慈溪保存测试{tag}有限公司",
                        "town_code": "周巷镇",
                        "cluster_code": "其他",
                    },
                )
                print(f"enterprise {firm.id} {firm.version}", flush=True)
                made = create_project(
                    db,
                    firm.id,
                    {
                        "name": f"保存测试项目{tag}",
                        "plan_year": 2020,
                        "category_code": "机器换人",
                        "total_investment": Decimal("300.00"),
                        "equipment_investment": Decimal("120.50"),
                    },
                )
                versions[made.id] = made.version
                print(f"project {made.id} {made.version}", flush=True)
            else:
                pid = rng.choice(sorted(versions))
                saved = update_project(
                    db,
                    pid,
                    versions[pid],
                    {"notes": f"第 {n} 次保存 {seed}", "content": f"内容 {uuid.uuid4().hex}"},
                )
                versions[pid] = saved.version
                print(f"project {pid} {saved.version}", flush=True)
    finally:
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
