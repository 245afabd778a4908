"""Offline copies that merge: a laptop's package into the bureau's ledger and back.

Two SQLite ledgers made through the services; every assertion reads the databases.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database, open_database
from cixi_desktop.store.exchange.export import export_changes
from cixi_desktop.store.exchange.merge import (
    ADD,
    CONFLICT,
    SKIP,
    UPDATE,
    MergePlan,
    apply_merge,
    plan_merge,
)
from cixi_desktop.store.exchange.package import PackageRefused, read_package
from cixi_desktop.store.models import AuditEntry, Enterprise, Project, StatusChange
from cixi_desktop.store.services import enterprises, exchange, projects
from cixi_desktop.store.services.projects import StatusMove
from cixi_desktop.store.summaries import headline

_spec = importlib.util.spec_from_file_location(
    "exchange_sample", Path(__file__).with_name("exchange_sample.py")
)
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


@pytest.fixture
def bureau(db_url: str) -> Iterator[Database]:
    """The bureau's ledger: a SQLite file, and the shared server when one is given."""
    db = open_database(db_url, user="局审核员")
    yield db
    db.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "laptop.sqlite3", user="周巷录入员")
    yield db
    db.close()


Merge = Callable[[Database, Database], MergePlan]


@pytest.fixture
def send(tmp_path: Path) -> Merge:
    """Export everything changed on ``source`` since its last export and merge it into ``target``."""
    count = iter(range(1000))

    def run(source: Database, target: Database) -> MergePlan:
        path = tmp_path / f"package-{next(count)}.cixi"
        since = exchange_last_export(source)
        export_changes(source, path, since)
        return apply_merge(target, plan_merge(target, read_package(path)))

    return run


def exchange_last_export(db: Database) -> Any:
    from cixi_desktop.store.exchange.export import last_export

    return last_export(db)


@pytest.fixture
def pair(bureau: Database, laptop: Database, send: Merge) -> Any:
    """The bureau's ledger, copied to the clerk's laptop through a package."""
    made = sample.build(bureau)
    plan = send(bureau, laptop)
    assert plan.count(CONFLICT) == 0 and plan.count(ADD) == 9
    return made


def _project(db: Database, project_id: uuid.UUID) -> Project:
    with db.read() as s:
        return s.get_one(Project, project_id)


def _actions(plan: MergePlan) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in plan.decisions:
        found.setdefault(d.action, []).append(d.label)
    return found


# --- round trip ---------------------------------------------------------------------------------


def test_a_full_package_copies_the_ledger_exactly(
    bureau: Database, laptop: Database, pair: Any
) -> None:
    assert sample.content(laptop) == sample.content(bureau)
    assert headline(laptop) == headline(bureau)
    # The bureau's history of those records came along, plus one merge entry each.
    with laptop.read() as s:
        entries = s.execute(
            select(AuditEntry.action, AuditEntry.user).where(
                AuditEntry.entity_id == str(pair.built)
            )
        ).all()
    assert ("create", "局审核员") in entries and ("merge", "周巷录入员") in entries


