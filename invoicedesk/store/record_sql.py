"""The counter's hot path in plain SQL: recording one invoice without building statements anew.

Peewee builds each statement's text from a tree of nodes on every call; on a 1,000,000-invoice
ledger that was about 60% of the time to record one invoice (13 statements). The statements here
are written once per backend (``?`` or ``%s``), kept, and run through the driver directly. They
cover only what every save does: the month-lock check, the settings read, the invoice and its
lines, the buyer upsert. Everything else stays with the ORM.

Every column is named, with the values peewee's defaults would give: these INSERTs bypass them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from peewee import Database

from invoicedesk.store.models import database

_cache: dict[tuple[type, str], str] = {}

INVOICE_COLUMNS = (
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
    "client_key",
)
LINE_COLUMNS = (
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
BUYER_FIELDS = ("tax_id", "address_phone", "bank_account", "email")


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _marks(db: Database, count: int) -> str:
    return ", ".join(db.param for _ in range(count))


def _statement(db: Database, name: str, build: Callable[[Database], str]) -> str:
    key = (type(db), name)
    sql = _cache.get(key)
    if sql is None:
        sql = _cache[key] = build(db)
    return sql


def _period_locked(db: Database) -> str:
    return f'SELECT 1 FROM "period_lock" WHERE "period" = {db.param} LIMIT 1'


def _setting(db: Database) -> str:
    return f'SELECT "value" FROM "setting" WHERE "key" = {db.param}'


def _invoice(db: Database) -> str:
    # No row back when (code, number) is taken: the caller says "duplicate" (also under a race,
    # without an error that would end a PostgreSQL transaction).
    return (
        f'INSERT INTO "invoice" ({_names(INVOICE_COLUMNS)}) '
        f"VALUES ({_marks(db, len(INVOICE_COLUMNS))}) "
        'ON CONFLICT ("code", "number") DO NOTHING RETURNING "id"'
    )


def _lines(db: Database) -> str:
    return (
        f'INSERT INTO "invoice_line" ({_names(LINE_COLUMNS)}) '
        f"VALUES ({_marks(db, len(LINE_COLUMNS))})"
    )


def _buyer(db: Database) -> str:
    # Counts add up at the database (two counters never lose a use); blank fields never erase.
    keep = ", ".join(
        f'"{c}" = CASE WHEN excluded."{c}" <> \'\' THEN excluded."{c}" ELSE "buyer"."{c}" END'
        for c in BUYER_FIELDS
    )
    columns = ("name", *BUYER_FIELDS, "phone", "use_count", "last_used_at")
    return (
        f'INSERT INTO "buyer" ({_names(columns)}) VALUES ({_marks(db, len(columns))}) '
        'ON CONFLICT ("name") DO UPDATE SET "use_count" = "buyer"."use_count" + 1, '
        f'"last_used_at" = excluded."last_used_at", {keep}'
    )


def _by_client_key(db: Database) -> str:
    return f'SELECT "id" FROM "invoice" WHERE "client_key" = {db.param}'


def invoice_with_key(client_key: str) -> int | None:
    """The invoice a save with this idempotency key recorded, if any."""
    db = database.obj
    row = db.execute_sql(_statement(db, "client_key", _by_client_key), (client_key,)).fetchone()
    return None if row is None else int(row[0])


def period_locked(period: str) -> bool:
    db = database.obj
    return (
        db.execute_sql(_statement(db, "period_locked", _period_locked), (period,)).fetchone()
        is not None
    )


def setting_text(key: str) -> str | None:
    db = database.obj
    row = db.execute_sql(_statement(db, "setting", _setting), (key,)).fetchone()
    return None if row is None else str(row[0])


def insert_invoice(values: Sequence[Any]) -> int | None:
    """Values in ``INVOICE_COLUMNS`` order; the new id, or None when the number is taken."""
    db = database.obj
    row = db.execute_sql(_statement(db, "invoice", _invoice), tuple(values)).fetchone()
    return None if row is None else int(row[0])


def insert_lines(rows: Sequence[Sequence[Any]]) -> None:
    """Rows in ``LINE_COLUMNS`` order, in one statement."""
    db = database.obj
    db.cursor().executemany(_statement(db, "lines", _lines), [tuple(r) for r in rows])


def upsert_buyer(name: str, fields: Sequence[str], when: str) -> None:
    """Remember a buyer (``fields`` in ``BUYER_FIELDS`` order) and count one more use."""
    db = database.obj
    db.execute_sql(_statement(db, "buyer", _buyer), (name, *fields, "", 1, when))
