"""Tables of the reconcile feature (see store/schema.py).

Imported platform files and their rows, reconciliation sessions with their differences and
resolutions, and verification records. Core tables are only referenced, never extended.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from invoicedesk.store.models import BaseModel, Invoice


class ImportedFile(BaseModel):
    """One platform export (全量发票查询) as imported: what it was and what it held."""

    id = AutoField()
    name = CharField(max_length=300)
    sha256 = CharField(max_length=64, unique=True)
    size = BigIntegerField()
    rows = IntegerField()  # invoice rows (发票基础信息)
    line_rows = IntegerField(default=0)  # line rows (信息汇总表)
    issued = IntegerField(default=0)
    received = IntegerField(default=0)
    number_column = CharField(max_length=20, default="")  # 数电发票号码 or 全电发票号码
    imported_at = CharField(max_length=40)
    imported_by = CharField(max_length=50)


class PlatformRow(BaseModel):
    """One invoice row of an imported file, normalised; money in fen."""

    id = AutoField()
    file = ForeignKeyField(ImportedFile, backref="platform_rows", on_delete="RESTRICT")
    file_id: int
    row_no = IntegerField()  # as the user sees it in the sheet
    direction = CharField(max_length=8)  # issued / received
    kind = CharField(max_length=2, default="")
    kind_text = CharField(max_length=50, default="")
    code = CharField(max_length=12, default="")
    number = CharField(max_length=20)
    issue_date = CharField(max_length=10)  # YYYY-MM-DD
    seller_tax_id = CharField(max_length=20, default="")
    seller_name = CharField(max_length=200, default="")
    buyer_tax_id = CharField(max_length=20, default="")
    buyer_name = CharField(max_length=200, default="")
    amount_fen = BigIntegerField()
    tax_fen = BigIntegerField()
    total_fen = BigIntegerField()
    status = CharField(max_length=12, default="")
    status_text = CharField(max_length=20, default="")
    positive = BooleanField(default=True)
    source = CharField(max_length=50, default="")
    risk = CharField(max_length=20, default="")
    issuer = CharField(max_length=50, default="")
    remarks = TextField(default="")
    # Only the foreign key's index on file: its entries run in id order, so a session reads a
    # file's rows without a sort, and 100,000 inserts maintain one index instead of three.


class PlatformLine(BaseModel):
    """One line of 信息汇总表, keyed to its invoice by (code, number) within the file."""

    id = AutoField()
    file = ForeignKeyField(ImportedFile, backref="platform_lines", on_delete="RESTRICT")
    file_id: int
    code = CharField(max_length=12, default="")
    number = CharField(max_length=20)
    line_no = IntegerField()
    tax_code = CharField(max_length=19, default="")
    name = CharField(max_length=200, default="")
    spec = CharField(max_length=100, default="")
    unit = CharField(max_length=30, default="")
    quantity = CharField(max_length=40, default="")
    unit_price = CharField(max_length=40, default="")
    amount_fen = BigIntegerField()
    tax_rate = CharField(max_length=12, default="")
    tax_fen = BigIntegerField()

    class Meta:
        indexes = ((("file", "code", "number"), False),)


class ReconcileSession(BaseModel):
    """Reconciling one period against one file; finished when every difference is resolved."""

    id = AutoField()
    period = CharField(max_length=7, index=True)
    file = ForeignKeyField(ImportedFile, backref="sessions", on_delete="RESTRICT")
    file_id: int
    state = CharField(max_length=10, default="open")  # open / finished
    platform_rows = IntegerField(default=0)
    ledger_rows = IntegerField(default=0)
    matched = IntegerField(default=0)
    received = IntegerField(default=0)
    outside_period = IntegerField(default=0)
    # What the session compared: the period's days and the ledger as it stood. An invoice of
    # the period with id <= max_invoice_id, unchanged since (updated_at <= created_at) and not
    # among the differences was matched; storing 100,000 match rows would cost more than the
    # whole comparison.
    first_day = DateField()
    next_day = DateField()
    max_invoice_id = BigIntegerField(default=0)
    created_at = CharField(max_length=40)
    created_by = CharField(max_length=50)
    finished_at = CharField(max_length=40, null=True)
    finished_by = CharField(max_length=50, null=True)


class ReconcileDifference(BaseModel):
    """One difference found by a session, and how the bookkeeper resolved it."""

    id = AutoField()
    session = ForeignKeyField(ReconcileSession, backref="differences", on_delete="RESTRICT")
    session_id: int
    bucket = CharField(max_length=24, index=True)
    code = CharField(max_length=12, default="")
    number = CharField(max_length=20)
    invoice = ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
    invoice_id: int | None
    platform_row = ForeignKeyField(PlatformRow, null=True, on_delete="RESTRICT")
    platform_row_id: int | None
    fields = CharField(max_length=200, default="")  # comma-separated field names
    ledger_status = CharField(max_length=12, default="")
    platform_status = CharField(max_length=12, default="")
    resolution = CharField(max_length=24, default="")  # "" = open; "postponed" is not resolved
    note = TextField(default="")
    resolved_at = CharField(max_length=40, null=True)
    resolved_by = CharField(max_length=50, null=True)


class VerificationRecord(BaseModel):
    """What the national verification site answered for an invoice, when and to whom."""

    id = AutoField()
    invoice = ForeignKeyField(Invoice, backref="verifications", on_delete="RESTRICT", index=True)
    invoice_id: int
    result = CharField(max_length=20)
    check_code = CharField(max_length=6, default="")
    note = TextField(default="")
    checked_at = CharField(max_length=40)
    checked_on = CharField(max_length=10)  # the shop's local day, for the 5-a-day limit
    checked_by = CharField(max_length=50)


MODELS: tuple[type[BaseModel], ...] = (
    ImportedFile,
    PlatformRow,
    PlatformLine,
    ReconcileSession,
    ReconcileDifference,
    VerificationRecord,
)
