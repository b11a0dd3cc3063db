"""The substring search index: FTS5 trigram on SQLite, pg_trgm on PostgreSQL.

Schema step 2 creates it from these statements; change them only through a new schema step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import Database

from invoicedesk.store.backends import is_sqlite

FTS_INSERT_TRIGGER = """CREATE TRIGGER invoice_fts_ai AFTER INSERT ON invoice BEGIN
        INSERT INTO invoice_fts(rowid, number, code, buyer_name, buyer_tax_id)
        VALUES (new.id, new.number, new.code, new.buyer_name, new.buyer_tax_id);
    END"""

FTS_SQLITE = [
    # External content: the index stores only trigrams, the text stays in invoice.
    """CREATE VIRTUAL TABLE invoice_fts USING fts5(
        number, code, buyer_name, buyer_tax_id,
        content='invoice', content_rowid='id', tokenize='trigram')""",
    FTS_INSERT_TRIGGER,
    """CREATE TRIGGER invoice_fts_ad AFTER DELETE ON invoice BEGIN
        INSERT INTO invoice_fts(invoice_fts, rowid, number, code, buyer_name, buyer_tax_id)
        VALUES ('delete', old.id, old.number, old.code, old.buyer_name, old.buyer_tax_id);
    END""",
    """CREATE TRIGGER invoice_fts_au AFTER UPDATE OF number, code, buyer_name, buyer_tax_id
        ON invoice BEGIN
        INSERT INTO invoice_fts(invoice_fts, rowid, number, code, buyer_name, buyer_tax_id)
        VALUES ('delete', old.id, old.number, old.code, old.buyer_name, old.buyer_tax_id);
        INSERT INTO invoice_fts(rowid, number, code, buyer_name, buyer_tax_id)
        VALUES (new.id, new.number, new.code, new.buyer_name, new.buyer_tax_id);
    END""",
    "INSERT INTO invoice_fts(invoice_fts) VALUES ('rebuild')",
]

TRGM_PG = [
    "CREATE INDEX IF NOT EXISTS invoice_number_trgm ON invoice USING gin (number gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS invoice_buyer_name_trgm ON invoice "
    "USING gin (buyer_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS invoice_buyer_tax_id_trgm ON invoice "
    "USING gin (buyer_tax_id gin_trgm_ops)",
]


# The trigram indexes by name (search checks they are all there).
_TRGM_NAMES = tuple(statement.split()[5] for statement in TRGM_PG)

# Tables whose secondary indexes a large load drops and builds again after.
_BULK_TABLES = ("invoice", "invoice_line")


@contextmanager
def deferred_indexing(db: Database, first_new_id: int, adding: int = 0) -> Iterator[None]:
    """Bulk inserts without the per-row index trigger, then index the new rows in one statement.

    About 4x faster for demo data and imports. Must run inside the bulk insert's transaction, so
    that a failure leaves both the rows and the trigger as they were. On PostgreSQL the
    non-unique indexes of invoices and their lines (trigram ones too) are dropped and built
    again when ``adding`` rows are at least as many as the table holds (building an index in
    one pass beats growing it row by row); the drop waits for and then holds off readers until
    commit, which is why a smaller load keeps them. Unique indexes stay: a taken number still
    fails its row's COPY.
    """
    if not db.in_transaction():
        raise RuntimeError("deferred_indexing must run inside a transaction")
    if not is_sqlite(db):
        with _indexes_rebuilt(db, adding):
            yield
        return
    db.execute_sql("DROP TRIGGER invoice_fts_ai")
    yield
    db.execute_sql(
        "INSERT INTO invoice_fts(rowid, number, code, buyer_name, buyer_tax_id) "
        "SELECT id, number, code, buyer_name, buyer_tax_id FROM invoice WHERE id >= ?",
        (first_new_id,),
    )
    db.execute_sql(FTS_INSERT_TRIGGER)


@contextmanager
def _indexes_rebuilt(db: Database, adding: int) -> Iterator[None]:
    held = db.execute_sql("SELECT count(*) FROM invoice").fetchone()[0] if adding else 0
    if not adding or adding < held:
        yield
        return
    # Each index's own definition, as PostgreSQL prints it: rebuilt exactly as it was.
    dropped = db.execute_sql(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary "
        "ORDER BY c.relname",
        (list(_BULK_TABLES),),
    ).fetchall()
    for name, _definition in dropped:
        db.execute_sql(f'DROP INDEX "{name}"')
    # Foreign keys between them: one check of all rows at the end, not a trigger per row.
    keys = db.execute_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
        "AND confrelid = ANY(%s::regclass[]) ORDER BY conname",
        (list(_BULK_TABLES), list(_BULK_TABLES)),
    ).fetchall()
    for table, name, _definition in keys:
        db.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield
    for table, name, definition in keys:
        db.execute_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    if dropped:  # for this transaction only: the builds sort in memory, not in temp files
        db.execute_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in dropped:
        db.execute_sql(definition)