def test_laptop_work_merges_into_the_bureau_and_twice_changes_nothing(
    bureau: Database, laptop: Database, pair: Any, send: Merge, tmp_path: Path
) -> None:
    firm = enterprises.create_enterprise(
        laptop, {"name": "慈溪市丙塑料有限公司", "town_code": "周巷镇", "cluster_code": "新材料"}
    )
    new = projects.create_project(laptop, firm.id, sample.project_raw("注塑车间数字化"))
    planned = _project(laptop, pair.planned)
    projects.update_project(laptop, planned.id, planned.version, {"notes": "镇里核实过"})
    built = _project(laptop, pair.built)
    projects.record_payment(laptop, built.id, date(2019, 3, 1), Decimal("30"), "慈财企〔2019〕3号")

    path = tmp_path / "laptop.cixi"
    export_changes(laptop, path)
    package = read_package(path)
    plan = plan_merge(bureau, package)
    actions = _actions(plan)
    assert "企业 慈溪市丙塑料有限公司" in actions[ADD]
    assert f"项目 {new.code} 注塑车间数字化" in actions[ADD]
    assert any(label.startswith("补助拨付 30.00") for label in actions[ADD])
    assert actions[UPDATE] == ["项目 CX-2019-0001 装配线改造"]
    assert CONFLICT not in actions
    assert next(d for d in plan.decisions if d.action == UPDATE).fields == ("notes",)

    apply_merge(bureau, plan)
    assert _project(bureau, pair.planned).notes == "镇里核实过"
    assert _project(bureau, new.id).code == new.code
    assert headline(bureau) == headline(laptop)
    assert sample.content(bureau) == sample.content(laptop)

    before = sample.dump(bureau)
    again = plan_merge(bureau, read_package(path))
    assert again.already_applied
    apply_merge(bureau, again)
    assert sample.dump(bureau) == before


def test_a_merge_is_idempotent_even_without_remembering_the_package(
    bureau: Database, laptop: Database, pair: Any, tmp_path: Path
) -> None:
    planned = _project(laptop, pair.planned)
    projects.update_project(laptop, planned.id, planned.version, {"notes": "第二版"})
    first, second = tmp_path / "one.cixi", tmp_path / "two.cixi"
    export_changes(laptop, first)
    export_changes(laptop, second)  # the same changes, another package id
    apply_merge(bureau, plan_merge(bureau, read_package(first)))
    business = sample.content(bureau)
    plan = plan_merge(bureau, read_package(second))
    assert plan.already_applied is None
    assert plan.count(ADD) == plan.count(UPDATE) == plan.count(CONFLICT) == 0
    apply_merge(bureau, plan)
    assert sample.content(bureau) == business


def test_since_last_sends_only_what_changed(
    bureau: Database, laptop: Database, pair: Any, tmp_path: Path
) -> None:
    export_changes(laptop, tmp_path / "all.cixi")
    planned = _project(laptop, pair.planned)
    projects.update_project(laptop, planned.id, planned.version, {"notes": "只改这一条"})
    from cixi_desktop.store.exchange.export import last_export

    result = export_changes(laptop, tmp_path / "since.cixi", last_export(laptop))
    package = read_package(tmp_path / "since.cixi")
    assert [r["id"] for r in package.rows["project"]] == [pair.planned]
    assert {r["id"] for r in package.rows["enterprise"]} == {planned.enterprise_id}
    assert result.records == 2
    plan = plan_merge(bureau, package)
    assert _actions(plan) == {
        UPDATE: ["项目 CX-2019-0001 装配线改造"],
        SKIP: [plan.decisions[0].label],
    }


