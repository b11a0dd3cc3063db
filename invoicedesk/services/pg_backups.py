"""Backups of a PostgreSQL ledger: pg_dump's custom format in the same repository layout.

A PostgreSQL snapshot is always full: ``data/<id>/dump.pgc`` (``pg_dump -Fc``) plus the
attachment files, and a manifest like SQLite's (SHA-256 of every piece, row counts and audit
head read inside the dump's own snapshot, ``"engine": "postgresql"``). Verification re-hashes
the pieces, restores the dump into a scratch database with pg_restore, compares, and drops it;
a restore always creates a NEW database beside the live one and never touches the live one.
backup_runs dispatches here on the live database; backup_verify and backup_restore on the
manifest's ``engine``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from invoicedesk import __version__
from invoicedesk.core import clock
from invoicedesk.core.clock import SHOP_TZ
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP
from invoicedesk.exchange.snapshot_manifest import (
    Manifest,
    Piece,
    SnapshotError,
    fsync_dir,
    os_error,
    sha256_file,
    write_atomic,
)
from invoicedesk.exchange.snapshot_repository import Repository, hold_writer_mark, new_snapshot_id
from invoicedesk.exchange.snapshot_restore import PieceCheck, restore_attachments
from invoicedesk.exchange.snapshot_verify import VerifyOutcome
from invoicedesk.exchange.snapshot_write import write_attachments
from invoicedesk.paths import attachments_dir
from invoicedesk.services.errors import ServiceError
from invoicedesk.store import pg_dump
from invoicedesk.store.database import PG_TIMEOUTS, redact
from invoicedesk.store.models import database

ENGINE = "postgresql"
DUMP = "dump.pgc"
Cancelled = Callable[[], bool]


def live_url() -> str:
    """The open PostgreSQL ledger as a URL (with its password: it goes to the tools only)."""
    db = database.obj
    params = dict(getattr(db, "connect_params", {}) or {})
    user = params.pop("user", None)
    password = params.pop("password", None)
    host = params.pop("host", None) or "127.0.0.1"
    port = params.pop("port", None) or 5432
    auth = ""
    if user:
        auth = quote(str(user), safe="")
        if password:
            auth += ":" + quote(str(password), safe="")
        auth += "@"
    defaults = dict(PG_TIMEOUTS)  # the app's own connection defaults, not the user's URL
    query = {
        k: str(v)
        for k, v in params.items()
        if isinstance(v, str | int) and defaults.get(k) != str(v)
    }
    tail = f"?{urlencode(query)}" if query else ""
    return f"postgresql://{auth}{host}:{port}/{quote(str(db.database), safe='')}{tail}"


def is_pg(manifest: Manifest) -> bool:
    return manifest.engine == ENGINE


def tool_error(exc: pg_dump.ToolError) -> ServiceError:
    """The tools' and the server's refusals, worded for the user."""
    if exc.code == "no_tool":
        return ServiceError(
            QT_TRANSLATE_NOOP(
                "Service",
                "找不到 PostgreSQL 的 {tool}：请安装与数据库服务器同一主版本（或更新）的 "
                "PostgreSQL 客户端工具，或把它所在的文件夹加入 PATH",
            ),
            tool=exc.params.get("tool", exc.detail),
        )
    if exc.code == "too_old":
        return ServiceError(
            QT_TRANSLATE_NOOP(
                "Service",
                "{tool} 的版本 {version} 比数据库服务器的 {server} 旧，不能用它备份或恢复"
                "（旧版本读不全新服务器的数据）：请安装 PostgreSQL {major} 或更新版本的客户端工具",
            ),
            tool=exc.params["tool"],
            version=exc.params["version"],
            server=exc.params["server"],
            major=str(exc.params["server"]).split(".")[0],
        )
    if exc.code == "exists":
        return ServiceError(
            QT_TRANSLATE_NOOP("Service", "数据库 {name} 已存在：恢复只写入新数据库，请换一个名字"),
            name=exc.params.get("name", exc.detail),
        )
    return ServiceError(
        QT_TRANSLATE_NOOP("Service", "PostgreSQL 操作失败：{detail}"), detail=exc.detail
    )


def preflight(url: str) -> None:
    """Refuse before touching any destination: no pg_dump, or one older than the server."""
    try:
        pg_dump.check_tool(url, "pg_dump")
    except pg_dump.ToolError as exc:
        raise tool_error(exc) from exc


@dataclass(frozen=True)
class Dumped:
    """A dump made in one backup place during this run: the others get a copy of it."""

    file: Path
    manifest: Manifest


def dumped(destination: str | Path, manifest: Manifest) -> Dumped:
    return Dumped(Repository(destination).root / "data" / manifest.id / DUMP, manifest)


def create_snapshot(
    url: str,
    destination: str | Path,
    *,
    reason: str,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
    copy_of: Dumped | None = None,
) -> Manifest:
    """One full snapshot: pg_dump into ``<id>.partial``, renamed when whole, manifest last.

    With ``copy_of`` the dump already made for another place is copied instead of dumping the
    server again (one pg_dump per run, not per place), and the copy's SHA-256 must be the one
    its manifest recorded."""
    started = time.perf_counter()
    repo = Repository(destination)
    repo.ensure()
    sid = new_snapshot_id("full", now)
    partial = repo.root / "data" / f"{sid}.partial"
    final = repo.root / "data" / sid
    if cancelled is not None and cancelled():
        raise SnapshotError("cancelled")
    try:
        with hold_writer_mark(repo.writer_mark(sid)):
            partial.mkdir(parents=True)
            target = partial / DUMP
            if copy_of is not None:
                facts = _copy_dump(copy_of, target)
            else:
                try:
                    facts = pg_dump.dump(url, target, cancelled)
                except pg_dump.ToolError as exc:
                    if exc.code in ("no_tool", "too_old"):
                        raise tool_error(exc) from exc
                    if exc.code == "cancelled":
                        raise SnapshotError("cancelled") from exc
                    raise SnapshotError("io", exc.detail) from exc
            with target.open("rb") as handle:
                os.fsync(handle.fileno())
            digest, size = sha256_file(target)
            if copy_of is not None and (digest, size) != (
                copy_of.manifest.pieces[0].sha256,
                copy_of.manifest.pieces[0].bytes,
            ):
                raise SnapshotError("io", f"{DUMP}: the copy differs from the dump")
            if cancelled is not None and cancelled():
                raise SnapshotError("cancelled")
            files, file_bytes = write_attachments(partial, attachments_dir(url), None, cancelled)
            fsync_dir(partial)
            os.replace(partial, final)
            fsync_dir(final.parent)
            manifest = Manifest(
                id=sid,
                kind="full",
                parent=None,
                created=clock.stamp(now),
                reason=reason,
                app_version=__version__,
                schema_version=facts["schema_version"],
                page_size=0,
                page_count=0,
                db_bytes=pg_dump.database_bytes(url),
                row_counts=facts["row_counts"],
                audit_head=facts["audit_head"],
                audit_entries=facts["audit_entries"],
                latest_invoice=facts["latest_invoice"],
                pieces=[Piece(DUMP, digest, size)],
                attachments=files,
                bytes_written=size + file_bytes,
                seconds=0.0,
                engine=ENGINE,
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


def _copy_dump(source: Dumped, target: Path) -> dict[str, Any]:
    """The dump copied, and what the dump's manifest says of the ledger it holds."""
    shutil.copyfile(source.file, target)
    m = source.manifest
    return {
        "schema_version": m.schema_version,
        "row_counts": m.row_counts,
        "audit_head": m.audit_head,
        "audit_entries": m.audit_entries,
        "latest_invoice": m.latest_invoice,
    }


