"""The baseline for the window's filter and sort: the first page (200 rows) of the ledger
straight from a bare ``sqlite3`` connection with the same predicate and order.

The predicate is the ledger's keyword match written out: enterprise name, former names,
USCC, project name or code contain the keyword (codes compared after the same NFKC
clean-up the app applies), live projects only; the order is the ledger's (project code,
or total investment then code). The page carries the columns the table shows.
"""

from __future__ import annotations

import sqlite3
import time

from cixi_desktop.domain.text import normalize_code

PAGE = 200
COLUMNS = """p.id, p.code, e.name, e.uscc, t.name, c.name, e.above_scale, p.name, p.plan_year,
    g.name, p.total_investment, p.equipment_investment, p.planned_start_date,
    p.planned_completion_date, p.actual_start_date, p.actual_completion_date, p.status,
    p.acceptance_date, p.acceptance_result, p.approved_subsidy,
    (SELECT sum(amount) FROM subsidy_payment s WHERE s.project_id = p.id
        AND s.deleted_at IS NULL),
    e.contact, e.phone, p.labour_reduction, p.productivity_gain_pct, p.defect_reduction_pct,
    p.energy_reduction_pct, p.content, p.notes"""
FROM = """FROM project p JOIN enterprise e ON e.id = p.enterprise_id
    JOIN ref_town t ON t.code = e.town_code JOIN ref_cluster c ON c.code = e.cluster_code
    JOIN ref_category g ON g.code = p.category_code"""
KEYWORD = """(e.name LIKE :text ESCAPE '\\' OR p.name LIKE :text ESCAPE '\\'
    OR p.code LIKE :code ESCAPE '\\' OR e.uscc LIKE :code ESCAPE '\\'
    OR EXISTS (SELECT 1 FROM enterprise_former_name f WHERE f.enterprise_id = e.id
        AND f.name LIKE :text ESCAPE '\\'))"""


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def filter_sql() -> str:
    return f"SELECT {COLUMNS} {FROM} WHERE p.deleted_at IS NULL AND {KEYWORD}" + (
        f" ORDER BY p.code LIMIT {PAGE}"
    )


def sort_sql(descending: bool) -> str:
    way = "DESC" if descending else "ASC"
    return (
        f"SELECT {COLUMNS} {FROM} WHERE p.deleted_at IS NULL"
        f" ORDER BY p.total_investment {way}, p.code LIMIT {PAGE}"
    )


def time_filter(path: str, keyword: str) -> tuple[float, int]:
    """Seconds to the first page for ``keyword`` on a fresh connection, and its rows."""
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        rows = con.execute(
            filter_sql(), {"text": _like(keyword), "code": _like(normalize_code(keyword))}
        ).fetchall()
        return time.perf_counter() - start, len(rows)
    finally:
        con.close()


def time_sort(path: str, descending: bool) -> tuple[float, int]:
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        rows = con.execute(sort_sql(descending)).fetchall()
        return time.perf_counter() - start, len(rows)
    finally:
        con.close()
