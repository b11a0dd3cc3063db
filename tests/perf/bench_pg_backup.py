"""PostgreSQL backup benchmark: the app's backup and verify against plain pg_dump / pg_restore.

Target (issue 14): ``backup run`` ≤ 1.5 × plain ``pg_dump -Fc`` of the same database. Verify
restores into a scratch database, so it is compared with plain ``pg_restore`` of the dump.

    python tests/perf/bench_pg_backup.py [--invoices 200000] [--server postgresql://…] [--keep]

Builds a fresh database with the demo generator (dropped afterwards unless --keep); each timing
is the best of --rounds runs. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from invoicedesk.services import backup_runs, backup_verify, company, demo
from invoicedesk.store import pg_dump
from invoicedesk.store.database import close_database, open_database

SERVER = os.environ.get("INVOICEDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _best(rounds: int, fn: object) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    name = f"invoicedesk_bench_{uuid.uuid4().hex[:8]}"
    url = f"{args.server}/{name}"
    pg_dump.create_database(f"{args.server}/postgres", name)
    work = Path(tempfile.mkdtemp(prefix="bench-pg-backup-"))
    out: dict[str, object] = {"invoices": args.invoices, "database": name}
    try:
        open_database(url, actor="bench")
        company.set_company("演示商店", "91110108551385082Q", "bench")
        started = time.perf_counter()
        demo.generate(args.invoices, "bench", seed=1)
        out["load_seconds"] = round(time.perf_counter() - started, 1)
        out["database_mb"] = round(pg_dump.database_bytes(url) / 2**20, 1)
        tool = pg_dump.find_tool("pg_dump")
        restore_tool = pg_dump.find_tool("pg_restore")
        out["pg_dump"] = f"{tool.path} {tool.version}"
        plain = work / "plain.pgc"

        def plain_dump() -> None:
            subprocess.run([tool.path, "-Fc", "-f", str(plain), "-d", url], check=True)

        out["pg_dump_seconds"] = round(_best(args.rounds, plain_dump), 2)
        out["dump_mb"] = round(plain.stat().st_size / 2**20, 1)

        def plain_restore() -> None:
            scratch = pg_dump.scratch_name(name)
            pg_dump.create_database(url, scratch)
            try:
                subprocess.run(
                    [
                        restore_tool.path,
                        "--no-owner",
                        "--jobs=2",
                        f"--dbname={args.server}/{scratch}",
                        str(plain),
                    ],
                    check=True,
                )
            finally:
                pg_dump.drop_database(url, scratch)

        out["pg_restore_seconds"] = round(_best(args.rounds, plain_restore), 2)

        dest = work / "usb"
        dest.mkdir()
        runs: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            [outcome] = backup_runs.run_backup("bench", to=str(dest), kind="full")
            runs.append(time.perf_counter() - started)
            assert outcome.ok, outcome.text
        out["backup_seconds"] = round(min(runs), 2)
        sid = outcome.snapshot.id if outcome.snapshot else ""
        verifies: list[float] = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            [result] = backup_verify.verify("bench", to=str(dest), snapshot_id=sid)
            verifies.append(time.perf_counter() - started)
            assert result.ok, result.problems
        out["verify_seconds"] = round(min(verifies), 2)
        out["backup_vs_pg_dump"] = round(min(runs) / float(out["pg_dump_seconds"]), 2)  # type: ignore[arg-type]
        out["verify_vs_pg_restore"] = round(
            min(verifies) / float(out["pg_restore_seconds"]),  # type: ignore[arg-type]
            2,
        )
        out["target_met"] = float(out["backup_vs_pg_dump"]) <= 1.5  # type: ignore[arg-type]
    finally:
        close_database()
        if not args.keep:
            pg_dump.drop_database(f"{args.server}/postgres", name)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
