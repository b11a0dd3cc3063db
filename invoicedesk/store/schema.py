"""Every table of the current schema: the foundation's and each feature's own module.

A feature keeps its peewee models in its own ``store/<feature>_models.py`` (subclassing
``models.BaseModel``) with a ``MODELS`` tuple, and lists it here. New tables reach existing
databases through a numbered step in ``migrations.py``.
"""

from __future__ import annotations

from invoicedesk.store.models import CORE_MODELS, BaseModel

FEATURE_MODULES: tuple[str, ...] = (
    "invoicedesk.store.health_models",
    "invoicedesk.store.counter_models",
    "invoicedesk.store.reconcile_models",
    "invoicedesk.store.incident_models",
    "invoicedesk.store.backup_models",
    "invoicedesk.store.month_models",
    "invoicedesk.store.case_models",
    "invoicedesk.store.training_models",
)

FEATURE_MODELS: tuple[type[BaseModel], ...] = ()
for _name in FEATURE_MODULES:
    FEATURE_MODELS += __import__(_name, fromlist=["MODELS"]).MODELS

ALL_MODELS: tuple[type[BaseModel], ...] = CORE_MODELS + FEATURE_MODELS
