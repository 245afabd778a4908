"""The checks a form runs as the user types: the domain's own parsing and rules, plus
what only the form knows (is an enterprise chosen, is a picker's text one of its items).
No database here; the service checks again (and for duplicates) when saving.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from cixi_desktop.domain.errors import FieldError, ValueProblem
from cixi_desktop.domain.fields import (
    ENTERPRISE_FIELDS,
    PROJECT_FIELDS,
    clean_fields,
    validate_enterprise,
    validate_project,
)
from cixi_desktop.domain.phone import clean_phone
from cixi_desktop.domain.text import clean_name
from cixi_desktop.domain.uscc import clean_uscc

Errors = dict[str, list[str]]

PICK_FROM_LIST = "没有“{}”这一项，请从列表中选择"
CHOOSE_ENTERPRISE = "请选择企业：输入名称、曾用名或信用代码查找，或点“新建企业”"
REASON_NEEDED = "核定金额与按规则计算的 {} 万元不同，请说明原因"
REASON_NO_RULE = "本年度没有补助规则，请说明核定依据"


def _add(errors: Errors, items: list[FieldError], skip: Collection[str] = ()) -> None:
    for item in items:
        if item.field not in skip:
            errors.setdefault(item.field, []).append(item.message)


def _check_refs(
    values: dict[str, object], refs: Mapping[str, Collection[str]], errors: Errors
) -> None:
    for name, codes in refs.items():
        value = values.get(name)
        if not value or name in errors:
            continue
        # The domain upper-cases codes; reference codes are kept as the table has them.
        canonical = {str(code).upper(): code for code in codes}.get(str(value).upper())
        if canonical is None:
            errors[name] = [PICK_FROM_LIST.format(value)]
        else:
            values[name] = canonical


def check_project(
    raw: Mapping[str, object],
    *,
    enterprise_chosen: bool,
    categories: Collection[str],
    computed_subsidy: Decimal | None = None,
    subsidy_changed: bool = False,
) -> tuple[dict[str, object], Errors]:
    """(clean values, messages per field) for the project form's current text."""
    values, problems = clean_fields(raw, PROJECT_FIELDS)
    errors: Errors = {}
    _add(errors, problems)
    # A field that could not be read is not also "missing" or "out of order".
    _add(errors, validate_project(values), skip=set(errors))
    _check_refs(values, {"category_code": categories}, errors)
    if not enterprise_chosen:
        errors["enterprise"] = [CHOOSE_ENTERPRISE]
    approved = values.get("approved_subsidy")
    if subsidy_changed and isinstance(approved, Decimal) and "approved_subsidy" not in errors:
        reason = clean_name(values.get("subsidy_override_reason"))
        if approved != computed_subsidy and not reason:
            message = (
                REASON_NO_RULE
                if computed_subsidy is None
                else REASON_NEEDED.format(f"{computed_subsidy:,.2f}")
            )
            errors.setdefault("subsidy_override_reason", []).append(message)
    return values, errors


def check_enterprise(
    raw: Mapping[str, object], refs: Mapping[str, Collection[str]]
) -> tuple[dict[str, object], Errors]:
    values, problems = clean_fields(raw, ENTERPRISE_FIELDS)
    errors: Errors = {}
    _add(errors, problems)
    _add(errors, validate_enterprise(values), skip=set(errors))
    _check_refs(values, refs, errors)
    return values, errors


def check_provider(
    raw: Mapping[str, object], towns: Collection[str]
) -> tuple[dict[str, object], Errors]:
    values: dict[str, object] = {
        k: clean_name(raw.get(k)) for k in ("name", "specialty", "contact", "notes")
    }
    errors: Errors = {}
    if not values["name"]:
        errors["name"] = ["必须填写"]
    for name, parse in (("uscc", clean_uscc), ("phone", clean_phone)):
        text = clean_name(raw.get(name))
        try:
            values[name] = parse(text) if text else ""
        except ValueProblem as exc:
            errors[name] = [str(exc)]
    values["town_code"] = raw.get("town_code") or ""
    _check_refs(values, {"town_code": towns}, errors)
    return values, errors
