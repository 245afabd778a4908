"""The briefing's period (本期): a year, a quarter or a month, as typed by people.

A period selects projects by their *actual completion date* for the "本期" figures
(completed within the period). It does not change the scope of the other figures,
which, like every summary, select projects by plan year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cixi_desktop.domain.text import normalize_code

_QUARTER_NAMES = ("一", "二", "三", "四")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_QUARTER = re.compile(r"^(\d{4})(?:年)?(?:Q|第)([1-4一二三四])(?:季度?)?$")
_YEAR = re.compile(r"^(\d{4})年?$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # "2018年第三季度"

    @property
    def year(self) -> int:
        return self.start.year


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")


def parse_period(text: str) -> Period:
    """ "2018" | "2018Q3" | "2018-09" (also 2018年、2018年第三季度、2018年9月).

    Raises ValueError with a Chinese sentence when the text is none of these.
    """
    cleaned = normalize_code(text)
    if match := _YEAR.match(cleaned):
        return year_period(_year(match.group(1), text))
    if match := _QUARTER.match(cleaned):
        year = _year(match.group(1), text)
        q = match.group(2)
        quarter = int(q) if q.isdigit() else _QUARTER_NAMES.index(q) + 1
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return Period(
            date(year, first, 1),
            date(year, first + 2, last_day),
            f"{year}年第{_QUARTER_NAMES[quarter - 1]}季度",
        )
    if match := _MONTH.match(cleaned):
        year = _year(match.group(1), text)
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"期间“{text}”中的月份应在 1–12 之间")
        last_day = calendar.monthrange(year, month)[1]
        return Period(date(year, month, 1), date(year, month, last_day), f"{year}年{month}月")
    raise ValueError(f"期间应为年份、季度或月份，如 2018、2018Q3、2018-09，而不是“{text}”")


def _year(digits: str, text: str) -> int:
    year = int(digits)
    if not 2000 <= year <= 2100:
        raise ValueError(f"期间“{text}”中的年份 {year} 不在 2000–2100 之间")
    return year
