"""The briefing's 版头 (red masthead) and 版记 (报尾), after GB/T 9704 and the way the
bureau's 工作简报 are laid out: 内部资料 注意保存, the red title, 第N期, issuing unit and
date over a red rule; at the end 报/送/发 between black rules and 共印 N 份."""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from cixi_desktop.reports.pdf.briefing_settings import BriefingSettings
from cixi_desktop.reports.pdf.fonts import FONT_NAME
from cixi_desktop.reports.pdf.layout import RED, Rule, para, styles
from cixi_desktop.reports.pdf.text import cover

TITLE = "智能化技改工作简报"


def chinese_date(day: date) -> str:
    """2018年10月8日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


class Masthead(Flowable):
    """内部资料 注意保存; the red title; 第N期; issuing unit and date; the red rule."""

    HEIGHT = 178.0

    def __init__(self, issue: int, unit: str, issued_on: date, missing: set[str]) -> None:
        super().__init__()
        self.issue = issue
        self.unit, lost = cover(unit)
        missing.update(lost)
        self.issued_on = issued_on

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.HEIGHT

    def draw(self) -> None:
        c = self.canv
        top = self.HEIGHT
        c.setFillColor(black)
        c.setFont(FONT_NAME, 12)
        c.drawString(0, top - 12, "内部资料　注意保存")
        self._title(top - 80)
        c.setFillColor(black)
        c.setFont(FONT_NAME, 16)
        c.drawCentredString(self.width / 2, top - 120, f"第{self.issue}期")
        when = chinese_date(self.issued_on)
        # A long unit name shrinks rather than running into the date.
        size = 14.0
        room = self.width - stringWidth(when, FONT_NAME, 14) - 28
        while size > 8 and stringWidth(self.unit, FONT_NAME, size) > room:
            size -= 0.5
        c.setFont(FONT_NAME, size)
        c.drawString(0, top - 158, self.unit)
        c.setFont(FONT_NAME, 14)
        c.drawRightString(self.width, top - 158, when)
        c.setStrokeColor(RED)
        c.setLineWidth(2)
        c.line(0, 6, self.width, 6)

    def _title(self, baseline: float) -> None:
        c = self.canv
        size, spacing = 42.0, 6.0
        width = stringWidth(TITLE, FONT_NAME, size) + spacing * (len(TITLE) - 1)
        # Character spacing is text state that outlives the text object: keep it contained.
        c.saveState()
        text = c.beginText((self.width - width) / 2, baseline)
        text.setFont(FONT_NAME, size)
        text.setCharSpace(spacing)
        text.setFillColor(RED)
        text.textOut(TITLE)
        c.drawText(text)
        c.restoreState()


def colophon(settings: BriefingSettings, missing: set[str]) -> list[Flowable]:
    """报尾: 报/送/发 between rules (thick outside, thin between), then 共印 N 份."""
    st = styles()
    items: list[Flowable] = [Rule(1.0, black, 0, 3)]
    lines = (("报", settings.report_to), ("送", settings.send_to), ("发", settings.distribute_to))
    for i, (word, text) in enumerate(lines):
        items.append(para(f"{word}：{text}", st["colophon"], missing))
        last = i == len(lines) - 1
        items.append(Rule(1.0 if last else 0.5, black, 3, 3))
    items.append(para(f"（共印 {settings.copies} 份）", st["colophon_right"], missing))
    return items
