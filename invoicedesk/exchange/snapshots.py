"""Snapshots of the SQLite ledger in a backup folder: full and incremental, verifiable, atomic.

A destination folder holds one repository, ``invoicedesk-backups/``::

    snapshots/<id>.json          the manifest (written last: a snapshot exists once it is there)
    data/<id>/map.bin            full: the CRC-32 of every database page (4 bytes each);
                                 incremental: the page count, then the pages that differ from
                                 its parent (page number + SHA-256 + CRC-32)
    data/<id>/index.bin          incremental only: where its pages are (SHA-256, pack, offset,
                                 length; each page zlib-compressed)
    data/<id>/pack-0000.bin …    page contents; a full snapshot's hold 16,384 raw pages each
    data/<id>/files/<sha256>     attachments first stored by this snapshot

A full snapshot stores every page in its own packs and depends on nothing else. An incremental
stores only the pages that changed since its parent (page deltas; each stored page is addressed
by its SHA-256 and stored once) and names its parent; restoring it needs the chain back to the
full, all inside the same folder. The manifest lists every piece with its SHA-256
and size, the app and schema version, row counts and the audit chain head, and carries its own
digest. Files are written under temporary names, fsynced, then renamed; a crash or a full disk
leaves earlier snapshots intact.

Change detection for incrementals compares each page's CRC-32 with the parent's: only pages whose
CRC differs are hashed with SHA-256 and stored. The weekly full snapshot copies every page again,
so a change a CRC could miss (a 1-in-4-billion chance per changed page) lives at most a week.
Every piece is covered by its SHA-256 in the manifest, which is what verification re-hashes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import queue
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_DIR = "invoicedesk-backups"
FORMAT = 1
PAGES_PER_PACK = 16384
READ_PAGES = 1024
MAP_ENTRY = 4  # crc32 (full snapshot)
INDEX_ENTRY = 44  # sha256 + pack number + offset + length
DIFF_ENTRY = 40  # page number + sha256 + crc32
PACK_BYTES = 64 << 20  # an incremental starts a new pack past this size

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

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
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
        data["digest"] = _digest(data)
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
        )

    @property
    def total_bytes(self) -> int:
        return sum(p.bytes for p in self.pieces)


def _digest(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k != "digest"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ files


def _fsync_dir(path: Path) -> None:
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
    _fsync_dir(path.parent)


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


# ------------------------------------------------------------------ repository


class Repository:
    """The backup repository inside one destination folder."""

    def __init__(self, destination: Path | str) -> None:
        self.destination = Path(destination).expanduser()
        self.root = self.destination / REPO_DIR

    def available(self) -> bool:
        return self.destination.is_dir()

    def ensure(self) -> None:
        if not self.destination.is_dir():
            raise SnapshotError("missing", "", str(self.destination))
        try:
            (self.root / "snapshots").mkdir(parents=True, exist_ok=True)
            (self.root / "data").mkdir(exist_ok=True)
        except OSError as exc:
            raise os_error(exc, self.root) from exc

    def manifest_path(self, sid: str) -> Path:
        return self.root / "snapshots" / f"{sid}.json"

    def snapshot_ids(self) -> list[str]:
        folder = self.root / "snapshots"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json") if not p.name.startswith("."))

    def load(self, sid: str) -> Manifest:
        """The manifest, checked against its own digest; SnapshotError('damaged') otherwise."""
        path = self.manifest_path(sid)
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            if not isinstance(data, dict) or data.get("digest") != _digest(data):
                raise SnapshotError("damaged", "manifest digest", str(path))
            if data.get("id") != sid:
                raise SnapshotError("damaged", "manifest id", str(path))
            return Manifest.from_json(data)
        except FileNotFoundError as exc:
            raise SnapshotError("not_found", sid, str(path)) from exc
        except OSError as exc:
            raise os_error(exc, path) from exc
        except (ValueError, KeyError, TypeError) as exc:  # unreadable JSON or fields
            raise SnapshotError("damaged", f"manifest: {exc}", str(path)) from exc

    def manifests(self) -> tuple[list[Manifest], dict[str, str]]:
        """Readable manifests (oldest first) and the ids whose manifest is damaged."""
        good: list[Manifest] = []
        bad: dict[str, str] = {}
        for sid in self.snapshot_ids():
            try:
                good.append(self.load(sid))
            except SnapshotError as exc:
                bad[sid] = exc.code
        return good, bad

    def chain(self, sid: str) -> list[Manifest]:
        """The snapshot and its ancestors back to the full one, newest first."""
        out: list[Manifest] = []
        current: str | None = sid
        while current is not None:
            if any(m.id == current for m in out):
                raise SnapshotError("damaged", "cycle", current)
            manifest = self.load(current)
            out.append(manifest)
            current = manifest.parent
        if out[-1].kind != "full":
            raise SnapshotError("damaged", "chain without a full snapshot", sid)
        return out

    def delete(self, sid: str) -> None:
        """Manifest first (so a half-deleted snapshot is never listed), then its data."""
        self.manifest_path(sid).unlink(missing_ok=True)
        shutil.rmtree(self.root / "data" / sid, ignore_errors=True)

    def clean_partial(self, older_than: float = 3600.0) -> None:
        """Leftovers of an interrupted snapshot (no manifest was written for them).

        Only old ones: another process may be writing a snapshot here right now.
        """
        data = self.root / "data"
        if not data.is_dir():
            return
        known = set(self.snapshot_ids())
        limit = time.time() - older_than
        for child in data.iterdir():
            if child.name in known:
                continue
            with contextlib.suppress(OSError):
                if child.stat().st_mtime < limit:
                    shutil.rmtree(child, ignore_errors=True)
        for tmp in (self.root / "snapshots").glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def new_snapshot_id(kind: str, now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%S}{moment.microsecond // 1000:03d}Z-{kind}"


# ------------------------------------------------------------------ reading the live database


@dataclass
class _Source:
    path: Path
    page_size: int
    page_count: int
    row_counts: dict[str, int]
    audit_head: str
    audit_entries: int
    schema_version: int
    latest_invoice: dict[str, Any]


def describe(conn: sqlite3.Connection) -> dict[str, Any]:
    """Row counts, audit head, schema version and the latest invoice of a SQLite ledger."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'invoice_fts%' ORDER BY name"
        )
    ]
    counts = {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    head, entries = "0" * 64, 0
    if "audit_entry" in tables:
        row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        if row:
            entries, head = int(row[0]), str(row[1])
    version = 0
    if "schema_version" in tables:
        version = int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
    latest: dict[str, Any] = {}
    if "invoice" in tables:
        row = conn.execute(
            "SELECT code, number, issue_date, buyer_name, total_fen FROM invoice "
            "ORDER BY issue_date DESC, id DESC LIMIT 1"
        ).fetchone()
        first = conn.execute("SELECT min(issue_date), max(issue_date) FROM invoice").fetchone()
        if row:
            latest = {
                "code": row[0],
                "number": row[1],
                "issue_date": str(row[2]),
                "buyer_name": row[3],
                "total_fen": int(row[4]),
                "first_date": str(first[0]),
                "last_date": str(first[1]),
            }
    return {
        "row_counts": counts,
        "audit_head": head,
        "audit_entries": entries,
        "schema_version": version,
        "latest_invoice": latest,
    }


@contextlib.contextmanager
def consistent_source(db_path: Path) -> Iterator[_Source]:
    """A stable view of the live database file for as long as the context is open.

    The WAL is checkpointed and truncated, then a read transaction is held: while it is open no
    checkpoint may copy newer pages into the main file, so the file's first ``page_count`` pages
    are exactly the committed state that transaction sees (writers keep working into the WAL).
    When the WAL cannot be emptied (another process keeps reading), SQLite's online backup API
    makes a temporary copy instead.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise SnapshotError("not_found", "database", str(db_path))
    conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None)
    try:
        # A writer mid-transaction (maybe our own caller) must not stall the checkpoint for long:
        # then the fallback copy below is taken instead.
        conn.execute("PRAGMA busy_timeout = 2000")
        wal = Path(f"{db_path}-wal")
        for _ in range(5):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            conn.execute("BEGIN")
            facts = describe(conn)
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
            page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
            if not wal.exists() or wal.stat().st_size == 0:
                yield _Source(db_path, page_size, page_count, **facts)
                conn.execute("COMMIT")
                return
            conn.execute("COMMIT")
            time.sleep(0.05)
        with tempfile.TemporaryDirectory(prefix="invoicedesk-snap-") as tmp:
            copy = Path(tmp) / "copy.sqlite"
            target = sqlite3.connect(str(copy))
            try:
                conn.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                facts = describe(target)
                page_size = int(target.execute("PRAGMA page_size").fetchone()[0])
                page_count = int(target.execute("PRAGMA page_count").fetchone()[0])
            finally:
                target.close()
            yield _Source(copy, page_size, page_count, **facts)
    finally:
        conn.close()


# ------------------------------------------------------------------ writing


class _PackWriter:
    """Writes page runs into pack files on a second thread (hashing overlaps the writing)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pieces: list[Piece] = []
        self.error: BaseException | None = None
        self._queue: queue.Queue[tuple[int, Any] | None] = queue.Queue(maxsize=8)
        self._thread = threading.Thread(target=self._run, name="snapshot-writer", daemon=True)
        self._thread.start()

    def put(self, pack: int, data: Any) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put((pack, data))

    def close(self) -> list[Piece]:
        self._queue.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.pieces

    def abort(self) -> None:
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        # Drain so the thread sees the end even if the queue was full.
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(None)

    def _run(self) -> None:
        handle = None
        digest = hashlib.sha256()
        current = -1
        size = 0
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if self.error is not None:
                    continue
                pack, data = item
                if pack != current:
                    if handle is not None:
                        self._finish(handle, current, digest, size)
                    current, size, digest = pack, 0, hashlib.sha256()
                    handle = (self.folder / f"pack-{pack:04d}.bin").open("wb")
                assert handle is not None
                handle.write(data)
                digest.update(data)
                size += len(data)
            if handle is not None and self.error is None:
                self._finish(handle, current, digest, size)
                handle = None
        except BaseException as exc:  # reported to the producer
            self.error = exc
            while self._queue.get() is not None:
                pass
        finally:
            if handle is not None:
                handle.close()

    def _finish(self, handle: Any, pack: int, digest: Any, size: int) -> None:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        self.pieces.append(Piece(f"pack-{pack:04d}.bin", digest.hexdigest(), size))


class _DeltaWriter(_PackWriter):
    """An incremental's pages: compressed on this thread (zlib lets go of the GIL), indexed."""

    def __init__(self, folder: Path) -> None:
        self.index = bytearray()
        self.stored = 0
        super().__init__(folder)

    def _run(self) -> None:  # items: (0, packed batch of sha + page)
        handle = None
        digest = hashlib.sha256()
        pack, offset = 0, 0
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if self.error is not None:
                    continue
                batch: list[tuple[bytes, bytes]] = item[1]
                for sha, page in batch:
                    packed = zlib.compress(page, 1)
                    if handle is not None and offset + len(packed) > PACK_BYTES:
                        self._finish(handle, pack, digest, offset)
                        handle, digest, pack, offset = None, hashlib.sha256(), pack + 1, 0
                    if handle is None:
                        handle = (self.folder / f"pack-{pack:04d}.bin").open("wb")
                    handle.write(packed)
                    digest.update(packed)
                    self.index += sha + pack.to_bytes(4, "big") + offset.to_bytes(4, "big")
                    self.index += len(packed).to_bytes(4, "big")
                    offset += len(packed)
                    self.stored += len(packed)
            if handle is not None and self.error is None:
                self._finish(handle, pack, digest, offset)
                handle = None
        except BaseException as exc:  # reported to the producer
            self.error = exc
            while self._queue.get() is not None:
                pass
        finally:
            if handle is not None:
                handle.close()


@dataclass(frozen=True)
class PageMap:
    """A snapshot's pages: every page's CRC-32, and the SHA-256 of those its incrementals store
    (pages absent from ``shas`` come from the full snapshot at the same position)."""

    crcs: list[int]
    shas: dict[int, bytes]


def load_map(repo: Repository, chain: list[Manifest]) -> PageMap:
    """The page map of ``chain[0]``: the full snapshot's map with each incremental's diff."""
    full = chain[-1]
    data = _verified_piece(repo, full.id, _piece(full, "map.bin"))
    crcs = [int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), MAP_ENTRY)]
    shas: dict[int, bytes] = {}
    for m in reversed(chain[:-1]):
        data = _verified_piece(repo, m.id, _piece(m, "map.bin"))
        count = int.from_bytes(data[:8], "big")
        del crcs[count:]
        crcs.extend([-1] * (count - len(crcs)))
        shas = {n: sha for n, sha in shas.items() if n < count}
        for i in range(8, len(data), DIFF_ENTRY):
            n = int.from_bytes(data[i : i + 4], "big")
            shas[n] = data[i + 4 : i + 36]
            crcs[n] = int.from_bytes(data[i + 36 : i + 40], "big")
    if any(crc < 0 and n not in shas for n, crc in enumerate(crcs)):
        raise SnapshotError("damaged", "page map has holes", chain[0].id)
    return PageMap(crcs, shas)


