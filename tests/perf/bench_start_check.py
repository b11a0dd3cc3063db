"""Start-up on a 1,000,000-invoice ledger: the splash's first paint, the database check, the page.

    python tests/perf/bench_start_check.py [--runs N] [--invoices N] [--work DIR]

Runs the app from this source tree (``python -m invoicedesk``, offscreen) with
``INVOICEDESK_START_PROBE``: the app writes the moment the first ledger page is on screen and quits,
with the moments of the splash's first paint and of the end of the start-up check (seconds since
the process started), the CPU time used by the first paint, the splash's ticks while the check ran
(the GUI thread kept turning) and any heavy module already loaded. Also times SQLite's quick_check
alone on the same file. The ledger is built once with the demo command (about 2-3 minutes) and
kept in the work folder. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def ledger(work: Path, invoices: int) -> Path:
    path = work / f"ledger-{invoices}.sqlite"
    if path.exists():
        return path
    partial = work / f"ledger-{invoices}.partial.sqlite"
    for leftover in work.glob(partial.name + "*"):
        leftover.unlink()
    env = {**os.environ, "INVOICEDESK_USER": "bench", "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-m", "invoicedesk", "--db", str(partial)]
    subprocess.run(
        [*cli, "init", "--company", "基准商店", "--tax-id", "91110108551385082Q"],
        check=True,
        env=env,
    )
    subprocess.run([*cli, "demo", "--invoices", str(invoices)], check=True, env=env)
    partial.rename(path)
    for side in work.glob(partial.name + "-*"):
        side.unlink()  # the page log named after the partial file
    return path


def quick_check_alone(db: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.monotonic()
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        best = min(best, time.monotonic() - started)
    return best


def start_once(db: Path, home: Path) -> dict[str, object]:
    probe = home / "probe.json"
    probe.unlink(missing_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "INVOICEDESK_START_PROBE": str(probe),
        "INVOICEDESK_USER": "bench",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "invoicedesk", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if not probe.exists():
        raise SystemExit(f"no first page (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(probe.read_text())  # type: ignore[no-any-return]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "invoicedesk-bench-check"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = ledger(args.work, args.invoices)
    home = args.work / "home"
    home.mkdir(exist_ok=True)
    start_once(db, home)  # the first start runs the due weekly full check: not measured
    runs = [start_once(db, home) for _ in range(args.runs)]

    def column(name: str) -> list[float]:
        return [float(r[name]) for r in runs]  # type: ignore[arg-type]

    out = {
        "invoices": args.invoices,
        "ledger_mb": round(db.stat().st_size / 1024 / 1024, 1),
        "quick_check_alone_s": round(quick_check_alone(db), 3),
        "splash_first_paint_s": summary(column("splash_since_start")),
        "splash_first_paint_cpu_s": summary(column("splash_cpu_s")),
        "check_done_s": summary(column("checked_since_start")),
        "first_ledger_page_s": summary(column("since_start")),
        "splash_ticks_while_checking": [r["splash_ticks_while_checking"] for r in runs],
        "longest_gap_while_checking_s": summary(column("longest_gap_while_checking_s")),
        "heavy_modules_at_first_page": sorted({m for r in runs for m in r["heavy_modules"]}),  # type: ignore[attr-defined]
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
