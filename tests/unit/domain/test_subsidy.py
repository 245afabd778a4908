from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.reference import load_categories
from cixi_desktop.domain.subsidy import (
    SubsidyResult,
    SubsidyRuleSet,
    Tier,
    compute_subsidy,
    load_rule_sets,
    rule_set_for_year,
)

D = Decimal

TIERS = (
    Tier(D("0"), D("500"), D("0.10")),
    Tier(D("500"), D("2000"), D("0.08")),
    Tier(D("2000"), None, D("0.06")),
)
RULE = SubsidyRuleSet(
    code="T-1",
    year=2018,
    name="测试规则",
    base_field="equipment_investment",
    tiers=TIERS,
    cumulative=True,
    bonus_rates={"智能工厂": D("0.02")},
    cap_per_project=D("200.00"),
    cap_per_enterprise=D("500.00"),
)
FLAT = replace(RULE, code="T-2", cumulative=False, cap_per_project=None, cap_per_enterprise=None)


def run(
    rule: SubsidyRuleSet,
    base: str,
    category: str = "机器换人",
    granted: str = "0",
) -> SubsidyResult:
    return compute_subsidy(
        rule,
        equipment_investment=D(base),
        total_investment=D(base) * 2,
        category=category,
        enterprise_granted=D(granted),
    )


# --- worked examples ---------------------------------------------------------------


def test_worked_cumulative_with_bonus_capped_per_project() -> None:
    # 3,000 万 of equipment, progressive:
    #   500 × 10% + (2,000 − 500) × 8% + (3,000 − 2,000) × 6% = 50 + 120 + 60 = 230
    #   智能工厂 bonus 3,000 × 2% = 60            → gross 290
    #   per-project cap 200                       → amount 200
    result = run(RULE, "3000", category="智能工厂")
    assert result.gross == D("290.00")
    assert result.amount == D("200.00")
    assert result.capped_by == "project"
    assert result.base == D("3000")
    assert result.rule_code == "T-1"
    assert result.explanation == (
        "设备投资 3,000.00 万元：0–500 万元 × 10% = 50.00；500–2,000 万元 × 8% = 120.00；"
        "2,000–3,000 万元 × 6% = 60.00；智能工厂加计 2% × 3,000.00 = 60.00；"
        "合计 290.00，单个项目封顶 200.00 万元"
    )


def test_worked_cumulative_below_cap() -> None:
    # 1,200 万: 500 × 10% + 700 × 8% = 50 + 56 = 106; no bonus for 机器换人, under the cap.
    result = run(RULE, "1200")
    assert (result.amount, result.gross, result.capped_by) == (D("106.00"), D("106.00"), None)
    assert result.explanation == (
        "设备投资 1,200.00 万元：0–500 万元 × 10% = 50.00；500–1,200 万元 × 8% = 56.00；"
        "合计 106.00 万元"
    )


def test_non_cumulative_whole_base_at_its_tier_rate() -> None:
    # 800 万 falls in 500–2,000: 800 × 8% = 64 (not 500 × 10% + 300 × 8% = 74).
    result = run(FLAT, "800")
    assert result.amount == D("64.00")
    assert (
        result.explanation
        == "设备投资 800.00 万元：适用 500–2,000 万元档，800.00 × 8% = 64.00；合计 64.00 万元"
    )


def test_non_cumulative_boundary_belongs_to_higher_tier() -> None:
    assert run(FLAT, "500").amount == D("40.00")  # 500 × 8%
    assert run(FLAT, "499.99").amount == D("50.00")  # 499.99 × 10% = 49.999 → 50.00
    assert "2,000 万元以上档" in run(FLAT, "2500").explanation  # 2,500 × 6% = 150


def test_enterprise_cap_takes_what_is_left_of_the_year() -> None:
    # gross 230 → project cap 200 → enterprise had 450 of its 500, so 50 remain.
    result = run(RULE, "3000", granted="450")
    assert (result.amount, result.capped_by) == (D("50.00"), "enterprise")
    assert "企业本年度已获 450.00 万元" in result.explanation
    assert "核定 50.00 万元" in result.explanation


def test_enterprise_cap_exhausted_gives_zero() -> None:
    result = run(RULE, "1200", granted="600")
    assert (result.amount, result.capped_by) == (D("0.00"), "enterprise")


