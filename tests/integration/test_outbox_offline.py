"""The outbox beyond a plain save: starting while the server is already unreachable, giving up a
conflict (the ledger's audit log is told, now or once the server answers), a request turned into
an invoice while offline, files kept with a save, corrections refused while offline, and the
command line's ``add`` on an unreachable server.

The server is made unreachable by a TCP proxy the test cuts (tests/tcp_proxy.py): the real
PostgreSQL other sessions share is never stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from invoicedesk.cli import EXIT_BUSY, EXIT_OK, main
from invoicedesk.core.invoice_dict import invoice_to_dict
from invoicedesk.services import (
    audit_viewer,
    auditing,
    corrections,
    invoice_files,
    invoices,
    outbox,
    requests,
)
from invoicedesk.services.errors import NeedsServer
from invoicedesk.services.startup import open_checked
from invoicedesk.store.database import (
    LedgerUnreachable,
    StoreError,
    close_database,
    open_database,
)
from invoicedesk.store.models import AuditEntry, Invoice
from tests.factories import draft, line, number
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxy(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TcpProxy]:
    """A ledger with its schema made (as another counter left it), reached through a proxy; an
    outbox and an invoice-file folder of the test's own. Nothing is open when the test starts."""
    cutter = TcpProxy()
    outbox.use_path(tmp_path / "outbox.sqlite")
    monkeypatch.setattr(invoice_files, "default_folder", lambda: tmp_path / "files")
    open_database(pg_url, actor="tester")
    close_database()
    try:
        yield cutter
    finally:
        cutter.restore()
        close_database()
        outbox.use_path(None)
        cutter.close()


def recorded(seq: int) -> int:
    return Invoice.select().where(Invoice.number == number(seq)).count()


def discards() -> list[dict[str, object]]:
    rows = AuditEntry.select().where(AuditEntry.action == auditing.OUTBOX_DISCARD)
    return [dict(json.loads(r.after), actor=r.actor) for r in rows.order_by(AuditEntry.id)]


def test_starting_while_the_server_is_unreachable_opens_offline_then_catches_up(
    proxy: TcpProxy, pg_url: str
) -> None:
    target = proxy.url(pg_url)
    proxy.cut()
    with pytest.raises(LedgerUnreachable) as gone:  # what every other caller still gets
        open_checked(target, "张三")
    assert "连不上台账服务器" in str(gone.value.message)
    report = open_checked(target, "张三", offline_ok=True)
    assert report.offline and report.ok and not report.read_only
    assert outbox.offline() and outbox.started_offline()
    kept = outbox.save_invoice(draft(1), "张三")  # the counter works at once
    assert kept.queued is not None and kept.pending == 1
    state = outbox.sync()  # the timer: still gone
    assert not state.reachable and state.pending == 1 and not state.reopened

    proxy.restore()
    state = outbox.sync()
    assert state.reachable and state.reopened and state.pending == 0 and len(state.recorded) == 1
    assert not outbox.started_offline() and not outbox.offline()
    assert recorded(1) == 1 and invoices.ledger_totals().count == 1
    assert outbox.sync().reopened is False  # said once


def test_a_server_that_answers_with_a_refusal_is_not_offline(proxy: TcpProxy, pg_url: str) -> None:
    """A database that does not exist is the server's answer, not a network cut: no outbox."""
    missing = proxy.url(pg_url) + "_missing"
    with pytest.raises(StoreError) as refused:
        open_checked(missing, "张三", offline_ok=True)
    assert not isinstance(refused.value, LedgerUnreachable)


def _conflict(proxy: TcpProxy, pg_url: str, seq: int) -> outbox.OutboxItem:
    open_database(proxy.url(pg_url), actor="tester")
    proxy.cut()
    outbox.save_invoice(draft(seq, remarks="柜台A"), "张三")
    proxy.restore()
    invoices.record_invoice(draft(seq, remarks="柜台B"), "李四")  # another counter, meanwhile
    (conflict,) = outbox.replay().new_conflicts
    return conflict


