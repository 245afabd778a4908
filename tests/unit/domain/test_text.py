"""Clean-up of names and codes pasted from web pages, WeChat and old sheets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.text import ZERO_WIDTH, clean_name, normalize_code, strip_invisible


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  慈溪市某某电器有限公司  ", "慈溪市某某电器有限公司"),
        ("\u3000慈溪\u00a0", "慈溪"),
        ("慈\u200b溪\ufeff", "慈溪"),
        ("\u2060\u200c\u200d", ""),
        ("ＡＢＣ电器", "ＡＢＣ电器"),  # full width kept: names are not NFKC-normalised
        ("a  b", "a  b"),  # inner spaces are clean_name's business
    ],
)
def test_strip_invisible(raw: str, expected: str) -> None:
    assert strip_invisible(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("９１３３ ０２８２\u200bＭＡ２ａｂ", "91330282MA2AB"),
        (" 91330282\tma2ab\n", "91330282MA2AB"),
        ("\u3000cx-2018-0001\u00a0", "CX-2018-0001"),
        ("", ""),
    ],
)
def test_normalize_code(raw: str, expected: str) -> None:
    assert normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        (123, "123"),
        ("宁波  某某\u3000\u3000科技 有限公司", "宁波 某某 科技 有限公司"),
        ("慈溪\t\n某某\r\n公司", "慈溪 某某 公司"),
        ("慈溪\x00某某\x1f\x7f\x85公司", "慈溪某某公司"),
        ("a \x01 b", "a b"),
        ("\u200b 慈溪（集团）有限公司 \u3000", "慈溪（集团）有限公司"),
        ("ＡＢＣ", "ＡＢＣ"),
    ],
)
def test_clean_name(raw: object, expected: str) -> None:
    assert clean_name(raw) == expected


@given(st.text())
def test_clean_name_is_idempotent_and_tidy(raw: str) -> None:
    name = clean_name(raw)
    assert clean_name(name) == name
    assert name == name.strip()
    assert "  " not in name
    assert not any(c in name for c in ZERO_WIDTH + "\t\n\r\x00\x7f\x85\u3000\u00a0")


@given(st.text())
def test_normalize_code_is_idempotent_and_has_no_spaces(raw: str) -> None:
    code = normalize_code(raw)
    assert normalize_code(code) == code
    assert not any(c.isspace() or c in ZERO_WIDTH for c in code)


@given(st.text())
def test_strip_invisible_only_removes(raw: str) -> None:
    stripped = strip_invisible(raw)
    assert stripped in raw.translate({ord(c): None for c in ZERO_WIDTH})
    assert strip_invisible(stripped) == stripped
