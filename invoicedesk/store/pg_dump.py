"""PostgreSQL's own tools for backups: pg_dump (custom format) and pg_restore, and the server.

A dump is taken inside an exported snapshot: the row counts and audit head written into the
manifest are read in the same transaction pg_dump copies, so they describe exactly the dump.
Passwords go to the tools through PGPASSWORD, never on their command line.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from invoicedesk.store.backends import ledger_facts
from invoicedesk.store.database import redact

# Checked in this order after PATH (Debian/Ubuntu keep every installed major version here).
TOOL_FOLDERS = "/usr/lib/postgresql/*/bin"
MAX_NAME = 63  # PostgreSQL's identifier length


class ToolError(Exception):
    """pg_dump / pg_restore / the server refused. ``code``: no_tool, too_old, failed, server."""

    def __init__(self, code: str, detail: str = "", **params: Any) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.params = params


@dataclass(frozen=True)
class Tool:
    path: str
    major: int
    version: str  # as printed, e.g. "15.20"


def _folders() -> list[str]:
    def major(folder: str) -> int:
        found = re.search(r"/(\d+)/bin$", folder)
        return int(found.group(1)) if found else 0

    return sorted(glob.glob(TOOL_FOLDERS), key=major, reverse=True)


def find_tool(name: str) -> Tool:
    """``name`` on PATH first (what the user set up), else the newest /usr/lib/postgresql/N/bin."""
    candidates = [shutil.which(name)] + [
        str(Path(folder) / name) for folder in _folders() if (Path(folder) / name).is_file()
    ]
    for path in candidates:
        if path:
            return Tool(path, *tool_version(path))
    raise ToolError("no_tool", name, tool=name)


def tool_version(path: str) -> tuple[int, str]:
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError as exc:
        raise ToolError("no_tool", f"{path}: {exc}", tool=path) from exc
    found = re.search(r"(\d+)(?:\.(\d+))?", out)
    if not found:
        raise ToolError("no_tool", f"{path} --version: {out.strip()}", tool=path)
    return int(found.group(1)), found.group(0)


# ------------------------------------------------------------------ the server


def db_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/")) or "postgres"


def with_name(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    return parts._replace(path="/" + name).geturl()


def _password(url: str) -> str | None:
    parts = urlsplit(url)
    return unquote(parts.password) if parts.password else None


def no_password(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@")).geturl()


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    password = _password(url)
    if password is not None:
        env["PGPASSWORD"] = password
    return env


def connect(url: str) -> Any:
    import psycopg2  # the optional "postgres" extra: imported only for a PostgreSQL ledger

    try:
        return psycopg2.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=10)
    except psycopg2.Error as exc:
        raise ToolError("server", _first_line(exc), target=redact(url)) from exc


@contextlib.contextmanager
def admin(url: str) -> Iterator[Any]:
    """An autocommit connection to the server's maintenance database (CREATE / DROP DATABASE)."""
    conn = connect(with_name(url, "postgres"))
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def server_version(url: str) -> tuple[int, str]:
    """(major, as shown) from ``SHOW server_version_num`` (150020 -> 15)."""
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version_num")
            num = int(cur.fetchone()[0])
    finally:
        conn.close()
    major = num // 10000
    return major, f"{major}.{num % 10000}"


def check_tool(url: str, name: str) -> Tool:
    """The tool, refused when it is older than the server (pg_dump cannot read a newer one)."""
    tool = find_tool(name)
    server_major, server_text = server_version(url)
    if tool.major < server_major:
        raise ToolError(
            "too_old",
            f"{tool.path} {tool.version} < server {server_text}",
            tool=tool.path,
            version=tool.version,
            server=server_text,
        )
    return tool


def database_bytes(url: str) -> int:
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def create_database(url: str, name: str) -> str:
    """A new, empty database beside ``url``'s; refused when one of that name exists."""
    import psycopg2

    with admin(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone():
            raise ToolError("exists", name, name=name)
        try:
            cur.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE template0 ENCODING 'UTF8'")
        except psycopg2.Error as exc:
            raise ToolError("server", _first_line(exc), target=name) from exc
    return with_name(url, name)


def drop_database(url: str, name: str) -> None:
    with admin(url) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def new_name(base: str, suffix: str) -> str:
    """``base_suffix`` cut to PostgreSQL's 63 characters (the suffix kept whole)."""
    keep = MAX_NAME - len(suffix) - 1
    return f"{base[:keep]}_{suffix}"


def scratch_name(base: str) -> str:
    return new_name(base, f"verify_{uuid.uuid4().hex[:10]}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ------------------------------------------------------------------ describing a ledger


def describe(cur: Any) -> dict[str, Any]:
    """Row counts, audit head, schema version and latest invoice, as snapshot_source.describe
    gives for SQLite (same keys), read through ``cur`` (inside the dump's snapshot when dumping)."""
    cur.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [str(r[0]) for r in cur.fetchall()]

    def one(sql: str) -> Any:
        cur.execute(sql)
        return cur.fetchone()

    return ledger_facts(tables, one)


def describe_url(url: str) -> dict[str, Any]:
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            return describe(cur)
    finally:
        conn.close()


# ------------------------------------------------------------------ dump and restore


def dump(url: str, target: Path, cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """``pg_dump -Fc`` of ``url`` into ``target``; returns describe() of the very same state."""
    tool = check_tool(url, "pg_dump")
    conn = connect(url)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = str(cur.fetchone()[0])
            facts = describe(cur)
            _run(
                [tool.path, "-Fc", f"--snapshot={snapshot}", "-f", str(target), "-d"],
                url,
                "pg_dump",
                cancelled,
            )
        conn.rollback()
    finally:
        conn.close()
    return facts


def restore(
    url: str, source: Path, jobs: int = 2, cancelled: Callable[[], bool] | None = None
) -> None:
    """``pg_restore`` a custom-format dump into the (new, empty) database ``url``."""
    tool = check_tool(url, "pg_restore")
    _run(
        [tool.path, "--no-owner", "--exit-on-error", f"--jobs={jobs}", str(source), "-d"],
        url,
        "pg_restore",
        cancelled,
    )


def _run(args: list[str], url: str, name: str, cancelled: Callable[[], bool] | None = None) -> None:
    """Run a tool to its end, or stop it when ``cancelled`` says so (checked 5 times a second).
    Its messages go to a file: a pipe nobody reads while waiting could fill and stall it."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors:
        try:
            proc = subprocess.Popen(
                [*args, no_password(url)],
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=_env(url),
            )
        except OSError as exc:
            raise ToolError("failed", f"{name}: {exc}", tool=name) from exc
        while True:
            try:
                code = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancelled is not None and cancelled():
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
                    raise ToolError("cancelled", name, tool=name) from None
        if code != 0:
            errors.seek(0)
            lines = [ln for ln in errors.read().strip().splitlines() if ln.strip()]
            detail = "; ".join(lines[:3]) or f"exit {code}"
            raise ToolError("failed", f"{name}: {detail}", tool=name)
