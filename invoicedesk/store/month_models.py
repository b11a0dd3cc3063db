"""Tables of the month feature (see store/schema.py)."""

from __future__ import annotations

from invoicedesk.store.models import BaseModel

MODELS: tuple[type[BaseModel], ...] = ()
