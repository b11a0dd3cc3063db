"""Backups of a PostgreSQL ledger on the real server: pg_dump into the same layout, verified by
restoring into a scratch database, restored into a NEW database, drilled; an old pg_dump refused.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from invoicedesk.core import clock
from invoicedesk.exchange.snapshot_manifest import (
    REPO_DIR,
    Piece,
    SnapshotError,
    sha256_file,
    write_atomic,
)
from invoicedesk.exchange.snapshot_repository import Repository
from invoicedesk.services import (
    backup_restore,
    backup_runs,
    backup_views,
    invoices,
    ledger_switch,
    pg_backups,
    startup,
)
from invoicedesk.services.errors import ServiceError
from invoicedesk.store import audit, migrations, pg_dump
from invoicedesk.store.database import StoreError, close_database, open_database
from invoicedesk.store.models import AuditEntry, Invoice
from tests.cli_runner import Run, cli_runner
from tests.factories import draft, number

pytestmark = pytest.mark.postgres


@pytest.fixture
def run(pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_runner(pg_url, "值班", capsys, monkeypatch)


@pytest.fixture
def usb(tmp_path: Path, run: Run) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert run("init", "--company", "演示商店", "--tax-id", "91110108551385082Q")[0] == 0
    assert run("demo", "--invoices", "300")[0] == 0
    code, _out, err = run("backup", "destination", "add", str(folder))
    assert (code, err) == (0, ""), err
    return folder


def _databases(pg_url: str) -> set[str]:
    """This test's database and those named after it (others' come and go meanwhile)."""
    conn = psycopg2.connect(pg_dump.with_name(pg_url, "postgres"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database")
            mine = pg_dump.db_name(pg_url)
            return {str(r[0]) for r in cur.fetchall() if str(r[0]).startswith(mine)}
    finally:
        conn.close()


@pytest.fixture
def created(pg_url: str) -> Iterator[list[str]]:
    """Databases a test's restore creates; dropped afterwards."""
    names: list[str] = []
    yield names
    close_database()
    for name in names:
        pg_dump.drop_database(pg_url, name)


def _dump(usb: Path, sid: str) -> Path:
    return usb / REPO_DIR / "data" / sid / pg_backups.DUMP


def test_run_then_verify_list_and_drill(run: Run, usb: Path, pg_url: str) -> None:
    before = _databases(pg_url)
    code, out, err = run("backup", "run", "--json")
    assert (code, err) == (0, ""), err
    [dest] = json.loads(out)["destinations"]
    sid = dest["snapshot"]["id"]
    assert dest["ok"] and dest["snapshot"]["kind"] == "full" and dest["snapshot"]["invoices"] == 300
    manifest = Repository(usb).load(sid)
    assert manifest.engine == "postgresql" and [p.path for p in manifest.pieces] == ["dump.pgc"]
    assert _dump(usb, sid).read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert manifest.row_counts["invoice"] == 300 and manifest.audit_entries > 0

    code, out, _ = run("backup", "list", "--json")
    assert code == 0 and [v["id"] for v in json.loads(out)] == [sid]
    code, out, err = run("backup", "verify", "--json")
    assert code == 0, out + err
    [result] = json.loads(out)["results"]
    assert result["ok"] and result["snapshot"] == sid
    code, out, err = run("backup", "drill", "--json")
    assert code == 0, out + err
    drilled = json.loads(out)
    assert drilled["ok"] and drilled["row_counts"]["invoice"] == 300
    assert drilled["audit_head"] == manifest.audit_head
    assert _databases(pg_url) == before  # the scratch databases were dropped


def test_a_flipped_byte_in_the_dump_is_named(run: Run, usb: Path, pg_url: str) -> None:
    code, out, _ = run("backup", "run", "--json")
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    dump = _dump(usb, sid)
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    code, out, _ = run("backup", "verify", "--json")
    assert code == 1
    [result] = json.loads(out)["results"]
    assert not result["ok"]
    assert result["problems"] == [f"{sid}/dump.pgc: changed (SHA-256)"]
    code, out, _err = run("backup", "verify")
    assert code == 1 and "损坏" in out and "dump.pgc" in out


