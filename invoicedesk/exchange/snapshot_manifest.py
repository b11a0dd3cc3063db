"""Snapshots of the SQLite ledger in a backup folder: full and incremental, verifiable, atomic.

A destination folder holds one repository, ``invoicedesk-backups/``::

    snapshots/<id>.json          the manifest (written last: a snapshot exists once it is there)
    data/<id>/map.bin            full: every page's 64-bit fingerprint (xxh3_64, little-endian),
                                 then every run of 16 pages' xxh3_128;
                                 incremental: the page count, the pages that differ from its
                                 parent (page number + SHA-256 + fingerprint), then the runs
                                 they are in (run number + xxh3_128)
    data/<id>/index.bin          incremental only: where its pages are (SHA-256, pack, offset,
                                 length; each page zlib-compressed)
    data/<id>/pack-0000.bin …    page contents; a full snapshot's hold ``pages_per_pack`` raw pages
    data/<id>/files/<sha256>     attachments first stored by this snapshot

A full snapshot stores every page in its own packs and depends on nothing else. An incremental
stores only the pages that changed since its parent (page deltas; each stored page is addressed
by its SHA-256 and stored once) and names its parent; restoring it needs the chain back to the
full, all inside the same folder. The manifest lists every piece with its SHA-256
and size, the app and schema version, row counts and the audit chain head, and carries its own
digest. Files are written under temporary names, fsynced, then renamed; a crash or a full disk
leaves earlier snapshots intact.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_DIR = "invoicedesk-backups"
FORMAT = 2
PAGES_PER_PACK = 4096  # 16 MB at 4 KB pages: enough packs to keep every core busy
FORMAT1_PAGES_PER_PACK = 16384
READ_PAGES = 256  # pages per read (1 MB at 4 KB pages)
# Incremental index entries: sha256 + pack number + offset + length of the compressed frame
# (format 2 adds the page's slot in its frame: the changed pages of one read share a frame).
INDEX_ENTRY = {1: 44, 2: 48}
# Incremental map entries: page number + sha256 + fingerprint (format 1: a CRC-32).
DIFF_ENTRY = {1: 40, 2: 44}
PACK_BYTES = 64 << 20  # an incremental starts a new pack past this size
BLOCK_PAGES = 16  # a run of pages fingerprinted together; PAGES_PER_PACK is a multiple of it
BLOCK_FP = 16

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class SnapshotError(Exception):
    """A snapshot could not be written or read. ``code`` says why (for the user's message)."""

    def __init__(self, code: str, detail: str = "", path: str = "") -> None:
        super().__init__(f"{code}: {detail} {path}".strip())
        self.code = code  # missing, disk_full, no_permission, cancelled, damaged, not_found, io
        self.detail = detail
        self.path = path


@dataclass(frozen=True)
class Piece:
    path: str  # relative to the repository
    sha256: str
    bytes: int


@dataclass
class Manifest:
    id: str
    kind: str  # full | incremental
    parent: str | None
    created: str  # UTC ISO
    reason: str
    app_version: str
    schema_version: int
    page_size: int
    page_count: int
    db_bytes: int
    row_counts: dict[str, int]
    audit_head: str
    audit_entries: int
    pieces: list[Piece]
    attachments: list[dict[str, Any]]  # path, sha256, bytes, mtime_ns, stored_in
    bytes_written: int
    seconds: float
    latest_invoice: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT
    pages_per_pack: int = PAGES_PER_PACK
    # Its place in the live database's page log (see store/page_log.py), and how an
    # incremental found its changed pages: "log" (the pages logged since its parent's mark)
    # or "scan" (every page's fingerprint compared).
    change_mark: str = ""
    found_by: str = ""
    # "postgresql": one pg_dump custom-format piece (services/pg_backups.py), always full.
    engine: str = "sqlite"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": self.format,
            "pages_per_pack": self.pages_per_pack,
            "change_mark": self.change_mark,
            "found_by": self.found_by,
            "id": self.id,
            "kind": self.kind,
            "parent": self.parent,
            "created": self.created,
            "reason": self.reason,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "page_size": self.page_size,
            "page_count": self.page_count,
            "db_bytes": self.db_bytes,
            "row_counts": self.row_counts,
            "audit_head": self.audit_head,
            "audit_entries": self.audit_entries,
            "latest_invoice": self.latest_invoice,
            "pieces": [p.__dict__ for p in self.pieces],
            "attachments": self.attachments,
            "bytes_written": self.bytes_written,
            "seconds": round(self.seconds, 3),
        }
        if self.engine != "sqlite":  # older manifests (and their digests) stay as they were
            data["engine"] = self.engine
        data["digest"] = manifest_digest(data)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            id=data["id"],
            kind=data["kind"],
            parent=data["parent"],
            created=data["created"],
            reason=data.get("reason", ""),
            app_version=data["app_version"],
            schema_version=int(data["schema_version"]),
            page_size=int(data["page_size"]),
            page_count=int(data["page_count"]),
            db_bytes=int(data["db_bytes"]),
            row_counts={k: int(v) for k, v in data["row_counts"].items()},
            audit_head=data["audit_head"],
            audit_entries=int(data["audit_entries"]),
            latest_invoice=dict(data.get("latest_invoice") or {}),
            pieces=[Piece(p["path"], p["sha256"], int(p["bytes"])) for p in data["pieces"]],
            attachments=list(data["attachments"]),
            bytes_written=int(data["bytes_written"]),
            seconds=float(data["seconds"]),
            format=int(data.get("format", 1)),
            pages_per_pack=int(data.get("pages_per_pack", FORMAT1_PAGES_PER_PACK)),
            change_mark=str(data.get("change_mark", "")),
            found_by=str(data.get("found_by", "")),
            engine=str(data.get("engine", "sqlite")),
        )

    @property
    def total_bytes(self) -> int:
        return sum(p.bytes for p in self.pieces)


def manifest_digest(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != "digest"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ files


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary name, fsync, rename: the file is either complete or absent."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def sha256_file(path: Path, chunk: int = 1 << 22) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb", buffering=0) as handle:
        while block := handle.read(chunk):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def os_error(exc: OSError, path: Path | str = "") -> SnapshotError:
    """Map an OS error to the codes the service words for the user."""
    where = str(exc.filename or path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SnapshotError("disk_full", exc.strerror or "", where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SnapshotError("no_permission", exc.strerror or "", where)
    if exc.errno == errno.ENOENT:
        return SnapshotError("missing", exc.strerror or "", where)
    return SnapshotError("io", exc.strerror or str(exc), where)
