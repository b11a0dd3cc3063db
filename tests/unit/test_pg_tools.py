"""Finding pg_dump / pg_restore: PATH first, else the newest /usr/lib/postgresql/N/bin."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from invoicedesk.store import pg_dump


def _fake(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return tool


def test_path_first_then_the_newest_installed_major(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = tmp_path / "lib" / "postgresql"
    _fake(lib / "13" / "bin", "pg_dump", "13.16")
    newest = _fake(lib / "16" / "bin", "pg_dump", "16.4 (Debian 16.4-1)")
    _fake(lib / "9" / "bin", "pg_dump", "9.6.24")
    monkeypatch.setattr(pg_dump, "TOOL_FOLDERS", str(lib / "*" / "bin"))
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert pg_dump.find_tool("pg_dump") == pg_dump.Tool(str(newest), 16, "16.4")

    on_path = _fake(tmp_path / "bin", "pg_dump", "15.20")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert pg_dump.find_tool("pg_dump") == pg_dump.Tool(str(on_path), 15, "15.20")

    with pytest.raises(pg_dump.ToolError) as missing:
        pg_dump.find_tool("pg_restore")
    assert missing.value.code == "no_tool"


def test_derived_names_stay_within_postgresql_limits() -> None:
    name = pg_dump.new_name("x" * 80, "restored_20270101_003000")
    assert len(name) == 63 and name.endswith("_restored_20270101_003000")
    url = "postgresql://shop:p%40ss@db.example:5433/ledger?sslmode=require"
    assert pg_dump.db_name(url) == "ledger"
    assert pg_dump.with_name(url, "other").endswith("@db.example:5433/other?sslmode=require")
    assert ":p%40ss@" not in pg_dump.no_password(url)
    assert pg_dump._env(url)["PGPASSWORD"] == "p@ss"


def test_the_open_ledger_gives_back_its_url_for_the_tools() -> None:
    from invoicedesk.services import pg_backups
    from invoicedesk.store.database import make_database
    from invoicedesk.store.models import database

    url = "postgresql://shop:p%40ss@db.example:5433/ledger?sslmode=require"
    before = database.obj
    database.initialize(make_database(url))  # not connected: only its parameters are read
    try:
        assert pg_backups.live_url() == url
    finally:
        database.initialize(before)
