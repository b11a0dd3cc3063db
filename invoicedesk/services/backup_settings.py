"""The backup policy and destinations (business settings: they travel with the ledger),
and each destination's recorded state."""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.services.backup_places import DESTINATIONS_KEY, Destination, list_destinations
from invoicedesk.services.backup_views import DestinationView, missing_message
from invoicedesk.services.company import get_setting, put_setting
from invoicedesk.services.errors import NotFound, ServiceError
from invoicedesk.services.session import guarded
from invoicedesk.store.backup_models import BackupDestinationState
from invoicedesk.store.database import sqlite_path
from invoicedesk.store.models import database

POLICY_KEY = "backup.policy"


@dataclass(frozen=True)
class Policy:
    full_every_days: int = 7
    incremental_every_days: int = 1
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    on_exit: bool = True


def get_policy() -> Policy:
    data = get_setting(POLICY_KEY, {}) or {}
    known = {k: v for k, v in data.items() if k in Policy.__dataclass_fields__}
    return Policy(**known)


@guarded("backup.places")
def set_policy(policy: Policy, actor: str) -> Policy:
    for name in ("full_every_days", "incremental_every_days"):
        if int(getattr(policy, name)) < 1:
            raise ServiceError(QT_TRANSLATE_NOOP("Service", "备份间隔至少为 1 天"))
    for name in ("keep_daily", "keep_weekly", "keep_monthly"):
        if int(getattr(policy, name)) < 0:
            raise ServiceError(QT_TRANSLATE_NOOP("Service", "保留份数不能为负数"))
    put_setting(POLICY_KEY, asdict(policy), actor)
    return policy


@guarded("backup.places")
def add_destination(path: str, label: str, actor: str) -> Destination:
    text = path.strip()
    if not text:
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "请选择备份位置（一个文件夹）"))
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "备份位置必须是完整路径：{path}"), path=text
        )
    db_path = sqlite_path(database.obj)
    if db_path is not None and folder.resolve() == db_path.parent.resolve():
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "备份位置不能是数据库所在的文件夹：电脑坏了备份也一起丢失，请选U盘或网盘"
            )
        )
    current = list_destinations()
    if any(Path(d.path) == folder for d in current):
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "已有这个备份位置：{path}"), path=text)
    new = Destination(str(folder), label.strip())
    put_setting(DESTINATIONS_KEY, [asdict(d) for d in [*current, new]], actor)
    return new


@guarded("backup.places")
def remove_destination(path: str, actor: str) -> None:
    current = list_destinations()
    kept = [d for d in current if d.path != path]
    if len(kept) == len(current):
        raise NotFound(QT_TRANSLATE_NOOP("Service", "没有这个备份位置：{path}"), path=path)
    put_setting(DESTINATIONS_KEY, [asdict(d) for d in kept], actor)


def destinations_for(to: str | None) -> list[Destination]:
    if to:
        folder = str(Path(to).expanduser())
        known = {d.path: d for d in list_destinations()}
        return [known.get(folder, Destination(folder))]
    destinations = list_destinations()
    if not destinations:
        raise ServiceError(
            QT_TRANSLATE_NOOP("Service", "还没有设置备份位置：请在“备份”页添加U盘或网盘文件夹")
        )
    return destinations


def destination_state(path: str) -> BackupDestinationState:
    row = BackupDestinationState.get_or_none(BackupDestinationState.path == path)
    return row or BackupDestinationState(path=path)


def set_destination_state(path: str, status: str, detail: Message, **stamps: str) -> None:
    row = destination_state(path)
    row.status = status
    row.detail = str(detail)
    row.checked_at = clock.stamp()
    for key, value in stamps.items():
        setattr(row, key, value)
    row.save(force_insert=row.id is None)


def destination_views() -> list[DestinationView]:
    out = []
    for dest in list_destinations():
        row = destination_state(dest.path)
        folder = Path(dest.path)
        available = folder.is_dir()
        free = shutil.disk_usage(folder).free if available else None
        status = row.status if available else "missing"
        detail = row.detail
        if not available:
            detail = str(missing_message(dest.path))
        out.append(
            DestinationView(
                dest.path,
                dest.label,
                available,
                status,
                detail,
                row.last_backup_at,
                row.last_verified_at,
                free,
            )
        )
    return out
