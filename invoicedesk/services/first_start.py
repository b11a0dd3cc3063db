"""First start of a new, empty ledger: set the shop up in a few steps, resumable at any time.

The flow is core/setup_flow.py; this module checks and stores each step (audited settings, one
transaction per step) and says what an empty ledger should do first. The backup place is tried
at once: a file is written and synced there, then a first full backup is made and its outcome
shown; a place that cannot be written is refused with the reason and not kept.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from invoicedesk.core import setup_flow as flow
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message, translate
from invoicedesk.core.identifiers import check_uscc, normalize_buyer_id
from invoicedesk.core.plan_defaults import ROLES
from invoicedesk.core.problems import problem
from invoicedesk.services import backup_runs, backup_settings
from invoicedesk.services.backup_places import list_destinations
from invoicedesk.services.company import get_company, get_setting, put_setting, set_company
from invoicedesk.services.dto import Company
from invoicedesk.services.errors import ServiceError, ValidationFailed
from invoicedesk.services.plan import Person, get_plan, save_plan
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.models import Invoice, database

SETUP_KEY = "first_start"
CONTEXT = "FirstStart"


@dataclass(frozen=True)
class SetupView:
    wanted: bool  # show the wizard now
    step: str  # where it (re)starts: shop, backup, people or done
    state: flow.SetupState
    company: Company
    backup_places: list[str]
    people: dict[str, tuple[str, str]]  # role -> (name, phone)
    postgres: bool = False
    empty_ledger: bool = True


@dataclass(frozen=True)
class BackupTried:
    path: str
    message: Message
    snapshot_id: str = ""
    view: SetupView | None = field(default=None, compare=False)


def _state() -> flow.SetupState:
    return flow.SetupState.from_json(get_setting(SETUP_KEY))


def _save_state(state: flow.SetupState, actor: str) -> None:
    put_setting(SETUP_KEY, state.to_json(), actor)


def _empty_ledger() -> bool:
    return not Invoice.select(Invoice.id).limit(1).exists()


def status() -> SetupView:
    state = _state()
    company = get_company()
    empty = _empty_ledger()
    wanted = flow.wanted(
        state, empty_ledger=empty, shop_known=bool(company.name and company.tax_id)
    )
    plan = get_plan()
    return SetupView(
        wanted=wanted,
        step=flow.current_step(state),
        state=state,
        company=company,
        backup_places=[d.path for d in list_destinations()],
        people={k: (p.name, p.phone) for k, p in plan.roles.items()},
        postgres=sqlite_path(database.obj) is None,
        empty_ledger=empty,
    )


def save_shop(name: str, tax_id: str, actor: str) -> SetupView:
    """Step 1: the shop's name and tax id, checked as everywhere else; nothing saved on error."""
    normalized = normalize_buyer_id(tax_id or "")
    if normalized:
        id_problems = check_uscc(normalized, field="tax_id")
    else:
        id_problems = [
            problem("tax_id", QT_TRANSLATE_NOOP("Problem", "请填写本店统一社会信用代码"))
        ]
    problems = flow.check_shop(name or "", id_problems)
    if problems:
        raise ValidationFailed(problems)
    with database.atomic():
        set_company(name.strip(), normalized, actor)
        _save_state(flow.complete(_state(), "shop"), actor)
    return status()


_WRITE_REASONS = {
    errno.EACCES: QT_TRANSLATE_NOOP("FirstStart", "没有写入权限"),
    errno.EPERM: QT_TRANSLATE_NOOP("FirstStart", "没有写入权限"),
    errno.EROFS: QT_TRANSLATE_NOOP("FirstStart", "这个位置是只读的（U盘的写保护开关打开了？）"),
    errno.ENOSPC: QT_TRANSLATE_NOOP("FirstStart", "磁盘已满"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("FirstStart", "超出了磁盘配额"),
}


def write_probe(folder: Path) -> None:
    """Write, sync and delete a small file in ``folder``; ServiceError with the reason if not."""
    try:
        handle, name = tempfile.mkstemp(prefix=".invoicedesk-probe-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as probe:
                probe.write(b"\0" * 4096)
                probe.flush()
                os.fsync(probe.fileno())
        finally:
            os.unlink(name)
    except OSError as exc:
        source = _WRITE_REASONS.get(exc.errno or 0)
        reason = translate(CONTEXT, source) if source else (exc.strerror or str(exc))
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "不能写入备份位置 {path}：{reason}"),
            path=str(folder),
            reason=reason,
        ) from None


