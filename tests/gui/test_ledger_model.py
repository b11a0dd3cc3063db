"""The lazy ledger model: paging, sorting and filtering in SQL, stale results, Qt's contract."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from invoicedesk.gui.ledger_model import (
    COLUMN_INDEX,
    PAGE_SIZE,
    PLACEHOLDER,
    RED_TEXT,
    VOID_TEXT,
    LedgerModel,
)
from invoicedesk.gui.worker import DbWorker
from invoicedesk.store.invoice_queries import InvoiceFilter

TOTAL = COLUMN_INDEX["total"]


def loaded_model(qtbot: QtBot) -> LedgerModel:
    model = LedgerModel()
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.refresh()
    return model


def first_page_loaded(model: LedgerModel) -> bool:
    return all(model.row_at(row) is not None for row in range(min(model.rowCount(), PAGE_SIZE)))


@pytest.mark.parametrize("force_py", [True, False], ids=["python-tester", "qt-tester"])
def test_model_contract(
    qtbot: QtBot, qtmodeltester: ModelTester, small_db: Path, force_py: bool
) -> None:
    model = loaded_model(qtbot)
    assert model.rowCount() > PAGE_SIZE
    qtmodeltester.check(model, force_py=force_py)
    # Pages that arrive after the check keep the contract too (the tester watches the signals).
    last = model.index(model.rowCount() - 1, 0)
    model.data(last)
    qtbot.waitUntil(lambda: model.data(last) != PLACEHOLDER)


def test_pages_load_lazily_and_stay_bounded(qtbot: QtBot, ledger_db: Path) -> None:
    model = loaded_model(qtbot)
    assert model.rowCount() == 10_000
    assert model.row_at(0) is not None  # the first page comes with the count
    far = model.index(PAGE_SIZE * 30 + 5, 0)
    assert model.row_at(far.row()) is None
    assert model.data(far) == PLACEHOLDER
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        pass
    assert model.data(far) != PLACEHOLDER
    assert model.invoice_id(far.row()) is not None
    # Asking for many pages at once fetches only the latest few (coalesced).
    for page in range(40, 50):
        model.data(model.index(page * PAGE_SIZE, 0))
    qtbot.waitUntil(lambda: not model.loading)
    assert model.row_at(49 * PAGE_SIZE) is not None
    assert model.row_at(40 * PAGE_SIZE) is None


def test_sort_by_total_runs_in_sql(qtbot: QtBot, ledger_db: Path) -> None:
    model = loaded_model(qtbot)
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.sort(TOTAL, Qt.SortOrder.DescendingOrder)
    totals = [model.row_at(row).total for row in range(PAGE_SIZE)]  # type: ignore[union-attr]
    assert totals == sorted(totals, reverse=True)
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.sort(TOTAL, Qt.SortOrder.AscendingOrder)
    first = model.row_at(0)
    assert first is not None and first.total < 0  # red invoices are negative
    assert model.data(model.index(0, TOTAL)).startswith("-¥")
    assert model.data(model.index(0, TOTAL), Qt.ItemDataRole.ForegroundRole) == RED_TEXT
    alignment = model.data(model.index(0, TOTAL), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_money_text_and_voided_rows(qtbot: QtBot, ledger_db: Path) -> None:
    model = loaded_model(qtbot)
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.set_filter(InvoiceFilter(statuses=("voided",)))
    assert 0 < model.rowCount() < 10_000
    row = model.row_at(0)
    assert row is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) == VOID_TEXT
    text = model.data(model.index(0, TOTAL))
    assert text == f"¥{row.total:,.2f}"
    assert isinstance(row.total, Decimal)
    assert model.data(model.index(0, COLUMN_INDEX["status"])) == "已作废"
    assert model.data(model.index(0, COLUMN_INDEX["code"])) == row.code  # text, zeros kept
    assert row.code.startswith("0")


def test_results_of_an_older_filter_are_dropped(
    qtbot: QtBot, ledger_db: Path, worker: DbWorker
) -> None:
    model = loaded_model(qtbot)
    seen: list[int] = []
    model.totals_changed.connect(lambda totals: seen.append(totals.count))
    model.set_filter(InvoiceFilter(statuses=("voided",)))
    model.set_filter(InvoiceFilter(kinds=("04",)))  # before the first answer arrives
    # The worker is serial: once the newest answer is in, the older one was delivered before it.
    qtbot.waitUntil(lambda: not model.loading and worker.pending == 0)
    assert len(seen) == 1  # only the latest query was applied
    assert model.rowCount() == seen[0]
    assert all(model.row_at(r).kind == "04" for r in range(min(PAGE_SIZE, seen[0])))  # type: ignore[union-attr]


def test_header_titles(qtbot: QtBot, small_db: Path) -> None:
    model = loaded_model(qtbot)
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert titles == [
        "开票日期",
        "票种",
        "发票代码",
        "发票号码",
        "购买方名称",
        "购买方识别号",
        "金额",
        "税额",
        "价税合计",
        "状态",
        "开票人",
    ]
