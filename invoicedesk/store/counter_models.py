"""Tables of the counter feature (see store/schema.py).

- ``InvoiceRequest`` / ``RequestLine``: what a customer asked for while the platform was down
  (手工登记). A request is never deleted: it ends as ``issued`` (linked to the invoice) or
  ``cancelled`` (with a reason).
- ``InvoiceFile``: a file kept with an invoice (数电 XML, OFD), content-addressed by SHA-256.
- ``InvoiceLink``: the ledger's own link from a red invoice to its replacement (重开), which the
  platform does not keep.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from invoicedesk.store.models import BaseModel, Invoice


class InvoiceRequest(BaseModel):
    id = AutoField()
    created_at = CharField(max_length=40)  # UTC ISO
    created_by = CharField(max_length=50)
    kind = CharField(max_length=2, default="82")
    buyer_name = CharField(max_length=200)
    buyer_tax_id = CharField(max_length=20, default="")
    buyer_address_phone = CharField(max_length=300, default="")
    buyer_bank_account = CharField(max_length=300, default="")
    buyer_email = CharField(max_length=200, default="")
    phone = CharField(max_length=50, default="")  # contact for delivery
    email = CharField(max_length=200, default="")
    promised_at = CharField(max_length=40, default="")  # what the customer was told, local text
    remarks = TextField(default="")
    total_fen = BigIntegerField(default=0)
    status = CharField(max_length=10, default="open", index=True)  # open, issued, cancelled
    invoice = ForeignKeyField(Invoice, null=True, backref="requests", on_delete="RESTRICT")
    invoice_id: int | None
    cancel_reason = TextField(default="")
    closed_at = CharField(max_length=40, default="")
    closed_by = CharField(max_length=50, default="")
    incident_id = IntegerField(null=True)
    drill = BooleanField(default=False)
    # The idempotency key of the counter's save (the outbox replays it); unique index made by
    # migrations (REQUEST_CLIENT_KEY_INDEX): step 4 creates this table from this model.
    client_key = CharField(max_length=40, null=True)


class RequestLine(BaseModel):
    id = AutoField()
    request = ForeignKeyField(InvoiceRequest, backref="lines", on_delete="RESTRICT")
    request_id: int
    line_no = IntegerField()
    name = CharField(max_length=200)
    spec = CharField(max_length=100, default="")
    unit = CharField(max_length=30, default="")
    quantity = CharField(max_length=40, null=True)  # exact decimal text
    unit_price = CharField(max_length=40, null=True)
    amount_fen = BigIntegerField()
    tax_rate = CharField(max_length=12)
    tax_fen = BigIntegerField()
    is_discount = BooleanField(default=False)

    class Meta:
        indexes = ((("request", "line_no"), True),)


class InvoiceFile(BaseModel):
    id = AutoField()
    invoice = ForeignKeyField(Invoice, backref="files", on_delete="RESTRICT")
    invoice_id: int
    sha256 = CharField(max_length=64, index=True)
    name = CharField(max_length=255)
    size = BigIntegerField()
    kind = CharField(max_length=10, default="")  # xml, ofd, pdf
    added_at = CharField(max_length=40)
    added_by = CharField(max_length=50)

    class Meta:
        indexes = ((("invoice", "sha256"), True),)


class InvoiceLink(BaseModel):
    """A replacement (重开) for a red-flushed invoice: red → replacement."""

    id = AutoField()
    red = ForeignKeyField(Invoice, backref="replacement_links", on_delete="RESTRICT", unique=True)
    red_id: int
    replacement = ForeignKeyField(
        Invoice, backref="replaces_links", on_delete="RESTRICT", unique=True
    )
    replacement_id: int
    created_at = CharField(max_length=40)
    created_by = CharField(max_length=50)


MODELS: tuple[type[BaseModel], ...] = (InvoiceRequest, RequestLine, InvoiceFile, InvoiceLink)
