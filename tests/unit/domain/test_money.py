"""Amounts in 万元: exact Decimals from whatever a town's sheet holds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.money import (
    WAN,
    check_wan_places,
    format_wan,
    parse_amount,
    parse_percent,
    to_wan,
)

wan_amounts = st.decimals(min_value=0, max_value=Decimal("1e17"), places=2)
any_decimals = st.decimals(allow_nan=True, allow_infinity=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, "12"),
        (Decimal("12.345"), "12.345"),
        (0.1, "0.1"),
        (1234.5, "1234.5"),
        ("1,234.50", "1234.50"),
        ("１２３４.５", "1234.5"),
        ("１，２３４．５", "1234.5"),
        ("1234.5万元", "1234.5"),
        ("1234.5万", "1234.5"),
        ("500000元", "50"),
        ("1元", "0.0001"),
        ("¥500,000", "500000"),
        ("￥500,000元", "50"),
        ("人民币 12 万元", "12"),
        ("1.2亿元", "12000"),
        ("1.2亿", "12000"),
        ("3.7亿", "37000"),
        (" 12 万元 ", "12"),
        ("\u200b12\u3000", "12"),
        (".5", "0.5"),
        ("5.", "5"),
        ("+5", "5"),
        ("-0", "0"),
        ("0", "0"),
        ("12345678901234567.89", "12345678901234567.89"),
        (Decimal("1E+3"), "1000"),
        (1e20, "100000000000000000000"),
    ],
)
def test_parse_amount_accepts(raw: object, expected: str) -> None:
    result = parse_amount(raw)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


def test_huge_amount_survives_exactly() -> None:
    assert str(parse_amount("12345678901234567.89")) == "12345678901234567.89"
    assert str(parse_amount("12,345,678,901,234,567.89")) == "12345678901234567.89"


def test_parse_amount_does_not_round() -> None:
    assert str(parse_amount("1234.567")) == "1234.567"
    assert str(parse_amount("12345元")) == "1.2345"


def test_no_negative_zero_or_exponent_in_results() -> None:
    assert str(parse_amount(-0.0)) == "0.0"
    assert str(parse_amount("1.2亿")) == "12000"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "—", "-", "－", "/", "无", "——"])
def test_parse_amount_blank_is_none(raw: object) -> None:
    assert parse_amount(raw) is None


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        (500000, "元", "50"),
        ("500000", "元", "50"),
        ("12万", "元", "12"),  # a written unit beats the default
        (1.5, "亿元", "15000"),
        ("2", "亿", "20000"),
    ],
)
def test_default_unit(raw: object, unit: str, expected: str) -> None:
    assert parse_amount(raw, default_unit=unit) == Decimal(expected)


def test_unknown_default_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        parse_amount("1", default_unit="美元")


@pytest.mark.parametrize("raw", ["-5", "-1,000元", -3, Decimal("-0.01"), -2.5, "¥-5"])
def test_negative_amount_is_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"^不能为负数$"):
        parse_amount(raw)


@pytest.mark.parametrize(
    "raw",
    ["12.3.4", "1e5", "1E5", "abc", "1,23", "12,3456", "1亿亿", "万元", "1 2.3.", "12美元", "--5"],
)
def test_garbage_amount_is_refused_with_the_text(raw: str) -> None:
    with pytest.raises(ValueProblem, match=r"^无法识别的金额“"):
        parse_amount(raw)


@pytest.mark.parametrize(
    "raw", [float("nan"), float("inf"), Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), True]
)
def test_non_numbers_are_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"^无法识别的金额"):
        parse_amount(raw)


@pytest.mark.parametrize(
    "raw",
    ["9" * 30, 10**5000, Decimal("1E+999999"), "1" + "0" * 24 + "亿"],
    ids=["30 nines", "huge int", "huge exponent", "huge 亿"],
)
def test_absurdly_large_amount_is_refused(raw: object) -> None:
    with pytest.raises(ValueProblem, match="金额过大"):
        parse_amount(raw)


def test_message_shows_long_text_shortened() -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_amount("x" * 500)
    assert len(str(caught.value)) < 60


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("2.675", "2.68"), ("0.125", "0.13"), ("7", "7.00")],
)
def test_to_wan_rounds_half_up(raw: str, expected: str) -> None:
    assert str(to_wan(Decimal(raw))) == expected


def test_to_wan_handles_more_digits_than_the_default_context() -> None:
    big = Decimal("1234567890123456789012345678901.235")
    assert str(to_wan(big)) == "1234567890123456789012345678901.24"


@pytest.mark.parametrize("raw", ["1.23", "1.230000", "1", "0", "12345678901234567.89"])
def test_check_wan_places_accepts_two_places(raw: str) -> None:
    check_wan_places(Decimal(raw))


@pytest.mark.parametrize("raw", ["1.234", "0.001", "0.0001"])
def test_check_wan_places_refuses_more(raw: str) -> None:
    with pytest.raises(ValueProblem, match=r"^最多保留两位小数（单位：万元）$"):
        check_wan_places(Decimal(raw))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (Decimal("0"), "0.00"),
        (Decimal("12345.67"), "12,345.67"),
        (Decimal("12345.675"), "12,345.68"),  # half up, unlike format()'s half even
        (Decimal("1234567.5"), "1,234,567.50"),
        (Decimal("12345678901234567.89"), "12,345,678,901,234,567.89"),
    ],
)
def test_format_wan(value: Decimal | None, expected: str) -> None:
    assert format_wan(value) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5%", "12.5"),
        ("12.5", "12.5"),
        ("１２.５％", "12.5"),
        (" 30 % ", "30"),
        (12.5, "12.5"),
        (40, "40"),
        (Decimal("3.25"), "3.25"),
        ("-3%", "-3"),
        ("150%", "150"),  # range is the caller's to check
    ],
)
def test_parse_percent(raw: object, expected: str) -> None:
    assert parse_percent(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", " ", "-", "/", "无"])
def test_parse_percent_blank_is_none(raw: object) -> None:
    assert parse_percent(raw) is None


@pytest.mark.parametrize("raw", ["%", "abc", "12.5%%", "1e2", "12万", float("nan"), True])
def test_parse_percent_refuses_garbage(raw: object) -> None:
    with pytest.raises(ValueProblem, match=r"^无法识别的百分比"):
        parse_percent(raw)


@given(st.one_of(st.text(), st.text("0123456789,.-+¥元万亿%/ ", max_size=20)))
def test_parsers_raise_only_value_problem_on_text(raw: str) -> None:
    for parse in (parse_amount, parse_percent):
        try:
            result = parse(raw)
        except ValueProblem:
            continue
        assert result is None or (isinstance(result, Decimal) and result.is_finite())


@given(st.one_of(any_decimals, st.floats(), st.integers(), st.none(), st.booleans()))
def test_parsers_raise_only_value_problem_on_values(raw: object) -> None:
    for parse in (parse_amount, parse_percent):
        try:
            result = parse(raw)
        except ValueProblem:
            continue
        assert result is None or (isinstance(result, Decimal) and result.is_finite())


@given(wan_amounts)
def test_format_then_parse_gives_the_same_amount(amount: Decimal) -> None:
    assert parse_amount(format_wan(amount)) == amount


@given(wan_amounts)
def test_amount_in_yuan_text_comes_back_in_wan(amount: Decimal) -> None:
    yuan = amount * 10000
    assert parse_amount(f"{yuan:f}元") == amount
    assert parse_amount(f"{yuan:,f}", default_unit="元") == amount


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_floats_are_read_from_their_shortest_text(value: float) -> None:
    assert parse_amount(value) == Decimal(repr(value))


@given(st.decimals(min_value=0, max_value=Decimal("1e20"), allow_nan=False))
def test_to_wan_is_close_and_checked(value: Decimal) -> None:
    rounded = to_wan(value)
    assert abs(rounded - value) <= WAN / 2
    check_wan_places(rounded)
    if rounded != value:
        with pytest.raises(ValueProblem):
            check_wan_places(value)
