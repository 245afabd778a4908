"""Amounts in 万元 as exact :class:`~decimal.Decimal` with two places — never float.

Sheets from towns mix units (元, 万元, 亿元), full-width digits and thousands separators;
everything is brought to 万元 here, exactly, so the same number reads the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.text import ZERO_WIDTH, strip_invisible

WAN = Decimal("0.01")

# Power of ten that takes an amount in the unit to 万元.
UNIT_SHIFT: dict[str, int] = {"元": -4, "万元": 0, "万": 0, "亿元": 4, "亿": 4}

# What clerks type for "no amount" in a cell.
EMPTY_MARKS = frozenset({"-", "--", "—", "——", "–", "/", "无"})

# Beyond 10^24 万元 a value is a typo or a pasted serial, not an amount; the cap also keeps
# Decimal('1E+999999') from being expanded into a million digits.
_MAX_ADJUSTED = 24

_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_AMOUNT_RE = re.compile(
    rf"(?:¥|人民币)?(?P<sign>[-+]?)(?:¥|人民币)?(?P<num>{_NUMBER})(?P<unit>亿元|万元|元|亿|万)?"
)
_PERCENT_RE = re.compile(rf"(?P<sign>[-+]?)(?P<num>{_NUMBER})%?")
_DROP_RE = re.compile(rf"[\s{ZERO_WIDTH}]+")
_MAX_SHOWN = 40


def _shown(text: str) -> str:
    """The user's text for a message, cut short so a pasted paragraph stays readable."""
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _shift(d: Decimal, places: int) -> Decimal:
    """``d × 10**places`` exactly, written without exponent (no context, so no rounding)."""
    sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)  # callers pass finite values only
    exponent += places
    if exponent > 0:
        # Zero first: Decimal("0E+999999") would otherwise expand into a million zeros.
        digits = (0,) if d.is_zero() else (*digits, *(0,) * exponent)
        exponent = 0
    return Decimal((sign, digits, exponent))


def _checked(d: Decimal, shown: str, what: str) -> Decimal:
    """Finite, not absurdly large, and without the sign of a negative zero."""
    if not d.is_finite():
        raise ValueProblem(f"无法识别的{what}“{shown}”")
    if not d.is_zero() and d.adjusted() > _MAX_ADJUSTED:
        raise ValueProblem(f"{what}过大：“{shown}”")
    return _shift(d.copy_abs() if d.is_zero() else d, 0)


def _number(value: object, pattern: re.Pattern[str], what: str) -> tuple[Decimal | None, str]:
    """Split a cell into (exact number, unit text or ""); the number is None for a blank cell."""
    if isinstance(value, bool):
        raise ValueProblem(f"无法识别的{what}“{value}”")
    if isinstance(value, int):
        d = Decimal(value)
        # str() of a huge int raises ValueError (digit limit), so the message never shows it.
        return _checked(d, "…" if d.adjusted() > _MAX_ADJUSTED else str(value), what), ""
    if isinstance(value, float | Decimal):
        # repr() is the shortest text that round-trips: 0.1 stays 0.1, not 0.1000000000000000055…
        d = Decimal(repr(value)) if isinstance(value, float) else value
        return _checked(d, _shown(str(value)), what), ""
    raw = "" if value is None else str(value)
    compact = _DROP_RE.sub("", unicodedata.normalize("NFKC", raw))
    if not compact or compact in EMPTY_MARKS:
        return None, ""
    shown = _shown(strip_invisible(raw))
    match = pattern.fullmatch(compact)
    if match is None:
        raise ValueProblem(f"无法识别的{what}“{shown}”")
    d = _checked(Decimal(match["num"].replace(",", "")), shown, what)
    if match["sign"] == "-" and not d.is_zero():
        d = -d
    return d, match.groupdict().get("unit") or ""


def parse_amount(value: object, default_unit: str = "万元") -> Decimal | None:
    """Exact amount in 万元, not yet rounded (see :func:`check_wan_places`); None if blank.

    Numbers and strings without a unit are taken in ``default_unit``.
    """
    if default_unit not in UNIT_SHIFT:
        raise ValueError(f"unknown unit {default_unit!r}")  # a programming error, not input
    d, unit = _number(value, _AMOUNT_RE, "金额")
    if d is None:
        return None
    if d < 0:
        raise ValueProblem("不能为负数")
    wan = _shift(d, UNIT_SHIFT[unit or default_unit])
    if not wan.is_zero() and wan.adjusted() > _MAX_ADJUSTED:
        raise ValueProblem("金额过大")
    return wan


def to_wan(d: Decimal) -> Decimal:
    """Rounded to 0.01 万元 the way finance staff round (half up), at any size."""
    with localcontext() as ctx:
        # quantize fails, rather than rounds, when the result needs more digits than prec.
        ctx.prec = max(28, d.adjusted() + 4)
        return d.quantize(WAN, rounding=ROUND_HALF_UP)


def check_wan_places(d: Decimal) -> None:
    """Refuse amounts that rounding to 0.01 万元 would change (trailing zeros are fine)."""
    if to_wan(d) != d:
        raise ValueProblem("最多保留两位小数（单位：万元）")


def format_wan(d: Decimal | None) -> str:
    """``12,345.67``; "" for None. Rounds half up first: format() alone would round half even."""
    return "" if d is None else f"{to_wan(d):,.2f}"


def parse_percent(value: object) -> Decimal | None:
    """Percent points, exact: "12.5%", "12.5" and 12.5 all give Decimal("12.5"); None if blank.

    The sign is kept (a change can be negative); the range check belongs to the caller.
    """
    d, _ = _number(value, _PERCENT_RE, "百分比")
    return d
