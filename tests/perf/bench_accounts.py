"""Benchmark of accounts: sign-in, switching, and what the permission check adds to a save.

Prints JSON (not a timed test). A real SQLite ledger in a temporary folder with three accounts:

- sign-in: ``accounts.sign_in`` with the password (scrypt n=2**14, r=8, p=1) — target ≤ 300 ms;
- switch: ``accounts.sign_in`` with the PIN, as Ctrl+Shift+U does — target ≤ 300 ms;
- permission check: ``session.require("invoice.record")`` alone, as the signed-in clerk
  (one indexed read of the account) — target ≤ 1 ms added to a save;
- a save (``invoices.record_invoice``) as the signed-in clerk, and the same save with nobody
  signed in on a ledger without accounts, for comparison.

    python tests/perf/bench_accounts.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _ms(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 3),
        "max_ms": round(max(samples) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from invoicedesk.core import clock
    from invoicedesk.services import accounts, invoices, session
    from invoicedesk.store.database import close_database, open_database
    from tests.factories import draft as make_draft

    def draft(seq: int):  # type: ignore[no-untyped-def]
        return make_draft(seq, issue_date=clock.today())

    out: dict[str, object] = {
        "scrypt": {"n": accounts.SCRYPT_N, "r": accounts.SCRYPT_R, "p": accounts.SCRYPT_P}
    }
    with tempfile.TemporaryDirectory() as tmp:
        # a ledger without accounts: the save as it was
        open_database(Path(tmp) / "solo.sqlite", actor="bench")
        solo = []
        for i in range(args.runs):
            started = time.perf_counter()
            invoices.record_invoice(draft(i + 1), "bench")
            solo.append(time.perf_counter() - started)
        close_database()

        open_database(Path(tmp) / "ledger.sqlite", actor="bench")
        accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
        session.sign_in_as(session.Person("王店长", "owner"))
        accounts.add_account("张三", "clerk", "secret-clerk", "王店长", pin="3333")
        sign_in, switch, check, saves = [], [], [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            person = accounts.sign_in("张三", "secret-clerk")
            sign_in.append(time.perf_counter() - started)
            started = time.perf_counter()
            accounts.sign_in("王店长", "1111", with_pin=True)
            switch.append(time.perf_counter() - started)
        session.sign_in_as(person)
        for _ in range(args.runs * 50):
            started = time.perf_counter()
            session.require("invoice.record")
            check.append(time.perf_counter() - started)
        for i in range(args.runs):
            started = time.perf_counter()
            invoices.record_invoice(draft(i + 1), "张三")
            saves.append(time.perf_counter() - started)
        close_database()
    out.update(
        {
            "sign_in_password": _ms(sign_in),
            "switch_pin": _ms(switch),
            "permission_check": _ms(check),
            "save_signed_in": _ms(saves),
            "save_without_accounts": _ms(solo),
        }
    )
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
