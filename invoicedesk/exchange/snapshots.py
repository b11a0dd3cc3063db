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

An incremental takes its changed pages from the page log (store/page_log.py: the page numbers
of every WAL frame, logged before each checkpoint) when the log can vouch for everything since
its parent's mark. Otherwise change detection hashes 64 KB runs of pages straight from the
memory-mapped file and compares them with the parent's; in a run that differs, each page's xxh3_64 fingerprint
is compared, and only pages whose fingerprint differs are hashed with SHA-256 and stored. The weekly full snapshot
copies every page again, so a change a fingerprint could miss (a 1-in-2^64 chance per changed
page) lives at most a week. Every piece is covered by its SHA-256 in the manifest, which is what
verification re-hashes.

Speed: packs are copied and hashed by several threads at once (file reads, writes and SHA-256
let go of the GIL), so a full snapshot runs at about the speed of SHA-256 on every core; restore
re-hashes a full snapshot's packs in the same pass that writes them. Format 1 snapshots (CRC-32
page maps, 16,384 pages per pack) are still read and restored; incrementals always start from a
format 2 full.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import mmap
import os
import queue
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
import zlib
from array import array
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import xxhash
import zstandard

from invoicedesk.core import clock
from invoicedesk.store import page_log
from invoicedesk.store.backends import ledger_facts

try:  # POSIX: a writer's lock dies with its process (see Repository.clean_partial)
    import fcntl
except ImportError:  # pragma: no cover - Windows keeps the age rule
    fcntl = None  # type: ignore[assignment]

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
WORKERS = max(2, min(4, os.cpu_count() or 2))

# Fast zstd: on 2 cores compression keeps pace with the disk and stores ~30% of the bytes.
ZSTD_LEVEL = -3

_fingerprint = xxhash.xxh3_64_intdigest
_block_fingerprint = xxhash.xxh3_128_digest
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
            format=int(data.get("format", 1)),
            pages_per_pack=int(data.get("pages_per_pack", FORMAT1_PAGES_PER_PACK)),
            change_mark=str(data.get("change_mark", "")),
            found_by=str(data.get("found_by", "")),
            engine=str(data.get("engine", "sqlite")),
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

    def writer_mark(self, sid: str) -> Path:
        """The file a writer holds locked while it writes snapshot ``sid``."""
        return self.root / "data" / f".{sid}.writing"

    def clean_partial(self, older_than: float = 3600.0) -> list[str]:
        """Remove leftovers of interrupted snapshots (no manifest was written for them).

        A writer holds an OS lock on its mark file (``.<id>.writing``) while it writes; the lock
        dies with the process, so the leftovers of a killed run are removed at the next run,
        whatever their age, while a snapshot another process is writing right now is left
        alone. Leftovers without a mark (older versions, or a system without file locks) are
        removed once older than ``older_than`` seconds. Returns the names removed.
        """
        data = self.root / "data"
        if not data.is_dir():
            return []
        removed: list[str] = []
        limit = clock.now().timestamp() - older_than
        for child in sorted(data.iterdir()):
            if child.name.startswith("."):
                continue
            sid = child.name.removesuffix(".partial")
            if child.name == sid and self.manifest_path(sid).exists():
                continue  # a finished snapshot
            mark = self.writer_mark(sid)
            state = _writer_state(mark)
            if state == "writing":
                continue
            if state == "none":
                with contextlib.suppress(OSError):
                    if child.stat().st_mtime >= limit:
                        continue
            # The writer is gone: its manifest, if it was written just before it let go, wins.
            if child.name == sid and self.manifest_path(sid).exists():
                mark.unlink(missing_ok=True)
                continue
            shutil.rmtree(child, ignore_errors=True)
            mark.unlink(missing_ok=True)
            removed.append(child.name)
        for mark in data.glob(".*.writing"):
            sid = mark.name[1:].removesuffix(".writing")
            leftovers = (data / sid).exists() or (data / f"{sid}.partial").exists()
            if not leftovers and _writer_state(mark) == "gone":
                mark.unlink(missing_ok=True)
        for tmp in (self.root / "snapshots").glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        return removed


def _writer_state(mark: Path) -> str:
    """'writing' (a live process holds the mark), 'gone' (a mark nobody holds), 'none'."""
    if fcntl is None:
        return "none"
    try:
        fd = os.open(mark, os.O_RDWR)
    except FileNotFoundError:
        return "none"
    except OSError:
        return "writing"  # cannot tell: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return "writing"
    finally:
        os.close(fd)  # closing drops the lock taken just now
    return "gone"


@contextlib.contextmanager
def _writing(mark: Path) -> Iterator[None]:
    """Hold the writer's mark locked for as long as a snapshot is being written.

    Where the folder takes no lock (some network or FUSE file systems) the snapshot is written
    without a mark, and its leftovers fall under the age rule of ``clean_partial``.
    """
    fd = _locked_mark(mark)
    try:
        yield
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                mark.unlink()
            os.close(fd)


