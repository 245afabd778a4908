"""The baseline for ``summaries``: the same dashboard and briefing figures as plain SQL
``GROUP BY``s on a bare ``sqlite3`` connection (default settings), written the way one
would by hand: one statement per figure, each total read once.

Scope: plan years ``first``–``last``, every town (what the briefing's default covers).
``figures`` returns a few numbers to compare with the app's, so the baseline is known to
do the same work.
"""

from __future__ import annotations

import sqlite3
from typing import Any

DONE = "('竣工', '已验收', '已拨付', '验收不通过', '整改')"
ACCEPTED = "('已验收', '已拨付')"
LIVE = "p.status != '终止'"
SCOPE = "p.deleted_at IS NULL AND p.plan_year BETWEEN :first AND :last"

GROUP_COLUMNS = f"""
    count(*), count(DISTINCT p.enterprise_id), count(p.actual_start_date),
    count(CASE WHEN p.status IN {DONE} THEN 1 END),
    count(CASE WHEN p.status IN {ACCEPTED} THEN 1 END),
    count(DISTINCT CASE WHEN p.status IN {DONE} THEN p.enterprise_id END),
    coalesce(sum(CASE WHEN {LIVE} THEN p.total_investment ELSE 0 END), 0),
    coalesce(sum(CASE WHEN {LIVE} THEN p.equipment_investment ELSE 0 END), 0),
    coalesce(sum(CASE WHEN {LIVE} THEN coalesce(p.approved_subsidy, 0) ELSE 0 END), 0)
"""

COVERED = f"""EXISTS (SELECT 1 FROM project p WHERE p.enterprise_id = e.id
    AND p.deleted_at IS NULL AND p.status IN {DONE}
    AND p.actual_completion_date <= :year_end)"""
ABOVE_SCALE = """e.deleted_at IS NULL AND e.above_scale = 1
    AND coalesce(e.above_scale_year, 0) <= :last"""
BAND = """CASE WHEN p.total_investment < 50000 THEN 0 WHEN p.total_investment < 100000 THEN 1
    WHEN p.total_investment < 500000 THEN 2 WHEN p.total_investment < 1000000 THEN 3 ELSE 4 END"""

