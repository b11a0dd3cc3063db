"""Outage mode is shared through the database and every switch is audited."""

from __future__ import annotations

import pytest

from invoicedesk.services.auditing import verify_audit
from invoicedesk.services.errors import NotAllowed
from invoicedesk.services.outage import end_outage, outage_state, start_outage
from invoicedesk.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("db")


def test_start_and_end_outage_mode() -> None:
    assert not outage_state().active
    state = start_outage("张三", "平台无法登录", incident_id=7)
    assert state.active and state.started_by == "张三" and state.incident_id == 7
    assert outage_state() == state
    with pytest.raises(NotAllowed):
        start_outage("李四")
    assert not end_outage("李四").active
    with pytest.raises(NotAllowed):
        end_outage("李四")
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity == "setting")]
    assert actions == ["setting.change", "setting.change"]
    assert verify_audit().ok


def test_a_drill_is_marked() -> None:
    assert start_outage("张三", "演练", drill=True).drill
