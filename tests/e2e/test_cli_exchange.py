"""``exchange export`` / ``import`` / ``conflicts`` through the real entry point."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.models import Project
from cixi_desktop.store.services import projects

Run = Callable[..., subprocess.CompletedProcess[str]]
pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location(
    "exchange_sample", Path(__file__).parents[1] / "unit" / "store" / "exchange_sample.py"
)
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


def _with(path: Path, user: str, action: Callable[[Database], Any]) -> Any:
    db = open_database(path, user=user)
    try:
        return action(db)
    finally:
        db.close()


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def _summary(run_cli: Run, path: Path) -> dict[str, Any]:
    return json.loads(_ok(run_cli("--db", str(path), "summary", "--json")))


def _edit_notes(path: Path, user: str, project_id: Any, notes: str) -> None:
    def edit(db: Database) -> None:
        with db.read() as s:
            version = s.get_one(Project, project_id).version
        projects.update_project(db, project_id, version, {"notes": notes})

    _with(path, user, edit)


@pytest.fixture
def ledgers(tmp_path: Path, run_cli: Run) -> tuple[Path, Path, Any]:
    """The bureau's ledger, and a laptop that received it through the command line."""
    bureau, laptop = tmp_path / "bureau.sqlite3", tmp_path / "laptop.sqlite3"
    made = _with(bureau, "局审核员", sample.build)
    _ok(run_cli("--db", str(bureau), "exchange", "export", str(tmp_path / "start.cixi")))
    out = _ok(run_cli("--db", str(laptop), "--user", "周巷录入员", "exchange", "import",
                      str(tmp_path / "start.cixi")))  # fmt: skip
    assert "已合并：新增 9，更新 0，跳过 0，冲突 0" in out
    return bureau, laptop, made


def test_a_package_carries_the_ledger_and_a_second_import_changes_nothing(
    ledgers: tuple[Path, Path, Any], run_cli: Run, tmp_path: Path
) -> None:
    bureau, laptop, _ = ledgers
    assert _summary(run_cli, laptop) == _summary(run_cli, bureau)
    before = _with(laptop, "x", sample.dump)
    out = _ok(run_cli("--db", str(laptop), "exchange", "import", str(tmp_path / "start.cixi")))
    assert "合并过，本次没有任何修改" in out
    assert _with(laptop, "x", sample.dump) == before


def test_since_last_and_dry_run(
    ledgers: tuple[Path, Path, Any], run_cli: Run, tmp_path: Path
) -> None:
    bureau, laptop, made = ledgers
    first = _ok(
        run_cli("--db", str(laptop), "exchange", "export", str(tmp_path / "one"), "--since", "LAST")
    )
    assert "全部记录（本库尚未导出过）" in first and (tmp_path / "one.cixi").exists()
    _edit_notes(laptop, "周巷录入员", made.planned, "镇里核实过")
    second = _ok(run_cli("--db", str(laptop), "exchange", "export", str(tmp_path / "two.cixi"),
                         "--since", "LAST"))  # fmt: skip
    assert "上次导出" in second and "项目 1" in second
    with zipfile.ZipFile(tmp_path / "two.cixi") as zf:
        assert json.loads(zf.read("manifest.json"))["counts"]["project"] == 1

    before = _with(bureau, "x", sample.dump)
    dry = _ok(
        run_cli("--db", str(bureau), "exchange", "import", str(tmp_path / "two.cixi"), "--dry-run")
    )
    assert "更新  项目 CX-2019-0001 装配线改造（备注）" in dry
    assert "试运行：新增 0，更新 1，跳过 1，冲突 0；没有做任何修改" in dry
    assert _with(bureau, "x", sample.dump) == before
    done = _ok(run_cli("--db", str(bureau), "exchange", "import", str(tmp_path / "two.cixi")))
    assert "已合并：新增 0，更新 1，跳过 1，冲突 0" in done
    assert _with(bureau, "x", lambda db: _notes(db, made.planned)) == "镇里核实过"


def _notes(db: Database, project_id: Any) -> str:
    with db.read() as s:
        return s.get_one(Project, project_id).notes


def test_conflicts_are_held_and_listed(
    ledgers: tuple[Path, Path, Any], run_cli: Run, tmp_path: Path
) -> None:
    bureau, laptop, made = ledgers
    _edit_notes(bureau, "局审核员", made.planned, "局里的备注")
    _edit_notes(laptop, "周巷录入员", made.planned, "镇里的备注")
    _ok(run_cli("--db", str(laptop), "exchange", "export", str(tmp_path / "l.cixi")))
    out = _ok(run_cli("--db", str(bureau), "exchange", "import", str(tmp_path / "l.cixi")))
    assert "冲突  项目 CX-2019-0001 装配线改造（备注）" in out
    assert "有 1 条记录两边都改过，已保留待处理" in out
    assert _with(bureau, "x", lambda db: _notes(db, made.planned)) == "局里的备注"
    listed = _ok(run_cli("--db", str(bureau), "exchange", "conflicts"))
    assert "项目 CX-2019-0001 装配线改造" in listed
    assert "备注：本库 局里的备注 ／ 交换包 镇里的备注" in listed


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "不是完整的交换包（文件损坏或被截断）"),
        (lambda data: b"PK\x03\x04" + data[4:40], "不是完整的交换包"),
        (lambda data: "随便一个文本文件".encode(), "不是完整的交换包"),
    ],
)
def test_a_damaged_package_is_refused_with_one_line_and_exit_1(
    ledgers: tuple[Path, Path, Any], run_cli: Run, tmp_path: Path, damage: Any, reason: str
) -> None:
    bureau, laptop, _ = ledgers
    good, bad = tmp_path / "good.cixi", tmp_path / "bad.cixi"
    _ok(run_cli("--db", str(laptop), "exchange", "export", str(good)))
    bad.write_bytes(damage(good.read_bytes()))
    before = _with(bureau, "x", sample.dump)
    result = run_cli("--db", str(bureau), "exchange", "import", str(bad))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("数据未接受：交换包：bad.cixi ") and reason in line
    assert _with(bureau, "x", sample.dump) == before


def test_usage_errors(run_cli: Run, tmp_path: Path) -> None:
    db = str(tmp_path / "l.sqlite3")
    for args in (
        ("exchange",),
        ("exchange", "export", str(tmp_path / "x.cixi"), "--since", "去年某天"),
    ):
        result = run_cli("--db", db, *args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("用法错误：")
    missing = run_cli("--db", db, "exchange", "import", str(tmp_path / "none.cixi"))
    assert missing.returncode == 1 and "无法读取文件" in missing.stderr