def test_a_dump_pg_restore_cannot_read_is_named(run: Run, usb: Path, pg_url: str) -> None:
    """The manifest vouches for a cut dump (as if cut before hashing): pg_restore says so."""
    code, out, _ = run("backup", "run", "--json")
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    dump = _dump(usb, sid)
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    repo = Repository(usb)
    manifest = repo.load(sid)
    digest, size = sha256_file(dump)
    manifest.pieces = [Piece("dump.pgc", digest, size)]
    write_atomic(repo.manifest_path(sid), json.dumps(manifest.to_json()).encode())
    before = _databases(pg_url)
    code, out, _ = run("backup", "verify", "--json")
    assert code == 1
    [result] = json.loads(out)["results"]
    assert not result["ok"] and result["problems"][0].startswith(f"{sid}/dump.pgc: pg_restore")
    assert _databases(pg_url) == before


def test_restore_makes_a_new_database_with_the_same_invoices(
    run: Run, usb: Path, pg_url: str, created: list[str]
) -> None:
    open_database(pg_url, actor="tester")
    numbers = sorted(i.number for i in Invoice.select(Invoice.number))
    head = audit.head()  # the backup's own audit entry comes after its dump
    close_database()
    assert len(numbers) == 300
    code, out, _ = run("backup", "run", "--json")
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]

    code, out, err = run("backup", "restore", sid, "--json")
    assert code == 0, out + err
    restored = json.loads(out)
    url = restored["path"]
    name = pg_dump.db_name(url)
    created.append(name)
    assert restored["ok"] and name.startswith(pg_dump.db_name(pg_url) + "_restored_")
    assert url != pg_url and name in _databases(pg_url)

    open_database(url, actor="tester", migrate=False)
    assert sorted(i.number for i in Invoice.select(Invoice.number)) == numbers
    report = audit.verify()
    assert report.ok and audit.head() == head
    close_database()

    # Never over an existing database: the same name again is refused, nothing changed.
    code, _out, err = run("backup", "restore", sid, "--to", name)
    assert code != 0 and "已存在" in err
    code, out, err = run("backup", "restore", sid)  # the text form tells the URL
    assert code == 0 and "已恢复到新数据库：postgresql://" in out
    created.append(pg_dump.db_name(out.split("：", 1)[1].splitlines()[0].strip()))


