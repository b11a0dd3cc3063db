"""Accounts: people, roles, PINs and passwords; signing in; a second person's confirmation.

Secrets are stored as ``hashlib.scrypt`` hashes with a random salt (``scrypt$n$r$p$salt$hash``),
never reversibly. Cost: n=2**14, r=8, p=1 (16 MiB, a median 35-40 ms per check, tests/perf/bench_accounts.py), so
a sign-in stays well under 300 ms while a stolen file costs an attacker that much per guess.

Failed sign-ins are counted per account and audited (``user.signin_failed``); from the third in a
row each further attempt must wait, twice as long each time (2 s, 4 s, … up to 5 minutes). A
success clears the count. The first account is always 店长; the last active 店长 cannot be disabled.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.permissions import BOOKKEEPER, OWNER, RANK, ROLES
from invoicedesk.core.problems import problem
from invoicedesk.services.errors import NotAllowed, NotFound, ValidationFailed
from invoicedesk.services.session import Person, accounts_exist, guarded, signing_in_required
from invoicedesk.store import audit
from invoicedesk.store.models import User, database

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024
FREE_FAILURES = 2  # attempts that fail without a wait
MAX_WAIT_SECONDS = 300


log = logging.getLogger("invoicedesk.accounts")


class SignInFailed(NotAllowed):
    """Wrong name, secret, a disabled account, or too soon after failures."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    active: bool
    has_pin: bool
    created_at: str


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_secret(secret: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def _account(row: User) -> Account:
    return Account(row.name, row.role, bool(row.active), bool(row.pin_hash), row.created_at)


def list_accounts() -> list[Account]:
    rows = User.select().where(User.password_hash != "").order_by(User.created_at, User.name)
    return [_account(r) for r in rows]


def person_count() -> int:
    return int(User.select().where(User.active & (User.password_hash != "")).count())


def _check_new(name: str, role: str, password: str, pin: str) -> None:
    problems = []
    if not name or len(name) > 50 or name != name.strip():
        problems.append(problem("name", QT_TRANSLATE_NOOP("Problem", "姓名不能为空，最多 50 个字")))
    if role not in ROLES:
        problems.append(
            problem("role", QT_TRANSLATE_NOOP("Problem", "角色应为 clerk、bookkeeper 或 owner"))
        )
    if len(password) < 6:
        problems.append(problem("password", QT_TRANSLATE_NOOP("Problem", "密码至少 6 位")))
    if pin and not re.fullmatch(r"\d{4,8}", pin):
        problems.append(problem("pin", QT_TRANSLATE_NOOP("Problem", "PIN 应为 4 到 8 位数字")))
    if problems:
        raise ValidationFailed(problems)


def _add(name: str, role: str, password: str, pin: str, actor: str) -> Account:
    name = name.strip()
    _check_new(name, role, password, pin)
    first = not accounts_exist()
    if first:
        role = OWNER  # the first account is always the owner: someone must be able to manage
    password_hash = hash_secret(password)
    pin_hash = hash_secret(pin) if pin else ""
    with database.atomic():
        row = User.get_or_none(User.name == name)
        if row is not None and row.password_hash:
            raise NotAllowed(QT_TRANSLATE_NOOP("Service", "已有名为 {name} 的账户"), name=name)
        now = clock.stamp()
        if row is None:
            row = User.create(name=name, role=role, created_at=now, password_hash=password_hash)
        else:
            row.role, row.active, row.password_hash = role, True, password_hash
        row.pin_hash, row.failed_count, row.failed_at = pin_hash, 0, ""
        row.save()
        audit.append(actor or name, "user.add", "user", name, None, {"role": role, "active": True})
    return _account(row)


def add_account(name: str, role: str, password: str, actor: str, *, pin: str = "") -> Account:
    """Create an account. The first one (no account yet) needs no one signed in and is 店长."""
    if not accounts_exist():
        return _add(name, role, password, pin, actor)
    return _add_guarded(name, role, password, pin, actor)


@guarded("accounts.manage")
def _add_guarded(name: str, role: str, password: str, pin: str, actor: str) -> Account:
    return _add(name, role, password, pin, actor)


def _row(name: str) -> User:
    row = User.get_or_none((User.name == name) & (User.password_hash != ""))
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("Service", "没有名为 {name} 的账户"), name=name)
    return row


@guarded("accounts.manage")
def disable_account(name: str, actor: str) -> Account:
    with database.atomic():
        row = _row(name)
        if not row.active:
            return _account(row)
        if row.role == OWNER:
            owners = (
                User.select()
                .where(User.active & (User.role == OWNER) & (User.password_hash != ""))
                .count()
            )
            if owners <= 1:
                raise NotAllowed(
                    QT_TRANSLATE_NOOP("Service", "{name} 是最后一位店长，不能停用"), name=name
                )
        row.active = False
        row.save()
        audit.append(actor, "user.disable", "user", name, {"active": True}, {"active": False})
    return _account(row)


