"""Tables of the month feature (see store/schema.py).

Locks themselves are the core ``PeriodLock`` rows; their history is in the audit log.
"""

from __future__ import annotations

from peewee import AutoField, CharField, IntegerField, TextField

from invoicedesk.store.models import BaseModel


class ScreeningAck(BaseModel):
    """A screening finding the bookkeeper looked at and accepted, with a note."""

    id = AutoField()
    period = CharField(max_length=7)
    finding_key = CharField(max_length=300)
    note = TextField()
    acked_by = CharField(max_length=50)
    acked_at = CharField(max_length=40)

    class Meta:
        indexes = ((("period", "finding_key"), True),)


class MonthExport(BaseModel):
    """A file handed over: what, for which month, its SHA-256, who made it."""

    id = AutoField()
    period = CharField(max_length=7, index=True)
    kind = CharField(max_length=10)  # ledger | month | pack
    path = TextField()
    sha256 = CharField(max_length=64)
    invoices = IntegerField(default=0)
    made_by = CharField(max_length=50)
    made_at = CharField(max_length=40)


MODELS: tuple[type[BaseModel], ...] = (ScreeningAck, MonthExport)