def test_a_conflict_given_up_is_written_to_the_audit_log(proxy: TcpProxy, pg_url: str) -> None:
    conflict = _conflict(proxy, pg_url, 2)
    assert outbox.discard_conflict(conflict.seq, "王店长") is True
    assert outbox.state().conflicts == () and recorded(2) == 1
    (note,) = discards()
    assert note["client_key"] == conflict.client_key and note["number"] == number(2)
    assert note["buyer_name"] == conflict.buyer_name and note["total"] == str(conflict.total)
    assert (note["queued_by"], note["queued_at"]) == ("张三", conflict.queued_at)
    assert note["discarded_by"] == "王店长" and note["actor"] == "王店长" and note["counter"]
    assert note["existing_id"] == conflict.existing_id
    report = auditing.verify_audit()
    assert report.ok, report
    (line_,) = audit_viewer.list_entries(audit_viewer.AuditFilter(action=auditing.OUTBOX_DISCARD))
    assert line_.action_text == "放弃待同步发票" and number(2) in line_.difference


def test_a_conflict_given_up_while_offline_is_audited_when_the_server_answers(
    proxy: TcpProxy, pg_url: str
) -> None:
    conflict = _conflict(proxy, pg_url, 3)
    proxy.cut()
    outbox.server_answers()  # the counter's timer finds it gone again
    assert outbox.discard_conflict(conflict.seq, "王店长") is False
    state = outbox.state()
    assert state.conflicts == () and state.pending == 0  # not a save: "待同步" stays 0
    assert outbox.replay().reachable is False
    proxy.restore()
    assert outbox.sync().reachable
    assert [n["client_key"] for n in discards()] == [conflict.client_key]
    # A replay whose answer was lost: logged once.
    assert auditing.record_outbox_discard(discards()[0] | {"actor": None}, "王店长") is False
    assert len(discards()) == 1 and outbox.replay().recorded == ()


def test_a_request_turned_into_an_invoice_offline_is_recorded_and_closed_once(
    proxy: TcpProxy, pg_url: str
) -> None:
    open_database(proxy.url(pg_url), actor="tester")
    request = requests.create_request("北京测试餐饮有限公司", [line()], "张三", phone="13800138000")
    proxy.cut()
    invoice = draft(4, buyer=("北京测试餐饮有限公司", ""))
    kept = outbox.save_conversion(request.id, invoice, "张三", files=(("e.pdf", b"%PDF-1.7 x"),))
    assert kept.queued is not None and kept.queued.kind == outbox.CONVERT and kept.pending == 1
    proxy.restore()
    result = outbox.sync()
    assert len(result.recorded) == 1 and result.pending == 0
    closed = requests.get_request(request.id)
    assert closed.status == "issued" and closed.invoice_id == result.recorded[0]
    (kept_file,) = invoice_files.files_of(result.recorded[0])  # the file went with it
    assert kept_file.name == "e.pdf"
    # The same key again (a replay whose answer was lost): the same invoice, nothing new.
    again = requests.convert_request(
        request.id,
        invoice.number,
        "",
        invoice.issue_date,
        "张三",
        client_key=kept.queued.client_key,
    )
    assert again.id == result.recorded[0] and recorded(4) == 1


def test_a_request_closed_elsewhere_meanwhile_is_a_conflict(proxy: TcpProxy, pg_url: str) -> None:
    open_database(proxy.url(pg_url), actor="tester")
    request = requests.create_request("北京测试餐饮有限公司", [line()], "张三", phone="13800138000")
    proxy.cut()
    outbox.save_conversion(request.id, draft(5), "张三")
    proxy.restore()
    requests.cancel_request(request.id, "顾客不要了", "李四")  # another counter
    (conflict,) = outbox.replay().new_conflicts
    assert conflict.kind == outbox.CONVERT and recorded(5) == 0
    assert requests.get_request(request.id).status == "cancelled"


