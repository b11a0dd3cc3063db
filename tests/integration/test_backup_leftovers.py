"""What a killed backup leaves, and snapshots that vanish: named, cleaned, exit codes as documented.

The crash test runs ``backup run`` as a real process and SIGKILLs it at random moments: no
partial snapshot is ever listed, and the next run removes what the killed ones left.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from invoicedesk.cli import main
from invoicedesk.exchange.snapshot_repository import (
    Repository,
    hold_writer_mark,
    new_snapshot_id,
)
from invoicedesk.store.database import close_database

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return tmp_path / "shop" / "ledger.sqlite"


@pytest.fixture
def run(ledger: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(ledger), "--user", "值班", *args])
        finally:
            close_database()
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def _shop(run: Run, usb: Path, invoices: int) -> None:
    usb.mkdir()
    assert run("init", "--company", "演示商店", "--tax-id", "91110108551385082Q")[0] == 0
    assert run("demo", "--invoices", str(invoices))[0] == 0
    assert run("backup", "destination", "add", str(usb))[0] == 0


def test_a_deleted_manifest_is_named_by_verify_check_and_restore(run: Run, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    _shop(run, usb, 120)
    assert run("backup", "run", "--full")[0] == 0
    code, out, _ = run("backup", "run", "--incremental", "--json")
    assert code == 0
    newest = json.loads(out)["destinations"][0]["snapshot"]["id"]
    assert run("backup", "drill")[0] == 0
    assert run("check")[1].count("正常  备份") == 1

    Repository(usb).manifest_path(newest).unlink()

    code, out, _ = run("backup", "verify", "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    [lost] = [r for r in report["results"] if not r["ok"]]
    assert lost["snapshot"] == newest and "清单文件不见了" in lost["problems"][0]
    code, out, _ = run("backup", "verify")
    assert code == 1 and f"损坏 1 个：{newest}" in out
    code, out, _ = run("check", "--json")
    [backups] = [c for c in json.loads(out)["checks"] if c["name"] == "backups"]
    assert code == 1 and not backups["ok"] and newest in backups["detail"]
    code, out, err = run("backup", "restore", newest, "--to", str(tmp_path / "new.sqlite"))
    assert (code, out) == (1, "") and "清单文件已不在" in err and newest in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "new.sqlite").exists()


def test_restoring_a_damaged_manifest_says_damaged_and_exits_1(run: Run, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    _shop(run, usb, 60)
    code, out, _ = run("backup", "run", "--json")
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    manifest = Repository(usb).manifest_path(sid)
    manifest.write_bytes(manifest.read_bytes().replace(b'"kind"', b'"kinX"', 1))
    code, out, _ = run("backup", "verify")
    assert code == 1 and sid in out
    code, out, err = run("backup", "restore", sid, "--to", str(tmp_path / "new.sqlite"))
    assert (code, out) == (1, "") and "已损坏" in err and "找不到" not in err
    code, _, err = run("backup", "restore", "20260101T000000000Z-full", "--to", str(tmp_path / "x"))
    assert code == 2 and "找不到备份" in err  # an unknown id stays bad input


def test_a_snapshot_being_written_by_another_process_is_left_alone(tmp_path: Path) -> None:
    repo = Repository(tmp_path)
    repo.ensure()
    sid = new_snapshot_id("full")
    partial = repo.root / "data" / f"{sid}.partial"
    partial.mkdir()
    (partial / "pack-0000.bin").write_bytes(b"x" * 1000)
    mark = repo.writer_mark(sid)
    fd = os.open(mark, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert repo.clean_partial() == []
        assert partial.is_dir() and mark.exists()
    finally:
        os.close(fd)  # the writer is gone: its lock went with it
    assert repo.clean_partial() == [partial.name]
    assert not partial.exists() and not mark.exists()


# A process that deletes a snapshot (retention, after each backup) and is killed once the manifest
# is gone but before the data is: SIGKILL at the start of the data's removal, not at a random time.
_KILLED_DELETE = """
import os, shutil, signal, sys
from invoicedesk.exchange.snapshot_repository import Repository

def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

