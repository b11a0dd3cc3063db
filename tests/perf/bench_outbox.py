"""Outbox replay: invoices saved while the ledger's server was unreachable, recorded when it answers.

A fresh PostgreSQL database is reached through a TCP proxy (tests/tcp_proxy.py). The proxy is cut,
``--invoices`` invoices are saved at the counter (``outbox.save_invoice``: each goes to the outbox
file), the proxy is restored and the outbox replayed (``outbox.replay``), then replayed again (a
second replay must record nothing). For comparison: the same number recorded directly while the
server answers. Checks that every invoice is in the ledger exactly once.

    python tests/perf/bench_outbox.py [--server postgresql://postgres@127.0.0.1:5432] [--invoices 1000]

Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg2

from invoicedesk.core import clock
from invoicedesk.services import invoices, outbox
from invoicedesk.services.company import set_company
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import Invoice
from tests.factories import draft
from tests.tcp_proxy import TcpProxy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--invoices", type=int, default=1000)
    args = parser.parse_args()
    name = f"invoicedesk_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(f"{args.server}/postgres", connect_timeout=3)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    proxy = TcpProxy()
    folder = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    outbox.use_path(folder / "outbox.sqlite")
    n = args.invoices
    today = clock.today()
    try:
        open_database(proxy.url(f"{args.server}/{name}"), actor="bench")
        set_company("演示商店", "91110108551385082Q", "bench")

        started = time.perf_counter()
        for seq in range(1, n + 1):
            invoices.record_invoice(draft(seq, issue_date=today), "bench")
        direct_s = time.perf_counter() - started

        proxy.cut()
        started = time.perf_counter()
        for seq in range(n + 1, 2 * n + 1):
            result = outbox.save_invoice(draft(seq, issue_date=today), "bench")
            assert result.queued is not None
        queue_s = time.perf_counter() - started
        assert outbox.state().pending == n

        proxy.restore()
        started = time.perf_counter()
        replayed = outbox.replay()
        replay_s = time.perf_counter() - started
        assert len(replayed.recorded) == n and replayed.pending == 0
        started = time.perf_counter()
        again = outbox.replay()
        again_s = time.perf_counter() - started
        assert again.recorded == ()
        count = Invoice.select().count()
        distinct = Invoice.select(Invoice.number).distinct().count()
        assert count == distinct == 2 * n, (count, distinct)
        print(
            json.dumps(
                {
                    "invoices": n,
                    "record_direct_s": round(direct_s, 2),
                    "record_direct_per_s": round(n / direct_s),
                    "save_to_outbox_while_cut_s": round(queue_s, 2),
                    "save_to_outbox_ms_each": round(1000 * queue_s / n, 2),
                    "replay_s": round(replay_s, 2),
                    "replay_per_s": round(n / replay_s),
                    "replay_vs_direct": round(replay_s / direct_s, 2),
                    "second_replay_s": round(again_s, 3),
                    "ledger_invoices": count,
                },
                indent=2,
            )
        )
    finally:
        proxy.restore()
        close_database()
        outbox.use_path(None)
        proxy.close()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
