"""Search over numbers, buyer names and ids: trigram index, short terms, filters."""

from __future__ import annotations

from datetime import date

import pytest

from invoicedesk.services import invoice_changes
from invoicedesk.services import invoices as svc
from invoicedesk.store import invoice_queries
from invoicedesk.store.invoice_queries import InvoiceFilter
from tests.factories import BAIDU, HUAWEI, TODAY, XIAOMI, draft, number

BEIJING_SHOP = ("北京京东世纪贸易有限公司", "91110108785553229Q")


@pytest.fixture(autouse=True, params=["rare", "common"])
def ledger(request: pytest.FixtureRequest, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs twice: terms looked up through their index, and checked row by row."""
    if request.param == "common":
        monkeypatch.setattr(invoice_queries, "COMMON", 1)
    buyers = [XIAOMI, BAIDU, HUAWEI, BEIJING_SHOP, ("王芳", "")]
    for seq, buyer in enumerate(buyers * 2, start=1):
        svc.record_invoice(
            draft(seq, buyer=buyer, issue_date=date(2026, 9 + seq % 2, seq)), "张三", today=TODAY
        )


def numbers(text: str, **filters: object) -> list[str]:
    page = svc.list_invoices(InvoiceFilter(text=text, **filters), limit=100)  # type: ignore[arg-type]
    return sorted(row.number for row in page.rows)


def test_two_character_name_is_found() -> None:
    found = numbers("北京")
    assert found == sorted(number(s) for s in (2, 4, 7, 9))


def test_two_character_name_in_the_middle() -> None:
    assert numbers("王芳") == [number(5), number(10)]
    assert numbers("京东") == [number(4), number(9)]


def test_longer_fragments_use_the_index() -> None:
    assert numbers("百度网讯") == [number(2), number(7)]
    assert numbers("技术有限") == sorted(number(s) for s in (3, 8))


def test_number_fragments_short_and_long() -> None:
    assert numbers(number(7)[-6:]) == [number(7)]
    # "10" is in the number of invoice 10 and in three of the buyers' ids.
    assert numbers("10") == sorted(number(s) for s in (1, 2, 4, 6, 7, 9, 10))
    assert numbers("0019") == [number(3), number(8)]  # only Huawei's id
    assert len(numbers("26")) == 10


def test_tax_id_fragment_any_case_and_full_width() -> None:
    assert numbers("551385082q") == [number(1), number(6)]
    assert numbers("５５１３８５") == [number(1), number(6)]


def test_terms_combine_and_filters_apply() -> None:
    assert numbers("北京 百度") == [number(2), number(7)]
    assert numbers("北京", period="2026-09") == [number(2), number(4)]
    assert numbers("", statuses=("normal",), kinds=("82",)) == sorted(
        number(s) for s in range(1, 11)
    )
    assert numbers("不存在的公司") == []


def test_search_finds_a_corrected_name() -> None:
    row = svc.list_invoices(InvoiceFilter(text="王芳"), limit=1).rows[0]
    invoice_changes.correct_invoice(row.id, "buyer_name", "李娜", "姓名录错", "李四")
    assert numbers("李娜") == [row.number]


def test_like_wildcards_are_literal() -> None:
    assert numbers("%") == []
    assert numbers("_") == []
