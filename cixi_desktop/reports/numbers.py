"""How figures are written for people: the same text in the window, workbook notes,
the PDF and the CLI. Values come from store.summaries; this only formats them."""

from __future__ import annotations

from decimal import Decimal

AMOUNT_KEYS = frozenset(
    {
        "total_investment",
        "equipment_investment",
        "subsidy",
        "subsidy_paid",
        "investment",
        "planned_investment",
        "approved_subsidy",
        "completed_investment",
    }
)
RATE_KEYS = frozenset({"completion_rate", "coverage_rate", "share"})
YI = Decimal(10000)  # 1 亿元 = 10,000 万元


def wan(value: Decimal | None) -> str:
    """12,345.67 (万元, two places, thousands separators); '—' when undefined."""
    return "—" if value is None else f"{value:,.2f}"


def wan_or_yi(value: Decimal | None) -> str:
    """'12,345.67 万元' or, from 1 亿元 up, '98.60 亿元'."""
    if value is None:
        return "—"
    if abs(value) >= YI:
        return f"{value / YI:,.2f} 亿元"
    return f"{value:,.2f} 万元"


def percent(rate: Decimal | None, places: int = 1) -> str:
    """A fraction as a percentage: 1.805 → '180.5%'."""
    if rate is None:
        return "—"
    return f"{rate * 100:,.{places}f}%"


def format_figure(key: str, value: object) -> str:
    if value is None:
        return "—"
    if key in AMOUNT_KEYS and isinstance(value, Decimal):
        return wan(value)
    if key in RATE_KEYS and isinstance(value, Decimal):
        return percent(value)
    if key == "leverage" and isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
