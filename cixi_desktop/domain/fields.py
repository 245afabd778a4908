"""The fields of an enterprise and a project: Chinese label, kind, and how a raw value
(typed in a form, read from a workbook cell) becomes a clean typed value.

``clean_fields`` is forgiving of messy input and collects every problem, naming
the field; ``validate_enterprise`` / ``validate_project`` add the rules that
span fields. Services call both before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from cixi_desktop.domain.dates import check_order, parse_date
from cixi_desktop.domain.errors import FieldError, ValueProblem
from cixi_desktop.domain.money import check_wan_places, parse_amount, parse_percent
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.text import clean_name, normalize_code
from cixi_desktop.domain.uscc import clean_uscc
from cixi_desktop.domain.workflow import parse_status

MIN_YEAR, MAX_YEAR = 2000, 2100


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"
    USCC = "uscc"
    PHONE = "phone"
    AMOUNT = "amount"
    PERCENT = "percent"
    DATE = "date"
    YEAR = "year"
    COUNT = "count"
    FLAG = "flag"
    STATUS = "status"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    required: bool = False
    # Characters the database column holds (PostgreSQL refuses more; SQLite would keep
    # them): the same numbers as store/models.py, checked by tests/hostile/test_long_text.py.
    max_length: int | None = None


def _specs(*items: FieldSpec) -> Mapping[str, FieldSpec]:
    return {spec.name: spec for spec in items}


ENTERPRISE_FIELDS = _specs(
    FieldSpec("name", "企业名称", Kind.TEXT, required=True, max_length=200),
    FieldSpec("uscc", "统一社会信用代码", Kind.USCC),
    FieldSpec("town_code", "所属镇街", Kind.CODE, required=True),
    FieldSpec("cluster_code", "产业集群", Kind.CODE, required=True),
    FieldSpec("division_code", "国民经济行业（大类）", Kind.CODE),
    FieldSpec("above_scale", "是否规上", Kind.FLAG),
    FieldSpec("above_scale_year", "列入规上年份", Kind.YEAR),
    FieldSpec("contact", "联系人", Kind.TEXT, max_length=60),
    FieldSpec("phone", "联系电话", Kind.PHONE, max_length=80),
    FieldSpec("address", "地址", Kind.TEXT, max_length=300),
    FieldSpec("notes", "备注", Kind.TEXT),
)

PROJECT_FIELDS = _specs(
    FieldSpec("code", "项目编号", Kind.CODE, max_length=32),
    FieldSpec("name", "项目名称", Kind.TEXT, required=True, max_length=300),
    FieldSpec("plan_year", "计划年度", Kind.YEAR, required=True),
    FieldSpec("category_code", "项目类别", Kind.CODE, required=True),
    FieldSpec("content", "建设内容", Kind.TEXT),
    FieldSpec("total_investment", "项目总投资（万元）", Kind.AMOUNT, required=True),
    FieldSpec("equipment_investment", "其中设备投资（万元）", Kind.AMOUNT, required=True),
    FieldSpec("planned_start_date", "计划开工日期", Kind.DATE),
    FieldSpec("planned_completion_date", "计划竣工日期", Kind.DATE),
    FieldSpec("actual_start_date", "实际开工日期", Kind.DATE),
    FieldSpec("actual_completion_date", "实际竣工日期", Kind.DATE),
    FieldSpec("status", "状态", Kind.STATUS),
    FieldSpec("acceptance_date", "验收日期", Kind.DATE),
    FieldSpec("acceptance_result", "验收结论", Kind.TEXT, max_length=200),
    FieldSpec("approved_subsidy", "核定补助（万元）", Kind.AMOUNT),
    FieldSpec("subsidy_override_reason", "补助调整原因", Kind.TEXT, max_length=300),
    FieldSpec("labour_reduction", "减少用工（人）", Kind.COUNT),
    FieldSpec("productivity_gain_pct", "劳动生产率提升（%）", Kind.PERCENT),
    FieldSpec("defect_reduction_pct", "不良率下降（%）", Kind.PERCENT),
    FieldSpec("energy_reduction_pct", "能耗下降（%）", Kind.PERCENT),
    FieldSpec("notes", "备注", Kind.TEXT),
)

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "规上", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "规下", "f", ""}


def _parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize_code(str(value or "")).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(f"应填“是”或“否”，不是“{value}”")


def _parse_int(value: object, low: int, high: int, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"应为{what}")
    if isinstance(value, int):
        number = value
    else:
        text = normalize_code(str(value)).removesuffix("年").removesuffix("人")
        try:
            as_decimal = Decimal(text)
        except ArithmeticError:
            raise ValueProblem(f"应为{what}，不是“{value}”") from None
        if not as_decimal.is_finite() or as_decimal != as_decimal.to_integral_value():
            raise ValueProblem(f"应为{what}，不是“{value}”")
        number = int(as_decimal)
    if not low <= number <= high:
        raise ValueProblem(f"应在 {low} 到 {high} 之间")
    return number


def _parse_amount_strict(value: object) -> Decimal | None:
    amount = parse_amount(value)
    if amount is not None:
        check_wan_places(amount)
        amount = amount.quantize(Decimal("0.01"))
    return amount


def _parse_percent_checked(value: object) -> Decimal | None:
    pct = parse_percent(value)
    if pct is None:
        return None
    if not Decimal(-100) <= pct <= Decimal(100):
        raise ValueProblem("应在 -100% 到 100% 之间")
    if pct != pct.quantize(Decimal("0.01")):
        raise ValueProblem("最多保留两位小数")
    return pct.quantize(Decimal("0.01"))


def _parse_status(value: object) -> str | None:
    text = clean_name(value)
    if not text:
        return None
    try:
        return str(parse_status(text))
    except ValueError as exc:
        raise ValueProblem(str(exc)) from None


_PARSERS: Mapping[Kind, Callable[[object], object]] = {
    Kind.TEXT: clean_name,
    Kind.CODE: lambda v: normalize_code(str(v)) if v not in (None, "") else None,
    Kind.USCC: lambda v: clean_uscc(v) if clean_name(v) else None,
    Kind.PHONE: clean_phone,
    Kind.AMOUNT: _parse_amount_strict,
    Kind.PERCENT: _parse_percent_checked,
    Kind.DATE: parse_date,
    Kind.YEAR: lambda v: _parse_int(v, MIN_YEAR, MAX_YEAR, "四位年份"),
    Kind.COUNT: lambda v: _parse_int(v, 0, 10_000_000, "不小于 0 的整数"),
    Kind.FLAG: _parse_flag,
    Kind.STATUS: _parse_status,
}


def clean_fields(
    raw: Mapping[str, object], specs: Mapping[str, FieldSpec]
) -> tuple[dict[str, object], list[FieldError]]:
    """Parse every known key of ``raw``; unknown keys are ignored, problems collected."""
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for name, value in raw.items():
        spec = specs.get(name)
        if spec is None:
            continue
        try:
            values[name] = clean = _PARSERS[spec.kind](value)
        except ValueProblem as exc:
            errors.append(FieldError(name, spec.label, str(exc)))
            continue
        if spec.max_length is not None and isinstance(clean, str) and len(clean) > spec.max_length:
            errors.append(
                FieldError(
                    name, spec.label, f"最多 {spec.max_length} 个字，现在有 {len(clean):,} 个字"
                )
            )
    return values, errors


def _missing(values: Mapping[str, object], specs: Mapping[str, FieldSpec]) -> list[FieldError]:
    return [
        FieldError(spec.name, spec.label, "必须填写")
        for spec in specs.values()
        if spec.required and values.get(spec.name) in (None, "")
    ]


def validate_enterprise(values: Mapping[str, object]) -> list[FieldError]:
    """Rules over a complete, cleaned enterprise record."""
    errors = _missing(values, ENTERPRISE_FIELDS)
    if values.get("above_scale") and values.get("above_scale_year") is None:
        errors.append(
            FieldError("above_scale_year", "列入规上年份", "规上企业需填写列入规上的年份")
        )
    if not values.get("above_scale") and values.get("above_scale_year") is not None:
        errors.append(
            FieldError("above_scale_year", "列入规上年份", "非规上企业不应填写列入规上年份")
        )
    return errors


def validate_project(values: Mapping[str, object]) -> list[FieldError]:
    """Rules over a complete, cleaned project record (amounts, date order)."""
    errors = _missing(values, PROJECT_FIELDS)
    total = values.get("total_investment")
    equipment = values.get("equipment_investment")
    if isinstance(total, Decimal) and isinstance(equipment, Decimal) and equipment > total:
        errors.append(
            FieldError(
                "equipment_investment",
                PROJECT_FIELDS["equipment_investment"].label,
                f"设备投资 {equipment} 万元不能大于项目总投资 {total} 万元",
            )
        )
    for name in ("total_investment", "equipment_investment", "approved_subsidy"):
        amount = values.get(name)
        if isinstance(amount, Decimal) and amount < 0:
            errors.append(FieldError(name, PROJECT_FIELDS[name].label, "不能为负数"))
    errors.extend(_date_order(values, ("planned_start_date", "planned_completion_date")))
    errors.extend(
        _date_order(values, ("actual_start_date", "actual_completion_date", "acceptance_date"))
    )
    return errors


def _date_order(values: Mapping[str, object], names: tuple[str, ...]) -> list[FieldError]:
    pairs: list[tuple[str, str, date | None]] = []
    for name in names:
        value = values.get(name)
        pairs.append((name, PROJECT_FIELDS[name].label, value if isinstance(value, date) else None))
    return [
        FieldError(field, PROJECT_FIELDS[field].label, message)
        for field, message in check_order(pairs)
    ]
