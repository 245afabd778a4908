"""Field labels and status names as the window shows them.

The Chinese text is the domain's own (``domain.fields``, ``domain.workflow``), so a
message naming a field uses the same words as the form; the lists below exist so
that ``pyside6-lupdate`` finds every label and English can be provided for them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELD_CONTEXT = "FieldLabels"
STATUS_CONTEXT = "Status"

_FIELD_LABELS = (
    QT_TRANSLATE_NOOP("FieldLabels", "企业"),
    QT_TRANSLATE_NOOP("FieldLabels", "企业名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "统一社会信用代码"),
    QT_TRANSLATE_NOOP("FieldLabels", "所属镇街"),
    QT_TRANSLATE_NOOP("FieldLabels", "产业集群"),
    QT_TRANSLATE_NOOP("FieldLabels", "国民经济行业（大类）"),
    QT_TRANSLATE_NOOP("FieldLabels", "是否规上"),
    QT_TRANSLATE_NOOP("FieldLabels", "列入规上年份"),
    QT_TRANSLATE_NOOP("FieldLabels", "联系人"),
    QT_TRANSLATE_NOOP("FieldLabels", "联系电话"),
    QT_TRANSLATE_NOOP("FieldLabels", "地址"),
    QT_TRANSLATE_NOOP("FieldLabels", "备注"),
    QT_TRANSLATE_NOOP("FieldLabels", "曾用名"),
    QT_TRANSLATE_NOOP("FieldLabels", "项目编号"),
    QT_TRANSLATE_NOOP("FieldLabels", "项目名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "计划年度"),
    QT_TRANSLATE_NOOP("FieldLabels", "项目类别"),
    QT_TRANSLATE_NOOP("FieldLabels", "建设内容"),
    QT_TRANSLATE_NOOP("FieldLabels", "项目总投资（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "其中设备投资（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "计划开工日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "计划竣工日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "实际开工日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "实际竣工日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "状态"),
    QT_TRANSLATE_NOOP("FieldLabels", "验收日期"),
    QT_TRANSLATE_NOOP("FieldLabels", "验收结论"),
    QT_TRANSLATE_NOOP("FieldLabels", "核定补助（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "补助调整原因"),
    QT_TRANSLATE_NOOP("FieldLabels", "减少用工（人）"),
    QT_TRANSLATE_NOOP("FieldLabels", "劳动生产率提升（%）"),
    QT_TRANSLATE_NOOP("FieldLabels", "不良率下降（%）"),
    QT_TRANSLATE_NOOP("FieldLabels", "能耗下降（%）"),
    QT_TRANSLATE_NOOP("FieldLabels", "服务商"),
    QT_TRANSLATE_NOOP("FieldLabels", "服务商名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "所在镇街"),
    QT_TRANSLATE_NOOP("FieldLabels", "擅长领域"),
    QT_TRANSLATE_NOOP("FieldLabels", "按规则计算补助（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "补助规则"),
    QT_TRANSLATE_NOOP("FieldLabels", "拨付金额（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "计划企业数"),
    QT_TRANSLATE_NOOP("FieldLabels", "计划投资（万元）"),
    QT_TRANSLATE_NOOP("FieldLabels", "原因"),
    QT_TRANSLATE_NOOP("FieldLabels", "补助拨付"),
    QT_TRANSLATE_NOOP("FieldLabels", "代码"),
    QT_TRANSLATE_NOOP("FieldLabels", "名称"),
    QT_TRANSLATE_NOOP("FieldLabels", "排序"),
    QT_TRANSLATE_NOOP("FieldLabels", "类型"),
    QT_TRANSLATE_NOOP("FieldLabels", "有效期起"),
    QT_TRANSLATE_NOOP("FieldLabels", "有效期止"),
    QT_TRANSLATE_NOOP("FieldLabels", "删除"),
    QT_TRANSLATE_NOOP("FieldLabels", "设置值"),
)

_STATUSES = (
    QT_TRANSLATE_NOOP("Status", "计划"),
    QT_TRANSLATE_NOOP("Status", "在建"),
    QT_TRANSLATE_NOOP("Status", "竣工"),
    QT_TRANSLATE_NOOP("Status", "已验收"),
    QT_TRANSLATE_NOOP("Status", "已拨付"),
    QT_TRANSLATE_NOOP("Status", "验收不通过"),
    QT_TRANSLATE_NOOP("Status", "整改"),
    QT_TRANSLATE_NOOP("Status", "终止"),
)


def field(label: str) -> str:
    """A field's label in the user's language (Chinese text is the key)."""
    return QCoreApplication.translate(FIELD_CONTEXT, label)


def status(name: str) -> str:
    return QCoreApplication.translate(STATUS_CONTEXT, name)