def test_two_places_get_one_dump_copied_and_both_verify(
    run: Run, usb: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pg_dump per run: the second place gets a copy, its SHA-256 checked."""
    real = pg_dump.find_tool("pg_dump").path
    calls = tmp_path / "pg_dump_calls"
    wrapper = tmp_path / "bin" / "pg_dump"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\ncase "$1" in --version) ;; *) echo dump >> "{calls}" ;; esac\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    second = tmp_path / "nas"
    second.mkdir()
    assert run("backup", "destination", "add", str(second))[0] == 0
    code, out, err = run("backup", "run", "--json")
    assert (code, err) == (0, ""), err
    first_dest, second_dest = json.loads(out)["destinations"]
    assert first_dest["ok"] and second_dest["ok"]
    assert calls.read_text().splitlines() == ["dump"]
    one = Repository(usb).load(first_dest["snapshot"]["id"])
    two = Repository(second).load(second_dest["snapshot"]["id"])
    assert one.pieces[0].sha256 == two.pieces[0].sha256
    assert two.row_counts == one.row_counts and two.audit_head == one.audit_head
    code, out, err = run("backup", "verify", "--json")
    assert code == 0, out + err
    assert [r["ok"] for r in json.loads(out)["results"]] == [True, True]


def test_a_pg_dump_older_than_the_server_is_refused(
    run: Run, usb: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    major, _text = pg_dump.server_version(pg_url)
    code, _out, err = run("backup", "run")
    assert code != 0
    assert f"{fake} 的版本 9.6 比数据库服务器的 {major}." in err
    assert f"请安装 PostgreSQL {major} 或更新版本的客户端工具" in err
    assert Repository(usb).snapshot_ids() == []

    open_database(pg_url, actor="tester")
    with pytest.raises(ServiceError, match="旧，不能用它备份"):
        backup_runs.run_backup("值班")
    # Before something risky (a month lock) the missing backup is reported, not fatal.
    [before] = backup_runs.snapshot_before("month_lock", "值班")
    assert not before.ok and before.code == "no_tool" and "旧" in before.text


def test_a_cancelled_backup_leaves_nothing(run: Run, usb: Path, pg_url: str) -> None:
    """取消 stops pg_dump (or the steps after it): no snapshot, no leftovers, earlier ones kept."""
    open_database(pg_url, actor="tester")
    [first] = backup_runs.run_backup("值班")
    assert first.ok
    calls = iter([False])  # the check before pg_dump passes; every later one cancels

    [outcome] = backup_runs.run_backup("值班", cancelled=lambda: next(calls, True))
    assert not outcome.ok and outcome.code == "cancelled"
    assert "已取消备份" in outcome.text
    repo = Repository(usb)
    assert repo.snapshot_ids() == [first.snapshot.id if first.snapshot else ""]
    assert sorted(p.name for p in (repo.root / "data").iterdir()) == repo.snapshot_ids()


def test_a_dump_copy_that_differs_is_refused_and_leaves_nothing(
    run: Run, usb: Path, pg_url: str, tmp_path: Path
) -> None:
    code, out, err = run("backup", "run", "--json")
    assert code == 0, err
    [dest] = json.loads(out)["destinations"]
    made = Repository(usb).load(dest["snapshot"]["id"])
    bad = tmp_path / "bad.pgc"
    data = bytearray(_dump(usb, made.id).read_bytes())
    data[-1] ^= 0xFF
    bad.write_bytes(bytes(data))
    other = tmp_path / "nas"
    with pytest.raises(SnapshotError):
        pg_backups.create_snapshot(
            pg_url, other, reason="manual", copy_of=pg_backups.Dumped(bad, made)
        )
    assert Repository(other).snapshot_ids() == []


def _restored(run: Run, created: list[str]) -> backup_views.RestoredView:
    _code, out, _ = run("backup", "run", "--json")
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    view = backup_restore.restore_to(sid, None, "店长")
    created.append(pg_dump.db_name(view.path))
    return view


def test_after_a_restore_and_switch_the_old_ledger_refuses_writes_and_every_start_follows(
    run: Run, usb: Path, pg_url: str, created: list[str]
) -> None:
    """Counter A restores and switches; counter B, still on the old database, must not go on
    recording where nobody reads: its next write is refused naming the new database, and the
    next start (app or command line) opens the new one."""
    open_database(pg_url, actor="店长")
    view = _restored(run, created)
    open_database(pg_url, actor="店长")  # the backup command closed it
    switched = ledger_switch.switch_to_restored(pg_url, view.path, view, "店长")
    assert pg_dump.db_name(switched.target) == pg_dump.db_name(view.path)
    close_database()

    open_database(pg_url, actor="小李")  # counter B, still on the old ledger
    before = Invoice.select().count()
    with pytest.raises(audit.LedgerReplaced) as refused:
        invoices.record_invoice(draft(901, issue_date=clock.today()), "小李")
    assert pg_dump.db_name(view.path) in str(refused.value) and "重新打开" in str(refused.value)
    assert Invoice.select().count() == before  # nothing half-written
    assert audit.verify().ok
    assert backup_runs.backup_on_exit("小李") == []  # the new database is the one backed up
    close_database()

    report = startup.open_checked(pg_url, "小李")  # B starts again: on the new database
    assert pg_dump.db_name(report.moved_to) == pg_dump.db_name(view.path)
    invoices.record_invoice(draft(902, issue_date=clock.today()), "小李")
    close_database()
    # A script's --db still names the old ledger: it follows too, and says so.
    code, out, err = run("list", "--search", number(902), "--json")
    assert code == 0 and "台账已从备份恢复为新数据库" in err, err
    assert [row["number"] for row in json.loads(out)] == [number(902)]


def test_a_switch_whose_new_database_will_not_open_leaves_the_old_ledger_writable(
    run: Run, usb: Path, pg_url: str, created: list[str]
) -> None:
    view = _restored(run, created)
    # The restored database is there but this version cannot open it (a newer schema).
    conn = psycopg2.connect(pg_dump.with_name(pg_url, pg_dump.db_name(view.path)))
    with conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (%s, 'later')",
            (migrations.LATEST + 1,),
        )
    conn.close()
    open_database(pg_url, actor="店长")
    with pytest.raises(StoreError, match="比本程序新"):
        ledger_switch.switch_to_restored(pg_url, view.path, view, "店长")
    assert audit.replaced_by() is None
    invoices.record_invoice(draft(903, issue_date=clock.today()), "店长")  # still recording here
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-3:-1] == [audit.REPLACED, audit.REPLACE_UNDONE], actions[-6:]
    assert audit.verify().ok
    close_database()
