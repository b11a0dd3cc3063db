"""Tables of the backup feature (see store/schema.py).

Destinations and the policy are business settings (services/company settings, backed up with the
ledger); these tables keep what happened: each destination's state, the snapshots written or
found there, each verification and each restore drill.
"""

from __future__ import annotations

from peewee import AutoField, BigIntegerField, BooleanField, CharField, FloatField, TextField

from invoicedesk.store.models import BaseModel


class BackupDestinationState(BaseModel):
    id = AutoField()
    path = CharField(max_length=500, unique=True)
    status = CharField(max_length=20, default="unknown")  # ok, missing, disk_full, error
    detail = TextField(default="")  # the last message shown, in the source language
    checked_at = CharField(max_length=40, default="")  # UTC ISO
    last_backup_at = CharField(max_length=40, default="")
    last_verified_at = CharField(max_length=40, default="")  # last successful verification


class BackupSnapshot(BaseModel):
    """A snapshot known to be in a destination (written by us or found by ``backup list``)."""

    id = AutoField()
    destination = CharField(max_length=500, index=True)
    snapshot_id = CharField(max_length=60)
    kind = CharField(max_length=12)  # full, incremental
    parent = CharField(max_length=60, default="")
    created_at = CharField(max_length=40)
    reason = CharField(max_length=40, default="")  # scheduled, manual, exit, migration, ...
    db_bytes = BigIntegerField(default=0)
    bytes_written = BigIntegerField(default=0)
    audit_entries = BigIntegerField(default=0)  # the audit sequence the snapshot holds
    seconds = FloatField(default=0.0)
    verified_at = CharField(max_length=40, default="")
    verified_ok = BooleanField(null=True)
    deleted_at = CharField(max_length=40, default="")  # pruned by retention

    class Meta:
        indexes = ((("destination", "snapshot_id"), True),)


class BackupVerification(BaseModel):
    id = AutoField()
    ts = CharField(max_length=40, index=True)
    destination = CharField(max_length=500)
    snapshot_id = CharField(max_length=60)
    ok = BooleanField()
    detail = TextField(default="")
    seconds = FloatField(default=0.0)
    actor = CharField(max_length=50, default="")


class RestoreDrill(BaseModel):
    """A restore into a temporary place (演练), or a real restore, with what it contained."""

    id = AutoField()
    ts = CharField(max_length=40, index=True)
    destination = CharField(max_length=500)
    snapshot_id = CharField(max_length=60)
    kind = CharField(max_length=12, default="drill")  # drill, restore
    ok = BooleanField()
    detail = TextField(default="")  # JSON: counts, latest invoice, problems
    seconds = FloatField(default=0.0)
    actor = CharField(max_length=50, default="")


MODELS: tuple[type[BaseModel], ...] = (
    BackupDestinationState,
    BackupSnapshot,
    BackupVerification,
    RestoreDrill,
)
