"""Writes tests/data/schema_v1.sqlite: a database as schema version 1 saved it.

Kept for the record: the committed file must not be regenerated with newer code.
Run from the repository root: python tests/data/make_schema_v1.py
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from invoicedesk.services import invoices as svc
from invoicedesk.services.company import set_company
from invoicedesk.store import migrations
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import database
from tests.factories import BAIDU, TODAY, XIAOMI, draft

target = Path(__file__).with_name("schema_v1.sqlite")
target.unlink(missing_ok=True)
open_database(target, migrate=False)
migrations.upgrade(database.obj, target=1, actor="v1")
set_company("北京演示餐饮有限公司", "91110000802100433B", "v1")
svc.record_invoice(draft(1, buyer=XIAOMI, issue_date=date(2026, 9, 1)), "v1", today=TODAY)
svc.record_invoice(draft(2, buyer=BAIDU, issue_date=date(2026, 9, 2)), "v1", today=TODAY)
svc.record_invoice(draft(3, buyer=BAIDU, issue_date=date(2026, 9, 3)), "v1", today=TODAY)
database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
database.obj.execute_sql("PRAGMA journal_mode=DELETE")
close_database()
print(target, target.stat().st_size)
