"""A closed stdout (``invoicedesk … | head``) ends a command quietly, in a real process and pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from invoicedesk.cli import EXIT_READER_GONE
from invoicedesk.services import demo
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 invoices: ``list`` prints far more than a pipe holds (64 KiB)."""
    path = tmp_path_factory.mktemp("pipe") / "ledger.sqlite"
    open_database(str(path), actor="tester")
    try:
        set_company("北京演示餐饮有限公司", "91110000802100433B", "tester")
        demo.generate(3000, "tester", months=2)
    finally:
        close_database()
    return path


def _cli(ledger: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "invoicedesk", "--db", str(ledger), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("args", [["list"], ["list", "--json"]], ids=["list", "list-json"])
def test_a_reader_that_stops_early_ends_the_command_quietly(ledger: Path, args: list[str]) -> None:
    """As ``| head -1``: one line read, then the pipe closed while the command still writes
    (it is blocked on the full pipe, so the write that fails is certain, not a race)."""
    with _cli(ledger, *args) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        assert first.strip()  # it was writing
        process.stdout.close()
        err = process.stderr.read().decode()
        assert process.wait(timeout=60) == EXIT_READER_GONE
    assert err == ""  # no 文件错误, no traceback, no "Exception ignored" at shutdown


def test_output_still_buffered_when_the_reader_has_gone(ledger: Path) -> None:
    """A short answer sits in stdout's buffer until the end: the pipe is closed before it is
    written, so the failing write is the last flush (where Python would print "Exception
    ignored … BrokenPipeError" at shutdown)."""
    with _cli(ledger, "audit", "verify", "--json") as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # no one will ever read
        err = process.stderr.read().decode()
        assert process.wait(timeout=60) == EXIT_READER_GONE
    assert err == ""


def test_a_reader_that_reads_everything_changes_nothing(ledger: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", str(ledger), "list", "--json"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.count(b'"number"') == 3000
