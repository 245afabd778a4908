"""User text on its way into a PDF: escaping, glyph coverage, Chinese line breaking."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.platypus import SimpleDocTemplate

from cixi_desktop.reports.pdf.fonts import FONT_NAME, has_glyph, register_fonts
from cixi_desktop.reports.pdf.layout import para, styles
from cixi_desktop.reports.pdf.period import parse_period
from cixi_desktop.reports.pdf.text import (
    MISSING_MARK,
    NO_LINE_END,
    NO_LINE_START,
    break_lines,
    cover,
    escape,
    safe,
)


def _sample():  # type: ignore[no-untyped-def]
    if "pdf_sample" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "pdf_sample", Path(__file__).with_name("pdf_sample.py")
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["pdf_sample"] = module
        spec.loader.exec_module(module)
    return sys.modules["pdf_sample"]


SIZE = 10.0
EM = SIZE  # a CJK character is one em wide in this font


def test_markup_is_escaped() -> None:
    assert escape("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert safe("&amp;").markup == "&amp;amp;"


def test_characters_outside_the_font_are_replaced_visibly_and_reported() -> None:
    register_fonts()
    assert not has_glyph("😀") and not has_glyph("𠮷")
    text, missing = cover("吉野家😀𠮷屋😀")
    assert text == f"吉野家{MISSING_MARK}{MISSING_MARK}屋{MISSING_MARK}"
    assert missing == ("😀", "𠮷")
    # Line breaks inside a name become spaces; invisible format characters go.
    assert cover("甲\n乙\u200b丙") == ("甲 乙丙", ())


def test_punctuation_never_starts_a_line() -> None:
    register_fonts()
    # Five characters fit; the comma and full stop would start line 2, so 五 goes with them.
    lines = break_lines("一二三四五，。六七八九十", 5 * EM, FONT_NAME, SIZE)
    assert lines == ["一二三四", "五，。六七", "八九十"]
    # An opening bracket never ends a line.
    assert break_lines("一二三四《五六》", 5 * EM, FONT_NAME, SIZE) == ["一二三四", "《五六》"]


def test_numbers_and_latin_words_stay_whole() -> None:
    register_fonts()
    lines = break_lines("总投资12,345.67万元", 6 * EM, FONT_NAME, SIZE)
    assert "".join(lines) == "总投资12,345.67万元"
    assert any("12,345.67" in line for line in lines)


_CJK = st.sampled_from("智能化技改项目企业投资补助慈溪宗汉周巷观海卫")
_WORD = st.one_of(
    _CJK,
    st.text(alphabet="0123456789.,", min_size=1, max_size=6).map(lambda s: "1" + s),
    st.text(alphabet="abcdefxyzMES", min_size=1, max_size=8),
)
_CLOSE = st.sampled_from(sorted(c for c in NO_LINE_START if ord(c) > 0x2000 and c != "—"))
_OPEN = st.sampled_from(sorted(c for c in NO_LINE_END if ord(c) > 0x2000))
_TOKEN = st.tuples(st.one_of(st.just(""), _OPEN), _WORD, st.one_of(st.just(""), _CLOSE)).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(tokens=st.lists(_TOKEN, min_size=1, max_size=40), ems=st.integers(6, 30))
@example(tokens=["100000’", "‘智"], ems=6)  # an unbroken run once left ‘ at a line end
def test_line_breaking_rules_hold_for_any_text(tokens: list[str], ems: int) -> None:
    register_fonts()
    text = "".join(tokens)
    lines = break_lines(text, ems * EM, FONT_NAME, SIZE)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, lines


def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    sample = _sample()
    missing: set[str] = set()
    st_ = styles()
    out = tmp_path / "p.pdf"
    SimpleDocTemplate(str(out), initialFontName=FONT_NAME).build(
        [para(sample.HOSTILE_ENTERPRISE, st_["body"], missing), para("x" * 300, st_["cell"])]
    )
    text = sample.flat(sample.pdf_text(out))
    assert "<b>粗体</b>&□野家<i>电器</i>有限公司" in text
    assert "x" * 300 in text
    assert missing == {"𠮷"}


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2018", "2018-01-01", "2018-12-31", "2018年"),
        ("2018Q3", "2018-07-01", "2018-09-30", "2018年第三季度"),
        ("2018q1", "2018-01-01", "2018-03-31", "2018年第一季度"),
        ("2018-09", "2018-09-01", "2018-09-30", "2018年9月"),
        ("2020-2", "2020-02-01", "2020-02-29", "2020年2月"),
        ("2018年第四季度", "2018-10-01", "2018-12-31", "2018年第四季度"),
        ("２０１８年９月", "2018-09-01", "2018-09-30", "2018年9月"),
    ],
)
def test_periods(text: str, start: str, end: str, label: str) -> None:
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat(), period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["2018Q5", "2018-13", "18", "去年", "1999"])
def test_bad_periods_are_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValueError, match="期间"):
        parse_period(text)
