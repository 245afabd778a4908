"""Which spreadsheet column is which field: the header words towns actually use, units
read from headers, and named mapping profiles kept for the next file from the same town.

Headers are compared after normalising (full-width → half-width, no spaces, no
punctuation, unit in brackets set aside), so 企业（单位）名称, 企业(单位)名称 and
“企业 单位 名称” are one header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cixi_desktop.store.database import Database
from cixi_desktop.store.services import prefs

PROFILE_PREFIX = "import_profile:"
AMOUNT_UNITS = ("万元", "元", "亿元")


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str  # the header the collection template writes and the importer reads back
    kind: str  # text | uscc | code | amount | date | year | flag | status | int | percent | list
    synonyms: tuple[str, ...] = ()
    entity: str = "project"  # project | enterprise | payment


def _f(key: str, label: str, kind: str, *synonyms: str, entity: str = "project") -> ImportField:
    return ImportField(key, label, kind, synonyms, entity)


IMPORT_FIELDS: tuple[ImportField, ...] = (
    _f(
        "enterprise_name",
        "企业名称",
        "text",
        "单位名称",
        "企业（单位）名称",
        "公司名称",
        "企业",
        "企业全称",
        "申报单位",
        "项目单位",
        "实施单位",
        "项目实施单位",
        "单位",
        entity="enterprise",
    ),
    _f(
        "uscc",
        "统一社会信用代码",
        "uscc",
        "信用代码",
        "社会信用代码",
        "统一信用代码",
        "统一代码",
        "企业信用代码",
        "组织机构代码",
        entity="enterprise",
    ),
    _f("former_name", "曾用名", "text", "原企业名称", "原名称", "企业曾用名", entity="enterprise"),
    _f(
        "town",
        "所属镇街",
        "code",
        "镇街道",
        "镇（街道）",
        "所属镇街道",
        "所属镇（街道）",
        "乡镇（街道）",
        "乡镇街道",
        "镇街",
        "所在镇街",
        "属地",
        "镇街（开发区）",
        "所属镇街（开发区）",
        "镇（街道、开发区）",
        "镇别",
        "乡镇",
        entity="enterprise",
    ),
    _f(
        "cluster",
        "产业集群",
        "code",
        "所属产业",
        "产业",
        "所属产业集群",
        "行业集群",
        "产业类别",
        "所属集群",
        entity="enterprise",
    ),
    _f(
        "division",
        "国民经济行业（大类）",
        "code",
        "行业大类",
        "国民经济行业",
        "行业代码",
        "国民经济行业分类",
        entity="enterprise",
    ),
    _f(
        "above_scale",
        "是否规上",
        "flag",
        "规上企业",
        "是否规上企业",
        "规上",
        "规模以上",
        "是否规模以上企业",
        "规上/规下",
        entity="enterprise",
    ),
    _f(
        "above_scale_year",
        "列入规上年份",
        "year",
        "规上年份",
        "上规年份",
        "纳入规上年份",
        "列入规上年度",
        entity="enterprise",
    ),
    _f("contact", "联系人", "text", "企业联系人", "项目联系人", entity="enterprise"),
    _f(
        "phone",
        "联系电话",
        "text",
        "电话",
        "手机",
        "联系方式",
        "手机号码",
        "联系人电话",
        entity="enterprise",
    ),
    _f("address", "地址", "text", "企业地址", "详细地址", "注册地址", entity="enterprise"),
    _f("code", "项目编号", "code", "项目代码", "编号", "项目编码"),
    _f("project_name", "项目名称", "text", "技改项目名称", "项目", "建设项目名称", "技改项目"),
    _f("plan_year", "计划年度", "year", "年度", "实施年度", "项目年度", "年份", "计划年份"),
    _f(
        "category",
        "项目类别",
        "code",
        "技改类型",
        "改造类型",
        "类别",
        "项目类型",
        "改造方向",
        "技改类别",
    ),
    _f(
        "content",
        "建设内容",
        "text",
        "主要建设内容",
        "项目内容",
        "改造内容",
        "主要内容",
        "项目建设内容",
    ),
    _f(
        "total_investment",
        "项目总投资（万元）",
        "amount",
        "总投资",
        "项目总投资",
        "计划总投资",
        "投资总额",
        "总投资额",
        "项目投资",
    ),
    _f(
        "equipment_investment",
        "其中设备投资（万元）",
        "amount",
        "设备投资",
        "其中设备投资",
        "设备投入",
        "设备购置投资",
        "设备投资额",
    ),
    _f("planned_start_date", "计划开工日期", "date", "计划开工", "计划开工时间"),
    _f(
        "planned_completion_date",
        "计划竣工日期",
        "date",
        "计划竣工",
        "计划竣工时间",
        "计划完工时间",
        "计划完工日期",
        "计划完工",
    ),
    _f(
        "actual_start_date",
        "实际开工日期",
        "date",
        "开工时间",
        "开工日期",
        "实际开工",
        "实际开工时间",
    ),
    _f(
        "actual_completion_date",
        "实际竣工日期",
        "date",
        "竣工时间",
        "竣工日期",
        "完工时间",
        "实际竣工",
        "实际竣工时间",
        "完工日期",
        "实际完工时间",
        "实际完工日期",
    ),
    _f(
        "status",
        "状态",
        "status",
        "项目状态",
        "进展情况",
        "项目进展",
        "目前进展",
        "进展",
        "实施情况",
    ),
    _f("acceptance_date", "验收日期", "date", "验收时间"),
    _f("acceptance_result", "验收结论", "text", "验收结果", "验收意见"),
    _f(
        "approved_subsidy",
        "核定补助（万元）",
        "amount",
        "补助资金",
        "财政补助",
        "奖补资金",
        "核定补助",
        "补助金额",
        "补助",
        "奖励资金",
        "核定补助资金",
        "补助额",
        "奖补金额",
    ),
    _f(
        "subsidy_paid",
        "已拨付（万元）",
        "amount",
        "已拨付",
        "已拨付资金",
        "拨付金额",
        "已拨付金额",
        "已拨付补助",
        entity="payment",
    ),
    _f("paid_on", "拨付日期", "date", "拨付时间", "补助拨付日期", entity="payment"),
    _f(
        "providers",
        "服务商",
        "list",
        "服务公司",
        "工程服务公司",
        "智能制造工程服务公司",
        "服务单位",
        "服务机构",
        "工程服务商",
    ),
    _f("labour_reduction", "减少用工（人）", "int", "减少用工", "减员", "减少用工人数"),
    _f(
        "productivity_gain_pct",
        "劳动生产率提升（%）",
        "percent",
        "劳动生产率提升",
        "劳动生产率提高",
    ),
    _f("defect_reduction_pct", "不良率下降（%）", "percent", "不良率下降", "产品不良率下降"),
    _f("energy_reduction_pct", "能耗下降（%）", "percent", "能耗下降", "单位能耗下降"),
    _f("notes", "备注", "text", "说明", "项目备注"),
)
FIELDS_BY_KEY: Mapping[str, ImportField] = {f.key: f for f in IMPORT_FIELDS}
# Columns a ledger carries that are never data: the row counter, and the columns the
# problem report adds (so a fixed report imports straight back).
IGNORED_HEADERS = frozenset({"序号", "行号", "原行号", "问题", "导入问题", "序"})

_UNIT_RE = re.compile(r"[（(]\s*(亿元|万元|元|亿|万|%|％|人)\s*[)）]")
_NOTE_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|元)")
_DROP_RE = re.compile(r"[\s:：、,，.。;；*＊#＃\"'“”‘’\-—_]+")


def normalize_header(text: object) -> str:
    """The comparable form of a header: NFKC, unit removed, no spaces or punctuation."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = _UNIT_RE.sub("", value)
    value = _NOTE_UNIT_RE.sub("", value)
    return _DROP_RE.sub("", value).replace("(", "（").replace(")", "）")


