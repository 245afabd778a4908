"""Dates as 台账 sheets write them, and the order of a project's milestones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.dates import check_order, parse_date
from cixi_desktop.domain.errors import ValueProblem

MARCH_5 = date(2018, 3, 5)
ledger_dates = st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    "raw",
    [
        MARCH_5,
        datetime(2018, 3, 5, 14, 30),
        "2018-03-05",
        "2018-3-5",
        "2018/3/5",
        "2018/03/05",
        "2018.3.5",
        "2018年3月5日",
        "2018年03月05日",
        "2018年3月5号",
        "2018年3月5",
        "2018 年 3 月 5 日",
        "20180305",
        "２０１８－０３－０５",
        "２０１８年３月５日",
        " 2018-03-05\u3000",
        "2018-03-05 00:00:00",
        "2018-03-05T14:30",
        "2018/3/5 9:05",
        43164,
        43164.0,
        43164.99,
        Decimal("43164.5"),
    ],
)
def test_parse_date_accepts(raw: object) -> None:
    assert parse_date(raw) == MARCH_5


@pytest.mark.parametrize(
    "raw", ["2018-3", "2018-03", "2018/3", "2018.03", "2018年3月", "2018年3月份"]
)
def test_month_alone_means_its_first_day(raw: str) -> None:
    assert parse_date(raw) == date(2018, 3, 1)


@pytest.mark.parametrize("raw", [None, "", " ", "-", "—", "/", "无"])
def test_blank_is_none(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (73415, date(2100, 12, 31)),
    ],
)
def test_excel_serials(serial: int, expected: date) -> None:
    assert parse_date(serial) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2018-02-30",
        "2018-13-01",
        "2018-00-10",
        "明天",
        "2018",
        "18-3-5",
        "2018-3/5",
        "2018--3-5",
        "201835",
        "43164",  # a serial typed as text is ambiguous
        "2018-03-05 25:00:00x",
        0,
        -5,
        60,  # Excel's 1900-02-29, a day that never was
        2958466,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        Decimal("sNaN"),
        True,
        [2018, 3, 5],
    ],
    ids=repr,
)
def test_unreadable(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"^无法识别的日期“"):
        parse_date(raw)


def test_huge_int_is_unreadable_without_being_printed() -> None:
    with pytest.raises(ValueProblem, match=r"^无法识别的日期“…”$"):
        parse_date(10**5000)


def test_unreadable_message_quotes_the_text() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_date(" 2018-02-30 ")
    assert str(caught.value) == "无法识别的日期“2018-02-30”"


@pytest.mark.parametrize(
    "raw",
    ["1899-12-31", "2101-01-01", "3018年3月5日", date(1800, 1, 1), datetime(2200, 1, 1), 73416],
)
def test_years_outside_1900_to_2100_are_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match="年份应在 1900–2100 之间"):
        parse_date(raw)


SPELLINGS: list[Callable[[date], object]] = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: d.strftime("%Y%m%d"),
    lambda d: d.isoformat().translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"}),
    lambda d: datetime(d.year, d.month, d.day, 23, 59),
    lambda d: (d - date(1899, 12, 30)).days,  # Excel serial, valid from 1900-03-01
    lambda d: (d - date(1899, 12, 30)).days + 0.75,
]


@given(ledger_dates, st.sampled_from(SPELLINGS))
def test_every_spelling_reads_back(day: date, spell: Callable[[date], object]) -> None:
    assert parse_date(spell(day)) == day


@given(ledger_dates, st.sampled_from(["{y}-{m}", "{y}/{m:02d}", "{y}年{m}月"]))
def test_month_spellings_read_back(day: date, spelling: str) -> None:
    assert parse_date(spelling.format(y=day.year, m=day.month)) == day.replace(day=1)


@given(st.one_of(st.text(), st.text("0123456789-/.年月日号 :T", max_size=20)))
def test_text_raises_only_value_problem(raw: str) -> None:
    try:
        result = parse_date(raw)
    except ValueProblem:
        return
    assert result is None or 1900 <= result.year <= 2100


@given(st.one_of(st.integers(), st.floats(), st.decimals(), st.none(), st.booleans()))
def test_numbers_raise_only_value_problem(raw: object) -> None:
    try:
        result = parse_date(raw)
    except ValueProblem:
        return
    assert result is None or 1900 <= result.year <= 2100


START = ("actual_start_date", "实际开工日期")
DONE = ("actual_completion_date", "实际竣工日期")
ACCEPTED = ("acceptance_date", "验收日期")


def test_check_order_in_order() -> None:
    pairs = [(*START, date(2018, 5, 1)), (*DONE, date(2018, 5, 1)), (*ACCEPTED, date(2018, 9, 1))]
    assert check_order(pairs) == []


def test_check_order_reports_the_later_field() -> None:
    pairs = [(*START, date(2018, 5, 1)), (*DONE, date(2018, 4, 1)), (*ACCEPTED, None)]
    assert check_order(pairs) == [
        ("actual_completion_date", "实际竣工日期不能早于实际开工日期（2018-05-01）")
    ]


def test_check_order_skips_missing_dates() -> None:
    pairs = [(*START, date(2018, 5, 1)), (*DONE, None), (*ACCEPTED, date(2018, 4, 1))]
    assert check_order(pairs) == [("acceptance_date", "验收日期不能早于实际开工日期（2018-05-01）")]


def test_check_order_names_the_latest_earlier_date() -> None:
    pairs = [(*START, date(2018, 5, 1)), (*DONE, date(2018, 6, 1)), (*ACCEPTED, date(2018, 4, 1))]
    assert check_order(pairs) == [("acceptance_date", "验收日期不能早于实际竣工日期（2018-06-01）")]


def test_check_order_reports_every_offender() -> None:
    pairs = [(*START, date(2018, 6, 1)), (*DONE, date(2018, 5, 1)), (*ACCEPTED, date(2018, 5, 15))]
    assert [field for field, _ in check_order(pairs)] == [
        "actual_completion_date",
        "acceptance_date",
    ]


def test_check_order_empty() -> None:
    assert check_order([]) == []
    assert check_order([(*START, None)]) == []


@given(st.lists(st.one_of(st.none(), ledger_dates), max_size=6))
def test_check_order_flags_exactly_the_dates_before_an_earlier_one(
    values: list[date | None],
) -> None:
    pairs = [(f"f{i}", f"日期{i}", v) for i, v in enumerate(values)]
    flagged = {field for field, _ in check_order(pairs)}
    for i, value in enumerate(values):
        earlier = [v for v in values[:i] if v is not None]
        expected = value is not None and any(value < e for e in earlier)
        assert (f"f{i}" in flagged) == expected
