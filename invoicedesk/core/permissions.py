"""Who may do what: one table, action → the least role allowed. Plain data, no database.

Roles are ranked: 店员 (clerk) < 会计 (bookkeeper) < 店长 (owner); a role may do everything a lower
role may. Services enforce the table (``services.session.require``), so the command line and every
screen obey it; the README's table is generated from ``PERMISSIONS`` (``markdown_table``) and a test
keeps the two equal.
"""

from __future__ import annotations

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, translate

CLERK, BOOKKEEPER, OWNER = "clerk", "bookkeeper", "owner"
ROLES: tuple[str, ...] = (CLERK, BOOKKEEPER, OWNER)  # lowest first
RANK: dict[str, int] = {role: i for i, role in enumerate(ROLES)}
ROLE_LABELS: dict[str, str] = {
    CLERK: QT_TRANSLATE_NOOP("Role", "店员"),
    BOOKKEEPER: QT_TRANSLATE_NOOP("Role", "会计"),
    OWNER: QT_TRANSLATE_NOOP("Role", "店长"),
}

# action → (least role, what it is, in the README's words)
PERMISSIONS: dict[str, tuple[str, str]] = {
    # 店员: the counter
    "invoice.record": (CLERK, "record invoices (登记), corrections, voids, red-flush, files"),
    "request.handle": (CLERK, "invoice requests (开票申请): create, convert, cancel"),
    "invoice.search": (CLERK, "search and list the ledger"),
    "verification.record": (CLERK, "查验 records"),
    "incident.handle": (CLERK, "the incident wizard (应急): steps, items, contacts, report"),
    "case.handle": (CLERK, "customer cases (客户工单)"),
    # 会计: + the month's books
    "reconcile.run": (BOOKKEEPER, "reconciliation with the platform export (对账)"),
    "screening.ack": (BOOKKEEPER, "screening findings and acknowledgements (筛查)"),
    "export.write": (BOOKKEEPER, "exports: ledger xlsx, month PDF, month pack"),
    "month.lock": (BOOKKEEPER, "lock a month (结账锁定)"),
    # 店长: + what changes the rules or the data as a whole
    "month.unlock": (OWNER, "unlock a month (needs a second person's PIN)"),
    "backup.restore": (OWNER, "restore a backup (needs a second person's PIN)"),
    "plan.edit": (OWNER, "the emergency plan (应急预案)"),
    "accounts.manage": (OWNER, "accounts: add, disable, reset PIN or password"),
    "backup.places": (OWNER, "backup places and policy"),
    "settings.edit": (OWNER, "settings (shop, mail, month-end rules, refresher interval)"),
}


def least_role(action: str) -> str:
    """The lowest role allowed ``action``; KeyError for an action without a rule."""
    return PERMISSIONS[action][0]


def allows(role: str, action: str) -> bool:
    return RANK.get(role, -1) >= RANK[least_role(action)]


def role_label(role: str) -> str:
    source = ROLE_LABELS.get(role)
    return translate("Role", source) if source else role


def markdown_table() -> str:
    """The README's permission table, one row per action, ✓ for each role allowed."""
    head = "| action | what | 店员 clerk | 会计 bookkeeper | 店长 owner |"
    rows = [head, "| --- | --- | :-: | :-: | :-: |"]
    for action, (_, what) in PERMISSIONS.items():
        marks = " | ".join("✓" if allows(role, action) else "–" for role in ROLES)
        rows.append(f"| `{action}` | {what} | {marks} |")
    return "\n".join(rows)
