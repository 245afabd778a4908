"""The command line through the real entry point (``python -m cixi_desktop`` in a subprocess):
exit codes, one-line errors, exact JSON."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cixi_desktop import __version__
from cixi_desktop.cli import main
from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.store.database import open_database
from cixi_desktop.store.errors import ConflictError, EnvironmentProblem
from cixi_desktop.store.services import enterprises, plans, projects, providers

Run = Callable[..., subprocess.CompletedProcess[str]]

KEYS = [
    "projects", "enterprises", "planned_enterprises", "completed_projects",
    "completed_enterprises", "completion_rate", "total_investment", "equipment_investment",
    "subsidy", "subsidy_paid", "leverage", "providers", "above_scale_enterprises",
    "above_scale_covered", "coverage_rate",
]  # fmt: skip
AMOUNTS = ("total_investment", "equipment_investment", "subsidy", "subsidy_paid")
CHINESE = re.compile("[\u4e00-\u9fff]")


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _ledger(path: Path) -> Path:
    """2018: a plan of 2 in 周巷, three enterprises there completed a project (rate 1.5).
    2017: one 规上 enterprise in 观海卫 with a project still being built."""
    db = open_database(path, user="测试员")
    try:
        provider = providers.create_provider(db, {"name": "宁波智造工程服务有限公司"})
        for n, (total, equipment) in enumerate([("1000", "500"), ("800.50", "400.25"),
                                                ("12345678901234.56", "100")]):  # fmt: skip
            firm = enterprises.create_enterprise(
                db,
                {"name": f"慈溪市第{n}电器有限公司", "town_code": "周巷镇",
                 "cluster_code": "智能家电", "above_scale": True, "above_scale_year": 2015},
            )  # fmt: skip
            row = projects.create_project(
                db,
                firm.id,
                {"name": "机器换人", "plan_year": 2018, "category_code": "机器换人",
                 "total_investment": total, "equipment_investment": equipment, "status": "竣工",
                 "actual_start_date": "2018-03-01", "actual_completion_date": "2018-10-01"},
                providers=[(provider.id, "总包")],
            )  # fmt: skip
            if n == 0:
                row = projects.grant_subsidy(db, row.id, row.version)  # 50.00
                projects.record_payment(db, row.id, date(2018, 12, 1), Decimal("20.5"))
        plans.set_annual_plan(db, 2018, "330282121", 2, Decimal("3000"))
        firm = enterprises.create_enterprise(
            db,
            {"name": "慈溪观海卫某厂", "town_code": "观海卫镇", "cluster_code": "其他",
             "above_scale": True, "above_scale_year": 2016},
        )  # fmt: skip
        projects.create_project(
            db,
            firm.id,
            {"name": "在建项目", "plan_year": 2017, "category_code": "其他",
             "total_investment": "10", "equipment_investment": "5", "status": "在建",
             "actual_start_date": "2017-05-01"},
        )  # fmt: skip
    finally:
        db.close()
    return path


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages // 3, pages // 3 + 8):
        data[page * 4096 : (page + 1) * 4096] = bytes((page * 17 + i) % 253 for i in range(4096))
    path.write_bytes(bytes(data))


def _populated_for_damage(path: Path) -> Path:
    db = open_database(path, user="测试员")
    try:
        with db.batch():
            for n in range(150):
                firm = enterprises.create_enterprise(
                    db,
                    {"name": f"企业{n:03d}" * 6, "town_code": "周巷镇", "cluster_code": "其他",
                     "address": "慈溪市周巷镇" * 30},
                )  # fmt: skip
                projects.create_project(
                    db,
                    firm.id,
                    {"name": "项目" * 30, "plan_year": 2018, "category_code": "其他",
                     "total_investment": n + 1, "equipment_investment": 1,
                     "content": "建设内容" * 60},
                )  # fmt: skip
    finally:
        db.close()
    assert path.stat().st_size > 40 * 4096
    return path


# --- version and help -----------------------------------------------------------------------


def test_version(run_cli: Run) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cixi-desktop {__version__}"


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name(
        "cixi-desktop.exe" if sys.platform == "win32" else "cixi-desktop"
    )
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, f"cixi-desktop {__version__}")


def test_help_is_chinese(run_cli: Run) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：cixi-desktop")
    for word in ("慈溪智能化技改项目台账", "命令", "选项", "summary", "check", "主要指标"):
        assert word in result.stdout
    assert "usage:" not in result.stdout
    sub = run_cli("summary", "--help")
    assert sub.returncode == 0 and "计划年度或年度区间" in sub.stdout and "--json" in sub.stdout


def test_help_is_english_when_the_ui_language_is(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIXI_DESKTOP_LANG", "en")
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: cixi-desktop")
    assert "Cixi smart-manufacturing transformation ledger" in result.stdout
    assert "headline figures" in result.stdout
    assert not CHINESE.search(result.stdout)


# --- summary --json --------------------------------------------------------------------------


def _summary(run_cli: Run, db: Path | str, *args: str) -> tuple[str, dict[str, object]]:
    result = run_cli("--db", str(db), "summary", *args, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.count("\n") == 1 and out.endswith("}\n")  # exactly one object on one line
    data = json.loads(out, parse_float=Decimal)
    assert isinstance(data, dict)
    assert list(data) == KEYS
    return out, data


def test_summary_json_on_a_fresh_ledger(run_cli: Run, tmp_path: Path) -> None:
    raw, data = _summary(run_cli, tmp_path / "new.sqlite3")
    for key in ("completion_rate", "leverage", "coverage_rate"):
        assert data[key] is None
        assert f'"{key}": null' in raw
    for key in AMOUNTS:
        assert f'"{key}": 0.00' in raw
    assert data["projects"] == 0


def test_summary_json_figures(run_cli: Run, tmp_path: Path) -> None:
    db = _ledger(tmp_path / "ledger.sqlite3")
    raw, data = _summary(run_cli, db, "--year", "2018")
    assert data == {
        "projects": 3,
        "enterprises": 3,
        "planned_enterprises": 2,
        "completed_projects": 3,
        "completed_enterprises": 3,
        "completion_rate": Decimal("1.5000"),
        "total_investment": Decimal("12345678903035.06"),
        "equipment_investment": Decimal("1000.25"),
        "subsidy": Decimal("50.00"),
        "subsidy_paid": Decimal("20.50"),
        "leverage": Decimal("246913578060.70"),
        "providers": 1,
        "above_scale_enterprises": 4,
        "above_scale_covered": 3,
        "coverage_rate": Decimal("0.7500"),
    }
    # Amounts are numbers with two decimals, written exactly (never through float).
    assert '"total_investment": 12345678903035.06,' in raw
    assert '"subsidy_paid": 20.50,' in raw
    # Rates are fractions, not percentages.
    assert '"completion_rate": 1.5' in raw


def test_db_takes_a_url_as_well_as_a_path(run_cli: Run, tmp_path: Path) -> None:
    db = _ledger(tmp_path / "ledger.sqlite3")
    by_path = _summary(run_cli, db, "--year", "2018")
    by_url = _summary(run_cli, f"sqlite:///{db}", "--year", "2018")
    assert by_url == by_path


def test_summary_years_and_towns(run_cli: Run, tmp_path: Path) -> None:
    db = _ledger(tmp_path / "ledger.sqlite3")
    _raw, both = _summary(run_cli, db, "--year", "2017-2018")
    assert (both["projects"], both["completed_projects"]) == (4, 3)
    _raw, year = _summary(run_cli, db, "--year", "2017")
    assert (year["projects"], year["planned_enterprises"], year["completion_rate"]) == (1, 0, None)
    _raw, town = _summary(run_cli, db, "--year", "2017-2018", "--town", "观海卫")
    assert town["projects"] == 1
    _raw, everything = _summary(run_cli, db)
    assert everything["projects"] == 4


def test_summary_as_text(run_cli: Run, tmp_path: Path) -> None:
    db = _ledger(tmp_path / "ledger.sqlite3")
    result = run_cli("--db", str(db), "summary", "--year", "2018")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 15
    assert any(line.startswith("完成率") and line.endswith("150.0%") for line in lines)
    assert any("12,345,678,903,035.06" in line for line in lines)


# --- usage errors: exit 2, one line ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "--year", "abc"),
        ("summary", "--year", "2019-2018"),
        ("summary", "--town", "火星镇"),
        ("no-such-command",),
        ("summary", "--no-such-option"),
    ],
)
def test_usage_errors(run_cli: Run, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run_cli("--db", str(tmp_path / "ledger.sqlite3"), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert _one_line(result.stderr).startswith("用法错误：")


def test_year_abc_names_the_option(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "x.sqlite3"), "summary", "--year", "abc", "--json")
    assert result.returncode == 2
    assert "--year" in _one_line(result.stderr) and "abc" in result.stderr


# --- environment problems: exit 3, one line ----------------------------------------------------


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("这是一份会议纪要，不是数据库。\n", encoding="utf-8")
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "folder.sqlite3"
    path.mkdir()
    return path


def _noise(tmp_path: Path) -> Path:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(bytes((i * 131 + 7) % 256 for i in range(20000)))
    return path


def _newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    con.commit()
    con.close()
    return path


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("make", [_text_file, _folder, _noise, _newer, _foreign])
@pytest.mark.parametrize("command", ["summary", "check"])
def test_a_db_that_cannot_be_used_exits_3_with_one_line(
    run_cli: Run, tmp_path: Path, make: Callable[[Path], Path], command: str
) -> None:
    path = make(tmp_path)
    result = run_cli("--db", str(path), command)
    assert result.returncode == 3, result
    line = _one_line(result.stderr)
    assert CHINESE.search(line)
    assert str(path) in line


# --- check ----------------------------------------------------------------------------------


def test_check_passes_on_a_fresh_ledger(run_cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite3"
    assert run_cli("--db", str(db), "summary").returncode == 0  # creates it
    result = run_cli("--db", str(db), "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "完整性检查：通过" in result.stdout
    assert "（最新）" in result.stdout


def test_check_passes_on_a_populated_ledger(run_cli: Run, tmp_path: Path) -> None:
    db = _populated_for_damage(tmp_path / "ledger.sqlite3")
    result = run_cli("--db", str(db), "check")
    assert result.returncode == 0, result.stderr


def test_a_damaged_ledger_fails_check_and_summary_with_exit_3(run_cli: Run, tmp_path: Path) -> None:
    db = _populated_for_damage(tmp_path / "ledger.sqlite3")
    _damage(db)
    result = run_cli("--db", str(db), "check")
    assert result.returncode == 3
    assert "损坏" in _one_line(result.stderr)
    result = run_cli("--db", str(db), "summary", "--json")
    assert result.returncode == 3
    assert result.stdout == ""
    assert "损坏" in _one_line(result.stderr)


def test_check_on_a_missing_file_exits_3_and_creates_nothing(run_cli: Run, tmp_path: Path) -> None:
    db = tmp_path / "missing.sqlite3"
    result = run_cli("--db", str(db), "check")
    assert result.returncode == 3
    assert "不存在" in _one_line(result.stderr)
    assert not db.exists()


def test_check_reports_an_old_schema(run_cli: Run, tmp_path: Path) -> None:
    from cixi_desktop.store import migrate

    db_path = tmp_path / "old.sqlite3"
    db = open_database(db_path, migrate=False)
    migrate.upgrade_to_head(db, target="0001")
    db.close()
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 3
    assert "0001" in result.stdout


# --- the exit code table, in process ---------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "code", "starts"),
    [
        (
            ValidationError.single("name", "企业名称", "必须填写"),
            1,
            "数据未接受：企业名称：必须填写",
        ),
        (ConflictError("project", "x", 1, 2), 1, "数据未接受：该记录已被他人修改"),
        (EnvironmentProblem("数据库已锁定"), 3, "无法继续：数据库已锁定"),
        (RuntimeError("boom\nsecond line"), 70, "程序错误：RuntimeError: boom；"),
    ],
)
def test_errors_map_to_exit_codes_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    error: Exception,
    code: int,
    starts: str,
) -> None:
    from cixi_desktop.cli import core

    def fail(*_args: object) -> int:
        raise error

    monkeypatch.setattr(core, "run_summary", fail)
    assert main(["--db", str(tmp_path / "x.sqlite3"), "summary"]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert _one_line(captured.err).startswith(starts)
