"""Outage mode (手工登记): while the tax platform is down the counter records requests by hand.

The state lives in the database (a setting), so every counter and the incident wizard see it;
each switch is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import NotAllowed
from invoicedesk.store.models import database

OUTAGE_KEY = "outage"


@dataclass(frozen=True)
class OutageState:
    active: bool
    since: str = ""  # UTC ISO time it started
    started_by: str = ""
    reason: str = ""
    incident_id: int | None = None
    drill: bool = False


def outage_state() -> OutageState:
    data = get_setting(OUTAGE_KEY) or {}
    if not data.get("active"):
        return OutageState(False)
    return OutageState(
        True,
        data.get("since", ""),
        data.get("started_by", ""),
        data.get("reason", ""),
        data.get("incident_id"),
        bool(data.get("drill", False)),
    )


def start_outage(
    actor: str, reason: str = "", *, incident_id: int | None = None, drill: bool = False
) -> OutageState:
    """Switch every counter to outage mode (a drill marks it as practice)."""
    with database.atomic():
        if outage_state().active:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "已处于停机登记模式"))
        value = {
            "active": True,
            "since": clock.stamp(),
            "started_by": actor,
            "reason": reason.strip(),
            "incident_id": incident_id,
            "drill": drill,
        }
        put_setting(OUTAGE_KEY, value, actor)
    return outage_state()


def end_outage(actor: str) -> OutageState:
    with database.atomic():
        if not outage_state().active:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "当前不在停机登记模式"))
        put_setting(OUTAGE_KEY, {"active": False, "ended": clock.stamp(), "ended_by": actor}, actor)
    return outage_state()
