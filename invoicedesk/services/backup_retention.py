"""Which snapshots the policy keeps (per day, ISO week and month), and deleting the rest."""

from __future__ import annotations

from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.exchange.snapshot_manifest import Manifest
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.services.backup_settings import Policy, get_policy
from invoicedesk.services.backup_views import parse_stamp
from invoicedesk.store.backup_models import BackupSnapshot


def retained(manifests: list[Manifest], policy: Policy, verified_fulls: set[str]) -> set[str]:
    """Ids to keep: newest per day/ISO week/month up to the policy's counts, the newest snapshot,
    the newest verified full, and every snapshot a kept one builds on."""
    if not manifests:
        return set()
    ordered = sorted(manifests, key=lambda m: (m.created, m.id), reverse=True)
    keep = {ordered[0].id}
    for count, bucket in (
        (policy.keep_daily, lambda d: d.strftime("%Y-%m-%d")),
        (policy.keep_weekly, lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2])),
        (policy.keep_monthly, lambda d: d.strftime("%Y-%m")),
    ):
        seen: list[str] = []
        for m in ordered:
            key = bucket(parse_stamp(m.created).astimezone(SHOP_TZ))
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(m.id)
    verified = [m for m in ordered if m.kind == "full" and m.id in verified_fulls]
    if verified:
        keep.add(verified[0].id)
    by_id = {m.id: m for m in manifests}
    for sid in list(keep):
        parent = by_id[sid].parent
        while parent is not None and parent in by_id:
            keep.add(parent)
            parent = by_id[parent].parent
    return keep


def prune(path: str, policy: Policy | None = None) -> list[str]:
    """Delete the snapshots the policy no longer keeps; returns their ids."""
    policy = policy or get_policy()
    repo = Repository(path)
    good, _bad = repo.manifests()
    verified = {
        r.snapshot_id
        for r in BackupSnapshot.select(BackupSnapshot.snapshot_id).where(
            (BackupSnapshot.destination == path) & (BackupSnapshot.verified_ok == True)  # noqa: E712
        )
    }
    keep = retained(good, policy, verified)
    gone = [m.id for m in good if m.id not in keep]
    for sid in gone:
        repo.delete(sid)
    return gone
