"""Where backups go, and where a restored ledger came from: two settings that the backups
service writes and the audit check reads (its anchors live in the backups' manifests), kept
below both so that neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from invoicedesk.services.company import get_setting

DESTINATIONS_KEY = "backup.destinations"
# The snapshot a restore came from and when: backups in between belong to the replaced ledger.
RESTORE_ORIGIN_KEY = "restore.origin"


@dataclass(frozen=True)
class Destination:
    path: str
    label: str = ""


def list_destinations() -> list[Destination]:
    items = get_setting(DESTINATIONS_KEY, []) or []
    return [Destination(str(i["path"]), str(i.get("label", ""))) for i in items]
