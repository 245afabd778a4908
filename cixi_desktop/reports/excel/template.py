"""The collection template towns fill in: the importer's own headers, drop-downs for town,
cluster, category, status and 规上 (from this database's reference tables), an input hint
on every column, and the USCC column formatted as text before anyone types into it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from cixi_desktop.reports.excel import styles
from cixi_desktop.reports.excel.mapping import FIELDS_BY_KEY
from cixi_desktop.store.database import Database
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import atomic_path
from cixi_desktop.store.import_queries import reference_lists

SHEET = "项目采集表"
LISTS_SHEET = "选项"
GUIDE_SHEET = "填写说明"
HEADER_ROW = 3
INPUT_ROWS = 1000  # rows prepared with formats and drop-downs


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    width: int
    hint: str
    required: bool = False
    choices: str | None = None  # towns | clusters | categories | statuses | flag


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn("enterprise_name", 30, "企业全称，与营业执照一致", True),
    TemplateColumn("uscc", 21, "18 位统一社会信用代码；本列已设为文本，请勿改成数字格式"),
    TemplateColumn("town", 14, "从下拉列表选择", True, "towns"),
    TemplateColumn("cluster", 16, "从下拉列表选择", True, "clusters"),
    TemplateColumn("above_scale", 9, "是 / 否", False, "flag"),
    TemplateColumn("above_scale_year", 10, "规上企业填写列入规上的年份，如 2016"),
    TemplateColumn("contact", 10, "企业联系人"),
    TemplateColumn("phone", 16, "手机或座机，如 0574-63123456"),
    TemplateColumn("project_name", 32, "项目名称", True),
    TemplateColumn("plan_year", 9, "四位年份，如 2019", True),
    TemplateColumn("category", 18, "从下拉列表选择", True, "categories"),
    TemplateColumn("content", 36, "主要建设内容（设备、产线、系统）"),
    TemplateColumn("total_investment", 14, "单位：万元，最多两位小数", True),
    TemplateColumn("equipment_investment", 14, "单位：万元，不大于项目总投资", True),
    TemplateColumn("planned_start_date", 12, "日期，如 2019-03-15"),
    TemplateColumn("planned_completion_date", 12, "日期，如 2019-12-31"),
    TemplateColumn("actual_start_date", 12, "已开工的填写；状态为在建及以后必填"),
    TemplateColumn("actual_completion_date", 12, "已竣工的填写；状态为竣工及以后必填"),
    TemplateColumn("status", 10, "从下拉列表选择；空白按“计划”", False, "statuses"),
    TemplateColumn("acceptance_date", 12, "已验收的填写"),
    TemplateColumn("approved_subsidy", 13, "单位：万元"),
    TemplateColumn("providers", 30, "服务商全称，多个用“、”分隔，可加角色：某某公司（总包）"),
    TemplateColumn("notes", 24, "其他说明"),
)

_DATE_KEYS = frozenset(
    {
        "planned_start_date",
        "planned_completion_date",
        "actual_start_date",
        "actual_completion_date",
        "acceptance_date",
    }
)
_AMOUNT_KEYS = frozenset({"total_investment", "equipment_investment", "approved_subsidy"})


def template_headers() -> list[str]:
    return [FIELDS_BY_KEY[c.key].label for c in COLUMNS]


def _lists(db: Database) -> dict[str, list[str]]:
    refs = reference_lists(db, on=date.today())
    return {
        "towns": [name for _c, name in refs.towns],
        "clusters": [name for _c, name in refs.clusters],
        "categories": [name for _c, name in refs.categories],
        "statuses": list(refs.statuses),
        "flag": ["是", "否"],
    }


def _validation(col: TemplateColumn, ranges: dict[str, str]) -> DataValidation:
    label = FIELDS_BY_KEY[col.key].label
    if col.choices:
        dv = DataValidation(type="list", formula1=ranges[col.choices], allow_blank=True)
        dv.error = "请从下拉列表中选择"
    elif col.key in _AMOUNT_KEYS:
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        dv.error = "请填写不小于 0 的数字，单位：万元"
    elif col.key in _DATE_KEYS:
        dv = DataValidation(
            type="date", operator="between", formula1="36526", formula2="73050", allow_blank=True
        )
        dv.error = "请填写 2000 年以后的日期，如 2019-03-15"
    elif col.key in ("plan_year", "above_scale_year"):
        dv = DataValidation(
            type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True
        )
        dv.error = "请填写四位年份"
    else:
        dv = DataValidation(allow_blank=True)
    dv.errorTitle = label
    dv.promptTitle = label[:32]
    dv.prompt = (("必填。" if col.required else "") + col.hint)[:255]
    dv.showInputMessage = True
    dv.showErrorMessage = dv.type is not None
    return dv


def write_template(
    db: Database, target: str | Path, *, town: str | None = None, year: int | None = None
) -> Path:
    """Write the template; ``town`` (a name) and ``year`` go into the title, which the
    importer reads when a row leaves them out."""
    target = Path(target)
    lists = _lists(db)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    options = wb.create_sheet(LISTS_SHEET)
    ranges: dict[str, str] = {}
    for col_index, (kind, values) in enumerate(lists.items(), 1):
        letter = get_column_letter(col_index)
        options.cell(1, col_index, kind)
        for row, value in enumerate(values, 2):
            options.cell(row, col_index, value)
        ranges[kind] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    options.sheet_state = "hidden"

    scope = " ".join(part for part in (town, f"{year} 年度" if year else None) if part)
    title = f"{scope}智能化技术改造项目采集表" if scope else "智能化技术改造项目采集表"
    ws.cell(1, 1, title).font = styles.TITLE_FONT
    ws.cell(
        2, 1, "金额单位：万元。红色表头的列必填；选中单元格可看到填写提示。"
    ).font = styles.NOTE_FONT
    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    last_row = HEADER_ROW + INPUT_ROWS
    for index, col in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        header = ws.cell(HEADER_ROW, index, FIELDS_BY_KEY[col.key].label)
        header.font = Font(
            name=styles.FONT_NAME, bold=True, color="C00000" if col.required else None
        )
        header.fill = styles.HEADER_FILL
        header.alignment = styles.HEADER_ALIGN
        header.border = styles.BORDER
        header.comment = Comment(("必填。" if col.required else "") + col.hint, "cixi-desktop")
        ws.column_dimensions[letter].width = col.width + 2
        dv = _validation(col, ranges)
        dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
        ws.add_data_validation(dv)
        number_format = _format(col.key)
        if number_format:
            for row in range(HEADER_ROW + 1, last_row + 1):
                ws.cell(row, index).number_format = number_format
    ws.row_dimensions[HEADER_ROW].height = styles.HEADER_HEIGHT
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW}"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _guide(wb)
    try:
        with atomic_path(target) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入 {target}：{exc.strerror or exc}") from exc
    return target


def _format(key: str) -> str | None:
    if key == "uscc" or key == "phone":
        return styles.TEXT_FORMAT  # typed digits stay text: no 9.13302E+17
    if key in _AMOUNT_KEYS:
        return styles.AMOUNT_FORMAT
    if key in _DATE_KEYS:
        return styles.DATE_FORMAT
    return None


def _guide(wb: Workbook) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    ws.append(["列", "是否必填", "填写要求"])
    for col in COLUMNS:
        ws.append([FIELDS_BY_KEY[col.key].label, "必填" if col.required else "", col.hint])
    ws.append([])
    ws.append(
        ["说明", "", "状态为“在建”需填实际开工日期，“竣工”需填实际竣工日期，“已验收”需填验收日期。"]
    )
    ws.append(
        ["", "", "同一企业的多个项目各占一行；表中的小计、合计行和“注：”说明行导入时会自动跳过。"]
    )
    for cell in ws[1]:
        cell.font = styles.HEADER_FONT
        cell.fill = styles.HEADER_FILL
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 80
