"""Realistic demo data: Beijing buyers with valid ids, 数电 and paper invoices, reds and voids.

Demo data goes only into an empty ledger or one that holds nothing but earlier demo data, and
never into a locked month: a real ledger is refused before anything is written.

Bulk inserts go through the DB-API cursor (about 4x faster than model inserts at a million rows);
the run is one transaction with one audit entry that records what was generated.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import nullcontext
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from peewee import EXCLUDED, PostgresqlDatabase
from stdnum.cn import uscc

from invoicedesk.core import clock
from invoicedesk.core.clock import period_of
from invoicedesk.core.dates import periods_between
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.core.money import to_fen
from invoicedesk.core.rates import parse_rate
from invoicedesk.core.vat import line_tax
from invoicedesk.services.auditing import _fen_text
from invoicedesk.services.company import get_company
from invoicedesk.services.dto import DemoSummary
from invoicedesk.services.errors import NotAllowed, PeriodLocked
from invoicedesk.store import audit, pg_copy
from invoicedesk.store.models import AuditEntry, Buyer, Invoice, InvoiceLine, PeriodLock, database
from invoicedesk.store.search_index import deferred_indexing
from invoicedesk.store.writers import serialize_writers

Progress = Callable[[int, int], None]

_DISTRICTS = ("010101", "010102", "010105", "010106", "010107", "010108", "010111", "010112")
_PLACES = ("北京", "京华", "燕山", "长安", "朝阳", "海淀", "中关村", "望京", "西单", "国贸", "亦庄")
_WORDS = (
    "恒信",
    "瑞丰",
    "华茂",
    "金桥",
    "鑫源",
    "博远",
    "众和",
    "嘉禾",
    "天成",
    "弘达",
    "明德",
    "佳美",
    "新程",
    "宏图",
    "同创",
    "卓越",
    "汇通",
    "锦程",
    "安泰",
    "福瑞",
)
_TRADES = (
    "科技",
    "商贸",
    "餐饮管理",
    "文化传媒",
    "建筑工程",
    "物业管理",
    "信息技术",
    "贸易",
    "咨询",
    "教育科技",
)
_FORMS = ("有限公司", "有限责任公司", "股份有限公司")
_PEOPLE = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷")
_ISSUERS = ("张三", "李四", "王五")
# (name, unit, rate, unit price range in yuan, tax classification code)
_ITEMS = (
    ("*餐饮服务*餐费", "次", "0.06", (30, 2000), "3070401000000000000"),
    ("*住宿服务*住宿费", "晚", "0.06", (200, 1500), "3070402000000000000"),
    ("*信息技术服务*软件服务费", "项", "0.06", (500, 50000), "3040201000000000000"),
    ("*计算机配套产品*键盘", "个", "0.13", (50, 800), "1090511030000000000"),
    ("*纸制品*复印纸", "箱", "0.13", (100, 300), "1060301020000000000"),
    ("*农产品*大米", "袋", "0.09", (40, 200), "1010101010000000000"),
    ("*建筑服务*工程款", "项", "0.09", (5000, 200000), "3050100000000000000"),
    ("*现代服务*咨询费", "项", "0.03", (300, 8000), "3040300000000000000"),
    ("*日用杂品*清洁用品", "件", "0.01", (10, 300), "1070222000000000000"),
)

_RATES = {item[2]: parse_rate(item[2]) for item in _ITEMS}


def _org_code(rng: random.Random) -> str:
    body = f"{rng.randrange(10**7, 10**8)}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random) -> str:
    first17 = "9111" + rng.choice(_DISTRICTS)[2:] + _org_code(rng)
    return first17 + uscc.calc_check_digit(first17)


def make_buyers(rng: random.Random, count: int) -> list[tuple[str, str]]:
    buyers: dict[str, str] = {}
    for person in _PEOPLE:
        buyers[person] = ""  # natural persons carry no tax id
    while len(buyers) < count + len(_PEOPLE):
        name = rng.choice(_PLACES) + rng.choice(_WORDS) + rng.choice(_TRADES) + rng.choice(_FORMS)
        if name in buyers:
            name = name.replace("有限", f"{rng.choice(_WORDS)}有限", 1)
        buyers.setdefault(name, make_uscc(rng))
    return list(buyers.items())


def _numbers(start_seq: int, year: int, paper: bool) -> tuple[str, str]:
    if paper:  # 12-digit 普票 code (Beijing, batch 100, kind 04) + 8-digit number
        return f"01100{year % 100:02d}10004", f"{start_seq % 10**8:08d}"
    return "", f"{year % 100:02d}112{start_seq:015d}"


def generate(
    count: int,
    actor: str,
    *,
    seed: int = 1,
    months: int = 12,
    today: date | None = None,
    progress: Progress | None = None,
    batch: int = 5000,
    kinds: Collection[str] | None = None,
    rates: Collection[str] | None = None,
) -> DemoSummary:
    """Add ``count`` demo invoices dated over the last ``months`` months (1 to 120).

    ``kinds`` and ``rates`` (a shop's own, for its practice ledger) narrow what is generated:
    paper 普票 only when 04 is among the kinds, items only at the rates given (all items when
    none of them matches).
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    items = tuple(i for i in _ITEMS if rates is None or i[2] in rates) or _ITEMS
    paper_share = 0.08 if kinds is None or "04" in kinds else 0.0
    today = today or clock.today()
    first_day = today - timedelta(days=max(1, min(months, 120)) * 30)
    span = (today - first_day).days
    company = get_company()
    buyers = make_buyers(rng, max(20, min(5000, count // 20)))
    db = database.obj
    now = clock.stamp()
    inv_fields = (
        "id",
        "kind",
        "code",
        "number",
        "issue_date",
        "buyer_name",
        "buyer_tax_id",
        "buyer_address_phone",
        "buyer_bank_account",
        "buyer_email",
        "seller_name",
        "seller_tax_id",
        "issuer",
        "reviewer",
        "payee",
        "remarks",
        "status",
        "is_red",
        "blue_invoice_id",
        "red_reason",
        "void_reason",
        "amount_fen",
        "tax_fen",
        "total_fen",
        "created_at",
        "created_by",
        "updated_at",
    )
    line_fields = (
        "invoice_id",
        "line_no",
        "name",
        "spec",
        "unit",
        "quantity",
        "unit_price",
        "amount_fen",
        "tax_rate",
        "tax_fen",
        "tax_code",
        "is_discount",
        "red_of_line_id",
    )
    inv_sql = _insert_sql("invoice", inv_fields)
    line_sql = _insert_sql("invoice_line", line_fields)
    stats = {"lines": 0, "red": 0, "voided": 0}
    used: Counter[str] = Counter()
    dates = sorted(first_day + timedelta(days=rng.randrange(span + 1)) for _ in range(count))

    with db.atomic():
        _ensure_demo_allowed(first_day, today)
        serialize_writers()  # the ids below stay free until commit, on PostgreSQL too
        next_id = (Invoice.select(Invoice.id).order_by(Invoice.id.desc()).scalar() or 0) + 1
        next_line_id = (
            InvoiceLine.select(InvoiceLine.id).order_by(InvoiceLine.id.desc()).scalar() or 0
        ) + 1
        seq_base = rng.randrange(10**9, 10**12)
        # Each invoice's fingerprint goes into the log (one entry per 20,000), so that
        # `audit verify` names any demo row changed later outside the app. Built from the rows
        # as written: reading a million back took longer than writing them.
        fingerprints = audit.FingerprintLog(actor, "invoice")
        if pg_copy.usable(db):  # a demo: its commit need not wait for the disk (real imports do)
            db.execute_sql("SET LOCAL synchronous_commit = off")
        copier = pg_copy.BackgroundCopy(db) if pg_copy.usable(db) else nullcontext(None)
        with deferred_indexing(db, next_id, count), copier as background:
            cursor = db.cursor()
            made = 0
            while made < count:
                inv_rows: list[tuple[Any, ...]] = []
                line_rows: list[tuple[Any, ...]] = []
                for day in dates[made : made + batch]:
                    if made >= count:
                        break
                    made += 1
                    paper = rng.random() < paper_share
                    code, number = _numbers(seq_base + made * 3, day.year, paper)
                    name, tax_id = rng.choice(buyers)
                    used[name] += 1
                    status = "normal"
                    void_reason = ""
                    if paper and rng.random() < 0.1:
                        status, void_reason = "voided", "开具错误，收回全部联次"
                        stats["voided"] += 1
                    # A red invoice takes the next slot: the total stays what was asked for.
                    flushed = not paper and made < count and rng.random() < 0.02
                    if flushed:
                        status = "red_full"
                    lines = _lines(rng, items)
                    amount = sum(a for a, _t, *_ in lines)
                    tax = sum(t for _a, t, *_ in lines)
                    blue_id = next_id
                    inv_rows.append(
                        (
                            blue_id,
                            "04" if paper else "82",
                            code,
                            number,
                            day.isoformat(),
                            name,
                            tax_id,
                            "",
                            "",
                            "",
                            company.name,
                            company.tax_id,
                            rng.choice(_ISSUERS),
                            "",
                            "",
                            "",
                            status,
                            False,
                            None,
                            "",
                            void_reason,
                            amount,
                            tax,
                            amount + tax,
                            now,
                            actor,
                            now,
                        )
                    )
                    blue_line_ids = []
                    for no, (a, t, item, qty, price) in enumerate(lines, start=1):
                        blue_line_ids.append(next_line_id)
                        line_rows.append(
                            (
                                blue_id,
                                no,
                                item[0],
                                "",
                                item[1],
                                qty,
                                price,
                                a,
                                item[2],
                                t,
                                item[4],
                                False,
                                None,
                            )
                        )
                        next_line_id += 1
                    next_id += 1
                    if flushed:
                        red_day = min(today, day + timedelta(days=rng.randrange(1, 20)))
                        made += 1
                        _c, red_number = _numbers(seq_base + made * 3, red_day.year, False)
                        inv_rows.append(
                            (
                                next_id,
                                "82",
                                "",
                                red_number,
                                red_day.isoformat(),
                                name,
                                tax_id,
                                "",
                                "",
                                "",
                                company.name,
                                company.tax_id,
                                rng.choice(_ISSUERS),
                                "",
                                "",
                                f"被红冲蓝字数电票号码：{number}",
                                "normal",
                                True,
                                blue_id,
                                rng.choice(("01", "02", "03")),
                                "",
                                -amount,
                                -tax,
                                -(amount + tax),
                                now,
                                actor,
                                now,
                            )
                        )
                        for no, ((a, t, item, qty, price), blue_line) in enumerate(
                            zip(lines, blue_line_ids, strict=True), start=1
                        ):
                            line_rows.append(
                                (
                                    next_id,
                                    no,
                                    item[0],
                                    "",
                                    item[1],
                                    f"-{qty}",
                                    price,
                                    -a,
                                    item[2],
                                    -t,
                                    item[4],
                                    False,
                                    blue_line,
                                )
                            )
                            next_line_id += 1
                        next_id += 1
                        stats["red"] += 1
                        used[name] += 1
                digests = [
                    (i, audit.fingerprint(image)) for i, image in _images(inv_rows, line_rows)
                ]
                if background:  # one COPY per batch, on a second thread while the next is made
                    background.send(
                        (
                            ("invoice", inv_fields, inv_rows),
                            ("invoice_line", line_fields, line_rows),
                        ),
                        while_idle=partial(fingerprints.add_digests, digests),
                    )
                else:
                    cursor.executemany(inv_sql, inv_rows)
                    cursor.executemany(line_sql, line_rows)
                    fingerprints.add_digests(digests)
                stats["lines"] += len(line_rows)
                if progress:
                    progress(made, count)
        fingerprints.close()
        _remember(buyers, used, now)
        audit.append(
            actor,
            "demo.generate",
            "invoice",
            "",
            None,
            {"invoices": count, "seed": seed, "months": months, **stats},
        )
    if isinstance(db, PostgresqlDatabase):
        # Explicit ids bypass the serial sequences: move them past what was written.
        for table in ("invoice", "invoice_line"):
            db.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        db.execute_sql("ANALYZE")
    else:
        db.execute_sql("ANALYZE")  # the planner needs statistics to pick the search indexes
    return DemoSummary(
        invoices=count,
        lines=stats["lines"],
        red=stats["red"],
        voided=stats["voided"],
        seconds=time.perf_counter() - started,
    )


def demo_invoice_count() -> int:
    """How many invoices earlier demo runs wrote (their audit entries record it)."""
    total = 0
    for row in AuditEntry.select(AuditEntry.after).where(AuditEntry.action == "demo.generate"):
        try:
            total += int(json.loads(row.after or "{}").get("invoices", 0))
        except (ValueError, TypeError, AttributeError):
            continue
    return total


def _ensure_demo_allowed(first_day: date, last_day: date) -> None:
    """Refuse a ledger holding invoices not made by ``demo``, and any locked month in range."""
    held = Invoice.select().count()
    if held and held != demo_invoice_count():
        raise NotAllowed(
            QT_TRANSLATE_NOOP(
                "Service",
                "此账本已有 {count} 张非演示发票：演示数据只能生成在新的空账本或演示账本中",
            ),
            count=held - min(held, demo_invoice_count()),
        )
    periods = set(periods_between(period_of(first_day), period_of(last_day)))
    locked = sorted(
        row.period for row in PeriodLock.select(PeriodLock.period) if str(row.period) in periods
    )
    if locked:
        raise PeriodLocked(
            QT_TRANSLATE_NOOP("Service", "{period} 已结账锁定，演示数据不能写入锁定的月份"),
            period="、".join(locked),
        )


def _lines(
    rng: random.Random, items: tuple[tuple[Any, ...], ...] = _ITEMS
) -> list[tuple[int, int, tuple[Any, ...], str, str]]:
    result = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        item = rng.choice(items)
        low, high = item[3]
        qty = rng.choice((1, 1, 2, 3, 5, 10))
        price = Decimal(rng.randrange(low * 100, high * 100)) / 100
        amount = price * qty
        tax = line_tax(amount, _RATES[item[2]])
        result.append((to_fen(amount), to_fen(tax), item, str(qty), str(price)))
    return result


def _remember(buyers: list[tuple[str, str]], used: Counter[str], now: str) -> None:
    """Every buyer name used goes into the buyer table (search relies on it), with its count."""
    # Upserts adding to the stored count: a counter recording meanwhile loses none of its uses.
    tax_ids = dict(buyers)
    rows = [
        {"name": name, "tax_id": tax_ids.get(name, ""), "use_count": count, "last_used_at": now}
        for name, count in used.items()
        if count
    ]
    for start in range(0, len(rows), 500):
        Buyer.insert_many(rows[start : start + 500]).on_conflict(
            conflict_target=[Buyer.name],
            update={
                Buyer.use_count: Buyer.use_count + EXCLUDED.use_count,
                Buyer.last_used_at: EXCLUDED.last_used_at,
            },
        ).execute()


def _images(
    inv_rows: list[tuple[Any, ...]], line_rows: list[tuple[Any, ...]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, after-image) of the rows just written: what ``auditing.invoice_images`` reads back
    (a test holds the two equal). Rows in ``generate``'s field order, lines in invoice order."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for row in line_rows:
        lines.setdefault(row[0], []).append(
            {
                "name": row[2],
                "quantity": format(Decimal(row[5]).normalize(), "f"),
                "unit_price": format(Decimal(row[6]).normalize(), "f"),
                "amount": _fen_text(row[7]),
                "tax_rate": row[8],
                "tax": _fen_text(row[9]),
            }
        )
    for row in inv_rows:
        yield (
            row[0],
            {
                "kind": row[1],
                "code": row[2],
                "number": row[3],
                "issue_date": row[4],
                "buyer_name": row[5],
                "buyer_tax_id": row[6],
                "status": row[16],
                "is_red": bool(row[17]),
                "blue_invoice_id": row[18],
                "amount": _fen_text(row[21]),
                "tax": _fen_text(row[22]),
                "total": _fen_text(row[23]),
                "issuer": row[12],
                "remarks": row[15],
                "lines": lines.get(row[0], []),
            },
        )


def _insert_sql(table: str, fields: tuple[str, ...]) -> str:
    param = database.obj.param
    return f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({', '.join(param for _ in fields)})"
