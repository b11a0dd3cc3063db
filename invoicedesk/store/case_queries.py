"""Case lists in SQL: filters, the overdue count, paging and the search by phone fragment.

Times are stored as UTC ISO text of one format (``clock.stamp``), so "promised before now" is a
string comparison that the (state, promised_at) index answers for the overdue count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from peewee import SQL, ColumnBase, NodeList, PostgresqlDatabase

from invoicedesk.core.case_flow import OPEN_STATES
from invoicedesk.core.identifiers import normalize_text
from invoicedesk.store.case_models import CaseLink, CustomerCase
from invoicedesk.store.models import Invoice, database


@dataclass(frozen=True)
class CaseFilter:
    states: tuple[str, ...] = ()
    open_only: bool = False
    overdue_only: bool = False
    person: str = ""  # received or last handled by
    received_from: str = ""  # UTC ISO, inclusive
    received_before: str = ""  # UTC ISO, exclusive
    text: str = ""  # phone fragment, name, e-mail, WeChat, case id or invoice number fragment


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column: Any, term: str) -> ColumnBase:
    op = "ILIKE" if isinstance(database.obj, PostgresqlDatabase) else "LIKE"
    return NodeList((column, SQL(op), f"%{_escape_like(term)}%", SQL("ESCAPE '\\'")))


def digits(text: str) -> str:
    return re.sub(r"\D", "", normalize_text(text))


def search_key(customer: str, phone: str, email: str, other: str) -> str:
    """What a fragment search looks in: the contact fields normalised, phone digits included."""
    parts = [normalize_text(customer), digits(phone), normalize_text(email), normalize_text(other)]
    return "|".join(parts)[:700]


def overdue_condition(now: str) -> ColumnBase:
    return (
        CustomerCase.state.in_(OPEN_STATES)
        & (CustomerCase.promised_at != "")
        & (CustomerCase.promised_at < now)
    )


def _term(term: str) -> ColumnBase:
    text = normalize_text(term).lstrip("#")
    number = digits(term)
    fragments = {text}
    if number and number == text.replace("-", "").replace("+", ""):
        fragments.add(number)  # "139-1234" finds the digits as stored
    inner = CustomerCase.alias("found")
    matching = inner.select(inner.id)
    found: ColumnBase | None = None
    for fragment in fragments:
        one = _like(inner.search, fragment)
        found = one if found is None else found | one
    condition = CustomerCase.id.in_(matching.where(found))
    if number and number == text:
        if len(number) <= 9:
            condition = condition | (CustomerCase.id == int(number))
        if len(number) >= 4:  # a fragment of a linked invoice's number
            linked = CaseLink.select(CaseLink.case).where(
                (CaseLink.kind == "invoice") & _like(CaseLink.label, number)
            )
            condition = condition | CustomerCase.id.in_(linked)
    return condition


def conditions(flt: CaseFilter, now: str) -> list[ColumnBase]:
    where: list[ColumnBase] = []
    if flt.states:
        where.append(CustomerCase.state.in_(flt.states))
    if flt.open_only:
        where.append(CustomerCase.state.in_(OPEN_STATES))
    if flt.overdue_only:
        where.append(overdue_condition(now))
    if flt.person:
        where.append(
            (CustomerCase.received_by == flt.person) | (CustomerCase.handled_by == flt.person)
        )
    if flt.received_from:
        where.append(CustomerCase.received_at >= flt.received_from)
    if flt.received_before:
        where.append(CustomerCase.received_at < flt.received_before)
    where += [_term(t) for t in flt.text.split() if t.strip()]
    return where


def _where(query: Any, where: list[ColumnBase]) -> Any:
    for condition in where:
        query = query.where(condition)
    return query


def page(flt: CaseFilter, now: str, *, offset: int = 0, limit: int = 100) -> list[CustomerCase]:
    """Newest first. Only the columns a list shows (not the flow's JSON)."""
    fields = (
        CustomerCase.id,
        CustomerCase.customer,
        CustomerCase.phone,
        CustomerCase.email,
        CustomerCase.channel,
        CustomerCase.received_at,
        CustomerCase.received_by,
        CustomerCase.promised_at,
        CustomerCase.callback_at,
        CustomerCase.state,
        CustomerCase.conclusion,
        CustomerCase.handled_by,
    )
    query = CustomerCase.select(*fields).order_by(CustomerCase.id.desc())
    return list(_where(query, conditions(flt, now)).offset(offset).limit(limit))


def count(flt: CaseFilter, now: str) -> int:
    return int(_where(CustomerCase.select(), conditions(flt, now)).count())


def overdue_count(now: str) -> int:
    return int(CustomerCase.select().where(overdue_condition(now)).count())


def callbacks_due(now: str) -> int:
    return int(
        CustomerCase.select()
        .where((CustomerCase.callback_at != "") & (CustomerCase.callback_at <= now))
        .count()
    )


def linked_invoices(case_ids: list[int]) -> dict[int, list[tuple[str, str, str, int]]]:
    """Per case: (code, number, role, invoice id) of its linked invoices, in link order."""
    found: dict[int, list[tuple[str, str, str, int]]] = defaultdict(list)
    if not case_ids:
        return found
    query = (
        CaseLink.select(CaseLink.case, CaseLink.role, Invoice.id, Invoice.code, Invoice.number)
        .join(Invoice, on=(CaseLink.ref_id == Invoice.id))
        .where((CaseLink.kind == "invoice") & CaseLink.case.in_(case_ids))
        .order_by(CaseLink.id)
        .tuples()
    )
    rows: list[tuple[Any, ...]] = list(cast(Any, query))
    for case_id, role, invoice_id, code, number in rows:
        found[int(case_id)].append((code, number, role, int(invoice_id)))
    return found