def test_min_base_threshold() -> None:
    rule = replace(RULE, min_base=D("100"))
    below = run(rule, "99.99")
    assert (below.amount, below.gross, below.capped_by) == (D("0.00"), D("0.00"), None)
    assert below.explanation == "设备投资 99.99 万元，低于起补门槛 100.00 万元，不予补助"
    assert run(rule, "100").amount == D("10.00")  # reaching the threshold counts


def test_rounding_half_up_and_only_at_the_end() -> None:
    # 123.45 × 10% = 12.345 → 12.35 (half-up; banker's rounding would give 12.34).
    assert run(RULE, "123.45").amount == D("12.35")
    # With the 2% bonus: 12.345 + 2.469 = 14.814 → 14.81.
    # Rounding each part first would give 12.35 + 2.47 = 14.82.
    assert run(RULE, "123.45", category="智能工厂").amount == D("14.81")


def test_total_investment_as_base() -> None:
    rule = replace(RULE, base_field="total_investment")
    result = run(rule, "100")  # total is 200 in run(): 200 × 10% = 20
    assert result.base == D("200")
    assert result.amount == D("20.00")
    assert result.explanation.startswith("总投资 200.00 万元")


def test_zero_base() -> None:
    result = run(RULE, "0")
    assert result.amount == D("0.00")
    assert result.explanation == "设备投资 0.00 万元，合计 0.00 万元"


def test_bonus_category_is_matched_after_trimming() -> None:
    assert run(RULE, "100", category=" 智能工厂 ").amount == D("12.00")


def test_negative_inputs_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        compute_subsidy(
            RULE,
            equipment_investment=D("-1"),
            total_investment=D("10"),
            category="",
            enterprise_granted=D("-5"),
        )
    assert [e.field for e in caught.value.errors] == ["equipment_investment", "enterprise_granted"]


# --- validation ------------------------------------------------------------------


def fields_of(rule: SubsidyRuleSet) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        rule.validate()
    return [e.field for e in caught.value.errors]


def test_sample_rules_are_valid() -> None:
    RULE.validate()
    FLAT.validate()


@pytest.mark.parametrize(
    "tiers",
    [
        (),
        (Tier(D("100"), None, D("0.1")),),  # not from 0
        (Tier(D("0"), D("500"), D("0.1")), Tier(D("600"), None, D("0.1"))),  # gap
        (Tier(D("0"), D("500"), D("0.1")), Tier(D("500"), D("400"), D("0.1"))),  # descending
        (Tier(D("0"), D("500"), D("0.1")),),  # top tier closed
        (Tier(D("0"), None, D("0.1")), Tier(D("500"), None, D("0.1"))),  # open tier not last
        (Tier(D("0"), None, D("1.5")),),  # rate above 100%
        (Tier(D("0"), None, D("-0.1")),),  # negative rate
    ],
)
def test_bad_tiers_are_refused(tiers: tuple[Tier, ...]) -> None:
    assert set(fields_of(replace(RULE, tiers=tiers))) == {"tiers"}


def test_other_bad_fields_are_each_named() -> None:
    bad = replace(
        RULE,
        code=" ",
        base_field="subsidy",
        bonus_rates={"智能工厂": D("2")},
        cap_per_project=D("-1"),
        cap_per_enterprise=D("10.005"),
        min_base=D("-3"),
    )
    assert fields_of(bad) == [
        "code",
        "base_field",
        "bonus_rates",
        "cap_per_project",
        "cap_per_enterprise",
        "min_base",
    ]


def test_from_dict_reports_unparseable_values() -> None:
    data: dict[str, Any] = RULE.to_dict()
    data["cap_per_project"] = "二百"
    data["year"] = "2018"
    data["tiers"][1]["rate"] = "8%"
    with pytest.raises(ValidationError) as caught:
        SubsidyRuleSet.from_dict(data)
    assert [e.field for e in caught.value.errors] == ["year", "tiers", "cap_per_project"]
    assert "“二百”不是有效的数值" in str(caught.value)


def test_from_dict_accepts_json_numbers() -> None:
    data = json.loads(json.dumps(RULE.to_dict()).replace('"0.08"', "0.08"))
    assert SubsidyRuleSet.from_dict(data) == RULE


def test_rule_sets_are_hashable_and_immutable() -> None:
    assert len({RULE, FLAT}) == 2
    with pytest.raises(TypeError):
        RULE.bonus_rates["数字化车间"] = D("0.5")  # type: ignore[index]


