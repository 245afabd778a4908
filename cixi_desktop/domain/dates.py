"""Dates as people write them in 台账 sheets, plus the "later step not before earlier step" rule."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.text import ZERO_WIDTH

MIN_YEAR = 1900
MAX_YEAR = 2100
# Excel's 1900 date system: serial 1 is 1900-01-01, 2958465 is 9999-12-31.
MAX_SERIAL = 2958465
# Excel counts the non-existent 1900-02-29 as serial 60, so from serial 61 on the epoch moves.
_EXCEL_EPOCH_EARLY = date(1899, 12, 31)
_EXCEL_EPOCH = date(1899, 12, 30)
_LOTUS_LEAP_DAY = 60

_EMPTY_MARKS = frozenset({"-", "--", "—", "——", "/", "无"})
_MAX_SHOWN = 40

# Whitespace is removed before these are tried, so "2018 年 3 月 5 日" also matches.
_FULL_PATTERNS = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]?"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
)
# A month alone ("2018-3", "2018年3月") means its first day: plans are often made by month.
_MONTH_PATTERNS = (
    re.compile(r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月份?"),
)
# Text exported from other systems carries a time ("2018-03-05 00:00:00"); the day is enough.
_TIME_RE = re.compile(r"(?:T|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_DROP_RE = re.compile(rf"[\s{ZERO_WIDTH}]+")


def _unreadable(shown: object) -> ValueProblem:
    text = str(shown)
    if len(text) > _MAX_SHOWN:
        text = text[:_MAX_SHOWN] + "…"
    return ValueProblem(f"无法识别的日期“{text}”")


def _out_of_range(shown: object) -> ValueProblem:
    return ValueProblem(f"日期“{shown}”超出范围（年份应在 {MIN_YEAR}–{MAX_YEAR} 之间）")


def _in_range(d: date, shown: object) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise _out_of_range(shown)
    return d


def _from_serial(value: int | float | Decimal) -> date:
    # Compare before anything else: float(10**400) overflows, Decimal("NaN") < 1 raises.
    if isinstance(value, Decimal) and not value.is_finite():
        raise _unreadable(value)
    if not 1 <= value <= MAX_SERIAL:
        # str() of a huge int raises ValueError (digit limit), so it is not shown.
        raise _unreadable("…" if isinstance(value, int) and abs(value) > 10**20 else value)
    serial = int(value)  # the fraction is the time of day
    if serial == _LOTUS_LEAP_DAY:
        raise _unreadable(value)
    epoch = _EXCEL_EPOCH_EARLY if serial < _LOTUS_LEAP_DAY else _EXCEL_EPOCH
    return _in_range(epoch + timedelta(days=serial), value)


def _from_text(raw: str) -> date | None:
    shown = raw.strip()
    text = _TIME_RE.sub("", unicodedata.normalize("NFKC", raw).strip())
    text = _DROP_RE.sub("", text)
    if not text or text in _EMPTY_MARKS:
        return None
    for pattern in _FULL_PATTERNS:
        if match := pattern.fullmatch(text):
            year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
            break
    else:
        for pattern in _MONTH_PATTERNS:
            if match := pattern.fullmatch(text):
                year, month, day = int(match["y"]), int(match["m"]), 1
                break
        else:
            raise _unreadable(shown)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(shown)
    try:
        return date(year, month, day)
    except ValueError:
        raise _unreadable(shown) from None


def parse_date(value: object) -> date | None:
    """A date from a cell, a widget or text; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _in_range(value.date(), value.date())
    if isinstance(value, date):
        return _in_range(value, value)
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, int | float | Decimal):
        # Excel cells hold dates as serial numbers; calamine hands unformatted ones over as such.
        return _from_serial(value)
    return _from_text(str(value))


def check_order(pairs: Sequence[tuple[str, str, date | None]]) -> list[tuple[str, str]]:
    """(field, message) for every date earlier than a date that comes before it in ``pairs``.

    The message names the latest earlier date, which is the one the user has to get past.
    """
    problems: list[tuple[str, str]] = []
    latest: tuple[date, str] | None = None
    for field, label, value in pairs:
        if value is None:
            continue
        if latest is not None and value < latest[0]:
            bound, bound_label = latest
            problems.append((field, f"{label}不能早于{bound_label}（{bound.isoformat()}）"))
        if latest is None or value >= latest[0]:
            latest = (value, label)
    return problems
