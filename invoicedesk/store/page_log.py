"""Which pages of a SQLite ledger changed since a snapshot: read from the WAL before each
checkpoint, so that an incremental backup looks only at those pages instead of the whole file.

In WAL mode every change reaches the main file by a checkpoint, copied from WAL frames, and each
frame names its page. The app's connections never checkpoint on their own (wal_autocheckpoint=0):
``harvest`` does it, holding the writer lock so that no frame can be added meanwhile, after the
page numbers of every frame in the WAL file have been appended to ``<db>-changes`` and synced.
A superset is harmless (a frame not committed, a page rewritten unchanged); a missing page would
not be, so whatever the log cannot vouch for makes it say "unknown" and the backup scans:

- after each checkpoint it records a witness of the main file (device, inode, size, mtime); when
  the file no longer matches at the next harvest, something else wrote it (another program's
  checkpoint, a restore, a copy) and a break is recorded;
- a torn or unreadable record is a break too.

``mark`` records a snapshot's place in the log; ``changed_since(mark)`` is then every page
logged after it, or None when there is a break after it or the mark is unknown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("invoicedesk.store")

SUFFIX = "-changes"
HARVEST_BYTES = 16 << 20  # after a commit, harvest once the WAL has grown past this
KEEP_MARKS = 32  # compaction keeps the records from the 32nd newest mark on
COMPACT_BYTES = 1 << 20
_HEAD = struct.Struct(">cI")  # record type, payload length
_WITNESS = struct.Struct(">qqqq")  # st_dev, st_ino, st_size, st_mtime_ns
_WAL_HEADER = 32
_FRAME_HEADER = 24


def log_path(db: Path) -> Path:
    return Path(f"{db}{SUFFIX}")


def _witness(db: Path) -> bytes:
    st = os.stat(db)
    return _WITNESS.pack(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def wal_pages(db: Path) -> set[int]:
    """The (0-based) page number of every frame of the WAL's current generation, committed or
    not. Frames left from before the WAL last restarted carry older salts: they were all
    checkpointed, hence logged, before the restart (or the witness tells they were not)."""
    wal = Path(f"{db}-wal")
    try:
        handle = wal.open("rb")
    except FileNotFoundError:
        return set()
    pages: set[int] = set()
    with handle:
        header = handle.read(_WAL_HEADER)
        if len(header) < _WAL_HEADER:
            return pages
        page_size = int.from_bytes(header[8:12], "big")
        if page_size == 1:  # the format's way of writing 65536
            page_size = 65536
        salts = header[16:24]
        frame = _FRAME_HEADER + page_size
        size = os.fstat(handle.fileno()).st_size
        for offset in range(_WAL_HEADER, size - _FRAME_HEADER + 1, frame):
            handle.seek(offset)
            head = handle.read(_FRAME_HEADER)
            number = int.from_bytes(head[:4], "big")
            if number and head[8:16] == salts:
                pages.add(number - 1)
    return pages


def _records(path: Path) -> tuple[list[tuple[bytes, bytes]], int]:
    """The log's records, and the length of its sound part (a torn tail ends it). A log that
    exists but cannot be read raises OSError: nothing may be appended to it then."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    out: list[tuple[bytes, bytes]] = []
    at = 0
    while at + _HEAD.size + 4 <= len(data):
        kind, length = _HEAD.unpack_from(data, at)
        end = at + _HEAD.size + length
        if end + 4 > len(data):
            break
        crc = int.from_bytes(data[end : end + 4], "big")
        if crc != zlib.crc32(data[at:end]):
            break
        out.append((kind, data[at + _HEAD.size : end]))
        at = end + 4
    return out, at


def _record(kind: bytes, payload: bytes) -> bytes:
    body = _HEAD.pack(kind, len(payload)) + payload
    return body + zlib.crc32(body).to_bytes(4, "big")


