"""Corrections from the ledger: reissue linked to the red invoice, and the chain it forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from invoicedesk.services import corrections, invoice_files, invoices
from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.errors import NotAllowed, ServiceError
from tests.factories import TODAY, draft, line, number

pytestmark = pytest.mark.usefixtures("db")
DAY = date(2026, 11, 20)


def _blue(seq: int = 1):  # type: ignore[no-untyped-def]
    lines = [line(), line("*餐饮服务*酒水", "50.00", quantity="1", unit_price="50")]
    return invoices.record_invoice(draft(seq, lines=lines, issue_date=DAY), "张三", today=TODAY)


def test_red_then_reissue_forms_the_chain_from_any_member() -> None:
    blue = _blue()
    red = corrections.red_flush(
        blue.id, reason_code="01", number=number(2), actor="张三", today=TODAY
    )
    replacement = corrections.reissue(red.id, draft(3, issue_date=TODAY), "张三", today=TODAY)
    expected = [(blue.id, "blue"), (red.id, "red"), (replacement.id, "replacement")]
    for member in (blue.id, red.id, replacement.id):
        chain = corrections.chain_of(member)
        assert [(c.id, c.role) for c in chain] == expected
    assert corrections.replacement_of(red.id) == replacement.id
    assert corrections.chain_of(blue.id)[0].status == "red_full"
    with pytest.raises(NotAllowed):
        corrections.reissue(red.id, draft(4, issue_date=TODAY), "张三", today=TODAY)
    with pytest.raises(NotAllowed):
        corrections.reissue(blue.id, draft(5, issue_date=TODAY), "张三", today=TODAY)
    assert verify_audit().ok


def test_partial_red_flush_by_line_then_a_second_round() -> None:
    blue = _blue()
    red = corrections.red_flush(
        blue.id,
        reason_code="04",
        number=number(2),
        actor="张三",
        lines={2: Decimal("20.00")},
        today=TODAY,
    )
    assert red.total == Decimal("-21.20")
    assert invoices.get_invoice(blue.id).status == "red_partial"
    replacement = corrections.reissue(red.id, draft(3, issue_date=TODAY), "张三", today=TODAY)
    red2 = corrections.red_flush(
        replacement.id, reason_code="02", number=number(4), actor="张三", today=TODAY
    )
    chain = corrections.chain_of(red2.id)
    assert [(c.id, c.role, c.depth) for c in chain] == [
        (blue.id, "blue", 0),
        (red.id, "red", 0),
        (replacement.id, "replacement", 1),
        (red2.id, "red", 1),
    ]


def test_a_lone_invoice_is_a_chain_of_one() -> None:
    blue = _blue()
    assert [(c.id, c.role) for c in corrections.chain_of(blue.id)] == [(blue.id, "blue")]


def test_a_refused_reissue_links_nothing() -> None:
    blue = _blue()
    red = corrections.red_flush(
        blue.id, reason_code="01", number=number(2), actor="张三", today=TODAY
    )
    with pytest.raises(ServiceError):
        corrections.reissue(red.id, draft(1, issue_date=TODAY), "张三", today=TODAY)  # duplicate
    assert corrections.replacement_of(red.id) is None


def test_files_are_kept_by_content(tmp_path: Path) -> None:
    blue = _blue()
    folder = tmp_path / "files"
    first = invoice_files.attach_file(blue.id, "发票.xml", b"<EInvoice/>", folder, "张三")
    again = invoice_files.attach_file(blue.id, "copy.xml", b"<EInvoice/>", folder, "张三")
    assert again.id == first.id and first.kind == "xml"
    path = invoice_files.blob_path(folder, first.sha256)
    assert path.read_bytes() == b"<EInvoice/>" and path.parent.name == first.sha256[:2]
    assert invoice_files.read_file(first.id, folder) == b"<EInvoice/>"
    assert [f.name for f in invoice_files.files_of(blue.id)] == ["发票.xml"]
    path.write_bytes(b"tampered")
    with pytest.raises(ServiceError):
        invoice_files.read_file(first.id, folder)
    assert not list(folder.rglob(".incoming-*"))
