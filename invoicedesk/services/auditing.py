"""Verifying the tamper-evident audit chain."""

from __future__ import annotations

from invoicedesk.services.dto import AuditReport
from invoicedesk.store import audit


def verify_audit() -> AuditReport:
    report = audit.verify()
    return AuditReport(
        ok=report.ok,
        entries=report.entries,
        head=report.head,
        first_broken=report.first_broken,
        problem=report.problem,
    )
