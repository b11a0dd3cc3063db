"""Start-up time of the bundle: process start → the first ledger page on a 100,000-invoice ledger.

    python tests/perf/bench_start.py [--program PATH] [--runs N] [--invoices N]

Without ``--program`` it unpacks ``dist/InvoiceDesk-<version>-linux-x86_64.tar.gz`` (build it with
``./dev.sh package``). The app runs offscreen with ``INVOICEDESK_START_PROBE``: it writes the
moment the first page is on screen (``time.monotonic()``, system-wide on Linux) and quits; the time
counts from just before the process is spawned. "cold" runs drop the page cache first (root only: ``/proc/sys/vm/drop_caches``), as
after a reboot; "warm" runs are the usual start. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.gettempdir()) / "invoicedesk-bench-start"


def bundle() -> Path:
    sys.path.insert(0, str(ROOT))
    from invoicedesk import __version__

    name = f"InvoiceDesk-{__version__}-linux-x86_64"
    program = WORK / name / "invoicedesk"
    if not program.exists():
        archive = ROOT / "dist" / f"{name}.tar.gz"
        if not archive.exists():
            raise SystemExit(f"{archive} is missing: run ./dev.sh package first")
        with tarfile.open(archive) as tar:
            tar.extractall(WORK, filter="tar")
    return program


def ledger(program: Path, invoices: int) -> Path:
    path = WORK / f"ledger-{invoices}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in WORK.glob(partial.name + "*"):
            leftover.unlink()
        env = {**os.environ, "INVOICEDESK_USER": "bench"}
        subprocess.run(
            [program, "--db", partial, "init", "--company", "基准商店", "--tax-id",
             "91110108551385082Q"],
            check=True, env=env,
        )  # fmt: skip
        subprocess.run(
            [program, "--db", partial, "demo", "--invoices", str(invoices)], check=True, env=env
        )
        partial.rename(path)
    return path


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def start_once(program: Path, db: Path, home: Path) -> float:
    probe = home / "probe.json"
    probe.unlink(missing_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "INVOICEDESK_START_PROBE": str(probe),
        "INVOICEDESK_USER": "bench",
    }
    started = time.monotonic()  # CLOCK_MONOTONIC is system-wide: the app's reading compares
    done = subprocess.run([program, "--db", db], env=env, capture_output=True, text=True)
    if not probe.exists():
        raise SystemExit(f"no first page (exit {done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(probe.read_text())
    return float(report["monotonic"]) - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--program", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--invoices", type=int, default=100_000)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    program = args.program or bundle()
    db = ledger(program, args.invoices)
    home = WORK / "home"
    home.mkdir(exist_ok=True)
    start_once(program, db, home)  # the first start runs the due weekly check: not measured
    cold: list[float] = []
    for _ in range(args.runs):
        if not drop_caches():
            break
        cold.append(start_once(program, db, home))
    warm = [start_once(program, db, home) for _ in range(args.runs)]
    out = {
        "program": str(program),
        "invoices": args.invoices,
        "ledger_mb": round(db.stat().st_size / 1024 / 1024, 1),
        "warm_s": [round(x, 2) for x in warm],
        "warm_median_s": round(statistics.median(warm), 2),
        "cold_s": [round(x, 2) for x in cold],
        "cold_median_s": round(statistics.median(cold), 2) if cold else None,
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
