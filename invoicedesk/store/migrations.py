"""Schema versions. The database records each applied version in ``schema_version``.

A new database is created directly at the latest version from the models (plus what models cannot
express: the search index). An existing one is upgraded by the numbered steps below, after a backup
is written beside it. Rules: never edit a released step; add the next number; keep a database saved
by every version under tests/data. The test that upgrades each saved file and compares its schema
with a fresh one catches a model changed without a migration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from peewee import Database, PostgresqlDatabase

from invoicedesk.core import clock
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.store import (
    audit,
    backup_models,
    case_models,
    counter_models,
    health_models,
    incident_models,
    month_models,
    reconcile_models,
    training_models,
)
from invoicedesk.store.backends import StoreError, is_sqlite, sqlite_backup
from invoicedesk.store.models import Invoice, SchemaVersion
from invoicedesk.store.schema import ALL_MODELS
from invoicedesk.store.search_index import FTS_SQLITE, TRGM_PG

# One invoice (one request) per idempotency key; keys are NULL for rows written without one.
CLIENT_KEY_INDEX = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "invoice_client_key" ON "invoice" ("client_key")'
)
REQUEST_CLIENT_KEY_INDEX = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "invoice_request_client_key" '
    'ON "invoice_request" ("client_key")'
)


def _create_latest(db: Database) -> None:
    db.create_tables(ALL_MODELS)
    _v2_search_index(db)
    db.execute_sql(CLIENT_KEY_INDEX)
    db.execute_sql(REQUEST_CLIENT_KEY_INDEX)


def _v2_search_index(db: Database) -> None:
    """Substring search that stays fast at a million invoices."""
    if is_sqlite(db):
        for statement in FTS_SQLITE:
            db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        # pg_trgm ships with PostgreSQL; without the right to create it, ILIKE still works.
        db.execute_sql("SAVEPOINT trgm")
        try:
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in TRGM_PG:
                db.execute_sql(statement)
            db.execute_sql("RELEASE SAVEPOINT trgm")
        except Exception:
            db.execute_sql("ROLLBACK TO SAVEPOINT trgm")


def _v3_totals_index(db: Database) -> None:
    """Period totals from a covering index; the plain issue_date index was redundant."""
    db.execute_sql("DROP INDEX IF EXISTS invoice_issue_date")
    db.create_tables([Invoice], safe=True)  # the table exists: this adds the missing indexes


def _v4_feature_tables(db: Database) -> None:
    """The features' tables (counter, reconciliation, incidents, backups, month-end, checks)
    and the invoice indexes for amount search."""
    # The modules named, not schema.FEATURE_MODELS: features added later have their own step.
    for module in (
        health_models,
        counter_models,
        reconcile_models,
        incident_models,
        backup_models,
        month_models,
    ):
        db.create_tables(module.MODELS)
    db.create_tables([Invoice], safe=True)  # the table exists: this adds the missing indexes


def _v5_customer_cases(db: Database) -> None:
    """Customer cases (客户工单): the case, its timeline, links, delivery attempts and drafts."""
    db.create_tables(case_models.MODELS)


def _v6_training_register(db: Database) -> None:
    """The training register: completed lessons and drills, per person."""
    db.create_tables(training_models.MODELS)


def _v7_lock_anchors(db: Database) -> None:
    """Month locks keep the audit chain's head (an anchor that a deleter cannot re-hash)."""
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

    from invoicedesk.store.models import PeriodLock

    migrator = SqliteMigrator(db) if is_sqlite(db) else PostgresqlMigrator(db)
    table = PeriodLock._meta.table_name
    migrate(
        migrator.add_column(table, "audit_seq", PeriodLock.audit_seq),
        migrator.add_column(table, "audit_hash", PeriodLock.audit_hash),
    )


def _v8_accounts(db: Database) -> None:
    """Accounts: hashed password and PIN, and the count of failed sign-ins, on ``user``."""
    from playhouse.migrate import SchemaMigrator, migrate

    from invoicedesk.store.models import User

    migrator = SchemaMigrator.from_database(db)
    table = User._meta.table_name
    migrate(
        *(
            migrator.add_column(table, name, getattr(User, name))
            for name in ("password_hash", "pin_hash", "failed_count", "failed_at")
        )
    )


def _v9_client_keys(db: Database) -> None:
    """Invoices and requests carry the key of the save that made them: an outbox replay never
    records twice. (A database older than version 4 got the request table, key included, from
    step 4's current model: only what is missing is added.)"""
    from playhouse.migrate import SchemaMigrator, migrate

    from invoicedesk.store.counter_models import InvoiceRequest

    migrator = SchemaMigrator.from_database(db)
    for model in (Invoice, InvoiceRequest):
        table = model._meta.table_name
        if "client_key" not in {c.name for c in db.get_columns(table)}:
            migrate(migrator.add_column(table, "client_key", model.client_key))
    db.execute_sql(CLIENT_KEY_INDEX)
    db.execute_sql(REQUEST_CLIENT_KEY_INDEX)


# Step N upgrades a database from version N-1. Version 1 (the first release) has no step: its
# databases were created by it.
MIGRATIONS: dict[int, Callable[[Database], None]] = {
    2: _v2_search_index,
    3: _v3_totals_index,
    4: _v4_feature_tables,
    5: _v5_customer_cases,
    6: _v6_training_register,
    7: _v7_lock_anchors,
    8: _v8_accounts,
    9: _v9_client_keys,
}
LATEST = max(MIGRATIONS)


def current_version(db: Database) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.version.desc()).first()
    return row.version if row else 0


def backup_before_upgrade(db: Database, version: int) -> Path | None:
    """Copy an existing SQLite database aside before changing its schema."""
    if not is_sqlite(db) or db.database == ":memory:":
        return None
    source = Path(db.database)
    stamp = clock.stamp().replace(":", "").replace("-", "")[:15]
    target = source.with_name(f"{source.name}.v{version}-{stamp}.bak")
    sqlite_backup(db, target)
    return target


def upgrade(db: Database, *, target: int = LATEST, actor: str = "system") -> list[int]:
    """Apply every pending migration up to ``target``; returns the versions applied."""
    current = current_version(db)
    if current > LATEST:
        raise StoreError(
            Message(
                "Store",
                QT_TRANSLATE_NOOP(
                    "Store", "数据库版本（{found}）比本程序新（{known}），请升级发票台账助手"
                ),
                {"found": current, "known": LATEST},
            )
        )
    if current >= target:
        return []
    if current == 0:
        with db.atomic():
            _create_latest(db)
            SchemaVersion.create(version=LATEST, applied_at=clock.stamp())
            audit.append(actor, "schema.create", "schema", LATEST, None, {"version": LATEST})
        return [LATEST]
    backup_before_upgrade(db, current)
    applied = []
    for version in range(current + 1, target + 1):
        with db.atomic():
            MIGRATIONS[version](db)
            SchemaVersion.create(version=version, applied_at=clock.stamp())
            audit.append(
                actor,
                "schema.migrate",
                "schema",
                version,
                {"version": version - 1},
                {"version": version},
            )
        applied.append(version)
    return applied
