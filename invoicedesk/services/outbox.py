"""Saving at the counter when the ledger's server cannot be reached: the outbox.

``save_invoice`` records as usual; when the PostgreSQL server cannot be reached (network cut,
server restarted) the save goes to the outbox (store/outbox.py, a SQLite file in the user's data
folder) instead, with the idempotency key it will be recorded with. ``replay`` records what waits,
in the order it was saved, once the server answers: a save recorded before (its answer lost, or a
replay cut half-way) is found by its key, never recorded twice; one the ledger refuses (a number
someone else recorded meanwhile, a month locked meanwhile) stays in the outbox as a conflict with
its reason, for a person to resolve. A SQLite ledger is a file on this machine: it never uses the
outbox.

Kept the same way: a request turned into an invoice at the counter (``save_conversion``: the
request is closed with the invoice on replay, once, by its key), an e-invoice's files saved with
an invoice (in the entry, attached on replay), and a refused save a person gave up while the
server was gone (an audit-only entry: the ledger's audit log learns of it on replay). Changes
that act on a record's current version (corrections, voids, red flushes, reissues) are not kept:
``online_only`` refuses them while the server is gone.
"""

from __future__ import annotations

import base64
import functools
import logging
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from invoicedesk.core import clock
from invoicedesk.core.changes import Changes
from invoicedesk.core.drafts import LineDraft
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP, Message
from invoicedesk.core.invoice import InvoiceDraft, validate_invoice
from invoicedesk.core.invoice_dict import invoice_from_dict, invoice_to_dict
from invoicedesk.core.money import format_plain
from invoicedesk.core.problems import Problem
from invoicedesk.core.rates import parse_rate
from invoicedesk.paths import data_dir
from invoicedesk.services import invoice_files, invoices, session
from invoicedesk.services.auditing import record_outbox_discard, record_outbox_replay
from invoicedesk.services.dto import InvoiceView
from invoicedesk.services.errors import (
    DuplicateInvoice,
    NeedsServer,
    NotAllowed,
    NotFound,
    ServiceError,
    ValidationFailed,
)
from invoicedesk.services.requests import (
    RequestView,
    checked_request,
    convert_request,
    create_request,
)
from invoicedesk.store.database import (
    connection_lost,
    finish_offline_open,
    forget_connection,
    is_sqlite,
    ledger_key,
    opened_offline,
    server_back,
    server_gone,
)
from invoicedesk.store.models import database
from invoicedesk.store.outbox import CONFLICT, PENDING, Entry, Outbox

log = logging.getLogger("invoicedesk.outbox")

OUTBOX_FILE = "outbox.sqlite"
INVOICE = "invoice"
REQUEST = "request"
CONVERT = "convert"  # a request turned into an invoice: payload = the invoice + request_id
DISCARD = "discard"  # audit-only: a refused save given up while the server was gone
# Payload keys beside the invoice's own (invoice_from_dict refuses keys it does not know).
_EXTRA_KEYS = ("files", "request_id")

T = TypeVar("T")
_lock = threading.Lock()
_path: Path | None = None
_box: Outbox | None = None


def use_path(path: Path | None) -> None:
    """Keep the outbox in ``path`` (None: the user's data folder). Tests and a second profile."""
    global _path, _box
    with _lock:
        _path = Path(path) if path is not None else None
        if _box is not None:
            _box.close()
            _box = None


def outbox_path() -> Path:
    return _path if _path is not None else data_dir() / OUTBOX_FILE


def _outbox() -> Outbox:
    global _box
    with _lock:
        if _box is None or _box.path != outbox_path():
            _box = Outbox(outbox_path())
        return _box


def close() -> None:
    use_path(_path)


def _reconnecting(fn: Callable[[], T]) -> T:
    """Run ``fn``; if the connection it found was lost (a server restarted, a network back), run
    it once more on a new one. Every write here carries its key: running it twice is safe."""
    try:
        return fn()
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
    return fn()