def _compare(facts: dict[str, Any], manifest: Manifest) -> list[str]:
    problems = []
    if facts["row_counts"] != manifest.row_counts:
        differ = sorted(
            t
            for t in set(facts["row_counts"]) | set(manifest.row_counts)
            if facts["row_counts"].get(t) != manifest.row_counts.get(t)
        )
        problems.append(f"row counts differ: {', '.join(differ[:5])}")
    if facts["audit_head"] != manifest.audit_head:
        problems.append("audit head differs")
    return problems


def _restore_into(
    repo: Repository,
    manifest: Manifest,
    url: str,
    checked: PieceCheck | None,
    cancelled: Cancelled | None = None,
) -> list[str]:
    """Re-hash the pieces, then pg_restore the dump into the empty database ``url``."""
    checker = checked or PieceCheck(repo)
    problems = checker.check_manifest(manifest)
    if problems:
        # Named as such: the dump's bytes are not those the manifest's SHA-256 vouches for.
        return [f"{p} (SHA-256)" if p.endswith("changed") else p for p in problems]
    try:
        pg_dump.restore(url, repo.root / "data" / manifest.id / DUMP, cancelled=cancelled)
    except pg_dump.ToolError as exc:
        if exc.code in ("no_tool", "too_old"):
            raise tool_error(exc) from exc
        if exc.code == "cancelled":
            raise SnapshotError("cancelled") from exc
        return [f"{manifest.id}/{DUMP}: {exc.detail}"]
    folder = attachments_dir(url)
    if manifest.attachments:
        restore_attachments(repo, manifest, folder)
    return []


