"""Phone numbers: one canonical spelling per number, several numbers per cell."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.phone import clean_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13805741234", "13805741234"),
        ("138 0574 1234", "13805741234"),
        ("138-0574-1234", "13805741234"),
        ("+86 13805741234", "13805741234"),
        ("86-13805741234", "13805741234"),
        ("0086 138 0574 1234", "13805741234"),
        ("１３８０５７４１２３４", "13805741234"),
        (13805741234, "13805741234"),
        (13805741234.0, "13805741234"),  # an Excel number cell
    ],
)
def test_mobile(raw: object, expected: str) -> None:
    assert clean_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0574-63123456",
        "(0574)63123456",
        "（0574）63123456",
        "057463123456",
        "0574 6312 3456",
        "0574－６３１２３４５６",
        "+86 574 6312 3456",
        "63123456",  # 慈溪 numbers are 8 digits in area 0574
        "6312 3456",
        57463123456,  # an Excel number cell loses the leading 0
    ],
)
def test_cixi_landline(raw: object) -> None:
    assert clean_phone(raw) == "0574-63123456"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-12345678", "010-12345678"),
        ("021 1234 5678", "021-12345678"),
        ("400-123-4567", "400-123-4567"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_other_numbers(raw: str, expected: str) -> None:
    assert clean_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0574-63123456转801",
        "0574-63123456 转 801",
        "0574-63123456-801",
        "0574-63123456 - 801",
        "0574-63123456 ext 801",
        "0574-63123456 ext.801",
        "0574-63123456x801",
        "0574-63123456 分机 801",
        "63123456-801",
        "63123456转801",
    ],
)
def test_extension(raw: str) -> None:
    assert clean_phone(raw) == "0574-63123456-801"


@pytest.mark.parametrize(
    "raw",
    [
        "13805741234/0574-63123456",
        "13805741234、0574-63123456",
        "13805741234,0574-63123456",
        "13805741234，0574-63123456",
        "13805741234；0574-63123456",
        "13805741234; 63123456",
        "13805741234\n0574-63123456",
        "13805741234 0574-63123456",
        "13805741234、0574-63123456、",
        "13805741234、138 0574 1234、0574-63123456",  # the same number twice is kept once
    ],
)
def test_several_numbers(raw: str) -> None:
    assert clean_phone(raw) == "13805741234、0574-63123456"


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000", "-", "—", "/", "无", "、"])
def test_empty(raw: object) -> None:
    assert clean_phone(raw) == ""


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "12345",
        "1380574123",  # one digit short
        "138057412345",
        "0574-6312345",
        "1-800-FLOWERS",
        "0574-FLOWERS",
        "转801",
        "0574-63123456转",
        "0574-63123456转801转1",
        "0574-63123456-1234567",
        "6312 3456 7890",
    ],
)
def test_invalid(raw: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        clean_phone(raw)
    assert str(caught.value) == "不是有效的电话号码"


def test_invalid_one_of_several_is_named() -> None:
    with pytest.raises(ValueProblem) as caught:
        clean_phone("13805741234/801")
    assert str(caught.value) == "“801”不是有效的电话号码"


@given(st.one_of(st.text(), st.text("0123456789 -+()/、转ext", max_size=30)))
def test_raises_only_value_problem(raw: str) -> None:
    try:
        cleaned = clean_phone(raw)
    except ValueProblem:
        return
    assert clean_phone(cleaned) == cleaned


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
locals_ = st.from_regex(r"[2-9][0-9]{7}", fullmatch=True)


MOBILE_SPELLINGS: list[Callable[[str], str]] = [
    lambda m: m,
    lambda m: f"{m[:3]} {m[3:7]} {m[7:]}",
    lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}",
    lambda m: f"+86 {m}",
    lambda m: f"86-{m}",
]


@given(mobiles, st.sampled_from(MOBILE_SPELLINGS))
def test_mobile_spellings_agree(mobile: str, spell: Callable[[str], str]) -> None:
    try:
        expected = clean_phone(mobile)
    except ValueProblem:
        return  # not every 1[3-9] prefix is allocated
    assert clean_phone(spell(mobile)) == expected == mobile


@given(locals_, st.sampled_from(["0574-{}", "(0574){}", "0574{}", "{}"]), st.integers(1, 99999))
def test_landline_spellings_agree(local: str, spelling: str, ext: int) -> None:
    try:
        expected = clean_phone("0574-" + local)
    except ValueProblem:
        return
    assert clean_phone(spelling.format(local)) == expected
    assert clean_phone(f"{spelling.format(local)}转{ext}") == f"{expected}-{ext}"
    assert clean_phone(f"{expected}-{ext}") == f"{expected}-{ext}"