shutil.rmtree = killed
Repository(sys.argv[1]).delete(sys.argv[2])
"""


def test_a_delete_killed_halfway_is_cleaned_up_by_the_next_run(run: Run, tmp_path: Path) -> None:
    """Retention deletes the manifest, then the data: a kill in between left an unlisted folder
    without a writer mark, which the age rule kept for an hour (the rare CI failure of the test
    below). The deleter holds a mark like a writer, so its leftovers go at the next run."""
    usb = tmp_path / "usb"
    _shop(run, usb, 60)
    code, out, _ = run("backup", "run", "--full", "--json")
    assert code == 0
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    repo = Repository(usb)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_DELETE, str(usb), sid], capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert sid not in repo.snapshot_ids() and (repo.root / "data" / sid).is_dir()

    assert repo.clean_partial() == [sid]
    assert _leftovers(usb) == []


def test_a_dead_mark_beside_a_finished_snapshot_is_removed(run: Run, tmp_path: Path) -> None:
    """A writer killed after its manifest was written, before it let go of its mark: the
    snapshot is whole and stays; the mark nobody holds goes."""
    usb = tmp_path / "usb"
    _shop(run, usb, 60)
    code, out, _ = run("backup", "run", "--full", "--json")
    assert code == 0
    sid = json.loads(out)["destinations"][0]["snapshot"]["id"]
    repo = Repository(usb)
    repo.writer_mark(sid).touch()
    assert repo.clean_partial() == []
    assert repo.snapshot_ids() == [sid] and _leftovers(usb) == []


def test_a_writer_never_holds_a_mark_the_clean_up_removed(tmp_path: Path) -> None:
    """The clean-up removes an unheld mark while holding its lock; a writer that opened the file
    just before and gets the lock after it was removed takes a new one, else its leftovers would
    have no mark (and wait an hour)."""
    repo = Repository(tmp_path)
    repo.ensure()
    sid = new_snapshot_id("full")
    mark = repo.writer_mark(sid)
    cleaner = os.open(mark, os.O_RDWR | os.O_CREAT)
    fcntl.flock(cleaner, fcntl.LOCK_EX)  # the clean-up found the mark unheld and took it
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with hold_writer_mark(mark):  # opens the same file, then waits for the lock
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.2)  # the writer is waiting in flock on the old file
        assert not holding.is_set()
        mark.unlink()
        os.close(cleaner)
        assert holding.wait(10)
        (repo.root / "data" / f"{sid}.partial").mkdir()
        assert mark.exists() and repo.clean_partial() == []  # a live writer's: left alone
    finally:
        release.set()
        thread.join()
    assert not mark.exists()  # let go of as a finished writer does


def _cli(ledger: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "invoicedesk", "--db", str(ledger), "--user", "值班", *args]


def _leftovers(usb: Path) -> list[str]:
    repo = Repository(usb)
    data = repo.root / "data"
    listed = set(repo.snapshot_ids())
    return sorted(p.name for p in data.iterdir() if p.name not in listed) if data.is_dir() else []


def test_killed_backups_are_never_listed_and_the_next_run_cleans_up(
    run: Run, ledger: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    _shop(run, usb, 40_000)
    close_database()
    started = time.perf_counter()
    done = subprocess.run(
        _cli(ledger, "backup", "run", "--full", "--json"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    whole = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    rng = random.Random(12)
    data = Repository(usb).root / "data"
    for attempt in range(6):
        proc = subprocess.Popen(
            _cli(ledger, "backup", "run", "--full"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The last attempt is killed while its packs are being written, so that a partial
        # folder is certainly left for the next run to clean up.
        if attempt % 2 == 0:  # at any moment of the run (possibly before it wrote anything)
            deadline = time.perf_counter() + rng.uniform(0.2, 1.0) * whole
            while time.perf_counter() < deadline and proc.poll() is None:
                time.sleep(0.01)
        else:  # while the packs are being written
            while proc.poll() is None and not any(data.glob("*.partial")):
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        listed = json.loads(
            subprocess.run(
                _cli(ledger, "backup", "list", "--json"),
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout
        )
        # Whatever is listed is whole: a killed run is either absent or complete.
        assert not any(v["damaged"] for v in listed)
        assert {v["id"] for v in listed} <= {p.name for p in data.iterdir()}
    assert any(p.endswith(".partial") for p in _leftovers(usb)), _leftovers(usb)

    code, out, err = run("backup", "run", "--incremental", "--json")
    assert code == 0, err
    assert _leftovers(usb) == []
    assert not list((Repository(usb).root / "data").glob(".*.writing"))
    code, out, _ = run("backup", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"]