def verify_snapshot(
    repo: Repository,
    sid: str,
    *,
    checked: PieceCheck | None = None,
    cancelled: Cancelled | None = None,
) -> VerifyOutcome:
    """Re-hash, pg_restore into a scratch database, compare row counts and audit head, drop."""
    started = time.perf_counter()
    try:
        manifest = repo.load(sid)
    except SnapshotError as exc:
        return VerifyOutcome(sid, False, [f"{sid}.json: {exc.code}"], 0.0)
    try:
        problems, _facts = _scratch_check(repo, manifest, checked, cancelled)
    except ServiceError as exc:  # no server to restore into, or no usable pg_restore: said so
        problems = [str(exc.message)]
    return VerifyOutcome(sid, not problems, problems, time.perf_counter() - started)


def _scratch_check(
    repo: Repository,
    manifest: Manifest,
    checked: PieceCheck | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[list[str], dict[str, Any]]:
    url = _server_url()
    name = pg_dump.scratch_name(pg_dump.db_name(url))
    try:
        scratch = pg_dump.create_database(url, name)
    except pg_dump.ToolError as exc:
        return [f"scratch database: {exc.detail}"], {}
    try:
        problems = _restore_into(repo, manifest, scratch, checked, cancelled)
        facts: dict[str, Any] = {}
        if not problems:
            facts = pg_dump.describe_url(scratch)
            problems = _compare(facts, manifest)
        return problems, facts
    finally:
        pg_dump.drop_database(url, name)


def _server_url() -> str:
    if database.obj is None or not hasattr(database.obj, "connect_params"):
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "这是 PostgreSQL 台账的备份：请在连接 PostgreSQL 台账时校验或恢复它"
            )
        )
    from invoicedesk.store.database import is_sqlite

    if is_sqlite(database.obj):
        raise ServiceError(
            QT_TRANSLATE_NOOP(
                "Service", "这是 PostgreSQL 台账的备份：请在连接 PostgreSQL 台账时校验或恢复它"
            )
        )
    return live_url()


def drill(
    repo: Repository, sid: str, cancelled: Cancelled | None = None
) -> tuple[list[str], dict[str, Any], float]:
    """A restore drill: as verification (scratch database, compared, dropped)."""
    started = time.perf_counter()
    problems, facts = _scratch_check(repo, repo.load(sid), None, cancelled)
    return problems, facts, time.perf_counter() - started


def restored_name(url: str, now: datetime | None = None) -> str:
    stamp = (now or clock.now()).astimezone(SHOP_TZ).strftime("%Y%m%d_%H%M%S")
    return pg_dump.new_name(pg_dump.db_name(url), f"restored_{stamp}")


def restore_new(
    repo: Repository, sid: str, name: str | None = None, cancelled: Cancelled | None = None
) -> tuple[str, list[str], dict[str, Any], float]:
    """Restore into a NEW database (``name``, or the live one's name + a local timestamp).

    Returns its URL (without the password), the problems, describe() of it, the seconds."""
    started = time.perf_counter()
    manifest = repo.load(sid)
    url = _server_url()
    chosen = (name or "").strip()
    if "/" in chosen:
        chosen = pg_dump.db_name(chosen)
    # A name the user gave must be new; a derived one takes the next free number.
    tries = [chosen] if chosen else [restored_name(url)]
    if not chosen:
        tries += [pg_dump.new_name(tries[0], str(n)) for n in range(2, 100)]
    made = ""
    for i, candidate in enumerate(tries):
        try:
            target = pg_dump.create_database(url, candidate)
            made = candidate
            break
        except pg_dump.ToolError as exc:
            if exc.code != "exists" or i == len(tries) - 1:
                raise tool_error(exc) from exc
    try:
        problems = _restore_into(repo, manifest, target, None, cancelled)
    except BaseException:
        pg_dump.drop_database(url, made)
        raise
    if problems:  # a database that did not restore whole is no use to anyone: not left behind
        pg_dump.drop_database(url, made)
        return "", problems, {}, time.perf_counter() - started
    facts = pg_dump.describe_url(target)
    problems = _compare(facts, manifest)
    return redact(target), problems, facts, time.perf_counter() - started
