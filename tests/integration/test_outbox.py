"""The counter keeps working when the ledger's server cannot be reached: saves go to the outbox
and are replayed exactly once when it answers; a number recorded elsewhere meanwhile becomes a
conflict to resolve, never a silent drop; the outbox outlives the process.

The server is made unreachable by a TCP proxy the test cuts (tests/tcp_proxy.py): the real
PostgreSQL other sessions share is never stopped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from invoicedesk.services import audit_viewer, auditing, invoices, outbox
from invoicedesk.services.errors import ValidationFailed
from invoicedesk.store.database import close_database, open_database
from invoicedesk.store.models import AuditEntry, Invoice
from tests.factories import XIAOMI, draft, line, number
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxy(pg_url: str, tmp_path: Path) -> Iterator[TcpProxy]:
    """The test's ledger opened through a proxy, and an outbox file of its own."""
    cutter = TcpProxy()
    outbox.use_path(tmp_path / "outbox.sqlite")
    open_database(cutter.url(pg_url), actor="tester")
    try:
        yield cutter
    finally:
        cutter.restore()
        close_database()
        outbox.use_path(None)
        cutter.close()


def recorded(seq: int) -> int:
    return Invoice.select().where(Invoice.number == number(seq)).count()


def test_a_save_while_the_server_is_cut_waits_and_is_replayed_exactly_once(
    proxy: TcpProxy,
) -> None:
    online = outbox.save_invoice(draft(1), "张三")
    assert online.view is not None and online.queued is None
    proxy.cut()
    kept = outbox.save_invoice(draft(2), "张三")
    assert kept.view is None and kept.queued is not None
    assert (kept.queued.number, kept.pending) == (number(2), 1)
    assert kept.queued.total == draft(2).lines[0].total
    second = outbox.save_invoice(draft(3), "李四")
    assert second.pending == 2
    # Still cut: a replay records nothing and keeps both, in order.
    nothing = outbox.replay()
    assert (nothing.recorded, nothing.pending, nothing.reachable) == ((), 2, False)
    assert [i.number for i in outbox.pending_items()] == [number(2), number(3)]
    assert outbox.state(probe=True).reachable is False

    proxy.restore()
    assert outbox.state(probe=True).reachable is True
    result = outbox.replay()
    assert result.reachable and result.pending == 0 and result.conflicts == 0
    assert [invoices.get_invoice(i).number for i in result.recorded] == [number(2), number(3)]
    assert result.changes.invoices == result.recorded
    assert invoices.get_invoice(result.recorded[1]).created_by == "李四"
    again = outbox.replay()
    assert again.recorded == () and again.pending == 0
    assert [recorded(n) for n in (1, 2, 3)] == [1, 1, 1]
    # The audit log knows who typed each replayed save and when, once per save.
    notes = [
        json.loads(e.after)
        for e in AuditEntry.select()
        .where(AuditEntry.action == "outbox.replay")
        .order_by(AuditEntry.id)
    ]
    assert [(n["record_id"], n["queued_by"]) for n in notes] == [
        (result.recorded[0], "张三"),
        (result.recorded[1], "李四"),
    ]
    assert [n["client_key"] for n in notes] == [
        Invoice.get_by_id(i).client_key for i in result.recorded
    ]
    assert all(n["queued_at"] and n["counter"] for n in notes)
    assert auditing.verify_audit().ok
    shown = audit_viewer.list_entries(audit_viewer.AuditFilter(action=auditing.OUTBOX_REPLAY))
    assert {line.action_text for line in shown} == {"同步断网期间的登记"}
    keys = [i.client_key for i in Invoice.select().order_by(Invoice.id)]
    assert all(keys) and len(set(keys)) == 3


def test_a_replay_whose_answer_was_lost_is_not_recorded_twice(proxy: TcpProxy) -> None:
    proxy.cut()
    kept = outbox.save_invoice(draft(4), "张三")
    assert kept.queued is not None
    proxy.restore()
    # The commit reached the server but its answer did not (cut just after COMMIT): the same
    # key is in the ledger already when the outbox replays it.
    first = invoices.record_invoice(draft(4), "张三", client_key=kept.queued.client_key)
    result = outbox.replay()
    assert result.recorded == (first.id,) and result.conflicts == 0
    assert recorded(4) == 1


def test_a_number_recorded_elsewhere_meanwhile_is_a_listed_conflict(proxy: TcpProxy) -> None:
    proxy.cut()
    outbox.save_invoice(draft(5, remarks="柜台A"), "张三")
    outbox.save_invoice(draft(6), "张三")
    proxy.restore()
    theirs = invoices.record_invoice(draft(5, remarks="柜台B"), "李四")  # another counter
    result = outbox.replay()
    assert len(result.recorded) == 1 and recorded(6) == 1  # the one after it still went on
    assert result.pending == 0 and result.conflicts == 1
    (conflict,) = result.new_conflicts
    assert conflict.number == number(5) and conflict.existing_id == theirs.id
    assert conflict.reason is not None and "已在台账中" in str(conflict.reason)
    # Kept, listed, and not replayed again by itself.
    state = outbox.state()
    assert state.pending == 0 and [c.number for c in state.conflicts] == [number(5)]
    assert state.conflicts[0].reason == conflict.reason
    assert outbox.replay().recorded == ()
    assert invoices.get_invoice(theirs.id).remarks == "柜台B"
    # Resolved with the number on the paper invoice: recorded, and the conflict is gone.
    retried = outbox.retry_conflict(conflict.seq, number(7), "张三")
    assert len(retried.recorded) == 1 and retried.conflicts == 0
    assert invoices.get_invoice(retried.recorded[0]).remarks == "柜台A"


