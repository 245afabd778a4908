"""Field specs: every raw value (form, workbook cell) becomes a clean typed value or a
Chinese message naming the field; rules across fields name the field to fix."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    PROJECT_FIELDS,
    Kind,
    clean_fields,
    validate_enterprise,
    validate_project,
)
from cixi_desktop.domain.uscc import make_uscc

USCC = make_uscc("91330282MA2AAAAA0")


def _one(name: str, value: object, specs=PROJECT_FIELDS) -> object:  # type: ignore[no-untyped-def]
    values, errors = clean_fields({name: value}, specs)
    assert errors == [], errors
    return values[name]


def _error(name: str, value: object, specs=PROJECT_FIELDS) -> str:  # type: ignore[no-untyped-def]
    values, errors = clean_fields({name: value}, specs)
    assert name not in values
    (error,) = errors
    assert error.field == name
    return str(error)


def test_every_field_has_a_chinese_label_and_a_parser() -> None:
    for specs in (ENTERPRISE_FIELDS, PROJECT_FIELDS):
        for name, spec in specs.items():
            assert spec.name == name
            assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.label), name
            assert isinstance(spec.kind, Kind)
    assert PROJECT_FIELDS["equipment_investment"].label == "其中设备投资（万元）"


def test_unknown_keys_are_ignored_and_all_problems_collected() -> None:
    values, errors = clean_fields(
        {"name": " 项目 ", "whatever": 1, "plan_year": "明年", "total_investment": "很多"},
        PROJECT_FIELDS,
    )
    assert values == {"name": "项目"}
    assert [e.field for e in errors] == ["plan_year", "total_investment"]
    assert str(errors[0]).startswith("计划年度：")
    assert str(errors[1]).startswith("项目总投资（万元）：")


@pytest.mark.parametrize(
    ("raw", "wan"),
    [
        ("1,234.5", "1234.50"),
        ("１２３４．５万元", "1234.50"),
        ("1.2亿元", "12000.00"),
        ("1200000元", "120.00"),
        ("¥ 86 万", "86.00"),
        (Decimal("0.1"), "0.10"),
        (0.1, "0.10"),  # an Excel cell: shortest repr, never the binary expansion
        (12345678901234567, "12345678901234567.00"),
        ("12345678901234567.89", "12345678901234567.89"),
    ],
)
def test_amounts_become_exact_wan(raw: object, wan: str) -> None:
    value = _one("total_investment", raw)
    assert isinstance(value, Decimal)
    assert str(value) == wan


@pytest.mark.parametrize("blank", [None, "", " ", "-", "—", "无"])
def test_blank_amounts_are_none(blank: object) -> None:
    assert _one("approved_subsidy", blank) is None


@pytest.mark.parametrize("raw", ["1.005", "123元", "0.001万元", "1.2345678亿元"])
def test_amounts_are_never_rounded_silently(raw: str) -> None:
    assert "两位小数" in _error("total_investment", raw)


@pytest.mark.parametrize("raw", ["-5", "abc", "1e5", "12,34"])
def test_bad_amounts_are_refused(raw: str) -> None:
    assert _error("equipment_investment", raw).startswith("其中设备投资（万元）：")


@given(st.decimals(min_value=0, max_value=Decimal("99999999999999999.99"), places=2))
def test_any_two_place_amount_survives_typing(value: Decimal) -> None:
    for typed in (str(value), f"{value:,}", f"{value:,.2f}万元", f"{value * 10000:f}元"):
        assert _one("total_investment", typed) == value, typed


@pytest.mark.parametrize(
    ("raw", "year"), [(2018, 2018), ("2018", 2018), ("２０１８年", 2018), (2018.0, 2018)]
)
def test_years(raw: object, year: int) -> None:
    assert _one("plan_year", raw) == year


@pytest.mark.parametrize("raw", [True, "2018.5", "1999", "2101", "十八年"])
def test_bad_years(raw: object) -> None:
    assert _error("plan_year", raw).startswith("计划年度：")


@pytest.mark.parametrize(
    ("raw", "flag"),
    [("是", True), ("规上", True), ("Y", True), (True, True), ("否", False), ("", False),
     (None, False), ("规下", False)],
)  # fmt: skip
def test_flags(raw: object, flag: bool) -> None:
    assert _one("above_scale", raw, ENTERPRISE_FIELDS) is flag


def test_bad_flag() -> None:
    assert "是" in _error("above_scale", "也许", ENTERPRISE_FIELDS)


def test_text_codes_dates_percent_status_and_counts() -> None:
    values, errors = clean_fields(
        {
            "name": "\u200b 冲压  车间\t机器换人 ",
            "code": " cx-2018-０００１ ",
            "actual_start_date": "2018年3月5日",
            "planned_start_date": datetime(2018, 1, 2, 8, 30),
            "acceptance_date": 43101,  # Excel serial for 2018-01-01
            "productivity_gain_pct": "12.5%",
            "status": "撤项",
            "labour_reduction": "12人",
            "category_code": " 机器换人 ",
        },
        PROJECT_FIELDS,
    )
    assert errors == []
    assert values == {
        "name": "冲压 车间 机器换人",
        "code": "CX-2018-0001",
        "actual_start_date": date(2018, 3, 5),
        "planned_start_date": date(2018, 1, 2),
        "acceptance_date": date(2018, 1, 1),
        "productivity_gain_pct": Decimal("12.50"),
        "status": "终止",
        "labour_reduction": 12,
        "category_code": "机器换人",
    }


@pytest.mark.parametrize(
    ("name", "raw", "says"),
    [
        ("productivity_gain_pct", "150%", "100%"),
        ("defect_reduction_pct", "1.234", "两位小数"),
        ("status", "进行中", "无法识别的项目状态"),
        ("labour_reduction", "-3", "之间"),
        ("actual_start_date", "2018-02-30", "日期"),
    ],
)
def test_bad_values_say_what_is_wrong(name: str, raw: object, says: str) -> None:
    message = _error(name, raw)
    assert message.startswith(PROJECT_FIELDS[name].label + "：")
    assert says in message


def test_uscc_and_phone_are_cleaned_only_on_their_fields() -> None:
    values, errors = clean_fields(
        {"uscc": USCC.lower(), "phone": "0574 6312 3456", "name": "ＡＢＣ电器"},
        ENTERPRISE_FIELDS,
    )
    assert errors == []
    assert values == {"uscc": USCC, "phone": "0574-63123456", "name": "ＡＢＣ电器"}
    assert _one("uscc", " ", ENTERPRISE_FIELDS) is None
    assert "校验位" in _error(
        "uscc", USCC[:-1] + ("0" if USCC[-1] != "0" else "1"), ENTERPRISE_FIELDS
    )


# --- rules over a whole record --------------------------------------------------------


def _project(**values: object) -> dict[str, object]:
    return {
        "name": "项目",
        "plan_year": 2018,
        "category_code": "robot",
        "total_investment": Decimal("100"),
        "equipment_investment": Decimal("60"),
    } | values


def test_a_complete_project_is_valid() -> None:
    assert validate_project(_project()) == []


def test_required_fields_are_named() -> None:
    errors = validate_project({"name": ""})
    assert [str(e) for e in errors] == [
        "项目名称：必须填写",
        "计划年度：必须填写",
        "项目类别：必须填写",
        "项目总投资（万元）：必须填写",
        "其中设备投资（万元）：必须填写",
    ]


def test_equipment_may_equal_but_not_exceed_total() -> None:
    assert validate_project(_project(equipment_investment=Decimal("100.00"))) == []
    (error,) = validate_project(_project(equipment_investment=Decimal("100.01")))
    assert error.field == "equipment_investment"
    assert str(error).startswith("其中设备投资（万元）：")


def test_negative_amounts() -> None:
    errors = validate_project(
        _project(total_investment=Decimal("-1"), equipment_investment=Decimal("-2"))
    )
    assert {e.field for e in errors} == {"total_investment", "equipment_investment"}


def test_date_order() -> None:
    good = _project(
        actual_start_date=date(2018, 3, 1),
        actual_completion_date=date(2018, 3, 1),
        acceptance_date=date(2018, 4, 1),
    )
    assert validate_project(good) == []
    errors = validate_project(
        _project(actual_start_date=date(2018, 3, 1), acceptance_date=date(2018, 2, 1))
    )
    assert [(e.field, e.message) for e in errors] == [
        ("acceptance_date", "验收日期不能早于实际开工日期（2018-03-01）")
    ]
    errors = validate_project(
        _project(planned_start_date=date(2018, 3, 1), planned_completion_date=date(2018, 2, 1))
    )
    assert [e.field for e in errors] == ["planned_completion_date"]


def test_enterprise_rules() -> None:
    base = {"name": "企业", "town_code": "330282121", "cluster_code": "other"}
    assert validate_enterprise(base) == []
    assert [e.field for e in validate_enterprise(base | {"above_scale": True})] == [
        "above_scale_year"
    ]
    assert [e.field for e in validate_enterprise(base | {"above_scale_year": 2016})] == [
        "above_scale_year"
    ]
    assert validate_enterprise(base | {"above_scale": True, "above_scale_year": 2016}) == []
    assert [e.field for e in validate_enterprise({"name": "企业"})] == ["town_code", "cluster_code"]
