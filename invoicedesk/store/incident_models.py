"""Tables of the incident feature (see store/schema.py).

The plan itself is a setting (backed up with the database, audited). An incident keeps its wizard
state as JSON so it can be resumed at the same step; what happened is in its timeline, with links
to the affected invoices and requests, the contacts made and the follow-up actions.
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

from invoicedesk.store.models import BaseModel


class Incident(BaseModel):
    id = AutoField()
    started_at = CharField(max_length=40)  # UTC ISO: the wizard was opened
    started_by = CharField(max_length=50)
    declared_at = CharField(max_length=40, default="")  # UTC ISO: the plan was started
    declared_by = CharField(max_length=50, default="")
    symptom = CharField(max_length=20, default="")
    severity = CharField(max_length=10, default="")
    state = CharField(max_length=10, default="open", index=True)  # open, closed
    drill = BooleanField(default=False, index=True)
    flow = TextField(default="{}")  # core.incident_flow.FlowState as JSON
    closed_at = CharField(max_length=40, default="")
    closed_by = CharField(max_length=50, default="")
    cause = TextField(default="")
    fix = TextField(default="")
    lessons = TextField(default="")


class IncidentEvent(BaseModel):
    """One line of the timeline: a completed or skipped step, or someone's note."""

    id = AutoField()
    incident = ForeignKeyField(Incident, backref="events", on_delete="RESTRICT")
    ts = CharField(max_length=40)
    actor = CharField(max_length=50)
    kind = CharField(max_length=10)  # step, skip, note
    step = CharField(max_length=40, default="")
    text = TextField(default="")
    incident_id: int


class IncidentItem(BaseModel):
    """An affected invoice (kind invoice) or outage request (kind request), linked, never changed."""

    id = AutoField()
    incident = ForeignKeyField(Incident, backref="items", on_delete="RESTRICT")
    kind = CharField(max_length=10)
    ref_id = IntegerField()
    reason = CharField(max_length=20)  # window, request, reported_missing
    buyer_name = CharField(max_length=200, default="")
    label = CharField(max_length=200, default="")  # number or request summary, for the report
    total_fen = BigIntegerField(default=0)
    added_at = CharField(max_length=40)
    added_by = CharField(max_length=50)
    rechecked_at = CharField(max_length=40, default="")
    recheck = CharField(max_length=200, default="")
    incident_id: int

    class Meta:
        indexes = ((("incident", "kind", "ref_id"), True),)


class IncidentContact(BaseModel):
    """Someone told: a customer, the person in charge, the tax office (the call's record)."""

    id = AutoField()
    incident = ForeignKeyField(Incident, backref="contacts", on_delete="RESTRICT")
    kind = CharField(max_length=12)  # customer, in_charge, tax_office
    name = CharField(max_length=200)
    phone = CharField(max_length=50, default="")
    channel = CharField(max_length=20, default="")  # phone, sms, email, wechat, in_person
    message = TextField(default="")
    note = TextField(default="")
    ts = CharField(max_length=40)
    actor = CharField(max_length=50)
    incident_id: int


class IncidentAction(BaseModel):
    """A follow-up action decided when closing; stays on the main window until done."""

    id = AutoField()
    incident = ForeignKeyField(Incident, backref="actions", on_delete="RESTRICT")
    text = TextField()
    owner = CharField(max_length=50)
    due = DateField(index=True)
    done = BooleanField(default=False, index=True)
    done_at = CharField(max_length=40, default="")
    done_by = CharField(max_length=50, default="")
    incident_id: int


MODELS: tuple[type[BaseModel], ...] = (
    Incident,
    IncidentEvent,
    IncidentItem,
    IncidentContact,
    IncidentAction,
)
