"""Reconciliation matching and amount search terms, without a database."""

from __future__ import annotations

import pytest

from invoicedesk.core.reconcile import Record, check_lines, differing_fields, name_key, reconcile
from invoicedesk.core.search_text import amount_fen


def rec(ref: int, number: str, **changes: object) -> Record:
    base = Record(ref, "", number, "2026-10-05", "小米科技有限责任公司", "91110108551385082Q",
                  10000, 600, 10600, "normal")  # fmt: skip
    return base._replace(**changes)


def test_every_bucket() -> None:
    ledger = [
        rec(1, "A1"),
        rec(2, "A2"),
        rec(3, "A3", buyer_name="小米"),
        rec(4, "A4"),
        rec(5, "A5", total_fen=10700, status="normal"),
    ]
    platform = [
        rec(11, "A1"),
        rec(13, "A3"),
        rec(14, "A4", status="red_full"),
        rec(15, "A5", status="red_partial"),
        rec(16, "B9"),
        rec(17, "A1"),
    ]
    out = reconcile(ledger, platform)
    assert [(p.ledger.ref, p.platform.ref) for p in out.matched] == [(1, 11)]
    assert [r.ref for r in out.missing_on_platform] == [2]
    assert [r.ref for r in out.missing_in_ledger] == [16]
    assert [(p.ledger.ref, p.fields) for p in out.mismatched] == [
        (3, ("buyer_name",)),
        (5, ("total",)),
    ]
    assert [(p.ledger.ref, p.platform.status) for p in out.status_mismatch] == [
        (4, "red_full"),
        (5, "red_partial"),
    ]
    assert [r.ref for r in out.duplicates] == [17]
    assert out.differences == 7


def test_code_is_part_of_the_key() -> None:
    out = reconcile(
        [rec(1, "00123456", code="011002680026")], [rec(2, "00123456", code="011002680027")]
    )
    assert len(out.missing_on_platform) == 1 and len(out.missing_in_ledger) == 1


def test_names_compare_without_width_and_spaces() -> None:
    assert name_key("北京（中关村） 餐饮 ") == name_key("北京(中关村)餐饮")
    assert (
        differing_fields(rec(1, "A", buyer_name="ABC（北京）"), rec(2, "A", buyer_name="abc(北京)"))
        == ()
    )


def test_each_compared_field_is_named() -> None:
    other = rec(
        2, "A", issue_date="2026-10-06", buyer_tax_id="X", amount_fen=1, tax_fen=2, total_fen=3
    )
    assert differing_fields(rec(1, "A"), other) == (
        "issue_date",
        "buyer_tax_id",
        "amount",
        "tax",
        "total",
    )


def test_empty_sides() -> None:
    assert reconcile([], []).differences == 0
    assert len(reconcile([rec(1, "A")], []).missing_on_platform) == 1


@pytest.mark.parametrize(
    ("term", "fen"),
    [
        ("1234.5", 123450),
        ("¥1,234.50", 123450),
        ("￥1,234.50", 123450),
        ("88元", 8800),
        ("-106.00", -10600),
        ("1,000", 100000),
        ("0.5", 50),
    ],
)
def test_amount_terms(term: str, fen: int) -> None:
    assert amount_fen(term) == fen


@pytest.mark.parametrize(
    "term", ["1234", "26112000001272487786", "1.234", "小米", "9111", "1.2.3", ""]
)
def test_not_amount_terms(term: str) -> None:
    assert amount_fen(term) is None


def test_line_check_moves_matched_pairs() -> None:
    out = reconcile(
        [rec(1, "A"), rec(2, "B"), rec(3, "C")], [rec(11, "A"), rec(12, "B"), rec(13, "C")]
    )
    ledger_lines = {1: [(6000, 360), (4000, 240)], 2: [(10000, 600)], 3: [(10000, 600)]}
    platform_lines = {("", "A"): [(4000, 240), (6000, 360)], ("", "B"): [(9000, 540), (1000, 60)]}
    check_lines(out, ledger_lines, platform_lines)
    assert [p.ledger.ref for p in out.matched] == [
        1,
        3,
    ]  # order of lines does not matter; C has none
    assert [p.ledger.ref for p in out.line_mismatch] == [2]
    assert out.differences == 1
