"""Writing a snapshot: full or incremental, into ``<id>.partial``, renamed when complete, listed
once its manifest is written.

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
import hashlib
import json
import mmap
import os
import queue
import shutil
import threading
import time
import uuid
from array import array
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import xxhash
import zstandard

from invoicedesk.core import clock
from invoicedesk.exchange.snapshot_manifest import (
    BLOCK_FP,
    BLOCK_PAGES,
    FORMAT,
    PACK_BYTES,
    PAGES_PER_PACK,
    READ_PAGES,
    Cancelled,
    Manifest,
    Piece,
    Progress,
    SnapshotError,
    fsync_dir,
    os_error,
    sha256_file,
    write_atomic,
)
from invoicedesk.exchange.snapshot_pagemap import PageMap, block_count, le_bytes, load_map
from invoicedesk.exchange.snapshot_parallel import bind, check_stop, run_parallel, write_all
from invoicedesk.exchange.snapshot_repository import Repository, hold_writer_mark, new_snapshot_id
from invoicedesk.exchange.snapshot_source import Source, consistent_source

# Fast zstd: on 2 cores compression keeps pace with the disk and stores ~30% of the bytes.
ZSTD_LEVEL = -3

_fingerprint = xxhash.xxh3_64_intdigest
_block_fingerprint = xxhash.xxh3_128_digest


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
        with hold_writer_mark(repo.writer_mark(sid)):
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
            files, file_bytes = write_attachments(partial, attachments, parent_manifest, cancelled)
        fsync_dir(partial)
        if (partial / "files").is_dir():
            fsync_dir(partial / "files")
        os.replace(partial, final)
        fsync_dir(final.parent)
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


def _write_full(
    folder: Path, source: Source, progress: Progress | None, cancelled: Cancelled | None
) -> tuple[list[Piece], int]:
    """Every page into packs of PAGES_PER_PACK pages, one pack per task: read, fingerprint each
    page, compress (one zstd frame per pack), SHA-256, write, fsync."""
    ps, total = source.page_size, source.page_count
    fps = array("Q", bytes(8 * total))
    blocks = bytearray(BLOCK_FP * block_count(total))
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
            check_stop(stop)
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
            write_all(out, memoryview(packed))
            os.fsync(out.fileno())
        return Piece(name, hashlib.sha256(packed).hexdigest(), len(packed))

    tasks = [bind(copy_pack, pack) for pack in range(len(copied))]
    pieces = run_parallel(tasks, lambda: sum(copied), total, progress, cancelled)
    data = le_bytes(fps) + bytes(blocks)
    pieces.append(_write_piece(folder, "map.bin", data))
    return pieces, sum(p.bytes for p in pieces)


@contextlib.contextmanager
def _mapped(source: Source, first: int, count: int) -> Iterator[memoryview]:
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


def _write_piece(folder: Path, name: str, data: bytes) -> Piece:
    with (folder / name).open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Piece(name, hashlib.sha256(data).hexdigest(), len(data))


def _write_logged(
    folder: Path,
    source: Source,
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
        for b in range(known_count // BLOCK_PAGES, block_count(total)):
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
    source: Source,
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
            check_stop(stop)
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
        tasks = [bind(scan, part) for part in range(ranges)]
        found = run_parallel(tasks, lambda: sum(scanned), total, progress, cancelled)
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


def write_attachments(
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
