"""Two clients editing one project at once (two real connections to one ledger, on each
backend): the second save is a ConflictError and nobody's change is lost, whether the
second client read a stale copy, both save at the same moment, or one waits on the
other's open transaction."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from cixi_desktop.domain.workflow import Status
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import ConflictError
from cixi_desktop.store.models import AuditEntry, Enterprise, Project
from cixi_desktop.store.services import enterprises, projects
from cixi_desktop.store.services.projects import StatusMove


@pytest.fixture
def project_id(db: Database) -> uuid.UUID:
    firm = enterprises.create_enterprise(
        db, {"name": "慈溪市甲电器有限公司", "town_code": "周巷镇", "cluster_code": "智能家电"}
    )
    raw = {
        "name": "冲压车间机器换人",
        "plan_year": 2018,
        "category_code": "机器换人",
        "total_investment": "1000",
        "equipment_investment": "500",
    }
    return projects.create_project(db, firm.id, raw).id


def _row(db: Database, project_id: uuid.UUID) -> Project:
    with db.read() as session:
        return session.get_one(Project, project_id)


def _investment_edits(db: Database, project_id: uuid.UUID) -> list[tuple[str, str | None]]:
    with db.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == str(project_id), AuditEntry.field == "total_investment")
            .order_by(AuditEntry.id)
        )
        return [(e.user, e.new) for e in rows]


def test_a_stale_copy_is_refused_and_the_first_save_kept(
    db: Database, other_db: Database, project_id: uuid.UUID
) -> None:
    mine, theirs = _row(db, project_id), _row(other_db, project_id)
    assert mine.version == theirs.version == 1
    projects.update_project(other_db, project_id, theirs.version, {"total_investment": "900"})
    with pytest.raises(ConflictError) as conflict:
        projects.update_project(db, project_id, mine.version, {"total_investment": "950"})
    assert (conflict.value.entity, conflict.value.entity_id) == ("project", str(project_id))
    assert (conflict.value.expected_version, conflict.value.current_version) == (1, 2)
    assert "该记录已被他人修改" in str(conflict.value)
    final = _row(db, project_id)
    assert (final.total_investment, final.version, final.updated_by) == (
        Decimal("900"),
        2,
        "另一位同事",
    )
    assert _investment_edits(db, project_id) == [("另一位同事", "900.00")]
    # Reading again and saving on the current version works: nothing is stuck.
    projects.update_project(db, project_id, final.version, {"total_investment": "950"})
    assert _row(other_db, project_id).total_investment == Decimal("950")


def test_a_status_move_makes_a_stale_edit_a_conflict(
    db: Database, other_db: Database, project_id: uuid.UUID
) -> None:
    stale = _row(db, project_id).version
    start = StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1))
    projects.change_status(other_db, project_id, stale, start)
    with pytest.raises(ConflictError):
        projects.update_project(db, project_id, stale, {"notes": "补充说明"})
    with pytest.raises(ConflictError):
        projects.change_status(db, project_id, stale, start)
    final = _row(db, project_id)
    assert (final.status, final.notes, final.version) == ("在建", "", 2)


def test_an_enterprise_edited_twice_keeps_the_first_save(
    db: Database, other_db: Database, project_id: uuid.UUID
) -> None:
    firm_id = _row(db, project_id).enterprise_id
    with db.read() as session:
        version = session.get_one(Enterprise, firm_id).version
    enterprises.update_enterprise(other_db, firm_id, version, {"contact": "王经理"})
    with pytest.raises(ConflictError):
        enterprises.update_enterprise(db, firm_id, version, {"contact": "李主任"})
    with db.read() as session:
        assert session.get_one(Enterprise, firm_id).contact == "王经理"


@dataclass
class Outcome:
    saved: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def _save_in_thread(
    db: Database,
    project_id: uuid.UUID,
    version: int,
    value: str,
    outcome: Outcome,
    start: Callable[[], object] = lambda: None,
) -> threading.Thread:
    def run() -> None:
        try:
            start()
            projects.update_project(db, project_id, version, {"total_investment": value})
            outcome.saved.append(value)
        except ConflictError:
            outcome.conflicts.append(value)
        except BaseException as exc:  # reported by the test, not lost in the thread
            outcome.errors.append(exc)

    thread = threading.Thread(target=run, name=f"save-{value}")
    thread.start()
    return thread


def test_two_saves_at_the_same_moment_one_wins_one_conflicts(
    db: Database, other_db: Database, project_id: uuid.UUID
) -> None:
    for round_no in range(5):
        version = _row(db, project_id).version
        barrier = threading.Barrier(2)
        outcome = Outcome()
        values = (f"{900 + round_no}", f"{950 + round_no}")
        threads = [
            _save_in_thread(client, project_id, version, value, outcome, barrier.wait)
            for client, value in zip((db, other_db), values, strict=True)
        ]
        for thread in threads:
            thread.join()
        assert outcome.errors == []
        assert len(outcome.saved) == 1 and len(outcome.conflicts) == 1, outcome
        final = _row(db, project_id)
        assert final.total_investment == Decimal(outcome.saved[0])
        assert final.version == version + 1
    # Every round left exactly one edit in the trail, the winner's.
    assert len(_investment_edits(db, project_id)) == 5


def _wait_until_someone_waits_for_a_lock(db: Database) -> None:
    """PostgreSQL: until another session is blocked on a row lock (bounded, not timed)."""
    done = threading.Event()
    for _ in range(600):
        with db.engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        if waiting:
            return
        done.wait(0.05)
    raise AssertionError("the second client never waited for the first one's row lock")


def test_a_save_during_anothers_open_transaction_waits_then_conflicts(
    db: Database, other_db: Database, project_id: uuid.UUID
) -> None:
    version = _row(db, project_id).version
    outcome = Outcome()
    with db.batch():
        # The first client's save is written but not committed: it holds the row
        # (PostgreSQL: SELECT … FOR UPDATE; SQLite: the write lock).
        projects.update_project(db, project_id, version, {"total_investment": "900"})
        second = _save_in_thread(other_db, project_id, version, "950", outcome)
        if not db.is_sqlite:
            _wait_until_someone_waits_for_a_lock(db)
    second.join()
    assert outcome.errors == [] and outcome.saved == [] and outcome.conflicts == ["950"]
    final = _row(other_db, project_id)
    assert (final.total_investment, final.version) == (Decimal("900"), version + 1)
    with db.read() as session:
        count = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity_id == str(project_id), AuditEntry.action == "update")
        )
    assert count == 1