def _locked_mark(mark: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        fd = os.open(mark, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            mark.unlink()  # an unheld mark would read as a dead writer's
        return None
    return fd


def new_snapshot_id(kind: str, now: datetime | None = None) -> str:
    moment = (now or clock.now()).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%S}{moment.microsecond // 1000:03d}Z-{kind}"


# ------------------------------------------------------------------ reading the live database


@dataclass
class _Source:
    """The state being copied: its file (first ``page_count`` pages) and a connection reading
    that same state, for ``describe`` (which may run on another thread)."""

    path: Path
    page_size: int
    page_count: int
    conn: sqlite3.Connection
    # Pages changed since the parent snapshot as the page log knows them (None: it cannot say),
    # and the mark this snapshot left in the log ("" when none could be written).
    changed: set[int] | None = None
    mark: str = ""

    def describe(self) -> dict[str, Any]:
        return describe(self.conn)


def describe(conn: sqlite3.Connection) -> dict[str, Any]:
    """Row counts, audit head, schema version and the latest invoice of a SQLite ledger."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'invoice_fts%' ORDER BY name"
        )
    ]
    return ledger_facts(tables, lambda sql: conn.execute(sql).fetchone())


@contextlib.contextmanager
def consistent_source(
    db_path: Path, *, mark: str | None = None, since: str | None = None
) -> Iterator[_Source]:
    """A stable view of the live database file for as long as the context is open.

    Holding the writer lock, the WAL's pages go to the page log and the WAL is checkpointed;
    when every frame was copied, a read transaction is opened: while it is open no checkpoint
    may copy newer pages into the main file, so the file's first ``page_count`` pages are
    exactly the committed state that transaction sees (writers keep working into the WAL). The
    snapshot's ``mark`` is logged at that point, and the pages logged since ``since`` (the
    parent's mark) are the source's ``changed``. When the WAL cannot be emptied (another process
    keeps reading), SQLite's online backup API makes a temporary copy instead.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise SnapshotError("not_found", "database", str(db_path))
    # Not tied to this thread: describe() runs beside the page copy (SQLite lets go of the GIL).
    conn = sqlite3.connect(str(db_path), timeout=15, isolation_level=None, check_same_thread=False)
    try:
        # A writer mid-transaction (maybe our own caller) must not stall the snapshot for long:
        # then the fallback copy below is taken instead.
        conn.execute("PRAGMA busy_timeout = 2000")
        changes = page_log.PageLog(db_path)
        for _ in range(5):
            try:
                with page_log.writer_lock(db_path, timeout=2.0):
                    if not changes.harvest(conn):
                        continue
                    conn.execute("BEGIN")
                    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
                    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
                    changed = changes.changed_since(since) if since else None
                    marked = mark if mark and changes.mark(mark) else ""
            except sqlite3.OperationalError:  # busy: another writer holds on
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                time.sleep(0.05)
                continue
            yield _Source(db_path, page_size, page_count, conn, changed, marked)
            conn.execute("COMMIT")
            return
        with tempfile.TemporaryDirectory(prefix="invoicedesk-snap-") as tmp:
            copy = Path(tmp) / "copy.sqlite"
            target = sqlite3.connect(str(copy), check_same_thread=False)
            try:
                conn.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                page_size = int(target.execute("PRAGMA page_size").fetchone()[0])
                page_count = int(target.execute("PRAGMA page_count").fetchone()[0])
                yield _Source(copy, page_size, page_count, target)
            finally:
                target.close()
    finally:
        conn.close()


# ------------------------------------------------------------------ writing


class _DeltaWriter:
    """An incremental's pages (compressed by the scanning threads), written on a second thread
    into packs and indexed by SHA-256."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = bytearray()
        self.stored = 0
        self.pieces: list[Piece] = []
        self.error: BaseException | None = None
        # Items: the SHA-256s of some pages, and the one compressed frame holding them.
        self._queue: queue.Queue[tuple[list[bytes], bytes] | None] = queue.Queue(maxsize=8)
        self._thread = threading.Thread(target=self._run, name="snapshot-writer", daemon=True)
        self._thread.start()

    def put(self, shas: list[bytes], frame: bytes) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put((shas, frame))

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

    def _finish(self, handle: Any, pack: int, digest: Any, size: int) -> None:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        self.pieces.append(Piece(f"pack-{pack:04d}.bin", digest.hexdigest(), size))

    def _run(self) -> None:
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
                shas, packed = item
                if handle is not None and offset + len(packed) > PACK_BYTES:
                    self._finish(handle, pack, digest, offset)
                    handle, digest, pack, offset = None, hashlib.sha256(), pack + 1, 0
                if handle is None:
                    handle = (self.folder / f"pack-{pack:04d}.bin").open("wb")
                handle.write(packed)
                digest.update(packed)
                where = pack.to_bytes(4, "big") + offset.to_bytes(4, "big")
                where += len(packed).to_bytes(4, "big")
                for slot, sha in enumerate(shas):
                    self.index += sha + where + slot.to_bytes(4, "big")
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
    """A snapshot's pages: every page's fingerprint, and the SHA-256 of those its incrementals
    store (pages absent from ``shas`` come from the full snapshot at the same position).

    ``fingerprints`` are xxh3_64 values for format 2, CRC-32 values for format 1 (which only
    restore reads: incrementals are taken from format 2 chains only).
    """

    fingerprints: array[int]
    shas: dict[int, bytes]
    format: int
    # Format 2: the xxh3_128 of every run of BLOCK_PAGES pages (16 bytes each), so that an
    # incremental hashes 64 KB at a time and looks at single pages only where a run changed.
    blocks: bytearray = field(default_factory=bytearray)

    @property
    def page_count(self) -> int:
        return len(self.fingerprints)


def _le_array(code: str, data: bytes) -> array[int]:
    values = array(code)
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def _le_bytes(values: array[int]) -> bytes:
    if sys.byteorder == "little":
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


def load_map(repo: Repository, chain: list[Manifest]) -> PageMap:
    """The page map of ``chain[0]``: the full snapshot's map with each incremental's diff."""
    full = chain[-1]
    data = _verified_piece(repo, full.id, _piece(full, "map.bin"))
    blocks = bytearray()
    if full.format == 1:
        fps = array("Q", (int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data), 4)))
    else:
        fps = _le_array("Q", data[: 8 * full.page_count])
        blocks = bytearray(data[8 * full.page_count :])
        if len(blocks) != BLOCK_FP * _blocks(full.page_count):
            raise SnapshotError("damaged", "map.bin size", full.id)
    shas: dict[int, bytes] = {}
    for m in reversed(chain[:-1]):
        if m.format != full.format:
            raise SnapshotError("damaged", "formats differ in the chain", m.id)
        data = _verified_piece(repo, m.id, _piece(m, "map.bin"))
        count = int.from_bytes(data[:8], "big")
        known = len(fps)
        if count < known:
            del fps[count:]
        else:
            fps.extend([0] * (count - known))
        shas = {n: sha for n, sha in shas.items() if n < count}
        step = DIFF_ENTRY[m.format]
        width = step - 36
        end = len(data)
        if m.format >= 2:  # page entries, then the runs that changed (number + xxh3_128)
            entries = int.from_bytes(data[8:16], "big")
            start, end = 16, 16 + entries * step
            size = BLOCK_FP * _blocks(count)
            del blocks[size:]
            blocks.extend(bytes(size - len(blocks)))
            for i in range(end, len(data), 4 + BLOCK_FP):
                b = int.from_bytes(data[i : i + 4], "big")
                blocks[b * BLOCK_FP : (b + 1) * BLOCK_FP] = data[i + 4 : i + 4 + BLOCK_FP]
        else:
            start = 8
        for i in range(start, end, step):
            n = int.from_bytes(data[i : i + 4], "big")
            shas[n] = data[i + 4 : i + 36]
            tail = data[i + 36 : i + step]
            fps[n] = int.from_bytes(tail, "big" if width == 4 else "little")
        if any(n not in shas for n in range(known, count)):
            raise SnapshotError("damaged", "page map has holes", m.id)
    return PageMap(fps, shas, full.format, blocks)


def _blocks(pages: int) -> int:
    return (pages + BLOCK_PAGES - 1) // BLOCK_PAGES


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

    ``kind='incremental'`` needs ``parent`` (a snapshot id in the same destination); when the
    parent's chain cannot serve as a base (an older format, another page size) a full snapshot
    is taken instead. Raises SnapshotError; whatever was written is removed again and earlier
    snapshots are untouched.
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
        chain = repo.chain(parent)
        if chain[-1].format == FORMAT:
            parent_map = load_map(repo, chain)
        else:
            kind, parent = "full", None
    sid = new_snapshot_id(kind, now)
    try:
        with _writing(repo.writer_mark(sid)):
            return _create(
                repo,
                db_path,
                sid,
                kind,
                parent,
                parent_map,
                parent_manifest,
                attachments,
                app_version,
                reason,
                progress,
                cancelled,
                now,
                started,
            )
    except OSError as exc:
        raise os_error(exc, repo.root) from exc


def _create(
    repo: Repository,
    db_path: Path | str,
    sid: str,
    kind: str,
    parent: str | None,
    parent_map: PageMap | None,
    parent_manifest: Manifest | None,
    attachments: Path | None,
    app_version: str,
    reason: str,
    progress: Progress | None,
    cancelled: Cancelled | None,
    now: datetime | None,
    started: float,
) -> Manifest:
    # Everything goes into ``<id>.partial`` and is renamed to ``<id>`` when complete; the
    # snapshot exists (is listed) only once its manifest is written, after that rename.
    partial = repo.root / "data" / f"{sid}.partial"
    final = repo.root / "data" / sid
    try:
        partial.mkdir(parents=True)
        mark = uuid.uuid4().hex
        since = parent_manifest.change_mark if parent_map and parent_manifest else None
        found_by = ""
        with consistent_source(Path(db_path), mark=mark, since=since or None) as source:
            if parent_manifest is not None and parent_manifest.page_size != source.page_size:
                parent_map = None  # the page size changed: only a full snapshot can hold it
            if parent_map is None:
                kind, parent = "full", None
            # Row counts and the audit head are read beside the page copy.
            with ThreadPoolExecutor(1, thread_name_prefix="snapshot-describe") as side:
                facts_job = side.submit(source.describe)
                try:
                    if parent_map is None:
                        pieces, written = _write_full(partial, source, progress, cancelled)
                    elif source.changed is not None:
                        found_by = "log"
                        pieces, written = _write_logged(
                            partial, source, parent_map, source.changed, progress, cancelled
                        )
                    else:
                        found_by = "scan"
                        pieces, written = _write_incremental(
                            partial, source, parent_map, progress, cancelled
                        )
                finally:
                    facts = facts_job.result()
            files, file_bytes = _write_attachments(partial, attachments, parent_manifest, cancelled)
        _fsync_dir(partial)
        if (partial / "files").is_dir():
            _fsync_dir(partial / "files")
        os.replace(partial, final)
        _fsync_dir(final.parent)
        manifest = Manifest(
            id=sid,
            kind=kind,
            parent=parent if kind == "incremental" else None,
            created=clock.stamp(now),
            reason=reason,
            app_version=app_version,
            schema_version=facts["schema_version"],
            page_size=source.page_size,
            page_count=source.page_count,
            db_bytes=source.page_size * source.page_count,
            row_counts=facts["row_counts"],
            audit_head=facts["audit_head"],
            audit_entries=facts["audit_entries"],
            latest_invoice=facts["latest_invoice"],
            pieces=pieces,
            attachments=files,
            bytes_written=written + file_bytes,
            seconds=0.0,
            change_mark=source.mark,
            found_by=found_by,
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


_T = TypeVar("_T")


def _run_parallel(
    tasks: list[Callable[[threading.Event], _T]],
    done: Callable[[], int],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[_T]:
    """Run ``tasks`` on WORKERS threads; this thread reports progress and watches for cancel.

    Each task gets a stop event to check between reads. The first failure stops the rest and
    is raised once they have all ended; results come back in task order.
    """
    stop = threading.Event()
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="snapshot") as pool:
        futures: list[Future[_T]] = [pool.submit(task, stop) for task in tasks]
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
                for future in finished:
                    if future.exception() is not None:
                        stop.set()
                if cancelled is not None and not stop.is_set() and cancelled():
                    stop.set()
                    raise SnapshotError("cancelled")
                if progress is not None:
                    progress(min(done(), total), total)
        finally:
            stop.set()
            wait(futures)
    errors = [e for e in (f.exception() for f in futures) if e is not None]
    # A task stopped because another failed reports "cancelled": raise the real failure.
    errors.sort(key=lambda e: isinstance(e, SnapshotError) and e.code == "cancelled")
    if errors:
        raise errors[0]
    return [future.result() for future in futures]


def _check_stop(stop: threading.Event) -> None:
    if stop.is_set():
        raise SnapshotError("cancelled")


def _write_all(handle: Any, view: memoryview) -> None:
    while view:
        view = view[handle.write(view) :]


def _write_full(
    folder: Path, source: _Source, progress: Progress | None, cancelled: Cancelled | None
) -> tuple[list[Piece], int]:
    """Every page into packs of PAGES_PER_PACK pages, one pack per task: read, fingerprint each
    page, compress (one zstd frame per pack), SHA-256, write, fsync."""
    ps, total = source.page_size, source.page_count
    fps = array("Q", bytes(8 * total))
    blocks = bytearray(BLOCK_FP * _blocks(total))
    copied = [0] * ((total + PAGES_PER_PACK - 1) // PAGES_PER_PACK)
    run = BLOCK_PAGES * ps

    def copy_pack(pack: int, stop: threading.Event) -> Piece:
        first = pack * PAGES_PER_PACK
        count = min(PAGES_PER_PACK, total - first)
        with _mapped(source, first, count) as raw:
            return _pack(raw, pack, first, count, stop)

    def _pack(raw: memoryview, pack: int, first: int, count: int, stop: threading.Event) -> Piece:
        done = 0
        while done < count:
            _check_stop(stop)
            want = min(READ_PAGES, count - done)
            n = first + done
            for i in range(done * ps, (done + want) * ps, ps):
                fps[n] = _fingerprint(raw[i : i + ps])
                n += 1
            b = (first + done) // BLOCK_PAGES
            for i in range(done * ps, (done + want) * ps, run):
                blocks[b * BLOCK_FP : (b + 1) * BLOCK_FP] = _block_fingerprint(raw[i : i + run])
                b += 1
            done += want
            copied[pack] = done
        packed = _compressor().compress(raw)
        name = f"pack-{pack:04d}.bin"
        with (folder / name).open("wb", buffering=0) as out:
            _write_all(out, memoryview(packed))
            os.fsync(out.fileno())
        return Piece(name, hashlib.sha256(packed).hexdigest(), len(packed))

    tasks = [_bind(copy_pack, pack) for pack in range(len(copied))]
    pieces = _run_parallel(tasks, lambda: sum(copied), total, progress, cancelled)
    data = _le_bytes(fps) + bytes(blocks)
    pieces.append(_write_piece(folder, "map.bin", data))
    return pieces, sum(p.bytes for p in pieces)


@contextlib.contextmanager
def _mapped(source: _Source, first: int, count: int) -> Iterator[memoryview]:
    """Pages ``first`` to ``first + count`` of the source, memory-mapped: hashing and compressing
    straight from the page cache costs about a third of copying it through read() first. On
    Linux the mapping is populated by the kernel up front (without holding the GIL)."""
    ps = source.page_size
    if count <= 0:
        yield memoryview(b"")
        return
    with source.path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < (first + count) * ps:
            raise SnapshotError("io", "short read", str(source.path))
        if hasattr(mmap, "MAP_POPULATE"):
            mapping = mmap.mmap(
                handle.fileno(),
                count * ps,
                flags=mmap.MAP_SHARED | mmap.MAP_POPULATE,
                prot=mmap.PROT_READ,
                offset=first * ps,
            )
        else:  # pack offsets are multiples of 16 MB: fine for every allocation granularity
            mapping = mmap.mmap(
                handle.fileno(), count * ps, access=mmap.ACCESS_READ, offset=first * ps
            )
    view = memoryview(mapping)
    try:
        yield view
    finally:
        view.release()
        # A slice still alive (in a traceback) keeps the mapping open until it is collected.
        with contextlib.suppress(BufferError):
            mapping.close()


def _compressor() -> zstandard.ZstdCompressor:
    # One per task: compressor objects are not shared between threads.
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL)


def _bind(
    task: Callable[[int, threading.Event], _T], number: int
) -> Callable[[threading.Event], _T]:
    return lambda stop: task(number, stop)


def _write_piece(folder: Path, name: str, data: bytes) -> Piece:
    with (folder / name).open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Piece(name, hashlib.sha256(data).hexdigest(), len(data))


def _write_logged(
    folder: Path,
    source: _Source,
    parent: PageMap,
    logged: set[int],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[list[Piece], int]:
    """An incremental from the page log: only the logged pages (and any past the parent's end)
    are read and fingerprinted; those that really differ are stored as by the scan.

    A run holding a changed page gets an unknown fingerprint (zeros), so a later scan compares
    its pages one by one; runs without one keep the parent's.
    """
    ps, total = source.page_size, source.page_count
    old = parent.fingerprints
    known_count = len(old)
    wanted = sorted({n for n in logged if n < total} | set(range(min(known_count, total), total)))
    writer = _DeltaWriter(folder)
    changes = _Changes(set(parent.shas.values()), threading.Lock(), writer)
    runs: dict[int, bytes] = {}
    unknown = bytes(BLOCK_FP)
    try:
        with source.path.open("rb") as src:
            for start in range(0, len(wanted), READ_PAGES):
                if cancelled is not None and cancelled():
                    raise SnapshotError("cancelled")
                for n in wanted[start : start + READ_PAGES]:
                    src.seek(n * ps)
                    page = src.read(ps)
                    if len(page) != ps:
                        raise SnapshotError("io", "short read", str(source.path))
                    fp = _fingerprint(page)
                    if n >= known_count or old[n] != fp:
                        changes.add(n, page, fp)
                        runs[n // BLOCK_PAGES] = unknown
                changes.flush()
                if progress is not None:
                    progress(min(start + READ_PAGES, len(wanted)), len(wanted))
        # Runs past the parent's end were never fingerprinted: unknown as well.
        for b in range(known_count // BLOCK_PAGES, _blocks(total)):
            runs[b] = unknown
        pieces = list(writer.close())
    except BaseException:
        writer.abort()
        raise
    found = [_Scanned(changes.entries, sorted(runs.items()))]
    return _finish_incremental(folder, total, found, pieces, writer)


class _Changes:
    """One task's changed pages: their map entries, and the contents of those no snapshot of
    the chain stores yet, sent to the writer as one compressed frame per batch."""

    def __init__(self, known: set[bytes], lock: threading.Lock, writer: _DeltaWriter) -> None:
        self.known, self.lock, self.writer = known, lock, writer
        self.entries: list[tuple[int, bytes, int]] = []
        self.compress = _compressor().compress
        self._shas: list[bytes] = []
        self._pages: list[bytes | memoryview] = []

    def add(self, n: int, page: bytes | memoryview, fp: int) -> None:
        digest = hashlib.sha256(page).digest()
        self.entries.append((n, digest, fp))
        with self.lock:
            fresh = digest not in self.known
            self.known.add(digest)
        if fresh:
            self._shas.append(digest)
            self._pages.append(page)

    def flush(self) -> None:
        # One frame for a batch of pages: compresses far better than page by page, and restore
        # reads them together anyway.
        if self._shas:
            self.writer.put(self._shas, self.compress(b"".join(self._pages)))
            self._shas, self._pages = [], []


class _Scanned(NamedTuple):
    """What one scanning task found: changed pages (number, SHA-256, fingerprint) and the runs
    they are in (number, xxh3_128)."""

    pages: list[tuple[int, bytes, int]]
    blocks: list[tuple[int, bytes]]


def _write_incremental(
    folder: Path,
    source: _Source,
    parent: PageMap,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[list[Piece], int]:
    """Pages whose fingerprint differs from the parent's: scanned by several threads, each
    changed page SHA-256 addressed, compressed and written once."""
    ps, total = source.page_size, source.page_count
    old = parent.fingerprints
    known_count = len(old)
    ranges = (total + PAGES_PER_PACK - 1) // PAGES_PER_PACK
    scanned = [0] * ranges
    writer = _DeltaWriter(folder)
    known = set(parent.shas.values())
    lock = threading.Lock()

    old_blocks = parent.blocks

    def scan(part: int, stop: threading.Event) -> _Scanned:
        first = part * PAGES_PER_PACK
        count = min(PAGES_PER_PACK, total - first)
        with _mapped(source, first, count) as pages:
            return _scan(pages, part, first, count, stop)

    def _scan(
        pages: memoryview, part: int, first: int, count: int, stop: threading.Event
    ) -> _Scanned:
        changes = _Changes(known, lock, writer)
        runs: list[tuple[int, bytes]] = []
        done = 0
        while done < count:
            _check_stop(stop)
            want = min(READ_PAGES, count - done)
            start = first + done
            for b0 in range(start, start + want, BLOCK_PAGES):
                b1 = min(b0 + BLOCK_PAGES, total)
                b = b0 // BLOCK_PAGES
                fp128 = _block_fingerprint(pages[(b0 - first) * ps : (b1 - first) * ps])
                # A run the parent held whole, with the same fingerprint: nothing in it changed.
                if b1 <= known_count and old_blocks[b * BLOCK_FP : (b + 1) * BLOCK_FP] == fp128:
                    continue
                runs.append((b, fp128))
                for n in range(b0, b1):
                    page = pages[(n - first) * ps : (n - first + 1) * ps]
                    fp = _fingerprint(page)
                    if n >= known_count or old[n] != fp:
                        changes.add(n, page, fp)
            changes.flush()
            done += want
            scanned[part] = done
        return _Scanned(changes.entries, runs)

    try:
        tasks = [_bind(scan, part) for part in range(ranges)]
        found = _run_parallel(tasks, lambda: sum(scanned), total, progress, cancelled)
        pieces = list(writer.close())
    except BaseException:
        writer.abort()
        raise
    return _finish_incremental(folder, total, found, pieces, writer)


def _finish_incremental(
    folder: Path, total: int, found: list[_Scanned], pieces: list[Piece], writer: _DeltaWriter
) -> tuple[list[Piece], int]:
    """The map (page count, changed pages, changed runs) and the index of an incremental."""
    entries = sum(len(part.pages) for part in found)
    out = bytearray(total.to_bytes(8, "big") + entries.to_bytes(8, "big"))
    for part in found:
        for n, digest, fp in part.pages:
            out += n.to_bytes(4, "big") + digest + fp.to_bytes(8, "little")
    for part in found:
        for b, fp128 in part.blocks:
            out += b.to_bytes(4, "big") + fp128
    pieces.append(_write_piece(folder, "map.bin", bytes(out)))
    pieces.append(_write_piece(folder, "index.bin", bytes(writer.index)))
    return pieces, writer.stored + len(out) + len(writer.index)


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

    def known(self, sid: str, piece: Piece) -> str | None:
        """ "" when the piece was found sound this run, the problem when not, None if unchecked."""
        result = self.results.get(f"{sid}/{piece.path}", "unchecked")
        return None if result == "unchecked" else (result or "")

    def record(self, sid: str, piece: Piece, problem: str | None) -> str | None:
        self.results[f"{sid}/{piece.path}"] = problem
        return problem

    def check_manifest(self, manifest: Manifest, skip: Any = ()) -> list[str]:
        """Problems of the manifest's pieces, except those named in ``skip`` (checked elsewhere)."""
        problems = []
        for piece in manifest.pieces:
            if piece.path in skip:
                continue
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
    durable: bool = True,
) -> Manifest:
    """Rebuild the database of snapshot ``sid`` into ``target`` (which must not exist).

    ``durable=False`` skips the fsync: for a copy that is checked and thrown away.

    Every piece the snapshot needs is re-hashed (SnapshotError('damaged') names it): the full
    snapshot's packs in the same pass that copies them, the rest before anything is written.
    Attachments go to ``attachments`` when given.
    """
    target = Path(target)
    if target.exists():
        raise SnapshotError("exists", "", str(target))
    chain = repo.chain(sid)
    checker = checked or PieceCheck(repo)
    full = chain[-1]
    packs = {p.path: p for p in full.pieces if p.path.startswith("pack-")}
    problems = [
        p for m in chain for p in checker.check_manifest(m, skip=packs if m is full else ())
    ]
    if problems:
        raise SnapshotError("damaged", "; ".join(problems), sid)
    manifest = chain[0]
    ps = manifest.page_size
    if full.page_size != ps:
        raise SnapshotError("damaged", "page size differs in the chain", sid)
    page_map = load_map(repo, chain)
    locations: dict[bytes, _Where] = {}
    for m in reversed(chain[:-1]):
        data = _verified_piece(repo, m.id, _piece(m, "index.bin"))
        step = INDEX_ENTRY[m.format]
        for i in range(0, len(data), step):
            digest = data[i : i + 32]
            pack = int.from_bytes(data[i + 32 : i + 36], "big")
            offset = int.from_bytes(data[i + 36 : i + 40], "big")
            length = int.from_bytes(data[i + 40 : i + 44], "big")
            slot = int.from_bytes(data[i + 44 : i + step], "big") if step > 44 else 0
            locations[digest] = _Where(m.id, pack, offset, length, m.format, slot)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.restoring")
    total = manifest.page_count
    try:
        with tmp.open("wb") as out:
            out.truncate(total * ps)
        # 1. The full snapshot's packs, copied (and re-hashed) by several threads at once.
        _restore_packs(repo, full, packs, min(full.page_count, total), tmp, checker, progress,
                       cancelled)  # fmt: skip
        with tmp.open("r+b") as out:
            # 2. Pages that differ from the full one, from the incrementals' packs.
            handles: dict[tuple[str, int], Any] = {}
            frames: dict[tuple[str, int, int], bytes] = {}
            try:
                for n, digest in sorted(page_map.shas.items()):
                    page = _read_page(repo, locations, digest, handles, frames, ps)
                    if hashlib.sha256(page).digest() != digest or len(page) != ps:
                        raise SnapshotError("damaged", f"page {n + 1}", sid)
                    out.seek(n * ps)
                    out.write(page)
            finally:
                for handle in handles.values():
                    handle.close()
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(tmp, target)
        if durable:
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


def _restore_packs(
    repo: Repository,
    full: Manifest,
    packs: dict[str, Piece],
    pages: int,
    target: Path,
    checker: PieceCheck,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Copy the first ``pages`` pages out of a full snapshot's packs into ``target``, hashing
    each pack as it is read; a pack that does not match its SHA-256 is named as damaged."""
    ps, per_pack = full.page_size, full.pages_per_pack
    count = (pages + per_pack - 1) // per_pack
    copied = [0] * count

    def copy_pack(pack: int, stop: threading.Event) -> str | None:
        name = f"pack-{pack:04d}.bin"
        piece = packs.get(name)
        if piece is None:
            return f"{full.id}/{name}: missing from manifest"
        _check_stop(stop)
        path = repo.root / "data" / full.id / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return f"{full.id}/{name}: {checker.record(full.id, piece, 'missing')}"
        known = checker.known(full.id, piece)
        if known is None:
            ok = len(data) == piece.bytes and hashlib.sha256(data).hexdigest() == piece.sha256
            known = checker.record(full.id, piece, None if ok else "changed")
        if known:
            return f"{full.id}/{name}: {known}"
        first = pack * per_pack
        want = min(per_pack, pages - first) * ps
        try:
            raw = data if full.format == 1 else zstandard.ZstdDecompressor().decompress(data)
        except zstandard.ZstdError as exc:
            return f"{full.id}/{name}: {exc}"
        if len(raw) < want:
            return f"{full.id}/{name}: short"
        with target.open("r+b", buffering=0) as out:
            out.seek(first * ps)
            _write_all(out, memoryview(raw)[:want])
        copied[pack] = want // ps
        return None

    tasks = [_bind(copy_pack, pack) for pack in range(count)]
    results = _run_parallel(tasks, lambda: sum(copied), pages, progress, cancelled)
    problems = [r for r in results if r]
    if problems:
        raise SnapshotError("damaged", "; ".join(problems), full.id)


class _Where(NamedTuple):
    """Where an incremental stored a page: its compressed frame, and the page's slot in it."""

    sid: str
    pack: int
    offset: int
    length: int
    format: int
    slot: int


def _read_page(
    repo: Repository,
    locations: dict[bytes, _Where],
    digest: bytes,
    handles: dict[tuple[str, int], Any],
    frames: dict[tuple[str, int, int], bytes],
    page_size: int,
) -> bytes:
    where = locations.get(digest)
    if where is None:
        raise SnapshotError("damaged", "a page is in no pack", digest.hex())
    key = (where.sid, where.pack)
    if key not in handles:
        handles[key] = (repo.root / "data" / where.sid / f"pack-{where.pack:04d}.bin").open("rb")
    frame_key = (where.sid, where.pack, where.offset)
    raw = frames.get(frame_key)
    if raw is None:
        handle = handles[key]
        handle.seek(where.offset)
        data = handle.read(where.length)
        try:
            if where.format == 1:
                raw = zlib.decompress(data)
            else:
                raw = zstandard.ZstdDecompressor().decompress(data)
        except (zlib.error, zstandard.ZstdError) as exc:
            name = f"{where.sid}/pack-{where.pack:04d}.bin"
            raise SnapshotError("damaged", name, str(exc)) from exc
        # Pages are read in page order, so a frame's pages come close together; frames of a
        # chain's incrementals interleave, hence a few kept rather than one.
        if len(frames) >= 32:
            del frames[next(iter(frames))]
        frames[frame_key] = raw
    return raw[where.slot * page_size : (where.slot + 1) * page_size]


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


def _memory_scratch(size: int) -> Path | None:
    """/dev/shm for a throwaway restore when memory is plentiful (Linux): a restore there is
    a memory copy, without the file system's block allocation; else the usual temp folder."""
    shm = Path("/dev/shm")
    if not sys.platform.startswith("linux") or not shm.is_dir():
        return None
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        free = shutil.disk_usage(shm).free
    except (OSError, ValueError):
        return None
    return shm if available >= 4 * size and free >= 2 * size else None


def _open_restored(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    # Memory-mapped reads: the whole-file checks run about twice as fast as through read().
    conn.execute(f"PRAGMA mmap_size = {min(path.stat().st_size, 1 << 34)}")
    return conn


def _describe_file(path: Path) -> dict[str, Any]:
    conn = _open_restored(path)
    try:
        return describe(conn)
    finally:
        conn.close()


def _check_file(path: Path, pragma: str) -> str:
    """ "ok", or the first problem ``pragma`` (integrity_check or quick_check) reports."""
    try:
        conn = _open_restored(path)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == ["ok"] else str(rows[0])


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
    scratch = workdir or _memory_scratch(manifest.db_bytes)
    with tempfile.TemporaryDirectory(prefix="invoicedesk-verify-", dir=scratch) as tmp:
        target = Path(tmp) / "restored.sqlite"
        try:
            restore_snapshot(repo, sid, target, checked=checker, cancelled=cancelled, durable=False)
        except SnapshotError as exc:
            if exc.code == "cancelled":
                raise
            detail = exc.detail if exc.code == "damaged" else f"{exc.code} {exc.path}"
            return VerifyOutcome(sid, False, [detail], time.perf_counter() - started)
        found = inspect_restored(target, manifest, full_check=full_check)
    return VerifyOutcome(
        sid, not found.problems, found.problems, time.perf_counter() - started, found.integrity
    )


@dataclass(frozen=True)
class Inspection:
    integrity: str  # "ok" or the check's first complaint
    facts: dict[str, Any]  # describe(): empty when the file could not be read
    problems: list[str]


def inspect_restored(path: Path, manifest: Manifest, *, full_check: bool = True) -> Inspection:
    """Check a restored file (integrity_check, or quick_check) and compare its row counts and
    audit head with the manifest. The counts are read on a second connection beside the check."""
    pragma = "integrity_check" if full_check else "quick_check"
    with ThreadPoolExecutor(1, thread_name_prefix="inspect-describe") as side:
        facts_job = side.submit(_describe_file, path)
        integrity = _check_file(path, pragma)
        try:
            facts = facts_job.result()
        except sqlite3.DatabaseError:
            facts = {}
    problems = [] if integrity == "ok" else [f"integrity_check: {integrity}"]
    if not facts:
        problems.append("unreadable")
    else:
        if facts["row_counts"] != manifest.row_counts:
            problems.append("row counts differ")
        if facts["audit_head"] != manifest.audit_head:
            problems.append("audit head differs")
    return Inspection(integrity, facts, problems)
