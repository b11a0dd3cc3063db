"""Plain data the services return: never live peewee rows, never Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from invoicedesk.core.i18n import Message


@dataclass(frozen=True)
class InvoiceLineView:
    line_no: int
    name: str
    spec: str
    unit: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal
    tax_rate: str
    tax: Decimal
    tax_code: str
    is_discount: bool
    red_of_line: int | None = None


@dataclass(frozen=True)
class InvoiceRow:
    """One ledger row: what the table shows."""

    id: int
    kind: str
    code: str
    number: str
    issue_date: date
    buyer_name: str
    buyer_tax_id: str
    amount: Decimal
    tax: Decimal
    total: Decimal
    status: str
    is_red: bool
    issuer: str
    blue_invoice_id: int | None


@dataclass(frozen=True)
class InvoiceView:
    """An invoice in full, with its lines and its place in a red-flush chain."""

    id: int
    kind: str
    code: str
    number: str
    issue_date: date
    buyer_name: str
    buyer_tax_id: str
    buyer_address_phone: str
    buyer_bank_account: str
    buyer_email: str
    seller_name: str
    seller_tax_id: str
    issuer: str
    reviewer: str
    payee: str
    remarks: str
    status: str
    is_red: bool
    blue_invoice_id: int | None
    red_reason: str
    void_reason: str
    amount: Decimal
    tax: Decimal
    total: Decimal
    amount_in_words: str
    created_at: str
    created_by: str
    lines: tuple[InvoiceLineView, ...]
    red_invoice_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Page:
    rows: tuple[InvoiceRow, ...]
    offset: int


@dataclass(frozen=True)
class LedgerTotals:
    count: int
    amount: Decimal
    tax: Decimal
    total: Decimal
    voided: int


@dataclass(frozen=True)
class Company:
    name: str
    tax_id: str


@dataclass(frozen=True)
class DataFinding:
    """A live record that differs from the newest after-image the audit log holds of it."""

    entity: str  # invoice, request, period, setting
    entity_id: str
    kind: str  # changed, deleted, inserted
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, logged value, live value)
    message: Message | None = None

    @property
    def text(self) -> str:
        return str(self.message) if self.message else ""


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    head: str
    first_broken: int | None = None
    problem: Message | None = None
    findings: tuple[DataFinding, ...] = ()  # rows changed outside the app
    anchor_problems: tuple[
        Message, ...
    ] = ()  # a chain shorter than, or re-hashed behind, an anchor
    records_checked: int = 0
    anchors: int = 0
    seconds: float = 0.0

    @property
    def problem_text(self) -> str:
        return str(self.problem) if self.problem else ""

    @property
    def problem_texts(self) -> list[str]:
        """Every problem in words: the chain's, the anchors', then each changed record."""
        out = [self.problem_text] if self.problem else []
        out += [str(m) for m in self.anchor_problems]
        out += [f.text for f in self.findings]
        return out


@dataclass(frozen=True)
class AuditRecord:
    id: int
    ts: str
    actor: str
    action: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class BuyerView:
    name: str
    tax_id: str
    address_phone: str = ""
    bank_account: str = ""
    email: str = ""
    phone: str = ""
    use_count: int = 0


@dataclass
class DemoSummary:
    invoices: int
    lines: int
    red: int
    voided: int
    seconds: float
    extra: dict[str, int] = field(default_factory=dict)
