"""Health checks run against the real database and a real loopback server, each logged."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest

from invoicedesk.services.company import put_setting
from invoicedesk.services.system_checks import (
    PLATFORM_ADDRESS_KEY,
    check_platform,
    recent_checks,
    run_checks,
)
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry


def test_all_checks_pass_on_a_healthy_database(db: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        put_setting(PLATFORM_ADDRESS_KEY, f"https://127.0.0.1:{port}/", "管理员")
        results = run_checks(source="dashboard", actor="张三")
    by_name = {r.name: r for r in results}
    assert set(by_name) == {"database", "audit_chain", "disk_space", "platform"}
    assert all(r.ok for r in results), [r.text for r in results]
    logged = recent_checks()
    assert [c.name for c in logged] == ["platform", "disk_space", "audit_chain", "database"]
    assert all(c.source == "dashboard" and c.actor == "张三" for c in logged)
    assert AuditEntry.select().where(AuditEntry.action == "check.run").count() == 4


def test_unreachable_or_missing_platform_address_fails_with_a_reason(db: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    ok, message = check_platform(f"127.0.0.1:{port}", timeout=1)
    assert not ok and str(port) in str(message)
    [result] = run_checks(["platform"], actor="张三")
    assert not result.ok and "未设置" in result.text


def test_a_damaged_sqlite_file_fails_the_database_check(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    open_database(path)
    close_database()
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'invoice'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:  # scribble over the invoice table's root page
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 64)
    open_database(path, migrate=False)
    try:
        [result] = run_checks(["database"], actor="张三")
    except Exception as exc:  # the log itself may be unwritable in a broken file
        pytest.fail(f"the check must report, not raise: {exc!r}")
    finally:
        close_database()
    assert not result.ok and "损坏" in result.text