def _verified_piece(repo: Repository, sid: str, piece: Piece) -> bytes:
    path = repo.root / "data" / sid / piece.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path) from exc
    if len(data) != piece.bytes or hashlib.sha256(data).hexdigest() != piece.sha256:
        raise SnapshotError("damaged", piece.path, str(path))
    return data


def _piece(manifest: Manifest, name: str) -> Piece:
    for piece in manifest.pieces:
        if piece.path == name:
            return piece
    raise SnapshotError("damaged", f"{name} missing from manifest", manifest.id)


def create_snapshot(
    db_path: Path | str,
    destination: Path | str,
    *,
    kind: str,
    parent: str | None = None,
    attachments: Path | None = None,
    app_version: str = "",
    reason: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
) -> Manifest:
    """Write one snapshot of ``db_path`` into ``destination``; returns its manifest.

    ``kind='incremental'`` needs ``parent`` (a snapshot id in the same destination). Raises
    SnapshotError; whatever was written is removed again and earlier snapshots are untouched.
    """
    if kind not in ("full", "incremental"):
        raise ValueError(kind)
    started = time.perf_counter()
    repo = Repository(destination)
    repo.ensure()
    parent_map: PageMap | None = None
    parent_manifest: Manifest | None = None
    if kind == "incremental":
        if parent is None:
            raise ValueError("an incremental snapshot needs its parent")
        parent_manifest = repo.load(parent)
        parent_map = load_map(repo, repo.chain(parent))
    sid = new_snapshot_id(kind, now)
    partial = repo.root / "data" / f"{sid}.partial"
    final = repo.root / "data" / sid
    try:
        partial.mkdir(parents=True)
        with consistent_source(Path(db_path)) as source:
            if parent_manifest is not None and parent_manifest.page_size != source.page_size:
                parent_map = None  # the page size changed: only a full snapshot can hold it
                kind, parent = "full", None
            pieces, written = _write_pages(partial, source, parent_map, progress, cancelled)
            files, file_bytes = _write_attachments(partial, attachments, parent_manifest, cancelled)
        pieces = [Piece(p.path, p.sha256, p.bytes) for p in pieces]
        _fsync_dir(partial)
        if (partial / "files").is_dir():
            _fsync_dir(partial / "files")
        os.replace(partial, final)
        _fsync_dir(final.parent)
        manifest = Manifest(
            id=sid,
            kind=kind,
            parent=parent if kind == "incremental" else None,
            created=(now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds"),
            reason=reason,
            app_version=app_version,
            schema_version=source.schema_version,
            page_size=source.page_size,
            page_count=source.page_count,
            db_bytes=source.page_size * source.page_count,
            row_counts=source.row_counts,
            audit_head=source.audit_head,
            audit_entries=source.audit_entries,
            latest_invoice=source.latest_invoice,
            pieces=pieces,
            attachments=files,
            bytes_written=written + file_bytes,
            seconds=0.0,
        )
        manifest.seconds = time.perf_counter() - started
        text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(repo.manifest_path(sid), text)
        return manifest
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(final, ignore_errors=True)
        raise os_error(exc, repo.root) from exc
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(final, ignore_errors=True)
        raise


def _write_pages(
    folder: Path,
    source: _Source,
    parent: PageMap | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[list[Piece], int]:
    ps = source.page_size
    total = source.page_count
    map_out = bytearray()
    writer: _PackWriter = _PackWriter(folder) if parent is None else _DeltaWriter(folder)
    written = 0
    crc32 = zlib.crc32
    sha256 = hashlib.sha256
    if parent is not None:
        map_out += total.to_bytes(8, "big")
        known = set(parent.shas.values())
        old = parent.crcs
        batch: list[tuple[bytes, bytes]] = []
    try:
        with source.path.open("rb", buffering=0) as handle:
            page = 0
            while page < total:
                if cancelled is not None and cancelled():
                    raise SnapshotError("cancelled")
                want = min(READ_PAGES, total - page)
                block = handle.read(want * ps)
                if len(block) != want * ps:
                    raise SnapshotError("io", "short read", str(source.path))
                view = memoryview(block)
                if parent is None:
                    for i in range(want):
                        map_out += crc32(view[i * ps : (i + 1) * ps]).to_bytes(4, "big")
                    # Full: pages go to the packs in order; a pack holds PAGES_PER_PACK pages.
                    offset = 0
                    while offset < want:
                        pack = (page + offset) // PAGES_PER_PACK
                        room = (pack + 1) * PAGES_PER_PACK - (page + offset)
                        take = min(room, want - offset)
                        writer.put(pack, view[offset * ps : (offset + take) * ps])
                        offset += take
                    written += len(block)
                else:
                    for i in range(want):
                        chunk = view[i * ps : (i + 1) * ps]
                        crc = crc32(chunk)
                        n = page + i
                        if n < len(old) and old[n] == crc:
                            continue
                        digest = sha256(chunk).digest()
                        map_out += n.to_bytes(4, "big") + digest + crc.to_bytes(4, "big")
                        if digest in known:
                            continue
                        known.add(digest)
                        batch.append((digest, bytes(chunk)))
                    if len(batch) >= 256:
                        writer.put(0, batch)
                        batch = []
                page += want
                if progress is not None:
                    progress(page, total)
        if parent is not None and batch:
            writer.put(0, batch)
        pieces = list(writer.close())
    except BaseException:
        writer.abort()
        raise
    outputs = [("map.bin", bytes(map_out))]
    if isinstance(writer, _DeltaWriter):
        outputs.append(("index.bin", bytes(writer.index)))
        written += writer.stored
    for name, data in outputs:
        path = folder / name
        with path.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        pieces.append(Piece(name, hashlib.sha256(data).hexdigest(), len(data)))
        written += len(data)
    return pieces, written


def _write_attachments(
    folder: Path,
    source: Path | None,
    parent: Manifest | None,
    cancelled: Cancelled | None,
) -> tuple[list[dict[str, Any]], int]:
    """Copy the attachment files this repository does not hold yet; list them all."""
    if source is None or not source.is_dir():
        return [], 0
    known: dict[str, dict[str, Any]] = {}
    if parent is not None:
        known = {a["path"]: a for a in parent.attachments}
    stored: dict[str, str] = {a["sha256"]: a["stored_in"] for a in known.values()}
    out: list[dict[str, Any]] = []
    written = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if cancelled is not None and cancelled():
            raise SnapshotError("cancelled")
        rel = path.relative_to(source).as_posix()
        stat = path.stat()
        before = known.get(rel)
        if before and before["bytes"] == stat.st_size and before["mtime_ns"] == stat.st_mtime_ns:
            out.append(dict(before))
            continue
        digest, size = sha256_file(path)
        stored_in = stored.get(digest)
        if stored_in is None:
            target = folder / "files" / digest
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                with path.open("rb") as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    dst.flush()
                    os.fsync(dst.fileno())
                written += size
            stored_in = folder.name.removesuffix(".partial")
        out.append(
            {
                "path": rel,
                "sha256": digest,
                "bytes": size,
                "mtime_ns": stat.st_mtime_ns,
                "stored_in": stored_in,
            }
        )
    return out, written


# ------------------------------------------------------------------ checking and restoring


@dataclass
class PieceCheck:
    """Re-hashing pieces, once each per run (a full snapshot's packs serve its incrementals)."""

    repo: Repository
    results: dict[str, str | None] = field(default_factory=dict)  # path -> problem or None

    def check(self, sid: str, piece: Piece) -> str | None:
        key = f"{sid}/{piece.path}"
        if key not in self.results:
            path = self.repo.root / "data" / sid / piece.path
            try:
                digest, size = sha256_file(path)
            except FileNotFoundError:
                self.results[key] = "missing"
            except OSError as exc:
                self.results[key] = exc.strerror or "unreadable"
            else:
                ok = digest == piece.sha256 and size == piece.bytes
                self.results[key] = None if ok else "changed"
        return self.results[key]

    def check_manifest(self, manifest: Manifest) -> list[str]:
        problems = []
        for piece in manifest.pieces:
            problem = self.check(manifest.id, piece)
            if problem:
                problems.append(f"{manifest.id}/{piece.path}: {problem}")
        for item in manifest.attachments:
            rel = f"files/{item['sha256']}"
            problem = self.check(item["stored_in"], Piece(rel, item["sha256"], int(item["bytes"])))
            if problem:
                problems.append(f"{item['stored_in']}/{rel}: {problem}")
        return problems


def restore_snapshot(
    repo: Repository,
    sid: str,
    target: Path,
    *,
    attachments: Path | None = None,
    checked: PieceCheck | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Manifest:
    """Rebuild the database of snapshot ``sid`` into ``target`` (which must not exist).

    Every piece the snapshot needs is re-hashed first (SnapshotError('damaged') names it).
    Attachments go to ``attachments`` when given.
    """
    target = Path(target)
    if target.exists():
        raise SnapshotError("exists", "", str(target))
    chain = repo.chain(sid)
    checker = checked or PieceCheck(repo)
    problems = [p for m in chain for p in checker.check_manifest(m)]
    if problems:
        raise SnapshotError("damaged", "; ".join(problems), sid)
    manifest = chain[0]
    ps = manifest.page_size
    full = chain[-1]
    if full.page_size != ps:
        raise SnapshotError("damaged", "page size differs in the chain", sid)
    page_map = load_map(repo, chain)
    locations: dict[bytes, tuple[str, int, int, int]] = {}
    for m in reversed(chain[:-1]):
        data = _verified_piece(repo, m.id, _piece(m, "index.bin"))
        for i in range(0, len(data), INDEX_ENTRY):
            digest = data[i : i + 32]
            pack = int.from_bytes(data[i + 32 : i + 36], "big")
            offset = int.from_bytes(data[i + 36 : i + 40], "big")
            length = int.from_bytes(data[i + 40 : i + 44], "big")
            locations[digest] = (m.id, pack, offset, length)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.restoring")
    total = manifest.page_count
    try:
        with tmp.open("wb") as out:
            # 1. The full snapshot's packs, streamed in page order.
            done = 0
            limit = min(full.page_count, total)
            pack = 0
            while done < limit:
                if cancelled is not None and cancelled():
                    raise SnapshotError("cancelled")
                path = repo.root / "data" / full.id / f"pack-{pack:04d}.bin"
                with path.open("rb", buffering=0) as src:
                    while done < limit:
                        want = min(READ_PAGES, limit - done, (pack + 1) * PAGES_PER_PACK - done)
                        if want <= 0:
                            break
                        out.write(src.read(want * ps))
                        done += want
                        if progress is not None:
                            progress(done, total)
                pack += 1
            out.truncate(total * ps)
            # 2. Pages that differ from the full one, from the incrementals' packs.
            handles: dict[tuple[str, int], Any] = {}
            try:
                for n, digest in sorted(page_map.shas.items()):
                    page = _read_page(repo, locations, digest, handles)
                    if hashlib.sha256(page).digest() != digest or len(page) != ps:
                        raise SnapshotError("damaged", f"page {n + 1}", sid)
                    out.seek(n * ps)
                    out.write(page)
            finally:
                for handle in handles.values():
                    handle.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if attachments is not None and manifest.attachments:
        _restore_attachments(repo, manifest, attachments)
    return manifest


def _read_page(
    repo: Repository,
    locations: dict[bytes, tuple[str, int, int, int]],
    digest: bytes,
    handles: dict[tuple[str, int], Any],
) -> bytes:
    where = locations.get(digest)
    if where is None:
        raise SnapshotError("damaged", "a page is in no pack", digest.hex())
    sid, pack, offset, length = where
    key = (sid, pack)
    if key not in handles:
        handles[key] = (repo.root / "data" / sid / f"pack-{pack:04d}.bin").open("rb")
    handle = handles[key]
    handle.seek(offset)
    try:
        return zlib.decompress(handle.read(length))
    except zlib.error as exc:
        raise SnapshotError("damaged", f"{sid}/pack-{pack:04d}.bin", str(exc)) from exc


def _restore_attachments(repo: Repository, manifest: Manifest, folder: Path) -> None:
    for item in manifest.attachments:
        source = repo.root / "data" / item["stored_in"] / "files" / item["sha256"]
        target = folder / item["path"]
        if target.exists() and sha256_file(target)[0] == item["sha256"]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)


@dataclass(frozen=True)
class VerifyOutcome:
    id: str
    ok: bool
    problems: list[str]
    seconds: float
    integrity: str = ""


def verify_snapshot(
    repo: Repository,
    sid: str,
    *,
    checked: PieceCheck | None = None,
    workdir: Path | None = None,
    full_check: bool = True,
    cancelled: Cancelled | None = None,
) -> VerifyOutcome:
    """Re-hash every piece, restore into a temporary place, integrity_check, compare with the
    manifest's row counts and audit head."""
    started = time.perf_counter()
    checker = checked or PieceCheck(repo)
    try:
        manifest = repo.load(sid)
    except SnapshotError as exc:
        return VerifyOutcome(sid, False, [f"{sid}.json: {exc.code}"], time.perf_counter() - started)
    with tempfile.TemporaryDirectory(prefix="invoicedesk-verify-", dir=workdir) as tmp:
        target = Path(tmp) / "restored.sqlite"
        try:
            restore_snapshot(repo, sid, target, checked=checker, cancelled=cancelled)
        except SnapshotError as exc:
            if exc.code == "cancelled":
                raise
            detail = exc.detail if exc.code == "damaged" else f"{exc.code} {exc.path}"
            return VerifyOutcome(sid, False, [detail], time.perf_counter() - started)
        problems: list[str] = []
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            pragma = "integrity_check" if full_check else "quick_check"
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
            integrity = "ok" if rows == ["ok"] else rows[0]
            if rows != ["ok"]:
                problems.append(f"integrity_check: {rows[0]}")
            facts = describe(conn)
        except sqlite3.DatabaseError as exc:
            integrity = str(exc)
            problems.append(f"integrity_check: {exc}")
            facts = {}
        finally:
            conn.close()
        if facts:
            if facts["row_counts"] != manifest.row_counts:
                problems.append("row counts differ")
            if facts["audit_head"] != manifest.audit_head:
                problems.append("audit head differs")
    return VerifyOutcome(sid, not problems, problems, time.perf_counter() - started, integrity)