def test_an_invoice_file_saved_offline_is_kept_with_it(proxy: TcpProxy, pg_url: str) -> None:
    open_database(proxy.url(pg_url), actor="tester")
    proxy.cut()
    data = b"%PDF-1.7 an e-invoice"
    kept = outbox.save_invoice(draft(6), "张三", files=(("26112000000000000006.pdf", data),))
    assert kept.queued is not None
    proxy.restore()
    (invoice_id,) = outbox.sync().recorded
    (kept_file,) = invoice_files.files_of(invoice_id)
    assert kept_file.size == len(data)
    assert invoice_files.read_file(kept_file.id, invoice_files.default_folder()) == data


def test_corrections_are_refused_while_offline(proxy: TcpProxy, pg_url: str) -> None:
    open_database(proxy.url(pg_url), actor="tester")
    view = invoices.record_invoice(draft(7), "张三")
    proxy.cut()  # not known yet: found on the way
    with pytest.raises(NeedsServer) as refused:
        outbox.online_only(
            lambda: corrections.void_invoice(view.id, "收回", "张三", expected=view.updated_at)
        )
    assert str(refused.value.message) == "服务器连接中断：更正需联网后进行"
    with pytest.raises(NeedsServer):  # known gone now: not even tried
        outbox.online_only(lambda: corrections.reissue_draft(view.id))
    assert outbox.state().pending == 0  # nothing kept
    proxy.restore()
    assert outbox.server_answers()
    assert outbox.online_only(lambda: invoices.get_invoice(view.id)).status == view.status


def test_cli_add_on_an_unreachable_server(
    proxy: TcpProxy, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = proxy.url(pg_url)
    first = tmp_path / "first.json"
    first.write_text(json.dumps([invoice_to_dict(draft(8)), invoice_to_dict(draft(9))]))
    second = tmp_path / "second.json"
    second.write_text(json.dumps(invoice_to_dict(draft(10))))
    proxy.cut()
    assert main(["--db", target, "add", "--json", str(first)]) == EXIT_BUSY
    err = capsys.readouterr().err
    assert "连不上台账服务器" in err and "--queue" in err
    assert main(["--db", target, "add", "--json", str(first), "--queue"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "发票 2 张已存入本机待同步（共 2 张）" in out
    close_database()
    proxy.restore()
    assert main(["--db", target, "add", "--json", str(second), "--queue"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "已同步本机待同步发票 2 张" in out and "已登记发票 1 张" in out
    numbers = [i.number for i in Invoice.select().order_by(Invoice.id)]
    assert numbers == [number(8), number(9), number(10)]
    assert outbox.state().pending == 0


def test_after_an_offline_start_with_accounts_saves_wait_for_someone_to_sign_in(
    proxy: TcpProxy, pg_url: str
) -> None:
    """Nobody can sign in without the server: replayed unsigned, every save would be refused.
    They wait (not conflicts) until someone signs in, and are recorded as that person."""
    from invoicedesk.services import accounts, session

    open_database(pg_url, actor="tester")
    accounts.add_account("王店长", "owner", "secret-owner", "王店长", pin="1111")
    session.sign_in_as(session.Person("王店长", "owner"))
    accounts.add_account("张三", "clerk", "secret-clerk", "王店长", pin="3333")
    session.sign_out()
    close_database()
    target = proxy.url(pg_url)
    proxy.cut()
    assert open_checked(target, "张三", offline_ok=True).offline
    outbox.save_invoice(draft(11), "张三")
    proxy.restore()
    state = outbox.sync()
    assert state.reachable and state.reopened and state.needs_sign_in
    assert state.pending == 1 and state.conflicts == () and recorded(11) == 0
    session.sign_in_as(accounts.sign_in("张三", "secret-clerk"))
    state = outbox.sync()
    assert not state.needs_sign_in and state.pending == 0 and len(state.recorded) == 1
    assert invoices.get_invoice(state.recorded[0]).created_by == "张三"
