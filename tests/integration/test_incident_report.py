"""The incident report PDF, read back: Chinese text present, every section there, page x of y."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from invoicedesk.services import incident_contacts, incident_items, incident_report, incidents
from invoicedesk.services.company import set_company
from invoicedesk.services.invoices import record_invoice
from tests.environment import pdf_text
from tests.factories import BAIDU, XIAOMI, draft

pytestmark = pytest.mark.usefixtures("db")

SECTIONS = (
    "一、处理经过",
    "二、受影响的发票和开票申请",
    "三、已联系的客户和单位",
    "四、原因、处理办法和经验教训",
    "五、后续改进事项",
)


def words(path: Path) -> str:
    out = pdf_text(path, layout=True)
    # Layout spacing varies; compare the words only.
    return "".join(out.replace("\f", "<PAGE>").split())


def closed_incident(drill: bool = False, invoices: int = 2) -> int:
    set_company("演示商店", "91110108551385082Q", "老板")
    for seq in range(1, invoices + 1):
        buyer = XIAOMI if seq % 2 else BAIDU
        record_invoice(
            draft(seq, buyer=buyer, issue_date=date(2026, 10, 6)), "张三", today=date(2026, 10, 8)
        )
    view = incidents.start_incident("张三", drill=drill)
    records = {
        "symptom": {"symptom": "issue"},
        "declare": {"severity": "critical"},
        "notify": {"person": "王店长", "phone": "13800000000"},
        "tax_office": {"spoke_to": "海淀税务李科员", "answer": "恢复后补开"},
        "close": {
            "cause": "税控盘证书过期",
            "fix": "更换证书后补开",
            "lessons": "证书到期前一个月提醒",
            "actions": [{"text": "登记证书到期日", "owner": "王店长", "due": "2026-11-30"}],
        },
    }
    while view.current:
        if view.current == "collect":
            incident_items.add_invoices_in_window(
                view.id, date(2026, 10, 6), date(2026, 10, 6), "赵六"
            )
        if view.current == "customers":
            incident_contacts.record_customer_contact(
                view.id,
                XIAOMI[0],
                phone="13911112222",
                channel="电话",
                message="…",
                note="客户已知晓",
                actor="小王",
            )
            incident_contacts.record_customer_unreachable(
                view.id, BAIDU[0], reason="电话无人接听，已留短信", actor="小王"
            )
        view = incidents.complete_step(view.id, view.current, records.get(view.current, {}), "张三")
    incidents.add_note(view.id, "结案后补充：客户已收到发票", "李四")
    return view.id


def test_report_has_every_section_in_chinese(tmp_path: Path) -> None:
    incident_id = closed_incident()
    path = incident_report.write_report(incident_id, tmp_path / "报告" / "incident.pdf", "王店长")
    text = words(path)
    assert f"应急事件报告第{incident_id}号" in text
    for heading in SECTIONS:
        assert heading in text, heading
    for fact in (
        "能登录，但开不出发票",
        "紧急",
        "海淀税务李科员",
        XIAOMI[0],
        "客户已知晓",
        "电话无人接听",
        "共2位：已联系1位，联系不上1位",
        "税控盘证书过期",
        "证书到期前一个月提醒",
        "登记证书到期日",
        "2026-11-30",
        "结案后补充",
        "制表人：王店长",
        "第1页/共",
    ):
        assert fact in text, fact
    assert "应急演练" not in text
    assert not list(path.parent.glob(".*.part"))


def test_a_long_drill_report_numbers_its_pages(tmp_path: Path) -> None:
    incident_id = closed_incident(drill=True, invoices=80)
    path = incident_report.write_report(incident_id, tmp_path / "drill.pdf", "王店长")
    text = words(path)
    assert "应急演练报告" in text and "未改动任何真实发票" in text
    pages = text.count("<PAGE>")
    assert pages >= 2
    assert f"第{pages}页/共{pages}页" in text