def test_deleting_on_the_laptop_reaches_the_bureau(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    from cixi_desktop.store.services.registry_edits import withdraw

    planned = _project(laptop, pair.planned)
    withdraw(laptop, "project", planned.id, planned.version)
    plan = send(laptop, bureau)
    assert next(d for d in plan.decisions if d.action == UPDATE).fields == ("deleted_at",)
    assert _project(bureau, pair.planned).deleted_at is not None
    assert headline(bureau).projects == headline(laptop).projects


def test_changes_made_at_the_bureau_flow_back_without_conflict(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    built = _project(bureau, pair.built)
    projects.change_status(
        bureau, built.id, built.version, StatusMove(Status.PAID, document_no="慈经信〔2019〕1号")
    )
    plan = send(bureau, laptop)
    assert plan.count(CONFLICT) == 0
    assert _project(laptop, pair.built).status == "已拨付"
    with laptop.read() as s:
        moves = s.scalars(
            select(StatusChange.to_status)
            .where(StatusChange.project_id == pair.built)
            .order_by(StatusChange.at)
        ).all()
    assert moves[-1] == "已拨付"


# --- conflicts ---------------------------------------------------------------------------------


def _edit_both_sides(bureau: Database, laptop: Database, pair: Any) -> None:
    mine = _project(bureau, pair.planned)
    projects.update_project(
        bureau, mine.id, mine.version, {"notes": "局里的备注", "total_investment": "1200"}
    )
    theirs = _project(laptop, pair.planned)
    theirs = projects.update_project(laptop, theirs.id, theirs.version, {"notes": "镇里的备注"})
    projects.change_status(
        laptop,
        theirs.id,
        theirs.version,
        StatusMove(Status.IN_PROGRESS, actual_start_date=date(2019, 4, 1)),
    )


def test_records_changed_on_both_sides_are_held_with_their_fields(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    _edit_both_sides(bureau, laptop, pair)
    before = _project(bureau, pair.planned)
    plan = send(laptop, bureau)
    [conflict] = plan.conflicts
    assert conflict.label == "项目 CX-2019-0001 装配线改造"
    assert set(conflict.fields) == {"notes", "total_investment", "status", "actual_start_date"}
    # Held, not written: the bureau's record is as it was.
    after = _project(bureau, pair.planned)
    assert (after.version, after.notes, after.status) == (before.version, "局里的备注", "计划")
    [view] = exchange.conflict_views(bureau)
    shown = {f.name: (f.label, f.mine, f.theirs) for f in view.fields}
    assert shown["notes"] == ("备注", "局里的备注", "镇里的备注")
    assert shown["total_investment"][1:] == ("1200.00", "1000.00")
    assert shown["status"] == ("状态", "计划", "在建")


def test_a_person_resolves_field_by_field_and_the_choice_is_audited(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    _edit_both_sides(bureau, laptop, pair)
    send(laptop, bureau)
    laptop_version = _project(laptop, pair.planned).version
    bureau_version = _project(bureau, pair.planned).version
    [view] = exchange.conflict_views(bureau)
    result = exchange.resolve_conflict(
        bureau,
        view.id,
        {"notes": "theirs", "total_investment": "mine", "status": "theirs",
         "actual_start_date": "theirs"},
    )  # fmt: skip
    row = _project(bureau, pair.planned)
    assert (row.notes, row.total_investment, row.status) == (
        "镇里的备注",
        Decimal("1200.00"),
        "在建",
    )
    assert row.actual_start_date == date(2019, 4, 1)
    assert row.version == result.version == max(laptop_version, bureau_version) + 1
    assert exchange.conflict_views(bureau) == []
    with bureau.read() as s:
        merged = s.execute(
            select(AuditEntry.field, AuditEntry.old, AuditEntry.new, AuditEntry.user).where(
                AuditEntry.entity_id == str(pair.planned), AuditEntry.action == "merge"
            )
        ).all()
        last_move = s.scalars(
            select(StatusChange.to_status)
            .where(StatusChange.project_id == pair.planned)
            .order_by(StatusChange.at.desc())
        ).first()
    assert ("notes", "局里的备注", "镇里的备注", "局审核员") in merged
    assert ("status", "计划", "在建", "局审核员") in merged
    assert not any(f == "total_investment" for f, *_ in merged[1:])
    assert any("逐项处理冲突" in (new or "") for _, _, new, _ in merged)
    assert last_move == "在建"

    # The resolved record goes back to the laptop as the newer one: no new conflict.
    plan = send(bureau, laptop)
    assert plan.count(CONFLICT) == 0
    assert _project(laptop, pair.planned).total_investment == Decimal("1200.00")
    assert sample.content(laptop) == sample.content(bureau)


def test_a_kept_value_is_not_undone_by_the_next_package(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    _edit_both_sides(bureau, laptop, pair)
    send(laptop, bureau)
    [view] = exchange.conflict_views(bureau)
    exchange.resolve_conflict(bureau, view.id, {f.name: "mine" for f in view.fields})
    # The clerk goes on editing before hearing back: only that new edit comes in.
    row = _project(laptop, pair.planned)
    projects.update_project(laptop, row.id, row.version, {"content": "增加两台机器人"})
    plan = send(laptop, bureau)
    [update] = [d for d in plan.decisions if d.table == "project" and d.action == UPDATE]
    assert update.fields == ("content",)
    row = _project(bureau, pair.planned)
    assert (row.content, row.notes, row.status) == ("增加两台机器人", "局里的备注", "计划")


def test_payments_of_a_held_project_wait_with_it(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    mine = _project(bureau, pair.built)
    projects.update_project(bureau, mine.id, mine.version, {"notes": "局里复核"})
    theirs = _project(laptop, pair.built)
    theirs = projects.grant_subsidy(laptop, theirs.id, theirs.version, Decimal("120"), "追加")
    projects.record_payment(laptop, theirs.id, date(2019, 5, 1), Decimal("60"), "追加拨付")
    paid_before = headline(bureau).subsidy_paid
    plan = send(laptop, bureau)
    assert [d.label for d in plan.conflicts] == ["项目 CX-2018-0001 冲压车间机器换人"]
    assert headline(bureau).subsidy_paid == paid_before
    [view] = exchange.conflict_views(bureau)
    with pytest.raises(exchange.ValidationError, match="累计拨付"):
        exchange.resolve_conflict(bureau, view.id, {f.name: "mine" for f in view.fields})
    exchange.resolve_conflict(bureau, view.id, {f.name: "theirs" for f in view.fields})
    assert headline(bureau).subsidy_paid == paid_before + Decimal("60")


# --- clashes of codes and names -----------------------------------------------------------------


def test_a_project_code_made_on_both_sides_is_renumbered_and_reported(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    firm = pair.firm
    at_bureau = projects.create_project(bureau, firm, sample.project_raw("局里新增"))
    on_laptop = projects.create_project(laptop, firm, sample.project_raw("镇里新增"))
    assert at_bureau.code == on_laptop.code == "CX-2019-0003"
    plan = send(laptop, bureau)
    [recoded] = plan.recoded
    assert recoded.new_code == "CX-2019-0004"
    assert "CX-2019-0003" in recoded.why and "CX-2019-0004" in recoded.why
    assert _project(bureau, on_laptop.id).code == "CX-2019-0004"
    assert _project(bureau, at_bureau.id).code == "CX-2019-0003"
    # Later edits of that project on the laptop still merge, keeping the bureau's code.
    row = _project(laptop, on_laptop.id)
    projects.update_project(laptop, row.id, row.version, {"notes": "补充说明"})
    plan = send(laptop, bureau)
    assert plan.count(CONFLICT) == 0
    row = _project(bureau, on_laptop.id)
    assert (row.code, row.notes) == ("CX-2019-0004", "补充说明")
    # Edited on both sides: the conflict is about the edit, never about the code.
    projects.update_project(bureau, row.id, row.version, {"content": "局里补充"})
    row = _project(laptop, on_laptop.id)
    projects.update_project(laptop, row.id, row.version, {"content": "镇里补充"})
    [conflict] = send(laptop, bureau).conflicts
    assert conflict.fields == ("content",)
    [view] = exchange.conflict_views(bureau)
    assert [f.name for f in view.fields] == ["content"]
    exchange.resolve_conflict(bureau, view.id, {"content": "theirs"})
    row = _project(bureau, on_laptop.id)
    assert (row.code, row.content) == ("CX-2019-0004", "镇里补充")


def test_an_enterprise_registered_on_both_sides_is_one_enterprise(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    raw = {"name": "慈溪市丁五金有限公司", "uscc": "91110000600037341L", "town_code": "周巷镇",
           "cluster_code": "关键基础件"}  # fmt: skip
    here = enterprises.create_enterprise(bureau, raw)
    there = enterprises.create_enterprise(laptop, raw)
    made = projects.create_project(laptop, there.id, sample.project_raw("钻床改造"))
    send(laptop, bureau)
    with bureau.read() as s:
        firms = s.scalars(select(Enterprise.id).where(Enterprise.uscc == raw["uscc"])).all()
    assert firms == [here.id]
    assert _project(bureau, made.id).enterprise_id == here.id


# --- refused packages ---------------------------------------------------------------------------


def _rezip(
    source: Path, target: Path, edit: Callable[[dict[str, bytes]], None], fix: bool = True
) -> None:
    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    edit(members)
    if fix:  # keep the checksums right, so the check under test is the one that fires
        manifest = json.loads(members["manifest.json"])
        for name in manifest["members"]:
            manifest["members"][name] = hashlib.sha256(members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    target.write_bytes(buffer.getvalue())


def _manifest(edit: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def run(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return run


def _edit_rows(
    table: str, edit: Callable[[dict[str, Any]], None]
) -> Callable[[dict[str, bytes]], None]:
    def run(members: dict[str, bytes]) -> None:
        rows = [json.loads(line) for line in members[f"{table}.jsonl"].decode().splitlines()]
        edit(rows[0])
        members[f"{table}.jsonl"] = "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in rows
        ).encode()

    return run


def _flip_byte_of_member(source: Path, target: Path, member: str) -> None:
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo(member)
    # The member's data follows its 30-byte local header, name and extra field.
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x01
    target.write_bytes(bytes(data))


def _damaged(kind: str, good: Path, bad: Path) -> None:
    if kind == "flipped byte":
        _flip_byte_of_member(good, bad, "project.jsonl")
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "changed without checksum":
        _rezip(good, bad, _edit_rows("project", lambda r: r.update(notes="改过")), fix=False)
    elif kind == "missing member":
        _rezip(good, bad, lambda m: m.pop("status_change.jsonl"), fix=False)
    elif kind == "bad json":
        _rezip(good, bad, lambda m: m.update({"project.jsonl": b'{"id": \n'}))
    elif kind == "wrong format":
        _rezip(good, bad, _manifest(lambda m: m.update(format="something-else")))
    elif kind == "newer schema":
        _rezip(good, bad, _manifest(lambda m: m.update(schema_revision="9999")))
    elif kind == "newer format":
        _rezip(good, bad, _manifest(lambda m: m.update(format_version=99)))
    elif kind == "not a zip":
        bad.write_text("这不是交换包", encoding="utf-8")
    elif kind == "invalid row":
        _rezip(
            good, bad, _edit_rows("project", lambda r: r.update(equipment_investment="99999.00"))
        )
    elif kind == "bad amount":
        _rezip(good, bad, _edit_rows("project", lambda r: r.update(total_investment=12.5)))
    elif kind == "overpaid":  # only found while applying: the writes so far roll back
        _rezip(good, bad, _edit_rows("subsidy_payment", lambda r: r.update(amount="500.00")))
    elif kind == "unknown town":
        _rezip(good, bad, _edit_rows("enterprise", lambda r: r.update(town_code="999999999")))


REASONS = {
    "flipped byte": "已损坏",
    "truncated": "损坏或被截断",
    "changed without checksum": "校验不符",
    "missing member": "缺少",
    "bad json": "不是有效的 JSON",
    "wrong format": "不是 cixi-desktop 的交换包",
    "newer schema": "更新版本",
    "newer format": "更新版本",
    "not a zip": "损坏或被截断",
    "invalid row": "设备投资",
    "bad amount": "金额应写成文字",
    "unknown town": "没有代码为 999999999",
    "overpaid": "累计拨付 500.00 万元，超过核定补助（80.00 万元）",
}


@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_damaged_or_foreign_package_is_refused_whole(
    kind: str, bureau: Database, laptop: Database, pair: Any, tmp_path: Path
) -> None:
    # The laptop has real work in it, so a refusal would have something to write.
    firm = enterprises.create_enterprise(
        laptop, {"name": "慈溪市戊科技有限公司", "town_code": "周巷镇", "cluster_code": "生命健康"}
    )
    projects.create_project(laptop, firm.id, sample.project_raw("洁净车间"))
    good, bad = tmp_path / "good.cixi", tmp_path / "bad.cixi"
    export_changes(laptop, good)
    _damaged(kind, good, bad)
    before = sample.dump(bureau)
    with pytest.raises(PackageRefused) as refused:
        apply_merge(bureau, plan_merge(bureau, read_package(bad)))
    assert REASONS[kind] in refused.value.reason
    assert sample.dump(bureau) == before
    # The undamaged package still merges.
    assert plan_merge(bureau, read_package(good)).count(ADD) == 2


def test_a_ledgers_own_package_is_refused(laptop: Database, pair: Any, tmp_path: Path) -> None:
    export_changes(laptop, tmp_path / "own.cixi")
    with pytest.raises(PackageRefused, match="本数据库自己导出"):
        plan_merge(laptop, read_package(tmp_path / "own.cixi"))


def test_a_plan_gone_stale_is_not_applied(
    bureau: Database, laptop: Database, pair: Any, tmp_path: Path
) -> None:
    row = _project(laptop, pair.planned)
    projects.update_project(laptop, row.id, row.version, {"notes": "镇里改的"})
    export_changes(laptop, tmp_path / "p.cixi")
    plan = plan_merge(bureau, read_package(tmp_path / "p.cixi"))
    assert plan.count(UPDATE) == 1
    mine = _project(bureau, pair.planned)
    projects.update_project(bureau, mine.id, mine.version, {"notes": "局里同时改的"})
    before = sample.dump(bureau)
    with pytest.raises(PackageRefused, match="重新导入"):
        apply_merge(bureau, plan)
    assert sample.dump(bureau) == before


def test_a_copied_ledger_file_becomes_a_ledger_of_its_own(tmp_path: Path) -> None:
    """A clerk given a copy of the bureau's file: edits there merge back by history."""
    import shutil

    bureau = open_database(tmp_path / "bureau.sqlite3", user="局审核员")
    made = sample.build(bureau)
    export_changes(bureau, tmp_path / "first.cixi")  # gives the bureau its exchange id
    bureau.close()
    shutil.copyfile(tmp_path / "bureau.sqlite3", tmp_path / "copy.sqlite3")
    bureau_again = open_database(tmp_path / "bureau.sqlite3", user="局审核员")
    copy = open_database(tmp_path / "copy.sqlite3", user="周巷录入员")
    try:
        row = _project(copy, made.planned)
        projects.update_project(copy, row.id, row.version, {"notes": "拷贝上改的"})
        export_changes(copy, tmp_path / "copy.cixi")
        plan = apply_merge(
            bureau_again, plan_merge(bureau_again, read_package(tmp_path / "copy.cixi"))
        )
        assert plan.count(CONFLICT) == 0 and plan.count(UPDATE) == 1
        assert _project(bureau_again, made.planned).notes == "拷贝上改的"
    finally:
        copy.close()
        bureau_again.close()


def test_rows_are_written_exactly(laptop: Database, pair: Any, tmp_path: Path) -> None:
    export_changes(laptop, tmp_path / "x.cixi")
    with zipfile.ZipFile(tmp_path / "x.cixi") as zf:
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        manifest = json.loads(zf.read("manifest.json"))
        payment = json.loads(zf.read("subsidy_payment.jsonl").decode().splitlines()[0])
        project = next(
            json.loads(line)
            for line in zf.read("project.jsonl").decode().splitlines()
            if json.loads(line)["id"] == str(pair.built)
        )
    assert manifest["format"] == "cixi-desktop-exchange"
    assert manifest["counts"]["project"] == 3
    assert payment["amount"] == "50.00" and payment["paid_on"] == "2018-12-20"
    assert project["approved_subsidy"] == "80.00" and project["deleted_at"] is None
    uuid.UUID(project["id"])
    assert exchange.ensure_database_id(laptop) == manifest["database_id"]


# --- other records, reference data, roles ---------------------------------------------------


def test_an_enterprise_renamed_on_both_sides_resolves_with_its_former_names(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    def rename(db: Database, name: str, former: list[str] | None = None) -> None:
        with db.read() as s:
            version = s.get_one(Enterprise, pair.firm).version
        enterprises.update_enterprise(db, pair.firm, version, {"name": name}, former)

    rename(bureau, "宁波甲智能电器股份有限公司")
    # The clerk also records the name the firm had as a workshop.
    rename(laptop, "慈溪甲电器集团有限公司", ["慈溪甲电器厂", "慈溪市甲电器有限公司"])
    send(laptop, bureau)
    [view] = exchange.conflict_views(bureau)
    shown = {f.name: (f.mine, f.theirs) for f in view.fields}
    assert shown["name"] == ("宁波甲智能电器股份有限公司", "慈溪甲电器集团有限公司")
    assert "former_names" in shown
    exchange.resolve_conflict(bureau, view.id, {"name": "theirs", "former_names": "theirs"})
    with bureau.read() as s:
        firm = s.get_one(Enterprise, pair.firm)
        names = sorted(n.name for n in firm.former_names)
    assert firm.name == "慈溪甲电器集团有限公司"
    assert names == sorted(["宁波甲电器股份有限公司", "慈溪市甲电器有限公司", "慈溪甲电器厂"])


def test_an_annual_plan_set_on_both_sides_is_one_plan_held_when_it_differs(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    from cixi_desktop.store.services import plans

    plans.set_annual_plan(bureau, 2020, sample.ZHOUXIANG, 15, Decimal("8000"))
    plans.set_annual_plan(laptop, 2020, sample.ZHOUXIANG, 16, Decimal("8000"))
    plan = send(laptop, bureau)
    [conflict] = plan.conflicts
    assert conflict.table == "annual_plan" and conflict.fields == ("planned_enterprises",)
    [view] = exchange.conflict_views(bureau)
    exchange.resolve_conflict(bureau, view.id, {"planned_enterprises": "theirs"})
    assert headline(bureau, _year(2020)).planned_enterprises == 16


def _year(year: int) -> Any:
    from cixi_desktop.store.summaries import Scope

    return Scope(year_from=year, year_to=year)


def test_reference_codes_missing_here_are_added_and_differing_ones_kept(
    bureau: Database, laptop: Database, pair: Any, send: Merge
) -> None:
    from cixi_desktop.store.models import Category
    from cixi_desktop.store.services.registry_edits import save_reference

    save_reference(
        laptop, "category", None, None, {"code": "C99", "name": "机器人工作站", "sort": 9}
    )
    firm = pair.firm
    projects.create_project(laptop, firm, sample.project_raw("焊接工作站", category_code="C99"))
    plan = send(laptop, bureau)
    assert [(t, r["code"]) for t, r in plan.references] == [("ref_category", "C99")]
    with bureau.read() as s:
        assert s.get_one(Category, "C99").name == "机器人工作站"


def test_only_reviewers_and_admins_merge(
    bureau: Database, laptop: Database, pair: Any, tmp_path: Path
) -> None:
    import dataclasses

    from cixi_desktop.store.errors import PermissionDenied

    export_changes(laptop, tmp_path / "p.cixi")
    package = read_package(tmp_path / "p.cixi")
    clerk = dataclasses.replace(bureau, role="录入员", town_code=sample.ZHOUXIANG)
    plan = plan_merge(clerk, package)  # looking is allowed
    with pytest.raises(PermissionDenied, match="只有审核员或管理员可以合并交换包"):
        apply_merge(clerk, plan)
    reviewer = dataclasses.replace(bureau, role="审核员")
    assert apply_merge(reviewer, plan).count(CONFLICT) == 0
