"""Tables of the training register (see store/schema.py): who completed which lesson or drill.

The register lives in the real ledger, also for lessons done in practice mode.
"""

from __future__ import annotations

from peewee import AutoField, CharField, IntegerField, TextField

from invoicedesk.store.models import BaseModel


class TrainingRecord(BaseModel):
    """One completed lesson or drill: who, what, when it started and ended, how long it took."""

    id = AutoField()
    person = CharField(max_length=50, index=True)
    lesson = CharField(max_length=50)  # a lesson id of core/lessons.py
    kind = CharField(max_length=10, default="lesson")  # lesson | drill
    role = CharField(max_length=20, default="")  # counter | bookkeeper
    started_at = CharField(max_length=40)
    completed_at = CharField(max_length=40, index=True)
    seconds = IntegerField(default=0)
    where = CharField(max_length=10, default="practice")  # practice | real
    note = TextField(default="")
    recorded_by = CharField(max_length=50)

    class Meta:
        indexes = ((("person", "lesson"), False),)


MODELS: tuple[type[BaseModel], ...] = (TrainingRecord,)