def try_backup_place(path: str, actor: str) -> BackupTried:
    """Step 2: the first backup place, tried at once (a write, then a first full backup)."""
    text = (path or "").strip()
    if not text:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "请选择备份位置（一个文件夹）"))
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "备份位置必须是完整路径：{path}"), path=text
        )
    if not folder.exists():
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "找不到文件夹 {path}（U盘没插好，或同步文件夹还没有建？）"
            ),
            path=text,
        )
    if not folder.is_dir():
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "{path} 不是文件夹"), path=text)
    write_probe(folder)
    known = str(folder) in {d.path for d in list_destinations()}
    if not known:
        backup_settings.add_destination(str(folder), "", actor)
    # SQLite: a full snapshot; PostgreSQL: a pg_dump into the same layout.
    try:
        outcome = backup_runs.run_backup(actor, kind="full", to=str(folder), reason="first_start")[
            0
        ]
    except ServiceError:  # no usable pg_dump: the place is not kept, the reason is shown
        if not known:
            backup_settings.remove_destination(str(folder), actor)
        raise
    if not outcome.ok:
        if not known:
            backup_settings.remove_destination(str(folder), actor)
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "这个备份位置不能用：{reason}"), reason=outcome.text
        )
    message = outcome.message
    snapshot_id = outcome.snapshot.id if outcome.snapshot else ""
    _save_state(flow.complete(_state(), "backup"), actor)
    return BackupTried(str(folder), message, snapshot_id, status())


def save_people(people: Mapping[str, tuple[str, str]], actor: str) -> SetupView:
    """Step 3: the plan's people and phone numbers, each optional (phones checked as in the
    plan settings). Nothing filled in leaves the step for later."""
    cleaned = {k: (n.strip(), p.strip()) for k, (n, p) in people.items() if k in ROLES}
    if not any(name or phone for name, phone in cleaned.values()):
        return postpone("people", actor)
    plan = get_plan()
    roles = dict(plan.roles)
    for key, (name, phone) in cleaned.items():
        roles[key] = Person(name, phone)
    with database.atomic():
        save_plan(replace(plan, roles=roles), actor)
        _save_state(flow.complete(_state(), "people"), actor)
    return status()


def postpone(step: str, actor: str) -> SetupView:
    """Leave an optional step for later (the empty ledger keeps reminding)."""
    try:
        state = flow.postpone(_state(), step)
    except flow.SetupError as exc:
        raise ValidationFailed(exc.problems) from None
    _save_state(state, actor)
    return status()


def finish(actor: str) -> SetupView:
    try:
        state = flow.finish(_state())
    except flow.SetupError as exc:
        raise ValidationFailed(exc.problems) from None
    _save_state(state, actor)
    return status()


def first_steps() -> list[Message]:
    """What an empty ledger should do first, in order; empty once it has invoices."""
    if not _empty_ledger():
        return []

    def m(source: str) -> Message:
        return Message(CONTEXT, source)

    out: list[Message] = []
    company = get_company()
    if not (company.name and company.tax_id):
        out.append(m(QT_TRANSLATE_NOOP("FirstStart", "填写本店名称和税号：帮助 → 开店设置向导")))
    if not list_destinations():
        out.append(
            m(
                QT_TRANSLATE_NOOP(
                    "FirstStart", "添加备份位置（U盘或网盘同步文件夹）：“备份”页 → 添加位置"
                )
            )
        )
    if not any(p.name and p.phone for p in get_plan().roles.values()):
        out.append(
            m(QT_TRANSLATE_NOOP("FirstStart", "填写应急预案的负责人和电话：应急 → 应急预案设置"))
        )
    out.append(m(QT_TRANSLATE_NOOP("FirstStart", "按 Ctrl+N 登记第一张已开具的发票")))
    out.append(
        m(
            QT_TRANSLATE_NOOP(
                "FirstStart",
                "月底从电子发票服务平台导出发票，在“对账核验”页导入，与台账核对",
            )
        )
    )
    return out
