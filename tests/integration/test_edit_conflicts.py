"""Concurrent edits are never silent: a change carries the version it started from, and a change
made meanwhile by someone else is refused with who and when, and the record as it is now."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from invoicedesk.core import clock
from invoicedesk.services import invoice_changes, requests
from invoicedesk.services import invoices as svc
from invoicedesk.services.errors import EditConflict, NotAllowed
from invoicedesk.store.models import AuditEntry
from tests.factories import TODAY, XIAOMI, draft, line, number

pytestmark = pytest.mark.usefixtures("db")


def test_a_correction_from_a_stale_version_is_refused_with_the_fresh_record(
    frozen_clock: clock.ManualClock,
) -> None:
    seen = svc.record_invoice(draft(1), "张三", today=TODAY)
    frozen_clock.advance(timedelta(minutes=3))
    theirs = invoice_changes.correct_invoice(
        seen.id, "remarks", "桌号 8", "顾客要求", "李四", today=TODAY, expected=seen.updated_at
    )
    assert theirs.updated_at != seen.updated_at
    entries = AuditEntry.select().count()
    with pytest.raises(EditConflict) as refused:
        invoice_changes.correct_invoice(
            seen.id, "remarks", "桌号 9", "改桌", "张三", today=TODAY, expected=seen.updated_at
        )
    when = clock.to_local(theirs.updated_at).strftime("%H:%M")
    assert f"已被 李四 于 {when} 修改" in str(refused.value)
    assert refused.value.current == theirs == svc.get_invoice(seen.id)
    assert AuditEntry.select().count() == entries  # nothing written
    # Started again from the fresh record, the change goes through.
    mine = invoice_changes.correct_invoice(
        seen.id, "remarks", "桌号 9", "改桌", "张三", today=TODAY, expected=theirs.updated_at
    )
    assert mine.remarks == "桌号 9"


def test_a_void_from_a_stale_version_is_refused() -> None:
    paper = draft(num="00001234", kind="04", code="011002600104", issue_date=date(2026, 11, 3))
    seen = svc.record_invoice(paper, "张三", today=TODAY)
    invoice_changes.correct_invoice(seen.id, "remarks", "x", "顾客要求", "李四", today=TODAY)
    with pytest.raises(EditConflict):
        invoice_changes.void_invoice(seen.id, "填错", "张三", today=TODAY, expected=seen.updated_at)
    assert svc.get_invoice(seen.id).status == "normal"


def test_a_request_converted_twice_names_who_converted_it_first() -> None:
    req = requests.create_request(XIAOMI[0], [line()], "李四", phone="13800000000")
    first = requests.convert_request(req.id, number(1), "", TODAY, "李四", today=TODAY)
    with pytest.raises(EditConflict) as refused:
        requests.convert_request(req.id, number(2), "", TODAY, "张三", today=TODAY)
    assert isinstance(refused.value, NotAllowed)  # old callers still see a refusal
    assert "已被 李四 于" in str(refused.value) and "已开票" in str(refused.value)
    assert refused.value.current.invoice_id == first.id
    assert svc.find_invoice("", number(2)) is None  # the second invoice was not recorded
