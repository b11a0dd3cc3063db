"""Practice mode (练习模式): a separate practice ledger where everything works and nothing counts.

The practice ledger is its own SQLite file in the data folder (``<data>/practice/practice.sqlite``),
filled with demo invoices for the shop's own kinds and rates. Entering practice binds the models
to it; the real ledger's connection stays open but idle (nothing is written to it, its backups or
its audit chain), and leaving binds the real ledger again. All of this runs on the database
worker, like every other database call.

The practice ledger carries a marker setting, so exports and slips made from it are stamped 练习
and its shop name starts with 【练习】. A missing or damaged practice ledger is rebuilt on entry;
``reset`` rebuilds it on request. The training register is the real ledger's: ``real_ledger()``
binds it for the length of a ``with`` block while practice is active.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from peewee import Database, fn

from invoicedesk.core import clock
from invoicedesk.core.dates import period_bounds, shift_period
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.paths import data_dir
from invoicedesk.services.company import get_company, get_setting, put_setting
from invoicedesk.services.errors import ServiceError
from invoicedesk.store.database import StoreError, close_database, open_database
from invoicedesk.store.models import Invoice, InvoiceLine, Setting, database

log = logging.getLogger("invoicedesk.practice")

PRACTICE_KEY = "practice_ledger"
PRACTICE_PREFIX = "【练习】"
PRACTICE_INVOICES = 400
PRACTICE_MONTHS = 6
PRACTICE_SEED = 18


@dataclass(frozen=True)
class ShopProfile:
    """What the practice ledger copies from the real one: the shop, its kinds and rates."""

    name: str
    tax_id: str
    kinds: tuple[str, ...]
    rates: tuple[str, ...]


@dataclass(frozen=True)
class PracticeStatus:
    active: bool
    path: str
    built: bool  # the practice ledger was (re)built on this call
    rebuilt_reason: str  # "" | "missing" | "damaged" | "reset"
    invoices: int
    seconds: float


_real: Database | None = None


def practice_path() -> Path:
    return data_dir() / "practice" / "practice.sqlite"


def is_active() -> bool:
    """True while the models are bound to the practice ledger."""
    return _real is not None


def is_practice_ledger() -> bool:
    """True when the open database is a practice ledger (its marker setting)."""
    db = database.obj
    if db is None or not db.table_exists(Setting._meta.table_name):
        return False
    return bool(get_setting(PRACTICE_KEY, False))


def shop_profile() -> ShopProfile:
    """The open (real) ledger's shop, and the kinds and rates it has used most."""
    company = get_company()
    kinds_query = (
        Invoice.select(Invoice.kind)
        .group_by(Invoice.kind)
        .order_by(fn.COUNT(Invoice.id).desc())
        .limit(6)
        .tuples()
    )
    rates_query = (
        InvoiceLine.select(InvoiceLine.tax_rate)
        .group_by(InvoiceLine.tax_rate)
        .order_by(fn.COUNT(InvoiceLine.id).desc())
        .limit(8)
        .tuples()
    )
    kinds = tuple(str(k) for (k,) in cast(Any, kinds_query))
    rates = tuple(str(r) for (r,) in cast(Any, rates_query))
    return ShopProfile(company.name, company.tax_id, kinds, rates)


def _files(path: Path) -> list[Path]:
    """The ledger file and everything SQLite and the page log keep beside it."""
    if not path.parent.is_dir():
        return []
    return [
        p
        for p in path.parent.iterdir()
        if p.name.startswith(path.name) or p.name.startswith("练习-平台导出-")
    ]


def _remove(path: Path) -> None:
    for item in _files(path):
        if item.is_file():
            item.unlink(missing_ok=True)


