"""Change notices across processes: what one process commits, another hears (issue 14).

Real processes on one SQLite file and on the real PostgreSQL: ``changes --follow --json`` prints
each commit of a writer process as one JSON object, and ends with exit 0 on Ctrl+C (SIGINT).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.services import company
from invoicedesk.services.invoices import record_invoice
from invoicedesk.store import change_feed
from invoicedesk.store.database import close_database, open_database
from tests.environment import child_pythonpath
from tests.factories import draft

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": child_pythonpath()}
# Records invoices numbered from argv[2], one per line read on stdin; prints each id.
WRITER = """
import sys
from invoicedesk.core import clock
from invoicedesk.services.invoices import record_invoice
from invoicedesk.store.database import open_database
from tests.factories import draft
open_database(sys.argv[1], actor="writer")
print("ready", flush=True)
seq = int(sys.argv[2])
for _line in sys.stdin:
    view = record_invoice(draft(seq, issue_date=clock.today()), "柜台A")
    print(view.id, flush=True)
    seq += 1
"""


class Lines:
    """A process's output lines, readable with a timeout."""

    def __init__(self, stream: object) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.queue.put(line.rstrip("\n"))

    def next(self, timeout: float = 20.0) -> str:
        return self.queue.get(timeout=timeout)


def finish(proc: subprocess.Popen[str], *readers: Lines) -> None:
    """Wait for the process, then close its pipes once their readers have seen the end."""
    proc.wait(30)
    for reader in readers:
        reader.thread.join(10)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None and not stream.closed:
            stream.close()


def writer(target: str, first: int) -> tuple[subprocess.Popen[str], Lines]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, target, str(first)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    out = Lines(proc.stdout)
    assert out.next(60) == "ready", proc.stderr.read() if proc.stderr else ""
    return proc, out


def record_in(proc: subprocess.Popen[str], out: Lines) -> int:
    """Ask the writer process for one invoice; its id once committed."""
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    return int(out.next())


@pytest.fixture
def ledger(db_target: str) -> str:
    open_database(db_target, actor="tester")
    company.set_company("演示商店", "91110108551385082Q", "tester")
    close_database()
    return db_target


def test_a_write_notes_what_it_changed(db: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    view = record_invoice(draft(1, issue_date=clock.today()), "张三")
    assert change_feed.take().is_empty()  # nobody collects on this thread: nothing kept
    change_feed.collect()
    try:
        view = record_invoice(draft(2, issue_date=clock.today()), "张三")
        changes = change_feed.take()
        assert changes.invoices == (view.id,)
        assert changes.by == "张三"
        assert change_feed.take().is_empty()  # taken once
    finally:
        change_feed._local.collecting = False


def test_follow_prints_each_commit_of_another_process_and_ends_on_ctrl_c(ledger: str) -> None:
    follow = subprocess.Popen(
        [sys.executable, "-m", "invoicedesk", "--db", ledger, "changes", "--follow", "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        err = Lines(follow.stderr)
        assert "Ctrl+C" in err.next(60)  # listening
        out = Lines(follow.stdout)
        proc, ids = writer(ledger, 1)
        try:
            seen: list[int] = []
            for _ in range(3):
                invoice_id = record_in(proc, ids)
                began = time.monotonic()
                notice = json.loads(out.next(5))
                assert time.monotonic() - began < 1.0
                assert notice["invoices"] == [invoice_id]
                assert notice["by"] == "柜台A"
                assert notice["at"]
                assert notice["reload"] is False
                assert {"requests", "periods", "incidents", "cases", "settings"} <= set(notice)
                seen.append(invoice_id)
            assert len(set(seen)) == 3
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
            finish(proc, ids)
        follow.send_signal(signal.SIGINT)
        assert follow.wait(20) == 0
        finish(follow, out, err)
        rest = list(err.queue.queue)
        assert not any("Traceback" in line for line in rest), rest
    finally:
        if follow.poll() is None:
            follow.kill()
            finish(follow)


def test_follow_without_follow_is_bad_input(ledger: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", ledger, "changes", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--follow" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sqlite_watcher_hears_another_connection_but_not_its_own(tmp_path: Path) -> None:
    target = str(tmp_path / "ledger.sqlite")
    open_database(target, actor="tester")
    try:
        watcher = change_feed.SqliteWatcher(target)
        assert watcher.poll() is None  # nothing committed elsewhere
        company.set_company("演示商店", "91110108551385082Q", "tester")
        change_feed.discard()
        assert watcher.poll() is None  # our own write: announced by the worker, not twice
        proc, ids = writer(target, 1)
        try:
            invoice_id = record_in(proc, ids)
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
            finish(proc, ids)
        heard = watcher.poll()
        assert heard is not None
        assert heard.invoices == (invoice_id,)
        assert heard.by == "柜台A"
        assert watcher.poll() is None
    finally:
        close_database()


@pytest.mark.postgres
def test_postgres_notice_is_sent_only_when_the_write_commits(pg_url: str, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    open_database(pg_url, actor="tester")
    listener = change_feed.PgListener(pg_url, include_own=True)
    try:
        from invoicedesk.store.models import database

        with pytest.raises(RuntimeError), database.atomic():
            record_invoice(draft(1, issue_date=clock.today()), "张三")
            raise RuntimeError("rolled back")
        assert listener.wait(0.3) == []  # the rolled-back write said nothing
        view = record_invoice(draft(2, issue_date=clock.today()), "张三")
        heard = listener.wait(5)
        assert [c.invoices for c in heard] == [(view.id,)]
        assert heard[0].origin == change_feed.ORIGIN
        assert change_feed.PgListener(pg_url).wait(0.1) == []  # own notices skipped by default
    finally:
        listener.close()
        close_database()


def test_a_notice_too_large_for_notify_says_reload() -> None:
    big = Changes(invoices=tuple(range(1, 5000)), by="demo", at="2026-01-01T00:00:00+08:00")
    text = big.to_json(limit=7000)
    assert len(text.encode()) < 8000
    small = Changes.from_json(text)
    assert small.reload and not small.invoices and small.by == "demo"
    assert Changes.from_json(big.to_json()) == big