STATEMENTS: dict[str, str] = {
    # headline / fiscal: totals of the scope, plan, payments, providers, 规上 coverage
    "totals": f"SELECT {GROUP_COLUMNS} FROM project p WHERE {SCOPE}",
    "planned": "SELECT coalesce(sum(planned_enterprises), 0) FROM annual_plan"
    " WHERE deleted_at IS NULL AND year BETWEEN :first AND :last",
    "paid": "SELECT coalesce(sum(sp.amount), 0) FROM project p"
    f" JOIN subsidy_payment sp ON sp.project_id = p.id WHERE sp.deleted_at IS NULL AND {SCOPE}",
    "provider_count": "SELECT count(DISTINCT pp.provider_id) FROM project p"
    f" JOIN project_provider pp ON pp.project_id = p.id WHERE {SCOPE}",
    "coverage": f"SELECT count(*), count(CASE WHEN {COVERED} THEN 1 END) FROM enterprise e"
    f" WHERE {ABOVE_SCALE}",
    # breakdowns
    "by_town": f"SELECT e.town_code, {GROUP_COLUMNS} FROM project p"
    f" JOIN enterprise e ON e.id = p.enterprise_id WHERE {SCOPE} GROUP BY e.town_code",
    "plans_by_town": "SELECT town_code, sum(planned_enterprises) FROM annual_plan"
    " WHERE deleted_at IS NULL AND year BETWEEN :first AND :last GROUP BY town_code",
    "by_cluster": f"SELECT e.cluster_code, {GROUP_COLUMNS} FROM project p"
    f" JOIN enterprise e ON e.id = p.enterprise_id WHERE {SCOPE} GROUP BY e.cluster_code",
    "by_category": f"SELECT p.category_code, {GROUP_COLUMNS} FROM project p WHERE {SCOPE}"
    " GROUP BY p.category_code",
    "bands": f"SELECT {BAND}, {GROUP_COLUMNS} FROM project p WHERE {SCOPE} GROUP BY 1",
    "coverage_by_town": "SELECT e.town_code, count(*),"
    f" count(CASE WHEN {COVERED} THEN 1 END) FROM enterprise e WHERE {ABOVE_SCALE}"
    " GROUP BY e.town_code",
    "providers": "SELECT s.name, count(DISTINCT p.enterprise_id), count(DISTINCT p.id),"
    f" coalesce(sum(CASE WHEN {LIVE} THEN p.total_investment ELSE 0 END), 0)"
    " FROM project p JOIN project_provider pp ON pp.project_id = p.id"
    f" JOIN service_provider s ON s.id = pp.provider_id WHERE {SCOPE}"
    " GROUP BY s.id, s.name ORDER BY 4 DESC, s.name",
    "providers_total": "SELECT count(DISTINCT p.enterprise_id), count(*),"
    f" coalesce(sum(CASE WHEN {LIVE} THEN p.total_investment ELSE 0 END), 0) FROM project p"
    f" WHERE {SCOPE} AND EXISTS (SELECT 1 FROM project_provider pp WHERE pp.project_id = p.id)",
    "started_by_month": "SELECT substr(p.actual_start_date, 1, 7), count(*) FROM project p"
    f" WHERE p.actual_start_date IS NOT NULL AND {SCOPE} GROUP BY 1",
    "completed_by_month": "SELECT substr(p.actual_completion_date, 1, 7), count(*),"
    f" coalesce(sum(CASE WHEN {LIVE} THEN p.total_investment ELSE 0 END), 0) FROM project p"
    f" WHERE p.actual_completion_date IS NOT NULL AND {SCOPE} GROUP BY 1",
    "monthly_total": "SELECT count(p.actual_start_date), count(p.actual_completion_date),"
    f" coalesce(sum(CASE WHEN {LIVE} AND p.actual_completion_date IS NOT NULL"
    f" THEN p.total_investment ELSE 0 END), 0) FROM project p WHERE {SCOPE}",
    "completed_between": "SELECT count(*), count(DISTINCT p.enterprise_id),"
    f" coalesce(sum(CASE WHEN {LIVE} THEN p.total_investment ELSE 0 END), 0) FROM project p"
    f" WHERE {SCOPE} AND p.status IN {DONE}"
    " AND p.actual_completion_date BETWEEN :period_start AND :period_end",
    "top_projects": "SELECT p.code, e.name, p.name, t.name, c.name, p.status,"
    " p.total_investment, p.equipment_investment, p.approved_subsidy FROM project p"
    " JOIN enterprise e ON e.id = p.enterprise_id JOIN ref_town t ON t.code = e.town_code"
    " JOIN ref_category c ON c.code = p.category_code"
    f" WHERE {SCOPE} AND {LIVE} ORDER BY p.total_investment DESC, p.code LIMIT 10",
    "paid_by_town": "SELECT e.town_code, sum(sp.amount) FROM project p"
    " JOIN subsidy_payment sp ON sp.project_id = p.id"
    " JOIN enterprise e ON e.id = p.enterprise_id"
    f" WHERE sp.deleted_at IS NULL AND {SCOPE} GROUP BY e.town_code",
    "towns": "SELECT code, name FROM ref_town ORDER BY sort, code",
    "clusters": "SELECT code, name FROM ref_cluster ORDER BY sort, code",
    "categories": "SELECT code, name FROM ref_category ORDER BY sort, code",
}


def figures(path: str, first: int, last: int, period: tuple[str, str]) -> dict[str, Any]:
    """Run every statement once; a few results to check against the app's figures."""
    con = sqlite3.connect(path)
    try:
        params = {
            "first": first,
            "last": last,
            "year_end": f"{last}-12-31",
            "period_start": period[0],
            "period_end": period[1],
        }
        results = {name: con.execute(sql, params).fetchall() for name, sql in STATEMENTS.items()}
    finally:
        con.close()
    totals = results["totals"][0]
    return {
        "projects": totals[0],
        "enterprises": totals[1],
        "total_investment": totals[6],
        "towns_projects": sum(r[1] for r in results["by_town"]),
        "covered": results["coverage"][0][1],
        "providers": results["provider_count"][0][0],
        "paid": results["paid"][0][0],
    }
