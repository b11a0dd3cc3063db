"""What a write changed, as plain data: the one notice every screen and every counter gets.

Every write is audited in its own transaction (store/audit.py), so the audit entries a write adds
say what it changed: ``Changes.from_entry`` maps one entry to a ``Changes``, and ``merge`` adds
them up. Screens read the fields they care about (a ledger: ``invoices``; the case list:
``cases``); ``reload`` means "something changed, reread everything" (a notice too large to carry,
another program's writes that cannot be told apart, a database switched).

The JSON form (``to_json``/``from_json``) is what ``changes --follow --json`` prints and what a
PostgreSQL NOTIFY carries between counters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

# Audit entity -> the Changes field it belongs to. Entities not listed land in ``others``.
_FIELD_OF_ENTITY = {
    "invoice": "invoices",
    "request": "requests",
    "period": "periods",
    "incident": "incidents",
    "case": "cases",
    "backup_snapshot": "backups",
    "backup_destination": "backups",
    "restore_drill": "backups",
    "setting": "settings",
}
_ID_FIELDS = ("invoices", "requests", "incidents", "cases")
_TEXT_FIELDS = ("periods", "backups", "settings", "others")
# PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more; keep well under it.
MAX_PAYLOAD = 7_000


@dataclass(frozen=True)
class Changes:
    """Ids (invoices, requests, incidents, cases) and names (periods "YYYY-MM", backups, setting
    keys, other audited entities) a write touched, who wrote and when."""

    invoices: tuple[int, ...] = ()
    requests: tuple[int, ...] = ()
    periods: tuple[str, ...] = ()
    incidents: tuple[int, ...] = ()
    cases: tuple[int, ...] = ()
    backups: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    database_switched: bool = False
    reload: bool = False
    at: str = ""
    by: str = ""
    origin: str = field(default="", compare=False)

    # ------------------------------------------------------------ building

    @classmethod
    def from_entry(cls, entity: str, entity_id: str, actor: str = "", ts: str = "") -> Changes:
        name = _FIELD_OF_ENTITY.get(entity)
        if name is None:
            return cls(others=(entity,), by=actor, at=ts)
        if name in _ID_FIELDS:
            try:
                value: Any = (int(entity_id),)
            except ValueError:
                return cls(reload=True, by=actor, at=ts)
        else:
            value = (str(entity_id) if name != "backups" else entity,)
        return replace(cls(by=actor, at=ts), **{name: value})

    @classmethod
    def everything(cls, *, by: str = "", at: str = "", switched: bool = False) -> Changes:
        """Reread everything (another program wrote, or another database is open)."""
        return cls(reload=True, database_switched=switched, by=by, at=at)

    def merge(self, other: Changes) -> Changes:
        kwargs: dict[str, Any] = {}
        for name in (*_ID_FIELDS, *_TEXT_FIELDS):
            mine, theirs = getattr(self, name), getattr(other, name)
            kwargs[name] = mine + tuple(v for v in theirs if v not in mine) if theirs else mine
        return Changes(
            **kwargs,
            database_switched=self.database_switched or other.database_switched,
            reload=self.reload or other.reload,
            at=max(self.at, other.at),
            by=other.by or self.by,
            origin=self.origin or other.origin,
        )

    # ------------------------------------------------------------ reading

    def is_empty(self) -> bool:
        return not (
            self.reload
            or self.database_switched
            or any(getattr(self, n) for n in (*_ID_FIELDS, *_TEXT_FIELDS))
        )

    def touches(self, *names: str) -> bool:
        """True when any of the named fields changed, or everything must be reread."""
        return self.reload or self.database_switched or any(getattr(self, n) for n in names)

    # ------------------------------------------------------------ JSON

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "by": self.by}
        for f in fields(self):
            if f.name in ("at", "by", "origin"):
                continue
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def to_json(self, *, origin: bool = False, limit: int | None = None) -> str:
        """Compact JSON; with ``limit`` (bytes), a notice that would not fit says "reload"."""
        data = self.as_dict()
        if origin:
            data["origin"] = self.origin
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if limit is not None and len(text.encode("utf-8")) > limit:
            small = Changes.everything(by=self.by, at=self.at, switched=self.database_switched)
            return small.to_json(origin=origin)
        return text

    @classmethod
    def from_json(cls, text: str) -> Changes:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a Changes notice is a JSON object")
        kwargs: dict[str, Any] = {}
        for name in _ID_FIELDS:
            kwargs[name] = tuple(int(v) for v in data.get(name, ()))
        for name in _TEXT_FIELDS:
            kwargs[name] = tuple(str(v) for v in data.get(name, ()))
        return cls(
            **kwargs,
            database_switched=bool(data.get("database_switched", False)),
            reload=bool(data.get("reload", False)),
            at=str(data.get("at", "")),
            by=str(data.get("by", "")),
            origin=str(data.get("origin", "")),
        )


NOTHING = Changes()