def new_key() -> str:
    """An idempotency key for one save (made once, before the first attempt)."""
    return uuid.uuid4().hex


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class OutboxItem:
    """One save waiting in the outbox, or refused on replay (``state`` conflict, with ``reason``)."""

    seq: int
    kind: str
    client_key: str
    number: str
    buyer_name: str
    total: Decimal
    actor: str
    queued_at: str
    state: str
    reason: Message | None
    existing_id: int | None


@dataclass(frozen=True)
class SaveResult:
    """What ``save_invoice`` did: recorded (``view``) or kept in the outbox (``queued``)."""

    view: InvoiceView | None
    queued: OutboxItem | None
    pending: int


@dataclass(frozen=True)
class RequestSaveResult:
    """What ``save_request`` did: written (``view``) or kept in the outbox (``queued``)."""

    view: RequestView | None
    queued: OutboxItem | None
    pending: int


@dataclass(frozen=True)
class OutboxState:
    """What the counter shows: how many wait, which were refused, and whether the server answered."""

    pending: int
    conflicts: tuple[OutboxItem, ...]
    reachable: bool
    recorded: tuple[int, ...] = ()  # what ``sync`` recorded just now
    requests: tuple[int, ...] = ()
    reopened: bool = False  # the app started without the server, which answered just now
    needs_sign_in: bool = False  # saves wait for someone to sign in before they are replayed


@dataclass(frozen=True)
class ReplayResult:
    recorded: tuple[int, ...]  # invoices recorded (or found recorded already), in order
    requests: tuple[int, ...]  # requests written (or found written already)
    new_conflicts: tuple[OutboxItem, ...]
    pending: int  # still waiting: the server stopped answering again
    conflicts: int
    reachable: bool
    changes: Changes


def _item(entry: Entry) -> OutboxItem:
    payload = entry.payload
    reason = None
    if entry.reason:
        reason = Message(entry.reason["context"], entry.reason["source"], entry.reason["params"])
    return OutboxItem(
        seq=entry.seq,
        kind=entry.kind,
        client_key=entry.client_key,
        number=str(payload.get("number", "")),
        buyer_name=str(payload.get("buyer_name", "")),
        total=Decimal(str(payload.get("total", "0"))),
        actor=entry.actor,
        queued_at=entry.queued_at,
        state=entry.state,
        reason=reason,
        existing_id=entry.existing_id,
    )


