"""Every table of the current schema: the foundation's and each feature's own module.

A feature keeps its peewee models in its own ``store/<feature>_models.py`` (subclassing
``models.BaseModel``) with a ``MODELS`` tuple, and lists it here by a plain import (which the
import graph of tests/test_layers.py and PyInstaller see). New tables reach existing databases
through a numbered step in ``migrations.py``.
"""

from __future__ import annotations

from invoicedesk.store import (
    backup_models,
    case_models,
    counter_models,
    health_models,
    incident_models,
    month_models,
    reconcile_models,
    training_models,
)
from invoicedesk.store.models import CORE_MODELS, BaseModel

FEATURE_MODELS: tuple[type[BaseModel], ...] = (
    *health_models.MODELS,
    *counter_models.MODELS,
    *reconcile_models.MODELS,
    *incident_models.MODELS,
    *backup_models.MODELS,
    *month_models.MODELS,
    *case_models.MODELS,
    *training_models.MODELS,
)

ALL_MODELS: tuple[type[BaseModel], ...] = CORE_MODELS + FEATURE_MODELS
