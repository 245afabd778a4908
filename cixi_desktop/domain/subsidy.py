"""Subsidy rules as data, and the calculation that applies them.

A rule set per policy year says which investment is the base, the tiers with
their rates, whether tiers stack like tax brackets, extra rates for favoured
project categories and the caps. Amounts are 万元 ``Decimal``; rates are
fractions (``Decimal("0.10")`` is 10%).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from cixi_desktop.domain.errors import FieldError, ValidationError

BASE_FIELDS: Mapping[str, str] = MappingProxyType(
    {"equipment_investment": "设备投资", "total_investment": "总投资"}
)
CENT = Decimal("0.01")
_ZERO = Decimal(0)
_ONE = Decimal(1)


@dataclass(frozen=True)
class Tier:
    """Rate for the part of the base from ``lower`` (inclusive) to ``upper`` (exclusive).

    ``upper`` None means no upper limit. For a non-cumulative rule a base exactly
    on a boundary belongs to the higher tier ("500 万元（含）以上").
    """

    lower: Decimal
    upper: Decimal | None
    rate: Decimal

    def contains(self, base: Decimal) -> bool:
        return self.lower <= base and (self.upper is None or base < self.upper)


@dataclass(frozen=True)
class SubsidyRuleSet:
    code: str
    year: int
    name: str
    base_field: str
    tiers: tuple[Tier, ...]
    cumulative: bool
    # Left out of the hash (a mapping is unhashable) so rule sets can still be dict keys.
    bonus_rates: Mapping[str, Decimal] = field(hash=False)
    cap_per_project: Decimal | None
    cap_per_enterprise: Decimal | None
    min_base: Decimal = _ZERO
    source: str = ""

    def __post_init__(self) -> None:
        # Frozen in fact, not just in name: callers cannot change a rule set in place.
        object.__setattr__(self, "tiers", tuple(self.tiers))
        object.__setattr__(self, "bonus_rates", MappingProxyType(dict(self.bonus_rates)))

    @property
    def base_label(self) -> str:
        return BASE_FIELDS.get(self.base_field, self.base_field)

    def validate(self) -> None:
        """Raise :class:`ValidationError` listing every problem, each naming its field."""
        errors = [*self._check_identity(), *self._check_tiers(), *self._check_amounts()]
        if errors:
            raise ValidationError(errors)

    def _check_identity(self) -> list[FieldError]:
        errors = []
        if not self.code.strip():
            errors.append(FieldError("code", "规则编号", "不能为空"))
        if not self.name.strip():
            errors.append(FieldError("name", "规则名称", "不能为空"))
        if isinstance(self.year, bool) or not 2000 <= self.year <= 2100:
            errors.append(FieldError("year", "年度", "应在 2000–2100 之间"))
        if self.base_field not in BASE_FIELDS:
            choices = "、".join(f"{k}（{v}）" for k, v in BASE_FIELDS.items())
            errors.append(FieldError("base_field", "补助基数", f"应为 {choices}"))
        return errors

    def _check_tiers(self) -> list[FieldError]:
        def problem(message: str) -> FieldError:
            return FieldError("tiers", "补助档次", message)

        if not self.tiers:
            return [problem("至少需要一档")]
        errors = []
        if self.tiers[0].lower != 0:
            errors.append(problem("第 1 档应从 0 开始"))
        for n, tier in enumerate(self.tiers, start=1):
            if not _is_rate(tier.rate):
                errors.append(problem(f"第 {n} 档比例应在 0–100% 之间"))
            last = n == len(self.tiers)
            if tier.upper is None:
                if not last:
                    errors.append(problem(f"只有最后一档可以不设上限，第 {n} 档需要上限"))
                continue
            if tier.upper <= tier.lower:
                errors.append(problem(f"第 {n} 档上限应大于下限"))
            if last:
                # Otherwise a base above the top tier would have no rate at all.
                errors.append(problem("最后一档应不设上限"))
            elif self.tiers[n].lower != tier.upper:
                errors.append(problem(f"第 {n + 1} 档下限应等于第 {n} 档上限 {tier.upper}"))
        return errors

    def _check_amounts(self) -> list[FieldError]:
        errors = []
        for category, rate in self.bonus_rates.items():
            if not category.strip():
                errors.append(FieldError("bonus_rates", "类别加计", "项目类别不能为空"))
            if not _is_rate(rate):
                errors.append(
                    FieldError("bonus_rates", "类别加计", f"“{category}”的加计比例应在 0–100% 之间")
                )
        caps = (
            ("cap_per_project", "单个项目封顶", self.cap_per_project),
            ("cap_per_enterprise", "企业年度封顶", self.cap_per_enterprise),
        )
        for name, label, cap in caps:
            if cap is None:
                continue
            if not cap.is_finite():
                errors.append(FieldError(name, label, "应为有效数值"))
            elif cap < 0:
                errors.append(FieldError(name, label, "不能为负数"))
            elif cap != cap.quantize(CENT):
                # A cap with more places could be exceeded once the amount is rounded.
                errors.append(FieldError(name, label, "最多两位小数"))
        if not self.min_base.is_finite():
            errors.append(FieldError("min_base", "起补门槛", "应为有效数值"))
        elif self.min_base < 0:
            errors.append(FieldError("min_base", "起补门槛", "不能为负数"))
        return errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; Decimals become strings so no digit is lost."""
        return {
            "code": self.code,
            "year": self.year,
            "name": self.name,
            "base_field": self.base_field,
            "tiers": [
                {"lower": str(t.lower), "upper": _opt_str(t.upper), "rate": str(t.rate)}
                for t in self.tiers
            ],
            "cumulative": self.cumulative,
            "bonus_rates": {k: str(v) for k, v in self.bonus_rates.items()},
            "cap_per_project": _opt_str(self.cap_per_project),
            "cap_per_enterprise": _opt_str(self.cap_per_enterprise),
            "min_base": str(self.min_base),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SubsidyRuleSet:
        """Parse and validate; raises :class:`ValidationError` naming each bad field."""
        return _RuleParser(data).parse()


def _is_rate(value: Decimal) -> bool:
    return value.is_finite() and _ZERO <= value <= _ONE


def _opt_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class _RuleParser:
    """Reads a rule dict, collecting every problem before giving up."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: list[FieldError] = []

    def parse(self) -> SubsidyRuleSet:
        d = self.data
        rule = SubsidyRuleSet(
            code=self._text("code", "规则编号"),
            year=self._year(),
            name=self._text("name", "规则名称"),
            base_field=self._text("base_field", "补助基数"),
            tiers=self._tiers(),
            cumulative=self._flag("cumulative", "是否累进"),
            bonus_rates=self._bonus_rates(),
            cap_per_project=self._decimal(
                d.get("cap_per_project"), "cap_per_project", "单个项目封顶"
            ),
            cap_per_enterprise=self._decimal(
                d.get("cap_per_enterprise"), "cap_per_enterprise", "企业年度封顶"
            ),
            min_base=self._optional_zero(d.get("min_base"), "min_base", "起补门槛"),
            source=str(d.get("source") or ""),
        )
        if self.errors:
            raise ValidationError(self.errors)
        rule.validate()
        return rule

    def _text(self, key: str, label: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str):
            self.errors.append(FieldError(key, label, "应为文字"))
            return ""
        return value

    def _year(self) -> int:
        value = self.data.get("year")
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors.append(FieldError("year", "年度", "应为整数年份"))
            return 0
        return value

    def _flag(self, key: str, label: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            self.errors.append(FieldError(key, label, "应为 true 或 false"))
            return False
        return value

    def _decimal(self, value: Any, key: str, label: str) -> Decimal | None:
        if value is None:
            return None
        result: Decimal | None = None
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int) and not isinstance(value, bool):
            result = Decimal(value)
        elif isinstance(value, float | str):
            # str() of a float is its shortest exact-looking form: 0.1 → "0.1".
            try:
                result = Decimal(str(value).strip())
            except InvalidOperation:
                result = None
        if result is None or not result.is_finite():
            self.errors.append(FieldError(key, label, f"“{value}”不是有效的数值"))
            return None
        return result

    def _optional_zero(self, value: Any, key: str, label: str) -> Decimal:
        result = self._decimal(value, key, label)
        return _ZERO if result is None else result

    def _required_decimal(self, value: Any, key: str, label: str) -> Decimal:
        result = self._decimal(value, key, label)
        if value is None:
            self.errors.append(FieldError(key, label, "不能为空"))
        return _ZERO if result is None else result

    def _tiers(self) -> tuple[Tier, ...]:
        raw = self.data.get("tiers")
        if not isinstance(raw, list):
            self.errors.append(FieldError("tiers", "补助档次", "应为档次列表"))
            return ()
        tiers = []
        for n, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping):
                self.errors.append(FieldError("tiers", "补助档次", f"第 {n} 档格式不对"))
                continue
            label = f"补助档次第 {n} 档"
            tiers.append(
                Tier(
                    lower=self._required_decimal(item.get("lower"), "tiers", label + "下限"),
                    upper=self._decimal(item.get("upper"), "tiers", label + "上限"),
                    rate=self._required_decimal(item.get("rate"), "tiers", label + "比例"),
                )
            )
        return tuple(tiers)

    def _bonus_rates(self) -> dict[str, Decimal]:
        raw = self.data.get("bonus_rates") or {}
        if not isinstance(raw, Mapping):
            self.errors.append(FieldError("bonus_rates", "类别加计", "应为“类别: 比例”的对照"))
            return {}
        return {
            str(k): self._required_decimal(v, "bonus_rates", f"类别加计“{k}”")
            for k, v in raw.items()
        }


# --- calculation ---------------------------------------------------------------


@dataclass(frozen=True)
class SubsidyResult:
    """``amount`` is what to grant; ``gross`` the figure before caps (both to 0.01 万元)."""

    amount: Decimal
    base: Decimal
    gross: Decimal
    capped_by: str | None
    rule_code: str
    explanation: str


def compute_subsidy(
    rule: SubsidyRuleSet,
    *,
    equipment_investment: Decimal,
    total_investment: Decimal,
    category: str,
    enterprise_granted: Decimal = _ZERO,
) -> SubsidyResult:
    """Apply ``rule`` to one project; ``enterprise_granted`` is what the enterprise has
    already been granted under the same rule year (for the per-enterprise cap)."""
    inputs = (
        ("equipment_investment", "设备投资", equipment_investment),
        ("total_investment", "总投资", total_investment),
        ("enterprise_granted", "企业本年度已获补助", enterprise_granted),
    )
    rule.validate()
    negative = [FieldError(k, label, "不能为负数") for k, label, v in inputs if v < 0]
    if negative:
        raise ValidationError(negative)

    base = equipment_investment if rule.base_field == "equipment_investment" else total_investment
    head = f"{rule.base_label} {_money(base)} 万元"
    if base < rule.min_base:
        text = f"{head}，低于起补门槛 {_money(rule.min_base)} 万元，不予补助"
        return SubsidyResult(
            _ZERO.quantize(CENT), base, _ZERO.quantize(CENT), None, rule.code, text
        )

    gross, steps = _tiered(rule, base)
    bonus_rate = rule.bonus_rates.get(category.strip())
    if bonus_rate:
        bonus = base * bonus_rate
        gross += bonus
        steps.append(
            f"{category.strip()}加计 {_percent(bonus_rate)} × {_money(base)} = {_money(bonus)}"
        )

    amount, capped_by, cap_text = _apply_caps(rule, gross, enterprise_granted)
    total = f"合计 {_money(gross)}" + (cap_text or " 万元")
    text = f"{head}：{'；'.join([*steps, total])}" if steps else f"{head}，{total}"
    return SubsidyResult(_round(amount), base, _round(gross), capped_by, rule.code, text)


def _tiered(rule: SubsidyRuleSet, base: Decimal) -> tuple[Decimal, list[str]]:
    if not rule.cumulative:
        tier = next(t for t in rule.tiers if t.contains(base))
        span = (
            f"{_bound(tier.lower)}–{_bound(tier.upper)} 万元"
            if tier.upper is not None
            else f"{_bound(tier.lower)} 万元以上"
        )
        amount = base * tier.rate
        return amount, [f"适用 {span}档，{_money(base)} × {_percent(tier.rate)} = {_money(amount)}"]
    gross, steps = _ZERO, []
    for tier in rule.tiers:
        if base <= tier.lower:
            break
        top = base if tier.upper is None else min(base, tier.upper)
        part = (top - tier.lower) * tier.rate
        gross += part
        steps.append(
            f"{_bound(tier.lower)}–{_bound(top)} 万元 × {_percent(tier.rate)} = {_money(part)}"
        )
    return gross, steps


def _apply_caps(
    rule: SubsidyRuleSet, gross: Decimal, granted: Decimal
) -> tuple[Decimal, str | None, str]:
    amount, capped_by, notes = gross, None, []
    if rule.cap_per_project is not None and amount > rule.cap_per_project:
        amount, capped_by = rule.cap_per_project, "project"
        notes.append(f"，单个项目封顶 {_money(rule.cap_per_project)} 万元")
    if rule.cap_per_enterprise is not None:
        room = max(rule.cap_per_enterprise - granted, _ZERO)
        if amount > room:
            amount, capped_by = room, "enterprise"
            notes.append(
                f"，企业本年度已获 {_money(granted)} 万元、"
                f"年度封顶 {_money(rule.cap_per_enterprise)} 万元，核定 {_money(room)} 万元"
            )
    return amount, capped_by, "".join(notes)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"{_round(value):,.2f}"


def _bound(value: Decimal) -> str:
    # Tier limits are round numbers in policy texts; show them without ".00".
    return f"{value:,.0f}" if value == value.to_integral_value() else _money(value)


def _percent(rate: Decimal) -> str:
    pct = rate * 100
    return f"{pct:.0f}%" if pct == pct.to_integral_value() else f"{pct.normalize():f}%"


# --- shipped rule sets ---------------------------------------------------------


@cache
def load_rule_sets() -> tuple[SubsidyRuleSet, ...]:
    resource = files("cixi_desktop.db") / "reference" / "subsidy_rules.json"
    data = json.loads(resource.read_text(encoding="utf-8"), parse_float=Decimal)
    rules = tuple(SubsidyRuleSet.from_dict(item) for item in data)
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes):
        raise ValueError("subsidy_rules.json 中规则编号重复")
    return rules


def rule_set_for_year(year: int) -> SubsidyRuleSet | None:
    """The shipped rule set for a policy year, or None when that year has none."""
    return next((r for r in load_rule_sets() if r.year == year), None)
