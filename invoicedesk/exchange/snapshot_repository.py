"""The backup repository in a destination folder: its manifests, chains, deletion, and the
writer marks that tell a running snapshot from a killed one's leftovers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from invoicedesk.core import clock
from invoicedesk.exchange.snapshot_manifest import (
    REPO_DIR,
    Manifest,
    SnapshotError,
    manifest_digest,
    os_error,
)

try:  # POSIX: a writer's lock dies with its process (see Repository.clean_partial)
    import fcntl
except ImportError:  # pragma: no cover - Windows keeps the age rule
    fcntl = None  # type: ignore[assignment]


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
            if not isinstance(data, dict) or data.get("digest") != manifest_digest(data):
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
        """Manifest first (so a half-deleted snapshot is never listed), then its data.

        The writer's mark is held meanwhile: a process killed in between leaves a folder without
        a manifest, which ``clean_partial`` then removes at once rather than after an hour.
        """
        with hold_writer_mark(self.writer_mark(sid)):
            self.manifest_path(sid).unlink(missing_ok=True)
            shutil.rmtree(self.root / "data" / sid, ignore_errors=True)

    def writer_mark(self, sid: str) -> Path:
        """The file a writer holds locked while it writes snapshot ``sid``."""
        return self.root / "data" / f".{sid}.writing"

    def clean_partial(self, older_than: float = 3600.0) -> list[str]:
        """Remove leftovers of interrupted snapshots (no manifest was written for them).

        A writer (or ``delete``) holds an OS lock on its mark file (``.<id>.writing``) while it
        works; the lock dies with the process, so the leftovers of a killed run are removed at
        the next run, whatever their age, while a snapshot another process is writing right now
        is left alone. Leftovers without a mark (older versions, or a system without file locks)
        are removed once older than ``older_than`` seconds. A mark nobody holds is removed while
        this holds its lock, so that a writer never ends up holding an unlinked mark. Returns the
        names removed.
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
            mark = self.writer_mark(sid)
            with _taken_over(mark) as state:
                if state == "writing":
                    continue
                # A finished snapshot stays; a mark left beside it (its writer or a deleter was
                # killed before letting go) goes.
                if child.name == sid and self.manifest_path(sid).exists():
                    if state == "gone":
                        mark.unlink(missing_ok=True)
                    continue
                if state == "none":
                    with contextlib.suppress(OSError):
                        if child.stat().st_mtime >= limit:
                            continue
                shutil.rmtree(child, ignore_errors=True)
                mark.unlink(missing_ok=True)
                removed.append(child.name)
        for mark in data.glob(".*.writing"):
            sid = mark.name[1:].removesuffix(".writing")
            with _taken_over(mark) as state:
                leftovers = (data / sid).exists() or (data / f"{sid}.partial").exists()
                if state == "gone" and not leftovers:
                    mark.unlink(missing_ok=True)
        for tmp in (self.root / "snapshots").glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        return removed


@contextlib.contextmanager
def _taken_over(mark: Path) -> Iterator[str]:
    """'writing' (a live process holds the mark), 'gone' (a mark nobody held: this now holds its
    lock until the block ends, so that it can remove the mark before anyone takes it), 'none'."""
    if fcntl is None:
        yield "none"
        return
    try:
        fd = os.open(mark, os.O_RDWR)
    except FileNotFoundError:
        yield "none"
        return
    except OSError:
        yield "writing"  # cannot tell: leave it alone
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield "writing"
        else:
            yield "gone"
    finally:
        os.close(fd)  # closing drops the lock


@contextlib.contextmanager
def hold_writer_mark(mark: Path) -> Iterator[None]:
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
    for _ in range(100):
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
        # clean_partial may have removed the file between our open and our lock (it took the
        # unheld mark for a dead writer's): a lock on an unlinked file guards nothing.
        try:
            if os.path.samestat(os.fstat(fd), os.stat(mark)):
                return fd
        except OSError:
            pass
        os.close(fd)
    return None


def new_snapshot_id(kind: str, now: datetime | None = None) -> str:
    moment = (now or clock.now()).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%S}{moment.microsecond // 1000:03d}Z-{kind}"