class PageLog:
    """The change log of one database file. Every method but ``changed_since`` expects the
    caller to hold the database's writer lock (see ``writer_lock``): that is what keeps
    processes and threads from interleaving their records."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self.path = log_path(self.db)

    def _append(self, *records: bytes) -> None:
        _, sound = _records(self.path)
        with self.path.open("ab") as handle:
            if handle.tell() != sound:  # a torn tail: cut it, and say the history broke there
                handle.truncate(sound)
                handle.seek(sound)
                handle.write(_record(b"X", b"torn"))
            handle.write(b"".join(records))
            handle.flush()
            os.fsync(handle.fileno())

    def _try_append(self, *records: bytes) -> bool:
        """Append, or say why not (a full disk): the log then lacks records, never has wrong ones."""
        try:
            self._append(*records)
        except OSError as exc:
            log.warning("page log %s: cannot write: %s", self.path, exc)
            return False
        return True

    def harvest(self, checkpointer: sqlite3.Connection) -> bool:
        """Log the WAL's pages, checkpoint, record the witness. True when the checkpoint copied
        every frame (the main file then holds the whole committed state).

        When the pages cannot be logged the checkpoint still runs, but no witness is recorded:
        the next harvest then finds the file changed behind the log and records a break."""
        try:
            records, _ = _records(self.path)
        except OSError:  # unreadable: as if it said nothing, so a break is due
            records = []
        last = next((p for k, p in reversed(records) if k == b"W"), None)
        out = []
        if last is None or last != _witness(self.db):
            out.append(_record(b"X", b"unknown writes"))
        pages = wal_pages(self.db)
        if pages:
            numbers = array("I", sorted(pages))
            if sys.byteorder != "big":
                numbers.byteswap()
            out.append(_record(b"P", numbers.tobytes()))
        # On disk before any of these frames can be checkpointed.
        logged = self._try_append(*out) if out else True
        busy, frames, copied = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if logged and self._try_append(_record(b"W", _witness(self.db))):
            self._compact()
        return bool(busy == 0 and frames == copied)

    def mark(self, name: str) -> bool:
        """Record a snapshot's place; False when it could not be written."""
        return self._try_append(_record(b"M", name.encode("utf-8")))

    def _compact(self) -> None:
        """(After each harvest.) Past COMPACT_BYTES, drop what no mark needs: the records before the KEEP_MARKS-th
        newest mark (all but the witness when there is no mark, as with no backup place)."""
        try:
            if self.path.stat().st_size < COMPACT_BYTES:
                return
        except FileNotFoundError:
            return
        try:
            records, _ = _records(self.path)
        except OSError:
            return
        marks = [i for i, (kind, _) in enumerate(records) if kind == b"M"]
        cut = marks[-KEEP_MARKS] if marks else len(records)
        if cut == 0:
            return
        keep = records[cut:]
        if not any(kind == b"W" for kind, _ in keep):
            # The newest witness is what the next harvest compares with: keep it.
            last = next((r for r in reversed(records[:cut]) if r[0] == b"W"), None)
            if last is not None:
                keep.insert(0, last)
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with tmp.open("wb") as handle:
                handle.write(b"".join(_record(k, p) for k, p in keep))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:  # the log stays as it was, only longer
            tmp.unlink(missing_ok=True)
            log.warning("page log %s: cannot compact: %s", self.path, exc)

    def changed_since(self, name: str) -> set[int] | None:
        """Every page logged after mark ``name``; None when the log cannot say."""
        try:
            records, _ = _records(self.path)
        except OSError as exc:
            log.warning("page log %s: cannot read: %s", self.path, exc)
            return None
        wanted = name.encode("utf-8")
        start = next(
            (i for i in range(len(records) - 1, -1, -1) if records[i] == (b"M", wanted)), None
        )
        if start is None:
            return None
        pages: set[int] = set()
        for kind, payload in records[start + 1 :]:
            if kind == b"X":
                return None
            if kind == b"P":
                numbers = array("I")
                numbers.frombytes(payload)
                if sys.byteorder != "big":
                    numbers.byteswap()
                pages.update(numbers)
        return pages


@contextlib.contextmanager
def writer_lock(db: Path, timeout: float = 15.0) -> Iterator[sqlite3.Connection]:
    """Hold the database's writer lock (BEGIN IMMEDIATE on a connection of its own); yields a
    second connection, free of any transaction, to checkpoint or read with."""
    lock = sqlite3.connect(str(db), timeout=timeout, isolation_level=None)
    other = sqlite3.connect(str(db), timeout=timeout, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        try:
            yield other
        finally:
            lock.execute("ROLLBACK")
    finally:
        other.close()
        lock.close()


def harvest_now(db: Path, timeout: float = 15.0) -> bool:
    """Log and checkpoint the WAL now (after a large commit, before closing). True when the
    checkpoint copied every frame."""
    if not Path(f"{db}-wal").exists():
        return True
    with writer_lock(db, timeout) as other:
        return PageLog(db).harvest(other)


# Per database file, the WAL's size at the last harvest after a commit that could not finish (the
# lock was taken, a reader kept the checkpoint short): the next try waits until the WAL has grown
# by a quarter of HARVEST_BYTES more, so that it is not retried after every commit.
_tried: dict[str, int] = {}


def after_commit(db: Path) -> None:
    """Called after each commit: harvest once the WAL has grown past HARVEST_BYTES, but only when
    the writer lock is free at once. Commits never queue behind a harvest (with 4 writers, waiting
    for it made single writes take 15 s and fail); a later commit, a backup or closing catches up.
    Never raises."""
    key = str(db)
    try:
        size = os.stat(f"{db}-wal").st_size
    except OSError:
        return
    if size < HARVEST_BYTES:
        _tried.pop(key, None)
        return
    if key in _tried and size < _tried[key] + HARVEST_BYTES // 4:
        return
    try:
        whole = harvest_now(db, timeout=0.0)
    except sqlite3.OperationalError as exc:  # another writer has the lock: not now
        log.debug("page log: harvest after commit deferred: %s", exc)
        whole = False
    except (OSError, sqlite3.Error) as exc:
        log.warning("page log: harvest after commit skipped: %s", exc)
        whole = False
    if whole:
        _tried.pop(key, None)  # the next commit restarts the WAL and cuts the file back
    else:
        _tried[key] = size