# --- shipped rule sets -------------------------------------------------------------


def test_shipped_rule_sets() -> None:
    rules = load_rule_sets()
    assert [r.year for r in rules] == [2017, 2018]
    assert len({r.code for r in rules}) == 2
    category_names = {c.name for c in load_categories()}
    for rule in rules:
        rule.validate()
        assert rule.base_field == "equipment_investment"
        assert set(rule.bonus_rates) <= category_names


def test_shipped_2018_rule_matches_policy_outline() -> None:
    rule = rule_set_for_year(2018)
    assert rule is not None
    assert rule.tiers == TIERS
    assert rule.cumulative
    assert dict(rule.bonus_rates) == {"数字化车间": D("0.02"), "智能工厂": D("0.02")}
    assert (rule.cap_per_project, rule.cap_per_enterprise) == (D("300"), D("500"))
    # 3,000 万 智能工厂: 230 + 60 = 290, under the 300 cap.
    assert run(rule, "3000", category="智能工厂").amount == D("290.00")
    assert rule_set_for_year(2016) is None


# --- properties ------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=50_000, places=2)
rates = st.decimals(min_value=0, max_value=1, places=3)
caps = st.none() | st.decimals(min_value=0, max_value=1_000, places=2)
category_names = st.sampled_from([c.name for c in load_categories()])


@st.composite
def rule_sets(draw: st.DrawFn, cumulative: bool | None = None) -> SubsidyRuleSet:
    bounds = sorted(draw(st.sets(st.integers(1, 10_000), max_size=4)))
    lowers, uppers = [0, *bounds], [*bounds, None]
    tiers = tuple(
        Tier(D(lo), None if hi is None else D(hi), draw(rates))
        for lo, hi in zip(lowers, uppers, strict=True)
    )
    return SubsidyRuleSet(
        code=draw(st.text(min_size=1, max_size=8).filter(str.strip)),
        year=draw(st.integers(2000, 2100)),
        name=draw(st.text(min_size=1, max_size=20).filter(str.strip)),
        base_field=draw(st.sampled_from(["equipment_investment", "total_investment"])),
        tiers=tiers,
        cumulative=draw(st.booleans()) if cumulative is None else cumulative,
        bonus_rates=draw(st.dictionaries(category_names, rates, max_size=3)),
        cap_per_project=draw(caps),
        cap_per_enterprise=draw(caps),
        min_base=draw(st.decimals(min_value=0, max_value=300, places=2)),
        source=draw(st.text(max_size=20)),
    )


@given(rule_sets(), amounts, amounts, category_names, amounts)
def test_amount_is_never_negative_nor_above_caps(
    rule: SubsidyRuleSet, equipment: Decimal, extra: Decimal, category: str, granted: Decimal
) -> None:
    result = compute_subsidy(
        rule,
        equipment_investment=equipment,
        total_investment=equipment + extra,
        category=category,
        enterprise_granted=granted,
    )
    assert result.amount >= 0
    assert result.amount <= result.gross
    assert result.amount == result.amount.quantize(D("0.01"))
    if rule.cap_per_project is not None:
        assert result.amount <= rule.cap_per_project
    if rule.cap_per_enterprise is not None:
        assert result.amount <= max(rule.cap_per_enterprise - granted, D(0))
    if result.capped_by is None:
        assert result.amount == result.gross


@given(rule_sets(cumulative=True), amounts, amounts, category_names, amounts)
def test_cumulative_amount_never_falls_as_base_grows(
    rule: SubsidyRuleSet, a: Decimal, b: Decimal, category: str, granted: Decimal
) -> None:
    low, high = sorted((a, b))

    def amount(base: Decimal) -> Decimal:
        return compute_subsidy(
            rule,
            equipment_investment=base,
            total_investment=base,
            category=category,
            enterprise_granted=granted,
        ).amount

    assert amount(low) <= amount(high)


@given(rule_sets())
def test_to_dict_from_dict_round_trip(rule: SubsidyRuleSet) -> None:
    rule.validate()
    as_json = json.loads(json.dumps(rule.to_dict(), ensure_ascii=False))
    again = SubsidyRuleSet.from_dict(as_json)
    assert again == rule
    assert again.to_dict() == rule.to_dict()
