"""统一社会信用代码: cleaning, the messages a clerk sees, and generated demo codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.uscc import ALPHABET, clean_uscc, make_uscc

# stdnum's own documented example, independent of make_uscc.
KNOWN_GOOD = "91110000600037341L"
# Cixi (330282) companies, as the generator would make them.
CIXI_BODIES = ["91330282MA2AB1234", "913302821441234AB", "91330282309876543", "92330282MA2GQ0X1Y"]

bodies = st.builds(
    lambda head, tail: head + tail,
    st.text("0123456789", min_size=8, max_size=8),
    st.text(ALPHABET, min_size=9, max_size=9),
)


@pytest.mark.parametrize("body", CIXI_BODIES)
def test_generated_cixi_codes_are_valid(body: str) -> None:
    code = make_uscc(body)
    assert len(code) == 18
    assert code.startswith(body)
    assert clean_uscc(code) == code
    assert stdnum_uscc.is_valid(code)


@pytest.mark.parametrize(
    "raw",
    [
        KNOWN_GOOD,
        KNOWN_GOOD.lower(),
        " 9111 0000 6000 3734 1L ",
        "９１１１００００６０００３７３４１Ｌ",
        "91110000\u200b600037341L\ufeff",
        "911100006-00037341-L",
    ],
)
def test_clean_accepts_typed_variants(raw: str) -> None:
    assert clean_uscc(raw) == KNOWN_GOOD


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "不能为空"),
        ("", "不能为空"),
        (" \u3000\u200b", "不能为空"),
        ("9111000060003734", "应为 18 位，现在是 16 位"),
        (KNOWN_GOOD + "0", "应为 18 位，现在是 19 位"),
        ("91110000600O37341L", "含有不允许的字符（不可使用 I、O、Z、S、V）"),
        ("91110000600037341I", "含有不允许的字符（不可使用 I、O、Z、S、V）"),
        ("9111000060003734#L", "含有不允许的字符（不可使用 I、O、Z、S、V）"),
        ("91110000600037341M", "校验位不正确，请核对（按前 17 位计算应为 L）"),
        ("A1110000600037341L", "前 8 位应为数字（登记管理部门、机构类别和行政区划代码）"),
    ],
)
def test_clean_explains_what_is_wrong(raw: object, message: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        clean_uscc(raw)
    assert str(caught.value) == message


def test_an_all_digit_code_given_as_int_is_read_as_text() -> None:
    code = make_uscc("91330282309876504")
    assert code == "913302823098765040"
    assert clean_uscc(int(code)) == code


@pytest.mark.parametrize("bad", ["", "9133028230987654", "9133028230987654O", "A1330282309876543"])
def test_make_refuses_a_bad_body(bad: str) -> None:
    with pytest.raises(ValueProblem):
        make_uscc(bad)


@given(bodies)
def test_make_always_validates(body: str) -> None:
    code = make_uscc(body)
    assert clean_uscc(code) == code
    assert clean_uscc(code.lower()) == code
    assert stdnum_uscc.is_valid(code)


@given(bodies, st.sampled_from(ALPHABET))
def test_any_other_check_char_is_refused(body: str, wrong: str) -> None:
    code = make_uscc(body)
    if wrong == code[-1]:
        return
    with pytest.raises(ValueProblem, match="校验位不正确"):
        clean_uscc(body + wrong)


@given(st.one_of(st.text(), st.text(ALPHABET + "IOZSV -", max_size=20), st.integers()))
def test_clean_raises_only_value_problem(raw: object) -> None:
    try:
        code = clean_uscc(raw)
    except ValueProblem:
        return
    assert stdnum_uscc.is_valid(code)
    assert len(code) == 18
