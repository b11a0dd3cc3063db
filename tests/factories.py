"""Small builders for realistic invoices used across the tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from invoicedesk.core import clock
from invoicedesk.core.dates import shift_period
from invoicedesk.core.invoice import InvoiceDraft, LineDraft
from invoicedesk.core.rates import parse_rate

XIAOMI = ("小米科技有限责任公司", "91110108551385082Q")
BAIDU = ("北京百度网讯科技有限公司", "91110000802100433B")
HUAWEI = ("华为技术有限公司", "914403001922038216")
SHOP = ("北京演示餐饮有限公司", "91110000802100433B")


def number(seq: int, year: int = 26) -> str:
    """A 数电票 number: year, Beijing (11), channel 2, 15-digit sequence."""
    return f"{year:02d}112{seq:015d}"


def line(
    name: str = "*餐饮服务*餐费",
    amount: str = "100.00",
    rate: str = "0.06",
    quantity: str | None = "2",
    unit_price: str | None = "50.00",
    **extra: Any,
) -> LineDraft:
    return LineDraft(
        name=name,
        amount=Decimal(amount),
        tax_rate=parse_rate(rate),
        quantity=None if quantity is None else Decimal(quantity),
        unit_price=None if unit_price is None else Decimal(unit_price),
        **extra,
    )


def draft(
    seq: int = 1,
    *,
    buyer: tuple[str, str] = XIAOMI,
    issue_date: date = date(2026, 10, 5),
    lines: list[LineDraft] | None = None,
    kind: str = "82",
    code: str = "",
    num: str | None = None,
    **extra: Any,
) -> InvoiceDraft:
    return InvoiceDraft(
        kind=kind,
        code=code,
        number=num if num is not None else number(seq),
        issue_date=issue_date,
        buyer_name=buyer[0],
        buyer_tax_id=buyer[1],
        issuer="张三",
        lines=lines if lines is not None else [line()],
        **extra,
    )


def as_json(seq: int = 1, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "82",
        "code": "",
        "number": number(seq),
        "issue_date": "2026-10-05",
        "buyer_name": XIAOMI[0],
        "buyer_tax_id": XIAOMI[1],
        "issuer": "张三",
        "remarks": "",
        "lines": [
            {
                "name": "*餐饮服务*餐费",
                "quantity": "2",
                "unit_price": "50.00",
                "amount": "100.00",
                "tax_rate": "0.06",
            }
        ],
    }
    data.update(overrides)
    return data


# The day of the fixed scenario the services' tests are written for: they pass it as ``today`` with
# the invoices of October 2026 above, so their outcome does not depend on the clock.
TODAY = date(2026, 11, 28)


def last_month() -> str:
    """The period before the (frozen) clock's month: what demo ledgers built today fill."""
    return shift_period(clock.period_of(clock.today()), -1)
