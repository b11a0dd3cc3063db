"""peewee models: the current schema. Migrations in ``migrations.py`` create and upgrade it.

Money is integer fen; quantities and unit prices are exact decimal text; times are UTC ISO text.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()

GENESIS_HASH = "0" * 64


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField(primary_key=True)
    applied_at = CharField(max_length=40)


class Setting(BaseModel):
    """Business settings live in the database so that backups carry them."""

    key = CharField(max_length=100, primary_key=True)
    value = TextField()  # JSON


class User(BaseModel):
    """A person's account (schema step 7 added the secrets and the failure count).

    ``role`` is clerk, bookkeeper or owner (core/permissions.py). PIN and password are stored only
    as scrypt hashes (``scrypt$n$r$p$salt$hash``); an empty password hash means no account.
    """

    name = CharField(max_length=50, unique=True)
    display_name = CharField(max_length=50, default="")
    role = CharField(max_length=20, default="owner")
    active = BooleanField(default=True)
    created_at = CharField(max_length=40)
    password_hash = CharField(max_length=200, default="")
    pin_hash = CharField(max_length=200, default="")
    failed_count = IntegerField(default=0)
    failed_at = CharField(max_length=40, default="")


class Buyer(BaseModel):
    """A remembered buyer: autocomplete at the counter, and the index for short name searches.

    Every buyer name used on an invoice is kept here (record, correct, import and demo all upsert).
    """

    name = CharField(max_length=200, unique=True)
    tax_id = CharField(max_length=20, default="", index=True)
    address_phone = CharField(max_length=300, default="")
    bank_account = CharField(max_length=300, default="")
    email = CharField(max_length=200, default="")
    phone = CharField(max_length=50, default="")
    use_count = IntegerField(default=0)
    last_used_at = CharField(max_length=40, default="")


class Invoice(BaseModel):
    id = AutoField()
    kind = CharField(max_length=2)
    code = CharField(max_length=12, default="")
    number = CharField(max_length=20)
    issue_date = DateField()
    buyer_name = CharField(max_length=200, index=True)
    buyer_tax_id = CharField(max_length=20, default="", index=True)
    buyer_address_phone = CharField(max_length=300, default="")
    buyer_bank_account = CharField(max_length=300, default="")
    buyer_email = CharField(max_length=200, default="")
    seller_name = CharField(max_length=200, default="")
    seller_tax_id = CharField(max_length=20, default="")
    issuer = CharField(max_length=50, default="")
    reviewer = CharField(max_length=50, default="")
    payee = CharField(max_length=50, default="")
    remarks = TextField(default="")
    status = CharField(max_length=12, default="normal", index=True)
    is_red = BooleanField(default=False)
    blue_invoice = ForeignKeyField("self", null=True, backref="red_invoices", on_delete="RESTRICT")
    blue_invoice_id: int | None  # peewee's column accessor, declared for type checkers
    red_reason = CharField(max_length=2, default="")
    void_reason = TextField(default="")
    amount_fen = BigIntegerField()
    tax_fen = BigIntegerField()
    total_fen = BigIntegerField()
    created_at = CharField(max_length=40)
    created_by = CharField(max_length=50)
    updated_at = CharField(max_length=40)
    # The idempotency key of a save made at a counter (the outbox replays it): one invoice per key.
    # Its unique index is made by migrations (CLIENT_KEY_INDEX), not declared here: steps 3 and 4
    # build the model's indexes on older tables, which have no such column yet.
    client_key = CharField(max_length=40, null=True)

    class Meta:
        indexes = (
            (("code", "number"), True),
            # Ledger order (newest first) and period ranges.
            (("issue_date", "id"), False),
            # Covers the status bar's and month summaries' count and sums for a period.
            (("issue_date", "status", "amount_fen", "tax_fen", "total_fen"), False),
            # Amount search ("1234.5", "¥1,234.50") on the total or the amount without tax.
            (("total_fen",), False),
            (("amount_fen",), False),
        )


class InvoiceLine(BaseModel):
    id = AutoField()
    invoice = ForeignKeyField(Invoice, backref="lines", on_delete="RESTRICT")
    line_no = IntegerField()
    name = CharField(max_length=200)
    spec = CharField(max_length=100, default="")
    unit = CharField(max_length=30, default="")
    quantity = CharField(max_length=40, null=True)  # exact decimal text
    unit_price = CharField(max_length=40, null=True)  # exact decimal text
    amount_fen = BigIntegerField()
    tax_rate = CharField(max_length=12)  # TaxRate.code
    tax_fen = BigIntegerField()
    tax_code = CharField(max_length=19, default="")
    is_discount = BooleanField(default=False)
    red_of_line = ForeignKeyField("self", null=True, backref="red_lines", on_delete="RESTRICT")
    invoice_id: int  # peewee's column accessors, declared for type checkers
    red_of_line_id: int | None

    class Meta:
        indexes = ((("invoice", "line_no"), True),)


class AuditEntry(BaseModel):
    """One link of the tamper-evident chain: hash = SHA-256(canonical entry incl. prev_hash).

    ``prev_hash`` is unique, so two writers can never fork the chain: the second insert fails.
    """

    id = AutoField()
    ts = CharField(max_length=40)
    actor = CharField(max_length=50)
    action = CharField(max_length=50)
    entity = CharField(max_length=50)
    entity_id = CharField(max_length=50, default="")
    before = TextField(null=True)  # canonical JSON
    after = TextField(null=True)  # canonical JSON
    prev_hash = CharField(max_length=64, unique=True)
    hash = CharField(max_length=64, unique=True)

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


class PeriodLock(BaseModel):
    """A locked month (YYYY-MM): no new invoices dated in it, no corrections."""

    period = CharField(max_length=7, primary_key=True)
    locked_at = CharField(max_length=40)
    locked_by = CharField(max_length=50)
    note = TextField(default="")
    # The audit chain's head when the month was locked (the lock's own entry): an anchor kept
    # outside the chain, so that a chain cut short or re-hashed behind it is noticed.
    audit_seq = BigIntegerField(null=True)
    audit_hash = CharField(max_length=64, null=True)


# The foundation's tables; features add theirs in their own modules (see store/schema.py).
CORE_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    User,
    Buyer,
    Invoice,
    InvoiceLine,
    AuditEntry,
    PeriodLock,
)
