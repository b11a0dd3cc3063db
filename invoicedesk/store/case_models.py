"""Tables of the customer-case feature (see store/schema.py).

- ``CustomerCase``: who complained, about what, through which channel, what was promised and
  when; the flow (core.case_flow.CaseFlow as JSON) and the fields the lists filter on, kept in
  step with it. Never deleted: a case ends archived or withdrawn.
- ``CaseEvent``: the timeline (steps, contacts, notes, call-backs), each with time and person.
- ``CaseLink``: the invoices (with their role), requests, reconciliation differences and incident
  a case concerns. Links only: the linked rows are never changed through them.
- ``CaseDelivery``: every delivery attempt (e-mail, WeChat copy, printed slip, phone, counter),
  with the message as sent and the outcome, so a failed e-mail can be sent again as it was.
- ``CaseDraft``: text typed into a case screen and not yet recorded, so that closing the app
  loses nothing. Scratch, not a record: saved without an audit entry.
"""

from __future__ import annotations

from peewee import AutoField, CharField, ForeignKeyField, IntegerField, TextField

from invoicedesk.store.models import BaseModel


class CustomerCase(BaseModel):
    id = AutoField()
    customer = CharField(max_length=200)
    phone = CharField(max_length=50, default="")
    phone_digits = CharField(max_length=50, default="")  # digits only
    # Name, phone digits, e-mail and WeChat normalised in one column: a fragment search scans
    # this column's index (covering the rowid), not the table's rows with their long texts.
    search = CharField(max_length=700, default="", index=True)
    email = CharField(max_length=200, default="")
    other_contact = CharField(max_length=200, default="")  # WeChat or another way to reach them
    complaint = TextField()
    channel = CharField(max_length=10)  # counter, phone, email, online
    received_at = CharField(max_length=40)  # UTC ISO
    received_by = CharField(max_length=50)
    promised_at = CharField(max_length=40, default="")  # UTC ISO; "" when nothing was promised
    callback_at = CharField(max_length=40, default="")  # UTC ISO; "" when no call-back is due
    state = CharField(max_length=12, default="new")
    flow = TextField(default="{}")
    conclusion = CharField(max_length=16, default="")
    cause = CharField(max_length=20, default="")
    outcome = CharField(max_length=12, default="")
    handled_by = CharField(max_length=50, default="")  # who did the last step
    delivered_at = CharField(max_length=40, default="")
    closed_at = CharField(max_length=40, default="")
    record_sha256 = CharField(max_length=64, default="")  # the archived case record (PDF)
    updated_at = CharField(max_length=40)

    class Meta:
        indexes = (
            # The open cases by promise: the overdue count and the list's default order.
            (("state", "promised_at"), False),
            (("received_at",), False),
            (("callback_at",), False),
        )


class CaseEvent(BaseModel):
    id = AutoField()
    case = ForeignKeyField(CustomerCase, backref="events", on_delete="RESTRICT")
    case_id: int
    ts = CharField(max_length=40)
    actor = CharField(max_length=50)
    kind = CharField(max_length=12)  # created, step, contact, note, callback, link, withdraw
    step = CharField(max_length=12, default="")
    text = TextField(default="")

    class Meta:
        indexes = ((("case", "id"), False),)


class CaseLink(BaseModel):
    id = AutoField()
    case = ForeignKeyField(CustomerCase, backref="links", on_delete="RESTRICT")
    case_id: int
    kind = CharField(max_length=12)  # invoice, request, difference, incident
    ref_id = IntegerField()
    role = CharField(max_length=12, default="")  # invoices: concerned, issued, red, replacement
    label = CharField(max_length=200, default="")  # number or summary, for lists and the record
    added_at = CharField(max_length=40)
    added_by = CharField(max_length=50)

    class Meta:
        indexes = (
            (("case", "kind", "ref_id", "role"), True),
            (("kind", "ref_id"), False),
        )


class CaseDelivery(BaseModel):
    id = AutoField()
    case = ForeignKeyField(CustomerCase, backref="deliveries", on_delete="RESTRICT")
    case_id: int
    ts = CharField(max_length=40)
    actor = CharField(max_length=50)
    channel = CharField(max_length=10)  # email, wechat, print, phone, counter
    recipient = CharField(max_length=200, default="")
    subject = CharField(max_length=300, default="")
    body = TextField(default="")
    files = TextField(default="[]")  # JSON: [{"invoice_file": id, "name": ...}]
    status = CharField(max_length=10)  # sent, failed, copied, handed, told
    error = TextField(default="")
    retry_of = IntegerField(null=True)


class CaseDraft(BaseModel):
    key = CharField(max_length=120, primary_key=True)  # "<person>|new" or "<person>|case:<id>"
    actor = CharField(max_length=50)
    text = TextField()  # JSON of the fields as typed
    saved_at = CharField(max_length=40)


MODELS: tuple[type[BaseModel], ...] = (CustomerCase, CaseEvent, CaseLink, CaseDelivery, CaseDraft)