def _usable(path: Path) -> bool:
    """The file exists, is a sound SQLite database and carries the practice marker."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return False
            row = conn.execute(
                "SELECT value FROM setting WHERE key = ?", (PRACTICE_KEY,)
            ).fetchone()
            return bool(row and row[0] == "true")
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _build(path: Path, profile: ShopProfile, actor: str) -> int:
    """Create the practice ledger at ``path`` (bound afterwards); returns its invoice count."""
    from invoicedesk.services import demo

    _remove(path)
    open_database(path, actor=actor)
    name = f"{PRACTICE_PREFIX}{profile.name or '练习商店'}"
    # Reconciling needs the shop's tax id: a made-up valid one when the real ledger has none.
    tax_id = profile.tax_id or demo.make_uscc(random.Random(PRACTICE_SEED))
    with database.atomic():
        put_setting(PRACTICE_KEY, True, actor)
        put_setting("company", {"name": name, "tax_id": tax_id}, actor)
    demo.generate(
        PRACTICE_INVOICES,
        actor,
        seed=PRACTICE_SEED,
        months=PRACTICE_MONTHS,
        kinds=profile.kinds or None,
        rates=profile.rates or None,
    )
    write_platform_export(path.parent)
    return PRACTICE_INVOICES


def platform_export_path(folder: Path | None = None) -> Path:
    """The practice platform export of last month (for the reconciliation lesson)."""
    period = shift_period(clock.period_of(clock.today()), -1)
    return (folder or practice_path().parent) / f"练习-平台导出-{period}.xlsx"


def write_platform_export(folder: Path) -> Path:
    """Last month of the practice ledger as the platform would export it, with three
    differences to resolve (one missing on each side, one amount that differs)."""
    from invoicedesk.core.kinds import KINDS, STATUSES
    from invoicedesk.exchange.practice_files import write_export

    target = platform_export_path(folder)
    first, end = period_bounds(shift_period(clock.period_of(clock.today()), -1))  # [first, end)
    last = end - timedelta(days=1)
    query = (
        Invoice.select(
            Invoice.code, Invoice.number, Invoice.kind, Invoice.issue_date, Invoice.buyer_name,
            Invoice.buyer_tax_id, Invoice.amount_fen, Invoice.tax_fen, Invoice.total_fen,
            Invoice.status, Invoice.is_red, Invoice.issuer,
        )
        .where((Invoice.issue_date >= first) & (Invoice.issue_date < end))
        .order_by(Invoice.issue_date, Invoice.id)
        .tuples()
    )  # fmt: skip
    rows = [
        (code, number, KINDS.get(kind, kind), day, buyer, buyer_id, amount, tax, total,
         STATUSES.get(status, status), not red, issuer)
        for code, number, kind, day, buyer, buyer_id, amount, tax, total, status, red, issuer
        in cast(Any, query)
    ]  # fmt: skip
    company = get_company()
    extra = (
        "", f"{last.year % 100:02d}112{999_999_999_999_999:015d}", KINDS["82"], last,
        "北京练习补录商贸有限公司", "", 50_000, 3_000, 53_000, STATUSES["normal"], True, "张三",
    )  # fmt: skip
    return write_export(target, (company.name, company.tax_id), rows, extra)


def enter(actor: str) -> PracticeStatus:
    """Bind the practice ledger (building it if missing or damaged). Idempotent."""
    global _real
    started = time.perf_counter()
    path = practice_path()
    if _real is not None:
        return PracticeStatus(True, str(path), False, "", _count(), time.perf_counter() - started)
    if is_practice_ledger():
        raise ServiceError(QT_TRANSLATE_NOOP("Service", "当前打开的已经是练习台账"))
    real = database.obj
    reason = ""
    try:
        if _usable(path):
            try:
                open_database(path, actor=actor)
            except StoreError:
                reason = "damaged"
                database.initialize(real)
        else:
            reason = "damaged" if path.exists() else "missing"
        if reason:
            log.info("practice ledger %s: building %s", reason, path)
            _build(path, shop_profile(), actor)  # the profile is read from the real ledger
    except BaseException:
        _close_bound_if_not(real)
        database.initialize(real)
        raise
    _real = real
    return PracticeStatus(
        True, str(path), bool(reason), reason, _count(), time.perf_counter() - started
    )


def _count() -> int:
    return int(Invoice.select().count())


def _close_bound_if_not(real: Database) -> None:
    """Close the bound practice ledger (its WAL harvested and checkpointed), not ``real``."""
    bound = database.obj
    if bound is not None and bound is not real and not bound.is_closed():
        close_database()


def leave() -> PracticeStatus:
    """Close the practice ledger and bind the real one again. Idempotent."""
    global _real
    started = time.perf_counter()
    if _real is None:
        return PracticeStatus(False, str(practice_path()), False, "", 0, 0.0)
    real = _real
    _close_bound_if_not(real)
    database.initialize(real)
    _real = None
    return PracticeStatus(False, str(practice_path()), False, "", 0, time.perf_counter() - started)


def reset(actor: str) -> PracticeStatus:
    """Throw the practice ledger away and build a fresh one (staying in practice if active)."""
    global _real
    started = time.perf_counter()
    path = practice_path()
    if _real is None:
        _remove(path)
        return PracticeStatus(False, str(path), False, "reset", 0, time.perf_counter() - started)
    real = _real
    _close_bound_if_not(real)
    database.initialize(real)
    profile = shop_profile()
    try:
        count = _build(path, profile, actor)
    except BaseException:
        _close_bound_if_not(real)
        database.initialize(real)
        _real = None
        raise
    return PracticeStatus(True, str(path), True, "reset", count, time.perf_counter() - started)


@contextmanager
def real_ledger() -> Iterator[None]:
    """Bind the real ledger for the block (the training register lives there)."""
    if _real is None:
        yield
        return
    practice = database.obj
    database.initialize(_real)
    try:
        yield
    finally:
        database.initialize(practice)


def require_practice() -> None:
    """Lessons run in practice mode only."""
    if not is_practice_ledger():
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service",
                "课程只能在练习模式中进行，以免练习的登记进入正式台账。"
                "请先点“练习模式”（菜单 练习 → 进入练习模式），再开始课程。",
            )
        )


def audit_head() -> int:
    """The open ledger's last audit sequence number (lessons check what follows it)."""
    from invoicedesk.store.models import AuditEntry

    return int(AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0)


__all__ = [
    "PRACTICE_PREFIX",
    "PracticeStatus",
    "ShopProfile",
    "enter",
    "is_active",
    "is_practice_ledger",
    "leave",
    "practice_path",
    "real_ledger",
    "require_practice",
    "reset",
]