@guarded("accounts.manage")
def set_role(name: str, role: str, actor: str) -> Account:
    if role not in ROLES:
        raise ValidationFailed(
            [problem("role", QT_TRANSLATE_NOOP("Problem", "角色应为 clerk、bookkeeper 或 owner"))]
        )
    with database.atomic():
        row = _row(name)
        if row.role == OWNER and role != OWNER:
            owners = User.select().where(User.active & (User.role == OWNER)).count()
            if owners <= 1:
                raise NotAllowed(
                    QT_TRANSLATE_NOOP("Service", "{name} 是最后一位店长，不能改为其他角色"),
                    name=name,
                )
        before = row.role
        row.role = role
        row.save()
        audit.append(actor, "user.role", "user", name, {"role": before}, {"role": role})
    return _account(row)


def _wait_seconds(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return int(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES + 1)))


def wait_left(name: str, now: datetime | None = None) -> int:
    """Seconds ``name`` must still wait before the next attempt (0: may try now)."""
    row = User.get_or_none(User.name == name)
    if row is None or not row.failed_count or not row.failed_at:
        return 0
    now = now or clock.now()
    until = datetime.fromisoformat(row.failed_at) + timedelta(
        seconds=_wait_seconds(row.failed_count)
    )
    return max(0, int((until - now).total_seconds() + 0.999))


def _failed(name: str, why: str) -> None:
    with database.atomic():
        row = User.get_or_none(User.name == name)
        count = 1
        if row is not None:
            row.failed_count += 1
            row.failed_at = clock.stamp()
            row.save()
            count = row.failed_count
        audit.append(name, "user.signin_failed", "user", name, None, {"why": why, "count": count})
    log.warning("failed sign-in for %r (%s), %d in a row", name, why, count)


def sign_in(name: str, secret: str, *, with_pin: bool = False) -> Person:
    """Check ``name``'s password (or PIN); returns the person to put in the session.

    Every refusal says the same for an unknown name and a wrong secret, and is audited.
    """
    name = name.strip()
    left = wait_left(name)
    if left:
        raise SignInFailed(
            QT_TRANSLATE_NOOP("Service", "登录失败次数过多：请 {seconds} 秒后再试"), seconds=left
        )
    row = User.get_or_none((User.name == name) & (User.password_hash != ""))
    stored = (row.pin_hash if with_pin else row.password_hash) if row is not None else ""
    if row is None or not stored or not check_secret(secret, stored):
        _failed(name, "pin" if with_pin else "password")
        if with_pin:
            raise SignInFailed(QT_TRANSLATE_NOOP("Service", "姓名或 PIN 不正确"))
        raise SignInFailed(QT_TRANSLATE_NOOP("Service", "姓名或密码不正确"))
    if not row.active:
        _failed(name, "disabled")
        raise SignInFailed(QT_TRANSLATE_NOOP("Service", "账户 {name} 已停用"), name=name)
    if row.failed_count:
        with database.atomic():
            row.failed_count, row.failed_at = 0, ""
            row.save()
    return Person(row.name, row.role)


def confirm_second_person(requester: str, name: str, pin: str) -> str:
    """Four eyes: ``name`` (a 会计 or 店长 other than ``requester``) confirms with their PIN.

    Returns the confirming name. With fewer than two people there is nobody to ask: returns "".
    """
    if not signing_in_required():
        return ""
    name = name.strip()
    if not name or name == requester:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "需要另一位会计或店长（不是 {name} 本人）输入 PIN 确认"),
            name=requester,
        )
    person = sign_in(name, pin, with_pin=True)
    if RANK[person.role] < RANK[BOOKKEEPER]:
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "{name} 是店员：确认人须为会计或店长"), name=name
        )
    return person.name


ACCOUNTS_TITLE = QT_TRANSLATE_NOOP("Accounts", "账户与登录")


def health_text() -> tuple[bool, str]:
    """What the 体检 page says about accounts: one person without sign-in, or who signs in."""
    from invoicedesk.core.i18n import Message

    people = [a for a in list_accounts() if a.active]
    if len(people) < 2:
        source = QT_TRANSLATE_NOOP(
            "Accounts",
            "一人使用，未启用登录：任何在这台电脑前的人都能做所有操作。"
            "添加第二个人的账户后，每人用自己的账户登录（账户 → 添加账户）",
        )
        return True, str(Message("Accounts", source))
    counts = {role: sum(1 for a in people if a.role == role) for role in ROLES}
    source = QT_TRANSLATE_NOOP(
        "Accounts", "{people} 个账户，登录使用（店长 {owner}，会计 {bookkeeper}，店员 {clerk}）"
    )
    return True, str(Message("Accounts", source, {"people": len(people), **counts}))


IDLE_KEY = "accounts.idle_minutes"
DEFAULT_IDLE_MINUTES = 10


def idle_minutes() -> int:
    """Minutes without a key or click after which the window locks (setting; default 10)."""
    from invoicedesk.services.company import get_setting

    try:
        return int(get_setting(IDLE_KEY, DEFAULT_IDLE_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


@guarded("settings.edit")
def set_idle_minutes(minutes: object, actor: str) -> int:
    from invoicedesk.services.company import put_setting

    try:
        value = int(str(minutes))
    except ValueError:
        value = 0
    if not 1 <= value <= 240:
        raise ValidationFailed(
            [
                problem(
                    "idle_minutes",
                    QT_TRANSLATE_NOOP("Problem", "自动锁定时间应为 1 到 240 之间的整数（分钟）"),
                )
            ]
        )
    put_setting(IDLE_KEY, value, actor)
    return value
