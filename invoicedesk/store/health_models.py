"""The system-check log: every health check, run by hand, by the wizard or at start-up."""

from __future__ import annotations

from peewee import AutoField, BooleanField, CharField, FloatField, TextField

from invoicedesk.store.models import BaseModel


class SystemCheck(BaseModel):
    id = AutoField()
    ts = CharField(max_length=40, index=True)  # UTC ISO
    name = CharField(max_length=30)  # database, audit_chain, disk_space, platform, ...
    ok = BooleanField()
    detail = TextField(default="")  # the message shown, in the source language
    seconds = FloatField(default=0.0)
    source = CharField(max_length=20, default="manual")  # manual, wizard, startup, dashboard
    actor = CharField(max_length=50, default="")


MODELS: tuple[type[BaseModel], ...] = (SystemCheck,)
