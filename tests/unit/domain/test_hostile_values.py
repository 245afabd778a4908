"""Property tests with hostile dressing: the same value pasted from a web page, typed with a
Chinese input method in full-width mode, or carried out of an old system with control
characters, cleans to what the plain value cleans to; names keep what people typed; no
cleaner or validator ever fails with anything but its own sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from cixi_desktop.domain import reference
from cixi_desktop.domain.dates import parse_date
from cixi_desktop.domain.errors import ValueProblem
from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    PROJECT_FIELDS,
    Kind,
    clean_fields,
    validate_enterprise,
    validate_project,
)
from cixi_desktop.domain.money import parse_amount
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.text import ZERO_WIDTH, clean_name, normalize_code
from cixi_desktop.domain.uscc import ALPHABET, clean_uscc, make_uscc
from cixi_desktop.domain.workflow import Status, parse_status

CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
INVISIBLE = ZERO_WIDTH + CONTROLS  # what a code may carry that nobody can see
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → what IME full-width mode types


def full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


@st.composite
def dressed(draw: st.DrawFn, text: str, extra: str = INVISIBLE) -> str:
    """``text`` with some characters made full-width and invisible ones slipped in."""
    out = []
    for ch in text:
        if draw(st.booleans()):
            ch = full_width(ch)
        out.append(draw(st.text(extra, max_size=2)) + ch)
    return "".join(out) + draw(st.text(extra + " \u3000", max_size=2))


bodies = st.builds(
    lambda head, tail: head + tail,
    st.text("0123456789", min_size=8, max_size=8),
    st.text(ALPHABET, min_size=9, max_size=9),
)
# Names as people type them: CJK, full-width forms, emoji and rare characters outside the
# Basic Multilingual Plane, punctuation — no whitespace, no invisible characters.
visible = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"),
        exclude_characters=ZERO_WIDTH,
    ),
    min_size=1,
    max_size=30,
)


@given(bodies.flatmap(lambda b: st.tuples(st.just(make_uscc(b)), dressed(make_uscc(b)))))
def test_a_dressed_uscc_cleans_to_the_code(pair: tuple[str, str]) -> None:
    code, typed = pair
    assert clean_uscc(typed) == code
    assert clean_uscc(typed.lower()) == code


@given(st.text("ABCDEFGHJKLMNPQRTUWXY0123456789-", min_size=1, max_size=20).flatmap(
    lambda c: st.tuples(st.just(c), dressed(c))
))  # fmt: skip
def test_a_dressed_project_code_cleans_to_the_code(pair: tuple[str, str]) -> None:
    code, typed = pair
    assert normalize_code(typed) == code


@given(st.text())
def test_codes_never_keep_anything_invisible(raw: str) -> None:
    code = normalize_code(raw)
    assert not any(c in INVISIBLE or c.isspace() for c in code)


@given(visible)
def test_names_keep_what_was_typed(name: str) -> None:
    """Full-width letters, emoji and 𠀀 stay as typed: only the invisible goes."""
    assert clean_name(name) == name


# Vertical tab and form feed count as spaces in a name (collapsed, not removed).
NAME_INVISIBLE = ZERO_WIDTH + CONTROLS.replace("\x0b", "").replace("\x0c", "")


@given(visible, st.data())
def test_invisible_characters_leave_names(name: str, data: st.DataObject) -> None:
    typed = "".join(data.draw(st.text(NAME_INVISIBLE, max_size=2)) + ch for ch in name)
    assert clean_name(typed) == name


@given(
    st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2),
    st.sampled_from(["", "万元", "万"]),
    st.data(),
)
def test_a_dressed_amount_reads_the_same(amount: Decimal, unit: str, data: st.DataObject) -> None:
    typed = data.draw(dressed(f"{amount:,}", ZERO_WIDTH + " ")) + unit
    assert parse_amount(typed) == amount


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.data())
def test_a_dressed_mobile_reads_the_same(mobile: str, data: st.DataObject) -> None:
    try:
        expected = clean_phone(mobile)
    except ValueProblem:
        assume(False)  # not every 1[3-9] prefix is allocated
    assert clean_phone(data.draw(dressed(mobile, ZERO_WIDTH + " "))) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.data())
def test_a_dressed_date_reads_the_same(day: date, data: st.DataObject) -> None:
    spelled = data.draw(st.sampled_from([f"{day:%Y-%m-%d}", f"{day:%Y/%m/%d}", f"{day:%Y%m%d}"]))
    assert parse_date(data.draw(dressed(spelled, ZERO_WIDTH + " "))) == day


hostile_values = st.one_of(
    st.text(),
    st.text(INVISIBLE + "=+-@\t\r\n 0123456789.,年月日万元亿%是否"),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
    st.none(),
    st.dates(),
)


@given(st.sampled_from([*ENTERPRISE_FIELDS.values(), *PROJECT_FIELDS.values()]), hostile_values)
def test_every_field_cleans_or_names_its_problem(spec, value: object) -> None:  # type: ignore[no-untyped-def]
    specs = ENTERPRISE_FIELDS if spec in ENTERPRISE_FIELDS.values() else PROJECT_FIELDS
    values, errors = clean_fields({spec.name: value}, specs)
    assert all(e.field == spec.name and e.label == spec.label and e.message for e in errors)
    if not errors:
        clean = values[spec.name]
        if isinstance(clean, str) and spec.kind in (Kind.TEXT, Kind.CODE, Kind.USCC, Kind.PHONE):
            assert not any(c in CONTROLS for c in clean), (spec.name, clean)
        if spec.max_length is not None and isinstance(clean, str):
            assert len(clean) <= spec.max_length
    # The cross-field rules take whatever cleaning gave them.
    (validate_enterprise if specs is ENTERPRISE_FIELDS else validate_project)(values)


@given(
    st.sampled_from([s for s in [*ENTERPRISE_FIELDS.values(), *PROJECT_FIELDS.values()]
                     if s.max_length and s.kind is Kind.TEXT]),
    st.integers(min_value=-3, max_value=3),
)  # fmt: skip
def test_text_fields_hold_exactly_their_column(spec, over: int) -> None:  # type: ignore[no-untyped-def]
    specs = ENTERPRISE_FIELDS if spec in ENTERPRISE_FIELDS.values() else PROJECT_FIELDS
    text = ("慈" * (spec.max_length + over - 1)) + "𠀀"  # one character, two UTF-16 units
    _values, errors = clean_fields({spec.name: text}, specs)
    assert bool(errors) == (over > 0)
    if errors:
        assert errors[0].message == (
            f"最多 {spec.max_length} 个字，现在有 {spec.max_length + over:,} 个字"
        )


@given(st.one_of(st.text(), st.sampled_from([s.value for s in Status]).flatmap(dressed)))
def test_status_text_is_a_status_or_a_sentence(raw: str) -> None:
    try:
        assert isinstance(parse_status(raw), Status)
    except ValueError as exc:
        assert str(exc).startswith("无法识别的项目状态")


@given(st.one_of(st.none(), st.text(), st.text(INVISIBLE + "周巷镇街道慈溪 　0123456789")))
def test_reference_lookups_find_or_say_none(raw: str | None) -> None:
    town = reference.find_town(raw)
    assert town is None or town.code in {t.code for t in reference.load_towns()}
    for found in (reference.find_cluster(raw), reference.find_category(raw)):
        assert found is None or found.code
