"""The case record PDF: written on demand (``case export``) and kept when a case is archived.

The kept copy goes into the attachments folder beside the database (content-addressed, as the
invoices' files; backups carry it), and the case remembers its SHA-256.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from invoicedesk.core import case_flow as cf
from invoicedesk.core import clock
from invoicedesk.core.clock import to_local
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.money import format_money, from_fen
from invoicedesk.exchange.case_pdf import CaseRecord, write_case_record
from invoicedesk.services import invoice_files
from invoicedesk.services.case_changes import shown_error
from invoicedesk.services.cases import (
    DELIVERY_CHANNELS,
    DELIVERY_STATUSES,
    CaseView,
    LinkedInvoiceView,
    get_case,
)
from invoicedesk.services.company import get_company
from invoicedesk.services.errors import NotFound
from invoicedesk.services.session import guarded

_CTX = "CasePdf"


def _l(source: str, **params: object) -> str:
    return str(Message(_CTX, source, params))


def _local(stamp: str) -> str:
    return f"{to_local(stamp):%Y-%m-%d %H:%M}" if stamp else ""


def _status(inv: LinkedInvoiceView) -> str:
    from invoicedesk.core.kinds import STATUSES

    text = translate("Status", STATUSES.get(inv.status, inv.status))
    return _l(QT_TRANSLATE_NOOP("CasePdf", "{status}（红字）"), status=text) if inv.is_red else text


def _invoice_row(inv: LinkedInvoiceView) -> tuple[str, str, str, str, str]:
    number = f"{inv.code}-{inv.number}" if inv.code else inv.number
    return (
        translate("Case", cf.INVOICE_ROLES.get(inv.role, inv.role)),
        number,
        inv.issue_date,
        format_money(from_fen(inv.total_fen)),
        _status(inv),
    )


def build_record(view: CaseView, made_by: str) -> CaseRecord:
    def label(source: str) -> str:
        return translate(_CTX, source)

    facts = [
        (label(QT_TRANSLATE_NOOP("CasePdf", "客户")), view.customer),
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "联系方式")),
            "　".join(x for x in (view.phone, view.email, view.other_contact) if x),
        ),
        (label(QT_TRANSLATE_NOOP("CasePdf", "客户反映")), view.complaint),
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "受理")),
            _l(
                QT_TRANSLATE_NOOP("CasePdf", "{at}，{channel}，受理人 {who}"),
                at=_local(view.received_at),
                channel=translate("Case", cf.CHANNELS.get(view.channel, view.channel)),
                who=view.received_by,
            ),
        ),
        (label(QT_TRANSLATE_NOOP("CasePdf", "承诺时间")), _local(view.promised_at) or "—"),
        (label(QT_TRANSLATE_NOOP("CasePdf", "状态")), translate("Case", cf.STATES[view.state])),
    ]
    others = [link.label for link in view.links]
    if others:
        facts.append((label(QT_TRANSLATE_NOOP("CasePdf", "相关记录")), "；".join(others)))
    before = [_invoice_row(i) for i in view.invoices if i.role == "concerned"]
    after = [_invoice_row(i) for i in view.invoices if i.role != "concerned"]
    deliveries = []
    messages = []
    for d in view.deliveries:
        how = translate("Case", DELIVERY_CHANNELS.get(d.channel, d.channel))
        outcome = translate("Case", DELIVERY_STATUSES.get(d.status, d.status))
        if d.error:
            outcome = f"{outcome}：{shown_error(d.error)}"
        files = "、".join(str(f.get("name", "")) for f in d.files)
        deliveries.append(
            (
                _local(d.ts),
                d.actor,
                f"{how} {d.recipient}".strip(),
                files,
                outcome,
            )
        )
        if d.body and d.retry_of is None:
            heading = f"{_local(d.ts)}　{how} {d.recipient}".strip()
            messages.append((heading, f"{d.subject}\n\n{d.body}" if d.subject else d.body))
    for key in ("apologise",):
        data = view.flow.data.get(key)
        if data:
            mark = view.flow.done[key]
            messages.insert(
                0,
                (
                    _l(
                        QT_TRANSLATE_NOOP("CasePdf", "{at}　致歉（{who}）"),
                        at=_local(mark.at),
                        who=mark.by,
                    ),
                    _l(
                        QT_TRANSLATE_NOOP("CasePdf", "{apology}\n\n客户说：{said}"),
                        apology=str(data.get("apology", "")),
                        said=str(data.get("said", "")),
                    ),
                ),
            )
    timeline = [(_local(e.ts), e.actor, e.text) for e in view.events]
    check = view.flow.data.get("check", {})
    archive = view.flow.data.get("archive", {})
    conclusion = [
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "核实结论")),
            translate("Case", cf.CONCLUSIONS.get(view.conclusion, "")) or "—",
        ),
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "结果")),
            translate("Case", cf.OUTCOMES.get(view.outcome, "")) or "—",
        ),
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "说明")),
            str(check.get("explanation") or check.get("note") or ""),
        ),
        (
            label(QT_TRANSLATE_NOOP("CasePdf", "原因")),
            translate("Case", cf.CAUSES.get(view.cause, "")) or "—",
        ),
        (label(QT_TRANSLATE_NOOP("CasePdf", "经验教训")), str(archive.get("lesson", ""))),
    ]
    if view.flow.withdraw_reason:
        conclusion.append(
            (label(QT_TRANSLATE_NOOP("CasePdf", "撤销原因")), view.flow.withdraw_reason)
        )
    return CaseRecord(
        company=get_company().name,
        title=_l(QT_TRANSLATE_NOOP("CasePdf", "客户工单记录 #{id}"), id=view.id),
        facts=facts,
        timeline=timeline,
        before=before,
        after=after,
        deliveries=deliveries,
        messages=messages,
        conclusion=conclusion,
        made_by=made_by,
        made_at=_local(clock.stamp()),
    )


@guarded("case.handle")
def export_record(case_id: int, path: Path, actor: str) -> Path:
    """Write the case record PDF to ``path`` (any state)."""
    return write_case_record(build_record(get_case(case_id), actor), Path(path))


@guarded("case.handle")
def keep_record(case_id: int, actor: str) -> str:
    """Write the record into the attachments folder; returns its SHA-256."""
    folder = invoice_files.default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="case-record-", dir=folder) as work:
        path = write_case_record(build_record(get_case(case_id), actor), Path(work) / "record.pdf")
        return invoice_files.store_blob(folder, path.read_bytes())


def kept_record(case_id: int) -> bytes:
    """The PDF kept when the case was archived."""
    view = get_case(case_id)
    if not view.record_sha256:
        raise NotFound(QT_TRANSLATE_NOOP("Case", "工单 #{id} 还没有归档记录"), id=case_id)
    return invoice_files.blob_path(invoice_files.default_folder(), view.record_sha256).read_bytes()
