"""Restoring a snapshot: every piece re-hashed (a full snapshot's packs in the same pass that
copies them), then the pages of the chain's incrementals, then the attachments."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import zstandard

from invoicedesk.exchange.snapshot_manifest import (
    INDEX_ENTRY,
    Cancelled,
    Manifest,
    Piece,
    Progress,
    SnapshotError,
    fsync_dir,
    os_error,
    sha256_file,
)
from invoicedesk.exchange.snapshot_pagemap import load_map, manifest_piece, verified_piece
from invoicedesk.exchange.snapshot_parallel import bind, check_stop, run_parallel, write_all
from invoicedesk.exchange.snapshot_repository import Repository


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
        data = verified_piece(repo, m.id, manifest_piece(m, "index.bin"))
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
            fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if attachments is not None and manifest.attachments:
        restore_attachments(repo, manifest, attachments)
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
        check_stop(stop)
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
            write_all(out, memoryview(raw)[:want])
        copied[pack] = want // ps
        return None

    tasks = [bind(copy_pack, pack) for pack in range(count)]
    results = run_parallel(tasks, lambda: sum(copied), pages, progress, cancelled)
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


def restore_attachments(repo: Repository, manifest: Manifest, folder: Path) -> None:
    for item in manifest.attachments:
        source = repo.root / "data" / item["stored_in"] / "files" / item["sha256"]
        target = folder / item["path"]
        if target.exists() and sha256_file(target)[0] == item["sha256"]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
