"""Several counters on one ledger at once: first uses of a buyer, the same number, a case link, a
correction of the same invoice from the same version and
a month lock, each raced by four processes on PostgreSQL and on one SQLite file.

Nothing may fail for lack of a lock, and no count may be lost."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

from invoicedesk.services import cases, invoice_changes, periods
from invoicedesk.services import invoices as svc
from invoicedesk.services.errors import DuplicateInvoice, EditConflict, NotAllowed
from invoicedesk.services.incident_items import link_item as incident_link
from invoicedesk.store.case_models import CaseLink, CustomerCase
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.incident_models import Incident, IncidentItem
from invoicedesk.store.models import Buyer, Invoice
from tests.factories import TODAY, draft

WORKERS = 4
ROUNDS = 12
SHARED_NUMBER = "26112999999999999999"
LOCKED_MONTH = "2026-10"  # the month the invoices are dated in (tests.factories.draft)


def _counter(target: str, worker: int, barrier, case_id: int, incident_id: int, out: str) -> None:  # type: ignore[no-untyped-def]
    """One counter: every round records an invoice for a buyer no one has used before (the same
    new buyer at every counter), then all try the same number, a link and a lock."""
    open_database(target, actor=f"counter{worker}")
    result: dict[str, object] = {"recorded": 0, "duplicate": [], "linked": 0, "locked": 0}
    for rnd in range(ROUNDS):
        barrier.wait(60)
        buyer = (f"新客户{rnd}有限公司", "")
        svc.record_invoice(draft(1000 * worker + rnd, buyer=buyer), f"counter{worker}", today=TODAY)
        result["recorded"] = int(result["recorded"]) + 1  # type: ignore[call-overload]
    barrier.wait(60)
    try:
        svc.record_invoice(draft(num=SHARED_NUMBER), f"counter{worker}", today=TODAY)
    except DuplicateInvoice as exc:
        result["duplicate"] = [exc.existing_id, str(exc)]
    barrier.wait(60)
    result["linked"] = int(cases.link_once(case_id, "note", 7, f"counter{worker}", label="x"))
    incident = Incident.get_by_id(incident_id)
    result["item"] = int(
        incident_link(incident, "invoice", 7, "reported_missing", "甲", "x", 100, f"c{worker}")
    )
    shared = svc.find_invoice("", SHARED_NUMBER)
    assert shared is not None
    barrier.wait(60)  # all four correct the same invoice, each from the version it saw
    try:
        invoice_changes.correct_invoice(
            shared.id,
            "remarks",
            f"counter{worker}",
            "同时更正",
            f"counter{worker}",
            today=TODAY,
            expected=shared.updated_at,
        )
        result["corrected"] = 1
    except EditConflict as exc:
        result["corrected"] = 0
        result["conflict"] = str(exc)
    barrier.wait(60)
    try:
        periods.lock_period(LOCKED_MONTH, f"counter{worker}", backup=False)
        result["locked"] = 1
    except NotAllowed:
        pass
    close_database()
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def test_four_counters_meeting_lose_nothing(db: str, tmp_path: Path) -> None:
    case = cases.open_case("王女士", "发票抬头错了", "counter", "张三", phone="13800000000")
    from invoicedesk.services import incidents

    incident = incidents.start_incident("张三")
    close_database()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    outs = [tmp_path / f"counter{n}.json" for n in range(1, WORKERS + 1)]
    procs = [
        ctx.Process(target=_counter, args=(db, n, barrier, case.id, incident.id, str(outs[n - 1])))
        for n in range(1, WORKERS + 1)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(300)
    assert [proc.exitcode for proc in procs] == [0] * WORKERS
    results = [json.loads(out.read_text(encoding="utf-8")) for out in outs]

    open_database(db)
    assert sum(r["recorded"] for r in results) == WORKERS * ROUNDS
    for rnd in range(ROUNDS):  # every use counted, whoever made the buyer
        assert Buyer.get(Buyer.name == f"新客户{rnd}有限公司").use_count == WORKERS
    # The same number: one counter recorded it, every other one was told where it is.
    shared = Invoice.get(Invoice.number == SHARED_NUMBER)
    told = [r["duplicate"] for r in results if r["duplicate"]]
    assert len(told) == WORKERS - 1
    assert all(existing == shared.id and SHARED_NUMBER in text for existing, text in told)
    assert sum(r["linked"] for r in results) == 1
    assert (
        CaseLink.select().where((CaseLink.case == case.id) & (CaseLink.kind == "note")).count() == 1
    )
    assert sum(r["item"] for r in results) == 1
    assert IncidentItem.select().where(IncidentItem.incident == incident.id).count() == 1
    winner = [n for n, r in enumerate(results, 1) if r["corrected"]]
    assert len(winner) == 1
    assert svc.get_invoice(shared.id).remarks == f"counter{winner[0]}"
    assert all(
        f"已被 counter{winner[0]} 于" in r["conflict"] for r in results if not r["corrected"]
    )
    assert sum(r["locked"] for r in results) == 1
    assert periods.is_locked(LOCKED_MONTH)


def _case_worker(target: str, worker: int, barrier, case_id: int, out: str) -> None:  # type: ignore[no-untyped-def]
    """Two people on one case at once, each changing a different part of it, round after round."""
    from invoicedesk.services import case_changes

    open_database(target, actor=f"counter{worker}")
    seen: list[list[str]] = []
    for rnd in range(CASE_ROUNDS):
        barrier.wait(60)
        if worker == 1:
            case_changes.set_callback(case_id, f"2027-01-{rnd + 1:02d}T10:00:00+08:00", "甲")
        else:
            case = cases.get_case(case_id)
            case_changes.update_contact(
                case_id,
                "乙",
                customer=case.customer,
                phone=f"1380000{rnd:04d}",
                email="",
                other_contact="",
                promised_at=case.promised_at or None,
            )
        barrier.wait(60)
        if worker == 1:
            row = CustomerCase.get_by_id(case_id)
            seen.append([row.callback_at, row.phone])
    close_database()
    Path(out).write_text(json.dumps(seen), encoding="utf-8")


CASE_ROUNDS = 15


def test_two_people_on_one_case_lose_neither_change(db: str, tmp_path: Path) -> None:
    case = cases.open_case("王女士", "发票抬头错了", "counter", "张三", phone="13800000000")
    close_database()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    out = tmp_path / "seen.json"
    procs = [
        ctx.Process(target=_case_worker, args=(db, n, barrier, case.id, str(out))) for n in (1, 2)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(300)
    assert [proc.exitcode for proc in procs] == [0, 0]
    open_database(db)
    for rnd, (callback_at, phone) in enumerate(json.loads(out.read_text(encoding="utf-8"))):
        assert callback_at.startswith(f"2027-01-{rnd + 1:02d}T02:00:00"), (rnd, callback_at)
        assert phone == f"1380000{rnd:04d}", rnd