def test_a_conflict_can_be_discarded_by_a_person(proxy: TcpProxy) -> None:
    proxy.cut()
    outbox.save_invoice(draft(8), "张三")
    proxy.restore()
    invoices.record_invoice(draft(8), "李四")
    (conflict,) = outbox.replay().new_conflicts
    outbox.discard_conflict(conflict.seq, "王店长")
    assert outbox.state().conflicts == () and recorded(8) == 1


def test_bad_input_while_cut_is_refused_and_not_kept(proxy: TcpProxy) -> None:
    proxy.cut()
    with pytest.raises(ValidationFailed) as refused:
        outbox.save_invoice(draft(9, lines=[line(name="")]), "张三")
    assert any(p.field.startswith("lines") for p in refused.value.problems)
    assert outbox.state().pending == 0


def test_the_outbox_outlives_the_process(proxy: TcpProxy, pg_url: str, tmp_path: Path) -> None:
    """A counter process saves while cut and exits; the next one replays what it kept."""
    script = textwrap.dedent(
        f"""
        import sys
        from invoicedesk.services import outbox
        from invoicedesk.store.database import open_database
        from tests.factories import draft
        outbox.use_path({str(tmp_path / "outbox.sqlite")!r})
        open_database({proxy.url(pg_url)!r}, actor="tester")
        print("ready", flush=True)
        sys.stdin.readline()  # the test cuts the server meanwhile
        for seq in (10, 11):
            print(outbox.save_invoice(draft(seq), "张三").pending, flush=True)
        """
    )
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "ready"
    proxy.cut()
    out, _ = child.communicate("go\n", timeout=60)
    assert child.returncode == 0 and out.split() == ["1", "2"]
    proxy.restore()
    outbox.use_path(tmp_path / "outbox.sqlite")  # reopened, as at the next start
    assert outbox.state().pending == 2
    result = outbox.replay()
    assert len(result.recorded) == 2 and (recorded(10), recorded(11)) == (1, 1)


@pytest.mark.usefixtures("db")
def test_a_save_with_a_key_recorded_twice_is_one_invoice() -> None:
    """The key itself (both backends): the second save with it returns the first invoice."""
    first = invoices.record_invoice(draft(12), "张三", client_key="k-12")
    again = invoices.record_invoice(draft(12), "张三", client_key="k-12")
    assert again == first and recorded(12) == 1


def test_a_server_restarted_unnoticed_costs_no_outbox_entry(proxy: TcpProxy) -> None:
    """The open connection died while idle (a server restart): the save reconnects and records."""
    outbox.save_invoice(draft(13), "张三")
    proxy.cut()
    proxy.restore()
    saved = outbox.save_invoice(draft(14), "张三")
    assert saved.view is not None and saved.pending == 0 and recorded(14) == 1


def test_while_known_gone_saves_wait_without_trying(proxy: TcpProxy) -> None:
    proxy.cut()
    assert outbox.save_invoice(draft(15), "张三").queued is not None  # found gone here
    proxy.restore()
    # Gone until the server is asked again (the counter's timer): saves keep their order.
    assert outbox.save_invoice(draft(16), "张三").pending == 2
    state = outbox.sync()
    assert state.reachable and state.pending == 0 and len(state.recorded) == 2
    assert outbox.save_invoice(draft(17), "张三").view is not None
    numbers = [i.number for i in Invoice.select().order_by(Invoice.id)]
    assert numbers == [number(15), number(16), number(17)]


def test_a_request_written_while_cut_is_replayed_once_in_order(proxy: TcpProxy) -> None:
    from invoicedesk.services import requests

    contact = {"phone": "13800138000", "buyer_tax_id": XIAOMI[1]}
    proxy.cut()
    outbox.save_invoice(draft(18), "张三")
    kept = outbox.save_request(XIAOMI[0], [line()], "张三", **contact)
    assert kept.view is None and kept.queued is not None and kept.pending == 2
    assert kept.queued.kind == "request" and kept.queued.total == line().total
    with pytest.raises(ValidationFailed):  # bad input is said at once, offline too
        outbox.save_request(XIAOMI[0], [line()], "张三", phone="")
    proxy.restore()
    result = outbox.sync()
    assert len(result.recorded) == 1 and len(result.requests) == 1 and result.pending == 0
    (written,) = requests.list_requests()
    assert written.id == result.requests[0] and written.buyer_name == XIAOMI[0]
    assert written.total == line().total and written.created_by == "张三"
    assert outbox.replay().requests == ()
    assert len(requests.list_requests()) == 1
