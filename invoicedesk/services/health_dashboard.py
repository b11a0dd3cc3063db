"""The health dashboard: every health check, the backup places, open work, training."""

from __future__ import annotations

import time
from dataclasses import dataclass

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.services.backup_health import RestoreAge, check_backups, restore_age
from invoicedesk.services.backup_settings import destination_views
from invoicedesk.services.backup_views import CONTEXT, DestinationView, backup_message


@dataclass(frozen=True)
class HealthRow:
    name: str
    title: str
    ok: bool
    detail: str
    seconds: float


@dataclass(frozen=True)
class Dashboard:
    rows: list[HealthRow]
    destinations: list[DestinationView]
    restore: RestoreAge
    open_requests: int
    open_incidents: int
    open_actions: int
    checked_at: str


def dashboard(actor: str) -> Dashboard:
    """Run every health check (each one logged) and gather what the dashboard shows."""
    from invoicedesk.core.i18n import translate
    from invoicedesk.services.system_checks import CHECK_TITLES, record, run_checks

    rows = [
        HealthRow(r.name, translate("Check", CHECK_TITLES[r.name]), r.ok, r.text, r.seconds)
        for r in run_checks(source="dashboard", actor=actor)
    ]
    started = time.perf_counter()
    ok, message = check_backups()
    seconds = time.perf_counter() - started
    record("backups", ok, message, seconds, "dashboard", actor)
    rows.append(HealthRow("backups", translate(CONTEXT, BACKUPS_TITLE), ok, str(message), seconds))
    from invoicedesk.services import incident_register, requests

    # A practice drill is not work waiting to be done (its requests and incident neither).
    requests_open = sum(1 for r in requests.list_requests(status="open") if not r.drill)
    incidents_open = sum(1 for i in incident_register.open_incidents() if not i.drill)
    actions_open = len(incident_register.open_actions())
    pending = requests_open + incidents_open
    message = backup_message(
        QT_TRANSLATE_NOOP(
            "Backup",
            "待处理：开票申请 {requests} 条，未结束的事件 {incidents} 个，待办 {actions} 项",
        ),
        requests=requests_open,
        incidents=incidents_open,
        actions=actions_open,
    )
    record("open_items", pending == 0, message, 0.0, "dashboard", actor)
    rows.append(
        HealthRow(
            "open_items", translate(CONTEXT, OPEN_ITEMS_TITLE), pending == 0, str(message), 0.0
        )
    )
    rows.append(training_row(actor))
    from invoicedesk.services import accounts

    ok, text = accounts.health_text()
    rows.append(
        HealthRow("accounts", translate("Accounts", accounts.ACCOUNTS_TITLE), ok, text, 0.0)
    )
    return Dashboard(
        rows,
        destination_views(),
        restore_age(),
        requests_open,
        incidents_open,
        actions_open,
        clock.stamp(),
    )


def training_row(actor: str) -> HealthRow:
    """The training register on the health page: who is due for a refresher (logged)."""
    from invoicedesk.core.i18n import translate
    from invoicedesk.services import training

    started = time.perf_counter()
    rows = training.register()
    due = [r for r in rows if r.due]
    people = {r.person for r in rows}
    if not rows:
        message = backup_message(
            QT_TRANSLATE_NOOP(
                "Backup", "培训登记还是空的：员工可在练习模式中完成课程（练习 → 课程）"
            )
        )
    elif not due:
        message = backup_message(
            QT_TRANSLATE_NOOP(
                "Backup", "培训登记 {people} 人，没有人需要复训（复训周期 {months} 个月）"
            ),
            people=len(people),
            months=training.refresher_months(),
        )
    else:
        listed = "；".join(f"{r.person}：{r.title}（{r.due_on.isoformat()} 到期）" for r in due[:5])
        message = backup_message(
            QT_TRANSLATE_NOOP("Backup", "{count} 项培训需要复训：{listed}"),
            count=len(due),
            listed=listed + ("…" if len(due) > 5 else ""),
        )
    seconds = time.perf_counter() - started
    from invoicedesk.services.system_checks import record

    record("training", not due, message, seconds, "dashboard", actor)
    return HealthRow("training", translate(CONTEXT, TRAINING_TITLE), not due, str(message), seconds)


TRAINING_TITLE = QT_TRANSLATE_NOOP("Backup", "员工培训与复训")


BACKUPS_TITLE = QT_TRANSLATE_NOOP("Backup", "备份与恢复验证")


OPEN_ITEMS_TITLE = QT_TRANSLATE_NOOP("Backup", "待处理的申请和事件")
