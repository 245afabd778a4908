"""The project form driven with the keyboard: checks as you type, save, close, workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import lookups
from cixi_desktop.store.database import Database
from cixi_desktop.ui.forms import project_dialog as project_dialog_module
from cixi_desktop.ui.forms.project_dialog import ProjectDialog
from cixi_desktop.ui.forms.workflow_buttons import MoveDialog

# The offscreen platform cannot raise windows or grab the keyboard for popups; it says so.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", extend=True
)


def _input(dialog: ProjectDialog, name: str) -> QWidget:
    return dialog.fields.rows[name].input.focus_widget()


def _error(dialog: QWidget, name: str) -> str:
    label = dialog.findChild(QWidget, f"error_{name}")
    assert label is not None
    return label.text() if label.isVisible() else ""


def _new(db: Database, stack, qtbot) -> ProjectDialog:  # type: ignore[no-untyped-def]
    dialog = ProjectDialog.create_new(db, stack, None)
    qtbot.addWidget(dialog)
    # Focus moves (and "editing finished") only happen in the active window.
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def _open(db: Database, stack, qtbot, project_id, **kw) -> ProjectDialog:  # type: ignore[no-untyped-def]
    dialog = ProjectDialog.open_existing(db, project_id, stack, None, **kw)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    return dialog


def _pick_enterprise(qtbot, keys, dialog: ProjectDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    picker = dialog.sections.picker
    keys.type(picker.line, text)
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    keys.press(picker.line, Qt.Key.Key_Down)
    keys.press(picker.line, Qt.Key.Key_Return)


def test_equipment_above_total_is_shown_next_to_the_field(db, sample, stack, qtbot, keys) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    keys.type(_input(dialog, "equipment_investment"), "900")
    assert _error(dialog, "equipment_investment") == (
        "设备投资 900.00 万元不能大于项目总投资 800.00 万元"
    )
    assert not dialog.save_button.isEnabled()
    keys.type(_input(dialog, "equipment_investment"), "700")
    assert _error(dialog, "equipment_investment") == ""
    assert dialog.save_button.isEnabled()


def test_new_form_enters_a_project_from_the_keyboard(
    db, sample, stack, qtbot, keys, message_boxes
) -> None:
    dialog = _new(db, stack, qtbot)
    assert not dialog.save_button.isEnabled()
    assert _error(dialog, "name") == ""  # untouched fields are not scolded yet

    _pick_enterprise(qtbot, keys, dialog, "乙轴承")
    assert dialog.sections.picker.chosen.name == "慈溪乙轴承有限公司"
    keys.type(_input(dialog, "name"), "轴承磨加工生产线改造")
    keys.type(_input(dialog, "plan_year"), "2018")
    category = _input(dialog, "category_code")
    keys.type(category, "生产线")
    keys.leave(category)
    assert dialog.fields.rows["category_code"].input.raw() == "line"

    total = _input(dialog, "total_investment")
    keys.type(total, "0.12亿")
    assert dialog.fields.rows["total_investment"].hint.text() == "＝ 1,200.00 万元"
    keys.leave(total)
    assert total.text() == "1,200.00"  # type: ignore[attr-defined]
    keys.type(_input(dialog, "equipment_investment"), "1300")
    assert "不能大于项目总投资" in _error(dialog, "equipment_investment")
    assert not dialog.save_button.isEnabled()
    keys.type(_input(dialog, "equipment_investment"), "900万元")
    keys.type(_input(dialog, "planned_start_date"), "2018年3月5日")
    keys.type(_input(dialog, "planned_completion_date"), "2018/3/1")
    assert "不能早于计划开工日期" in _error(dialog, "planned_completion_date")
    keys.type(_input(dialog, "planned_completion_date"), "2018/12/1")
    assert dialog.errors == {}
    assert dialog.save_button.isEnabled()
    assert "82.00 万元" in dialog.sections.subsidy_text.text()  # 2018 rule: 50 + 32

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.project_id is not None
    detail = lookups.project_detail(db, dialog.project_id)
    assert detail.values["name"] == "轴承磨加工生产线改造"
    assert detail.values["total_investment"] == Decimal("1200.00")
    assert detail.values["equipment_investment"] == Decimal("900.00")
    assert detail.values["planned_start_date"] == date(2018, 3, 5)
    assert detail.values["code"] == "CX-2018-0002"
    assert detail.enterprise.name == "慈溪乙轴承有限公司"
    trail = lookups.audit_trail(db, "project", dialog.project_id)
    assert [(r.action, r.user) for r in trail] == [("create", "测试员")]
    assert stack.count() == 1 and stack.undoText() == "新建项目 CX-2018-0002"
    assert dialog.windowTitle() == "项目 CX-2018-0002 — 轴承磨加工生产线改造"
    assert message_boxes == []


def test_service_refusal_lands_next_to_the_field(db, sample, stack, qtbot, keys) -> None:
    dialog = _new(db, stack, qtbot)
    _pick_enterprise(qtbot, keys, dialog, "甲智能")
    keys.type(_input(dialog, "name"), "另一个项目")
    keys.type(_input(dialog, "code"), "cx-2018-0001")  # taken by the sample project
    keys.type(_input(dialog, "plan_year"), "2018")
    keys.type(_input(dialog, "category_code"), "机器换人")
    keys.type(_input(dialog, "total_investment"), "100")
    keys.type(_input(dialog, "equipment_investment"), "50")
    assert dialog.errors == {}
    assert dialog.save_button.isEnabled()
    assert dialog.save() is False
    assert _error(dialog, "code") == "编号 CX-2018-0001 已被其他项目使用"
    assert not dialog.save_button.isEnabled()
    assert dialog.project_id is None


def test_inline_new_enterprise_refuses_a_bad_uscc_then_selects_the_new_one(
    db, sample, stack, qtbot, monkeypatch, keys
) -> None:
    from cixi_desktop.ui.forms.new_enterprise_dialog import NewEnterpriseDialog

    seen: list[NewEnterpriseDialog] = []

    def fill_and_save(self: NewEnterpriseDialog) -> int:
        seen.append(self)
        with qtbot.waitActive(self):
            self.show()
        rows = self.form.fields.rows
        uscc = rows["uscc"].input.focus_widget()
        keys.type(uscc, "91330282MA2CCCC031")
        assert "校验位不正确" in _error(self, "uscc")
        assert not self.save_button.isEnabled()
        keys.type(rows["town_code"].input.focus_widget(), "周巷")
        keys.type(rows["cluster_code"].input.focus_widget(), "新材料")
        keys.leave(rows["cluster_code"].input.focus_widget())
        keys.type(uscc, "")
        assert self.save_button.isEnabled()
        self.save()
        return self.result()

    monkeypatch.setattr(NewEnterpriseDialog, "exec", fill_and_save)
    dialog = _new(db, stack, qtbot)
    keys.type(dialog.sections.picker.line, "慈溪丙新材料有限公司")
    qtbot.mouseClick(dialog.sections.picker.new_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    chosen = dialog.sections.picker.chosen
    assert chosen is not None and chosen.name == "慈溪丙新材料有限公司" and chosen.town == "周巷镇"
    assert lookups.enterprise_detail(db, chosen.id).values["cluster_code"] == "materials"
    assert stack.undoText() == "新建企业 慈溪丙新材料有限公司"


def test_esc_asks_only_when_there_are_unsaved_changes(db, sample, stack, qtbot, monkeypatch, keys):
    asked: list[str] = []

    def answer(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = _open(db, stack, qtbot, sample.project.id)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()

    dialog = _open(db, stack, qtbot, sample.project.id)
    keys.type(_input(dialog, "notes"), "待补充合同")
    qtbot.keyClick(_input(dialog, "notes"), Qt.Key.Key_Escape)
    assert asked == ["项目有未保存的修改，要保存吗？"]
    assert dialog.isVisible()  # cancelled: the typing is still there
    assert dialog.fields.raw()["notes"] == "待补充合同"

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert lookups.project_detail(db, sample.project.id).values["notes"] == ""


def test_read_only_view_has_no_save_and_no_moves(db, sample, stack, qtbot) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id, read_only=True)
    assert not dialog.save_button.isVisible()
    assert not dialog.workflow.isVisible()
    assert _input(dialog, "name").isReadOnly()  # type: ignore[attr-defined]
    assert not _input(dialog, "category_code").isEnabled()
    assert dialog.save() is False


def test_workflow_buttons_offer_only_allowed_moves_and_ask_for_the_date(
    db, sample, stack, qtbot, monkeypatch, keys
) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    assert set(dialog.workflow.buttons) == {Status.IN_PROGRESS, Status.TERMINATED}

    refused: list[str] = []

    def without_date(self: MoveDialog) -> int:
        self.show()
        self.try_accept()  # date left empty
        refused.append(_error(self, "actual_start_date"))
        self.reject()
        return self.result()

    monkeypatch.setattr(MoveDialog, "exec", without_date)
    qtbot.mouseClick(dialog.workflow.buttons[Status.IN_PROGRESS], Qt.MouseButton.LeftButton)
    assert refused == ["转为“在建”需要填写实际开工日期"]
    assert lookups.project_detail(db, sample.project.id).values["status"] == "计划"

    def with_date(self: MoveDialog) -> int:
        with qtbot.waitActive(self):
            self.show()
        keys.type(self.fields.rows["actual_start_date"].input.focus_widget(), "2018-4-2")
        keys.type(self.fields.rows["document_no"].input.focus_widget(), "慈经信〔2018〕7号")
        self.try_accept()
        return self.result()

    monkeypatch.setattr(MoveDialog, "exec", with_date)
    qtbot.mouseClick(dialog.workflow.buttons[Status.IN_PROGRESS], Qt.MouseButton.LeftButton)
    detail = lookups.project_detail(db, sample.project.id)
    assert detail.values["status"] == "在建"
    assert detail.values["actual_start_date"] == date(2018, 4, 2)
    assert detail.status_history[-1].document_no == "慈经信〔2018〕7号"
    assert set(dialog.workflow.buttons) == {Status.COMPLETED, Status.TERMINATED}
    assert dialog.badge.text() == "在建"

    stack.undo()
    detail = lookups.project_detail(db, sample.project.id)
    assert detail.values["status"] == "计划" and detail.values["actual_start_date"] is None
    assert set(dialog.workflow.buttons) == {Status.IN_PROGRESS, Status.TERMINATED}
    stack.redo()
    assert lookups.project_detail(db, sample.project.id).values["status"] == "在建"


def test_paid_needs_a_payment_which_the_form_offers(db, sample, stack, qtbot, monkeypatch, keys):
    from cixi_desktop.store.services import projects
    from cixi_desktop.ui.forms.payment_dialog import PaymentDialog

    p = sample.project
    p = projects.change_status(
        db,
        p.id,
        p.version,
        projects.StatusMove(Status.IN_PROGRESS, actual_start_date=date(2018, 3, 1)),
    )
    p = projects.change_status(
        db,
        p.id,
        p.version,
        projects.StatusMove(Status.COMPLETED, actual_completion_date=date(2018, 10, 1)),
    )
    p = projects.change_status(
        db, p.id, p.version, projects.StatusMove(Status.ACCEPTED, acceptance_date=date(2018, 12, 1))
    )
    projects.grant_subsidy(db, p.id, p.version)
    dialog = _open(db, stack, qtbot, p.id)
    assert set(dialog.workflow.buttons) == {Status.PAID}

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)

    def pay(self: PaymentDialog) -> int:
        with qtbot.waitActive(self):
            self.show()
        assert self.fields.raw()["amount"] == "58.00"  # the approved subsidy, not yet paid
        keys.type(self.fields.rows["document_no"].input.focus_widget(), "慈财〔2019〕3号")
        self.try_accept()
        return self.result()

    monkeypatch.setattr(PaymentDialog, "exec", pay)
    monkeypatch.setattr(MoveDialog, "exec", lambda self: (self.try_accept(), self.result())[1])
    qtbot.mouseClick(dialog.workflow.buttons[Status.PAID], Qt.MouseButton.LeftButton)
    detail = lookups.project_detail(db, p.id)
    assert detail.values["status"] == "已拨付"
    assert detail.paid_total == Decimal("58.00")
    assert "慈财〔2019〕3号" in dialog.sections.payments_text.text()
    # One step on the undo stack takes back both the move and the payment.
    assert stack.count() == 1
    stack.undo()
    detail = lookups.project_detail(db, p.id)
    assert (detail.values["status"], detail.paid_total) == ("已验收", Decimal("0.00"))


def test_approved_subsidy_other_than_the_rule_needs_a_reason(
    db, sample, stack, qtbot, keys
) -> None:
    dialog = _open(db, stack, qtbot, sample.project.id)
    assert "58.00 万元" in dialog.sections.subsidy_text.text()  # 500 × 10% + 100 × 8%
    qtbot.mouseClick(dialog.sections.use_computed, Qt.MouseButton.LeftButton)
    assert dialog.fields.raw()["approved_subsidy"] == "58.00"
    assert dialog.errors == {}
    keys.type(_input(dialog, "approved_subsidy"), "55")
    assert "请说明原因" in _error(dialog, "subsidy_override_reason")
    keys.type(_input(dialog, "subsidy_override_reason"), "按会议纪要核减")
    assert dialog.save() is True
    detail = lookups.project_detail(db, sample.project.id)
    assert detail.values["approved_subsidy"] == Decimal("55.00")
    assert detail.subsidy_computed == Decimal("58.00")
    assert detail.subsidy_rule_code == "CX-2018"


def test_tab_follows_the_form(db, sample, stack, qtbot, keys) -> None:
    dialog = _new(db, stack, qtbot)
    dialog.sections.picker.line.setFocus()
    seen = []
    for _ in range(14):
        keys.press(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    rows = dialog.fields.rows
    expected = [
        dialog.sections.picker.new_button,
        *(
            rows[name].input.focus_widget()
            for name in (
                "name",
                "code",
                "plan_year",
                "category_code",
                "content",
                "total_investment",
                "equipment_investment",
                "planned_start_date",
                "planned_completion_date",
                "actual_start_date",
                "actual_completion_date",
                "providers",
            )
        ),
        dialog.sections.providers.role,
    ]
    assert seen == expected


@pytest.mark.parametrize("read_only", [False, True])
def test_open_existing_raises_the_window_already_open(db, sample, stack, qtbot, read_only):
    first = _open(db, stack, qtbot, sample.project.id, read_only=read_only)
    again = ProjectDialog.open_existing(db, sample.project.id, stack, None, read_only=read_only)
    assert again is first
    assert project_dialog_module.ProjectDialog._open[(sample.project.id, read_only)] is first


def test_ctrl_n_opens_a_new_form_and_history_opens_from_the_form(db, sample, stack, qtbot):
    dialog = _open(db, stack, qtbot, sample.project.id)
    before = set(QApplication.topLevelWidgets())
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert [w.windowTitle() for w in new] == ["新建项目"]
    qtbot.addWidget(new[0])

    before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(dialog.history_button, Qt.MouseButton.LeftButton)
    history = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert [w.windowTitle() for w in history] == ["历史 — CX-2018-0001　冲压车间机器换人"]
    qtbot.addWidget(history[0])


def test_a_clerk_sees_what_the_role_may_not_change(db, sample, stack, qtbot) -> None:
    db.role, db.town_code = "录入员", "330282107"  # 观海卫镇; the project is in 周巷镇
    dialog = _open(db, stack, qtbot, sample.project.id)
    assert dialog.locked and dialog.banner.isVisible()
    assert "录入员只能" in dialog.banner.text()
    assert not dialog.workflow.isVisible()
    assert _input(dialog, "name").isReadOnly()  # type: ignore[attr-defined]
    dialog.close()

    db.town_code = "330282121"  # 周巷镇: their own town
    dialog = _open(db, stack, qtbot, sample.project.id)
    assert not dialog.locked and not dialog.banner.isVisible()
    assert not _input(dialog, "name").isReadOnly()  # type: ignore[attr-defined]
    # The subsidy is a reviewer's decision, paying too.
    assert _input(dialog, "approved_subsidy").isReadOnly()  # type: ignore[attr-defined]
    assert not dialog.sections.use_computed.isVisible()
    assert not dialog.sections.pay_button.isVisible()
    assert dialog.workflow.buttons[Status.IN_PROGRESS].isEnabled()
