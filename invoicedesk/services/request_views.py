"""A customer request as plain data, and its audit image.

Below both ``requests`` (its use cases) and ``auditing`` (which re-reads every record's image to
check the data against the chain), so that neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from invoicedesk.core.money import from_fen
from invoicedesk.services.dto import InvoiceLineView
from invoicedesk.store.counter_models import InvoiceRequest, RequestLine


@dataclass(frozen=True)
class RequestView:
    id: int
    created_at: str
    created_by: str
    buyer_name: str
    buyer_tax_id: str
    phone: str
    email: str
    promised_at: str
    total: Decimal
    status: str  # "open" | "issued" | "cancelled"
    invoice_id: int | None
    incident_id: int | None
    drill: bool
    # Beyond the shared contract: what the counter needs to pre-fill the invoice.
    kind: str = "82"
    buyer_address_phone: str = ""
    buyer_bank_account: str = ""
    buyer_email: str = ""
    remarks: str = ""
    cancel_reason: str = ""
    closed_at: str = ""
    closed_by: str = ""
    lines: tuple[InvoiceLineView, ...] = ()

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def tax(self) -> Decimal:
        return sum((line.tax for line in self.lines), Decimal("0.00"))


def _line_view(line: RequestLine) -> InvoiceLineView:
    return InvoiceLineView(
        line_no=line.line_no,
        name=line.name,
        spec=line.spec,
        unit=line.unit,
        quantity=None if line.quantity is None else Decimal(line.quantity),
        unit_price=None if line.unit_price is None else Decimal(line.unit_price),
        amount=from_fen(line.amount_fen),
        tax_rate=line.tax_rate,
        tax=from_fen(line.tax_fen),
        tax_code="",
        is_discount=bool(line.is_discount),
    )


def request_view(req: InvoiceRequest, with_lines: bool = True) -> RequestView:
    lines: tuple[InvoiceLineView, ...] = ()
    if with_lines:
        lines = tuple(
            _line_view(line)
            for line in RequestLine.select()
            .where(RequestLine.request == req.id)
            .order_by(RequestLine.line_no)
        )
    return RequestView(
        id=req.id,
        created_at=req.created_at,
        created_by=req.created_by,
        buyer_name=req.buyer_name,
        buyer_tax_id=req.buyer_tax_id,
        phone=req.phone,
        email=req.email,
        promised_at=req.promised_at,
        total=from_fen(req.total_fen),
        status=req.status,
        invoice_id=req.invoice_id,
        incident_id=req.incident_id,
        drill=bool(req.drill),
        kind=req.kind,
        buyer_address_phone=req.buyer_address_phone,
        buyer_bank_account=req.buyer_bank_account,
        buyer_email=req.buyer_email,
        remarks=req.remarks,
        cancel_reason=req.cancel_reason,
        closed_at=req.closed_at,
        closed_by=req.closed_by,
        lines=lines,
    )


def request_image(view: RequestView) -> dict[str, Any]:
    return {
        "status": view.status,
        "kind": view.kind,
        "buyer_name": view.buyer_name,
        "buyer_tax_id": view.buyer_tax_id,
        "phone": view.phone,
        "email": view.email,
        "promised_at": view.promised_at,
        "total": str(view.total),
        "incident_id": view.incident_id,
        "drill": view.drill,
        "lines": [
            {"name": line.name, "amount": str(line.amount), "tax_rate": line.tax_rate}
            for line in view.lines
        ],
    }
