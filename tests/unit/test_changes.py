"""The Changes value: what audit entries map to, merging, and its JSON form."""

from __future__ import annotations

import json

from invoicedesk.core.changes import MAX_PAYLOAD, Changes


def test_audit_entities_map_to_their_fields() -> None:
    assert Changes.from_entry("invoice", "7", "张三", "t").invoices == (7,)
    assert Changes.from_entry("request", "3").requests == (3,)
    assert Changes.from_entry("period", "2026-11").periods == ("2026-11",)
    assert Changes.from_entry("incident", "2").incidents == (2,)
    assert Changes.from_entry("case", "5").cases == (5,)
    assert Changes.from_entry("backup_snapshot", "x").backups == ("backup_snapshot",)
    assert Changes.from_entry("setting", "outage").settings == ("outage",)
    assert Changes.from_entry("incident_action", "9").others == ("incident_action",)
    assert Changes.from_entry("invoice", "not a number").reload


def test_merge_keeps_order_without_repeats_and_the_latest_author() -> None:
    a = Changes(invoices=(1, 2), by="甲", at="2026-01-01T10:00:00+08:00")
    b = Changes(invoices=(2, 3), cases=(4,), by="乙", at="2026-01-01T10:00:01+08:00")
    merged = a.merge(b)
    assert merged.invoices == (1, 2, 3) and merged.cases == (4,)
    assert merged.by == "乙" and merged.at == b.at
    assert not merged.reload and not merged.is_empty()
    assert Changes().is_empty()
    assert merged.touches("cases") and not merged.touches("requests")
    assert Changes(reload=True).touches("requests")


def test_json_round_trip_and_the_notify_limit() -> None:
    change = Changes(invoices=(1,), settings=("outage",), by="柜台A", at="t", origin="h:1:x")
    data = json.loads(change.to_json())
    assert data["invoices"] == [1] and data["by"] == "柜台A" and "origin" not in data
    assert Changes.from_json(change.to_json(origin=True)).origin == "h:1:x"
    assert Changes.from_json(change.to_json()) == change
    big = Changes(invoices=tuple(range(100_000)))
    text = big.to_json(limit=MAX_PAYLOAD)
    assert len(text.encode()) < 8000 and Changes.from_json(text).reload
