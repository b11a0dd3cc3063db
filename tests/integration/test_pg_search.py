"""Search on PostgreSQL: the trigram plan of SQLite's, and plain ILIKE where pg_trgm is missing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from invoicedesk.services import invoices as svc
from invoicedesk.store import invoice_queries
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.invoice_queries import InvoiceFilter
from invoicedesk.store.models import database
from invoicedesk.store.search_index import _TRGM_NAMES
from tests.factories import BAIDU, TODAY, XIAOMI, draft

pytestmark = pytest.mark.postgres

PAPER_CODE = "011002600104"


@pytest.fixture
def pg(pg_url: str) -> Iterator[str]:
    open_database(pg_url, actor="tester")
    for seq, buyer in enumerate((XIAOMI, BAIDU, XIAOMI), start=1):
        svc.record_invoice(draft(seq, buyer=buyer), "张三", today=TODAY)
    svc.record_invoice(
        draft(
            buyer=BAIDU, kind="04", code=PAPER_CODE, num="00001234", issue_date=date(2026, 10, 6)
        ),
        "张三",
        today=TODAY,
    )
    try:
        yield pg_url
    finally:
        close_database()


def _found(text: str) -> list[str]:
    return [row.number for row in svc.list_invoices(InvoiceFilter(text=text)).rows]


def _searches() -> None:
    assert _found("0026001") == ["00001234"]  # a fragment of the paper invoice's code
    assert _found("小米") == [draft(3).number, draft(1).number]  # two characters: newest first
    assert _found("百度网讯") == ["00001234", draft(2).number]
    assert _found(draft(2).number[-7:]) == [draft(2).number]
    assert _found("0802100433b") == ["00001234", draft(2).number]  # a tax id, any case
    assert invoice_queries.sums(InvoiceFilter(text="百度网讯")).count == 2


@pytest.mark.parametrize("common", [False, True])
def test_rare_and_common_terms_through_the_trigram_indexes(
    pg: str, common: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if common:  # every term read row by row in ledger order
        monkeypatch.setattr(invoice_queries, "COMMON", 1)
    assert invoice_queries._has_trgm()
    _searches()


def test_without_pg_trgm_search_still_finds_everything(pg: str) -> None:
    for name in _TRGM_NAMES:  # as on a server where the extension could not be created
        database.obj.execute_sql(f'DROP INDEX "{name}"')
    close_database()
    open_database(pg, actor="tester")
    assert not invoice_queries._has_trgm()
    _searches()