def _line_dict(line: LineDraft) -> dict[str, Any]:
    def plain(value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")

    return {
        "name": line.name,
        "spec": line.spec,
        "unit": line.unit,
        "quantity": plain(line.quantity),
        "unit_price": plain(line.unit_price),
        "amount": format(line.amount, "f"),
        "tax_rate": line.tax_rate.code,
        "tax": plain(line.tax),
        "tax_code": line.tax_code,
        "is_discount": line.is_discount,
    }


def _line_of(data: dict[str, Any]) -> LineDraft:
    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return LineDraft(
        name=data["name"],
        amount=Decimal(data["amount"]),
        tax_rate=parse_rate(data["tax_rate"]),
        tax=dec(data["tax"]),
        spec=data["spec"],
        unit=data["unit"],
        quantity=dec(data["quantity"]),
        unit_price=dec(data["unit_price"]),
        tax_code=data["tax_code"],
        is_discount=bool(data["is_discount"]),
    )


def _reason(message: Message) -> dict[str, Any]:
    params = {key: str(value) for key, value in message.params.items()}
    return {"context": message.context, "source": message.source, "params": params}


# ---------------------------------------------------------------- use cases


def uses_outbox() -> bool:
    """Whether the open ledger is on a server (a SQLite ledger is always reachable)."""
    db = database.obj
    return db is not None and not is_sqlite(db)


def offline() -> bool:
    """Whether the server is known to be gone (no query: for the window at start)."""
    return uses_outbox() and server_gone()


def started_offline() -> bool:
    """The app opened the ledger while its server did not answer, and it has not answered since."""
    return uses_outbox() and opened_offline()


FileData = tuple[str, bytes]  # (name, content): an e-invoice's PDF or OFD kept with the invoice


def save_invoice(
    draft: InvoiceDraft,
    actor: str,
    *,
    client_key: str | None = None,
    files: tuple[FileData, ...] = (),
) -> SaveResult:
    """Record one invoice, or keep it in the outbox while the server cannot be reached.

    Input errors are reported as always (ValidationFailed) and nothing is kept. While saves wait
    in the outbox, a new one is replayed behind them, so the ledger gets them in order. ``files``
    are attached to the invoice recorded (when it is kept, they are kept with it); attaching
    them is left to the caller when it is recorded at once."""
    key = client_key or new_key()
    return _save(INVOICE, draft, actor, key, files, {})


def save_conversion(
    request_id: int,
    draft: InvoiceDraft,
    actor: str,
    *,
    client_key: str | None = None,
    files: tuple[FileData, ...] = (),
) -> SaveResult:
    """Record the invoice issued for a request and close the request (``convert_request``), or
    keep both in the outbox while the server cannot be reached: on replay the request is closed
    with the invoice, once (the key finds an earlier replay). A request closed meanwhile by
    another counter, or a number recorded meanwhile, becomes a conflict."""
    key = client_key or new_key()
    return _save(CONVERT, draft, actor, key, files, {"request_id": request_id})


def _record(
    kind: str, draft: InvoiceDraft, actor: str, key: str, extra: dict[str, Any]
) -> InvoiceView:
    if kind == CONVERT:
        return convert_request(
            int(extra["request_id"]),
            draft.number,
            draft.code,
            draft.issue_date,
            actor,
            draft=draft,
            client_key=key,
        )
    return invoices.record_invoice(draft, actor, client_key=key)


def _save(
    kind: str,
    draft: InvoiceDraft,
    actor: str,
    key: str,
    files: tuple[FileData, ...],
    extra: dict[str, Any],
) -> SaveResult:
    if not uses_outbox():
        return SaveResult(_record(kind, draft, actor, key, extra), None, 0)
    draft = invoices.normalized(draft)
    problems = validate_invoice(draft, clock.today())
    if any(p.is_error for p in problems):
        raise ValidationFailed(problems)
    for name, data in files:
        if len(data) > invoice_files.MAX_FILE_BYTES:
            raise ServiceError(
                QT_TRANSLATE_NOOP("Service", "文件“{name}”太大（超过 20 MB），没有保存"),
                name=name,
            )
    box, ledger = _outbox(), ledger_key()

    def queue() -> SaveResult:
        payload = dict(invoice_to_dict(draft), **extra)
        if files:
            payload["files"] = [
                {"name": name, "data": base64.b64encode(data).decode("ascii")}
                for name, data in files
            ]
        entry = box.add(ledger, kind, key, payload, actor, clock.stamp())
        return SaveResult(None, _item(entry), _pending(box, ledger))

    if server_gone():  # known to be gone: no wait for a connection to fail; the timer asks
        return queue()
    if _pending(box, ledger) and replay().pending:
        return queue()
    try:
        view = _reconnecting(lambda: _record(kind, draft, actor, key, extra))
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        log.warning("ledger server unreachable, %s %s kept in the outbox: %s", kind, key, exc)
        return queue()
    return SaveResult(view, None, 0)


def queue_invoices(items: list[Any], actor: str) -> list[OutboxItem]:
    """The command line's ``add --queue`` with the server gone: every invoice read and checked
    first (all or none kept, as ``add`` records all or none), then each kept in the outbox with
    a key of its own, to be recorded one by one, in order, when the server answers."""
    drafts: list[InvoiceDraft] = []
    problems: list[Problem] = []
    for index, data in enumerate(items):
        draft, found = invoice_from_dict(data, clock.today())
        problems += [p.within(f"invoices[{index}]") for p in found if p.is_error]
        if draft is not None:
            drafts.append(invoices.normalized(draft))
    if problems:
        raise ValidationFailed(problems)
    box, ledger = _outbox(), ledger_key()
    stamp = clock.stamp()
    return [
        _item(box.add(ledger, INVOICE, new_key(), invoice_to_dict(d), actor, stamp)) for d in drafts
    ]


def online_only(fn: Callable[[], T]) -> T:
    """Run a change that needs the ledger as it is now (a correction: it carries the version it
    started from), or refuse it while the server is gone, saying so. Never kept in the outbox:
    replayed later it could act on a record someone changed meanwhile."""
    refusal = NeedsServer(QT_TRANSLATE_NOOP("Service", "服务器连接中断：更正需联网后进行"))
    if offline():
        raise refusal
    try:
        return _reconnecting(fn)
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        raise refusal from exc


def save_request(
    buyer_name: str,
    lines: list[LineDraft],
    actor: str,
    *,
    client_key: str | None = None,
    **fields: str,
) -> RequestSaveResult:
    """Write down a customer's request (``requests.create_request``'s keyword ``fields``), or keep
    it in the outbox while the server cannot be reached, as ``save_invoice`` does."""
    key = client_key or new_key()

    def write() -> RequestView:
        return create_request(buyer_name, lines, actor, client_key=key, **fields)  # type: ignore[arg-type]

    if not uses_outbox():
        return RequestSaveResult(write(), None, 0)
    draft = checked_request(buyer_name, lines, **fields)  # type: ignore[arg-type]
    box, ledger = _outbox(), ledger_key()

    def queue() -> RequestSaveResult:
        payload: dict[str, Any] = {
            "buyer_name": buyer_name,
            "lines": [_line_dict(line) for line in lines],
            "fields": fields,
            "total": format_plain(sum((line.total for line in draft.lines), Decimal(0))),
        }
        entry = box.add(ledger, REQUEST, key, payload, actor, clock.stamp())
        return RequestSaveResult(None, _item(entry), _pending(box, ledger))

    if server_gone() or (_pending(box, ledger) and replay().pending):
        return queue()
    try:
        view = _reconnecting(write)
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        log.warning("ledger server unreachable, request %s kept in the outbox: %s", key, exc)
        return queue()
    return RequestSaveResult(view, None, 0)


def _pending(box: Outbox, ledger: str) -> int:
    """Saves waiting ("待同步 N 张"): not the audit-only entries."""
    return box.count(ledger, PENDING, skip_kind=DISCARD)


def _waiting_for_sign_in() -> bool:
    """The app started without the server, so nobody could sign in: with accounts, what waits
    is replayed once someone has (replayed now, every save would be refused as unsigned)."""
    return session.current() is None and session.signing_in_required()


def replay() -> ReplayResult:
    """Record what waits in the outbox, in order, until the server stops answering.

    Each entry is recorded with its key: one recorded before is found, not recorded again. One the
    ledger refuses stays as a conflict with the reason; the entries after it go on."""
    if not uses_outbox():
        return ReplayResult((), (), (), 0, 0, True, Changes())
    box, ledger = _outbox(), ledger_key()
    recorded: list[int] = []
    requests_written: list[int] = []
    conflicts: list[OutboxItem] = []
    reachable = True
    waiting = box.entries(ledger, PENDING)
    try:
        unsigned = False
        if waiting:
            _reconnecting(finish_offline_open)
            unsigned = _reconnecting(_waiting_for_sign_in)
        if unsigned:
            waiting = []  # replayed once someone signs in
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        reachable, waiting = False, []
    for entry in waiting:
        try:
            view = _reconnecting(functools.partial(_replay_one, entry))
        except _Refused as refused:
            box.mark_conflict(entry.seq, _reason(refused.message), refused.existing_id)
            conflicts.append(
                replace(
                    _item(entry),
                    state=CONFLICT,
                    reason=refused.message,
                    existing_id=refused.existing_id,
                )
            )
            continue
        except Exception as exc:
            if not connection_lost(exc):
                raise
            forget_connection()
            reachable = False
            break
        box.remove(entry.seq)
        if isinstance(view, RequestView):
            requests_written.append(view.id)
        elif isinstance(view, InvoiceView):
            recorded.append(view.id)
    if reachable and (recorded or requests_written or conflicts):  # the server answered
        server_back()
    return ReplayResult(
        recorded=tuple(recorded),
        requests=tuple(requests_written),
        new_conflicts=tuple(conflicts),
        pending=_pending(box, ledger),
        conflicts=box.count(ledger, CONFLICT),
        reachable=reachable,
        changes=Changes(invoices=tuple(recorded), requests=tuple(requests_written)),
    )


class _Refused(Exception):
    def __init__(self, message: Message, existing_id: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.existing_id = existing_id


def _draft_part(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in _EXTRA_KEYS}


def _files_of(payload: dict[str, Any]) -> list[FileData]:
    return [(f["name"], base64.b64decode(f["data"])) for f in payload.get("files", ())]


def _replay_one(entry: Entry) -> InvoiceView | RequestView | None:
    payload = entry.payload
    if entry.kind == DISCARD:
        record_outbox_discard(payload, entry.actor)
        return None
    if entry.kind == REQUEST:
        try:
            request = create_request(
                payload["buyer_name"],
                [_line_of(line) for line in payload["lines"]],
                entry.actor,
                client_key=entry.client_key,
                **payload["fields"],
            )
        except ServiceError as exc:  # the person's role changed, input refused meanwhile...
            raise _Refused(exc.message) from exc
        record_outbox_replay(_replay_note(entry, request.id), entry.actor)
        return request
    draft, problems = invoice_from_dict(_draft_part(payload), clock.today())
    if draft is None:
        errors = [p for p in problems if p.is_error]
        raise _Refused(errors[0].message if errors else Message("Service", ""))
    try:
        view = _record(entry.kind, draft, entry.actor, entry.client_key, payload)
    except DuplicateInvoice as exc:  # someone else recorded this number meanwhile
        raise _Refused(exc.message, exc.existing_id) from exc
    except ServiceError as exc:  # a month locked meanwhile, a request closed meanwhile...
        raise _Refused(exc.message) from exc
    for name, data in _files_of(payload):  # the same content twice is kept once: replay-safe
        try:
            invoice_files.attach_file(
                view.id, name, data, invoice_files.default_folder(), entry.actor
            )
        except ServiceError as exc:  # kept here, not lost: the invoice itself is recorded
            raise _Refused(exc.message, view.id) from exc
    # After the record and its files: a crash before this line replays the entry again, which
    # finds the record by its key and writes this note then (once per key).
    record_outbox_replay(_replay_note(entry, view.id), entry.actor)
    return view


def _replay_note(entry: Entry, record_id: int) -> dict[str, Any]:
    """Who typed a replayed save, where and when: the record's own entry is written later, under
    whoever is signed in when the server answers."""
    return {
        "client_key": entry.client_key,
        "kind": entry.kind,
        "record_id": record_id,
        "queued_by": entry.actor,
        "queued_at": entry.queued_at,
        "counter": socket.gethostname(),
    }


def state(*, probe: bool = False) -> OutboxState:
    """How many saves wait and which were refused; ``probe`` also asks the server (one query)."""
    if not uses_outbox():
        return OutboxState(0, (), True)
    box, ledger = _outbox(), ledger_key()
    reachable = True
    if probe:
        reachable = server_answers()
    conflicts = tuple(_item(e) for e in box.entries(ledger, CONFLICT))
    return OutboxState(_pending(box, ledger), conflicts, reachable)


def sync() -> OutboxState:
    """Ask the server; if it answers, replay what waits. What the counter's timer runs.

    After a start without the server, its first answer also brings the schema up to date
    (``reopened``: the window then reads every page)."""
    if not uses_outbox():
        return OutboxState(0, (), True)
    was_offline = opened_offline()
    if not server_answers():
        return replace(state(), reachable=False)
    try:
        _reconnecting(finish_offline_open)
        unsigned = _reconnecting(_waiting_for_sign_in)
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        return replace(state(), reachable=False)
    result = replay()
    return replace(
        state(),
        reachable=result.reachable,
        recorded=result.recorded,
        requests=result.requests,
        reopened=was_offline and not opened_offline(),
        needs_sign_in=unsigned and result.pending > 0,
    )


def server_answers() -> bool:
    """One cheap query: whether the ledger's server can be reached now."""
    db = database.obj
    if db is None or is_sqlite(db):
        return True
    try:
        _reconnecting(lambda: db.execute_sql("SELECT 1").fetchone())
    except Exception as exc:
        if not connection_lost(exc):
            raise
        forget_connection()
        return False
    server_back()
    return True


def pending_items() -> list[OutboxItem]:
    if not uses_outbox():
        return []
    entries = _outbox().entries(ledger_key(), PENDING)
    return [_item(e) for e in entries if e.kind != DISCARD]


def _conflict(seq: int) -> Entry:
    for entry in _outbox().entries(ledger_key(), CONFLICT):
        if entry.seq == seq:
            return entry
    raise NotFound(QT_TRANSLATE_NOOP("Service", "待同步记录 {seq} 不存在或已处理"), seq=seq)


def _discard_note(entry: Entry, actor: str) -> dict[str, Any]:
    """What the audit log keeps of a refused save given up: enough to find the paper again."""
    item = _item(entry)
    return {
        "client_key": entry.client_key,
        "kind": entry.kind,
        "number": item.number,
        "buyer_name": item.buyer_name,
        "total": format_plain(item.total),
        "issue_date": str(entry.payload.get("issue_date", "")),
        "queued_by": entry.actor,
        "queued_at": entry.queued_at,
        "counter": socket.gethostname(),
        "reason": str(item.reason) if item.reason else "",
        "existing_id": entry.existing_id,
        "discarded_by": actor,
        "discarded_at": clock.stamp(),
    }


def discard_conflict(seq: int, actor: str) -> bool:
    """The person resolved the conflict outside the outbox (the other invoice is the same one,
    or the save was a mistake): forget the refused save. The ledger never saw it, so its audit
    log is told (``auditing.record_outbox_discard``, as the signed-in person); with the server
    gone again, that note waits in the outbox in the save's place and is replayed in order.
    True when the audit log has it now, False when it waits."""
    entry = _conflict(seq)
    note = _discard_note(entry, actor)
    box = _outbox()
    if not server_gone():
        try:
            _reconnecting(lambda: record_outbox_discard(note, actor))
        except Exception as exc:
            if not connection_lost(exc):
                raise
            forget_connection()
        else:
            box.remove(entry.seq)
            log.info("outbox conflict %s discarded by %s (audited)", entry.client_key, actor)
            return True
    box.replace(entry.seq, DISCARD, f"discard-{entry.client_key}", note, actor, clock.stamp())
    log.info("outbox conflict %s discarded by %s (audit kept to replay)", entry.client_key, actor)
    return False


def retry_conflict(seq: int, number: str, actor: str) -> ReplayResult:
    """Record a refused save again under a corrected number (the one on the paper invoice)."""
    entry = _conflict(seq)
    if entry.kind not in (INVOICE, CONVERT):
        raise NotAllowed(
            QT_TRANSLATE_NOOP("Service", "开票申请没有发票号码，不能改号；请放弃后重新登记")
        )
    extra = {k: v for k, v in entry.payload.items() if k in _EXTRA_KEYS}
    payload = dict(_draft_part(entry.payload), number=number)
    draft, problems = invoice_from_dict(payload, clock.today())
    if draft is None:
        raise ValidationFailed(problems)
    box = _outbox()
    box.replace(
        entry.seq,
        entry.kind,
        new_key(),
        dict(invoice_to_dict(draft), **extra),
        actor,
        clock.stamp(),
    )
    return replay()