def unit_in(text: object) -> str | None:
    """万元 / 元 / 亿元 named by a header ("投资（元）") or a note ("单位：万元")."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    for pattern in (_UNIT_RE, _NOTE_UNIT_RE):
        match = pattern.search(value)
        if match and match.group(1) in ("亿元", "万元", "元", "亿", "万"):
            unit = match.group(1)
            return {"亿": "亿元", "万": "万元"}.get(unit, unit)
    return None


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in IMPORT_FIELDS:
        for word in (f.label, *f.synonyms):
            index.setdefault(normalize_header(word), f.key)
    return index


_INDEX = _index()


def field_for(header: str) -> str | None:
    """The field a header names exactly (after normalising), or None."""
    return _INDEX.get(normalize_header(header))


@dataclass(frozen=True)
class HeaderCell:
    """One column's header: ``child`` the lowest header cell, ``parent`` the one above it
    (a merged group such as 投资情况（万元）), both as written."""

    index: int
    child: str
    parent: str = ""

    @property
    def text(self) -> str:
        if self.parent and self.child and self.parent != self.child:
            return f"{self.parent}/{self.child}"
        return self.child or self.parent

    def guess(self) -> str | None:
        if normalize_header(self.child) in IGNORED_HEADERS:
            return None
        for candidate in (self.parent + self.child, self.child, self.parent):
            if candidate:
                key = field_for(candidate)
                if key is not None:
                    return key
        return None

    def unit(self) -> str | None:
        return unit_in(self.child) or unit_in(self.parent)


@dataclass(frozen=True)
class ColumnMap:
    index: int
    header: str
    field: str | None
    unit: str | None = None  # for amount fields: the header's unit, else the sheet's


@dataclass
class ColumnMapping:
    columns: list[ColumnMap] = field(default_factory=list)

    def by_field(self) -> dict[str, ColumnMap]:
        return {c.field: c for c in self.columns if c.field}

    def mapped(self) -> list[ColumnMap]:
        return [c for c in self.columns if c.field]

    def set(self, index: int, field_key: str | None, unit: str | None = None) -> None:
        """Point column ``index`` at ``field_key``; a field is mapped from one column only."""
        out = []
        for c in self.columns:
            if c.index == index:
                c = replace(c, field=field_key, unit=unit if unit is not None else c.unit)
            elif field_key is not None and c.field == field_key:
                c = replace(c, field=None)
            out.append(c)
        self.columns = out

    def to_profile(self) -> dict[str, Any]:
        return {
            "columns": {
                normalize_header(c.header): {"field": c.field, "unit": c.unit}
                for c in self.columns
                if c.header
            }
        }

    def apply_profile(self, profile: Mapping[str, Any]) -> int:
        """Take the saved choice for every column whose header the profile knows."""
        saved = profile.get("columns", {}) if isinstance(profile, Mapping) else {}
        applied = 0
        for c in list(self.columns):
            choice = saved.get(normalize_header(c.header))
            if isinstance(choice, Mapping):
                key = choice.get("field")
                if key is None or key in FIELDS_BY_KEY:
                    self.set(c.index, key, choice.get("unit"))
                    applied += 1
        return applied

    def describe(self) -> list[tuple[str, str]]:
        return [(c.header, FIELDS_BY_KEY[c.field].label) for c in self.mapped()]


def auto_mapping(headers: Sequence[HeaderCell], sheet_unit: str | None = None) -> ColumnMapping:
    """Guess every column; when two columns claim one field, the first keeps it."""
    taken: set[str] = set()
    columns = []
    for h in headers:
        key = h.guess()
        if key in taken:
            key = None
        if key is not None:
            taken.add(key)
        unit = None
        if key is not None and FIELDS_BY_KEY[key].kind == "amount":
            unit = h.unit() or sheet_unit or "万元"
        columns.append(ColumnMap(h.index, h.text, key, unit))
    return ColumnMapping(columns)


# --- named profiles -------------------------------------------------------------------


def profile_names(db: Database) -> list[str]:
    return sorted(prefs.list_prefs(db, PROFILE_PREFIX))


def save_profile(db: Database, name: str, mapping: ColumnMapping) -> None:
    name = name.strip()
    if not name:
        raise ValueError("方案名称不能为空")
    prefs.put_pref(db, PROFILE_PREFIX + name, mapping.to_profile())


def load_profile(db: Database, name: str) -> dict[str, Any] | None:
    value = prefs.get_pref(db, PROFILE_PREFIX + name)
    return value if isinstance(value, dict) else None


def delete_profile(db: Database, name: str) -> None:
    prefs.delete_pref(db, PROFILE_PREFIX + name)


def field_choices() -> list[tuple[str | None, str]]:
    """(key, label) for a combo box: “不导入” first, then every field in form order."""
    return [(None, "（不导入）"), *((f.key, f.label) for f in IMPORT_FIELDS)]


def required_missing(mapping: ColumnMapping, defaults: Iterable[str] = ()) -> list[str]:
    """Labels of fields no column provides and no default covers (the rows would all fail)."""
    have = set(mapping.by_field()) | set(defaults)
    need = ["enterprise_name", "project_name", "total_investment", "equipment_investment"]
    return [FIELDS_BY_KEY[k].label for k in need if k not in have]
