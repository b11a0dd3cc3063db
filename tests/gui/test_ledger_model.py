"""The lazy ledger model: paging, sorting in SQL, filters, and Qt's model contract."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from PySide6.QtCore import Qt

from invoicedesk.gui.ledger_model import COLUMN_INDEX, PAGE_SIZE, PLACEHOLDER, LedgerModel
from invoicedesk.store.invoice_queries import InvoiceFilter


def loaded_model(qtbot: QtBot) -> LedgerModel:
    model = LedgerModel()
    with qtbot.waitSignal(model.reloaded, timeout=20_000):
        model.refresh()
    return model


def test_model_contract(qtbot: QtBot, qtmodeltester: ModelTester, small_db: Path) -> None:
    model = loaded_model(qtbot)
    assert model.rowCount() > PAGE_SIZE
    qtmodeltester.check(model, force_py=True)


def test_pages_load_lazily(qtbot: QtBot, ledger_db: Path) -> None:
    model = loaded_model(qtbot)
    assert model.rowCount() >= 10_000
    far = model.index(PAGE_SIZE * 30 + 5, 0)
    assert model.data(far) == PLACEHOLDER
    qtbot.waitUntil(lambda: model.data(far) != PLACEHOLDER)
    assert model.invoice_id(far.row()) is not None
