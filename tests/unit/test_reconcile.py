"""Reconciliation matching and amount search terms, without a database."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoicedesk.core.reconcile import (
    LineKey,
    Link,
    Match,
    Record,
    check_lines,
    differing_fields,
    name_key,
    one_copy,
    reconcile,
    triage,
)
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
    assert out.matched == [Match(1, 11)]
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
    platform_lines = {11: [(4000, 240), (6000, 360)], 12: [(9000, 540), (1000, 60)]}
    moved = check_lines(out, ledger_lines, platform_lines)
    # The order of lines does not matter; C has none in the file.
    assert out.matched == [Match(1, 11), Match(3, 13)]
    assert moved == [Match(2, 12)]


def test_one_copy_of_lines_repeated_with_their_row() -> None:
    def same(line: str) -> str:
        return line

    assert one_copy(list("abab"), 2, same) == list("ab")
    assert one_copy(list("aabb"), 2, same) == list("ab")  # the file's order, one in two
    assert one_copy(list("aaaaaa"), 3, same) == list("aa")
    assert one_copy(list("aba"), 2, same) is None  # not two equal sets
    assert one_copy(list("ab"), 1, same) is None
    assert one_copy(list("ab"), 2, same) is None  # listed once


def test_line_check_takes_a_repeated_rows_lines_once_per_row() -> None:
    ledger = [rec(1, "A"), rec(2, "B"), rec(3, "C")]
    platform = [rec(11, "A"), rec(12, "B"), rec(13, "C"), rec(14, "A"), rec(15, "C")]
    ledger_lines = {1: [(6000, 360), (4000, 240)], 2: [(10000, 600)], 3: [(10000, 600)]}
    platform_lines = {
        11: [(6000, 360), (4000, 240), (4000, 240), (6000, 360)],  # A's, once per row
        14: [(6000, 360), (4000, 240), (4000, 240), (6000, 360)],
        12: [(10000, 600), (10000, 600)],  # B is not repeated: two lines, a difference
        13: [(9000, 540), (9000, 540)],  # C's differ, once per row
        15: [(9000, 540), (9000, 540)],
    }
    asked: list[list[int]] = []

    def copies(refs: list[int]) -> dict[int, int]:
        asked.append(refs)
        return {11: 2, 12: 1, 13: 2, 14: 2, 15: 2}

    out = reconcile(ledger, platform)
    assert [r.ref for r in out.duplicates] == [14, 15]
    moved = check_lines(out, ledger_lines, platform_lines, copies)
    assert out.matched == [Match(1, 11)]
    assert moved == [Match(2, 12), Match(3, 13)]
    assert asked == [[11, 12, 13]]  # once, for the pairs whose lines differ
    out = reconcile(ledger, platform)
    assert check_lines(out, ledger_lines, platform_lines) == [  # without copies: as before
        Match(1, 11), Match(2, 12), Match(3, 13),
    ]  # fmt: skip
    out = reconcile(ledger[:1], platform[:1])
    assert check_lines(out, ledger_lines, {11: [(4000, 240), (6000, 360)]}, copies) == []
    assert asked == [[11, 12, 13]]  # lines equal: not asked


# ---------------------------------------------------------------- triage: the same outcome, faster

NAMES = ["小米科技（北京）有限公司", "小米科技(北京)有限公司", "小米科技 (北京) 有限公司", "XiaoMi Ltd",
         "xiaomi ltd", "北京百度网讯科技有限公司"]  # fmt: skip
CHANGES: dict[str, st.SearchStrategy[object]] = {
    "issue_date": st.sampled_from(["2026-10-05", "2026-10-06"]),
    "buyer_name": st.sampled_from(NAMES),
    "buyer_tax_id": st.sampled_from(["91110108551385082Q", "91110108551385082q", "X"]),
    "amount_fen": st.sampled_from([10000, 10001]),
    "tax_fen": st.sampled_from([600, 601]),
    "total_fen": st.sampled_from([10600, 10601]),
    "status": st.sampled_from(["normal", "red_full", "voided"]),
}


def links_of(ledger: list[Record], platform: list[Record], unsure: set[int]) -> list[Link]:
    """What the database gives: every pair with the same key, and whether it is exactly equal
    (unsure for the platform refs in ``unsure``, as a NULL would leave it)."""
    links: list[Link] = []
    for other in platform:
        partners = [own for own in ledger if own.key == other.key]
        links += [(other.ref, None, None)] if not partners else []
        for own in partners:
            same = None if other.ref in unsure else own[3:] == other[3:]
            links.append((other.ref, own.ref, same))
    return links


@st.composite
def two_sides(draw: st.DrawFn) -> tuple[list[Record], list[Record], set[int]]:
    """Both sides from shared invoices: mostly equal, some changed (names also only in width,
    spaces or case), some missing on either side, some repeated in the file; now and then the
    ledger repeats a key too (its unique index prevents that, but the outcome is the same)."""
    ledger: list[Record] = []
    platform: list[Record] = []
    for _ in range(draw(st.integers(0, 30))):
        number = str(draw(st.integers(1, 400)))
        code = draw(st.sampled_from(["", "011"]))
        base = rec(0, number, code=code, buyer_name=draw(CHANGES["buyer_name"]))
        where = draw(st.sampled_from(["both", "both", "both", "ledger", "platform", "twice"]))
        if where != "platform":
            ledger.append(base._replace(ref=len(ledger) + 1))
        for _ in range({"ledger": 0, "twice": 2}.get(where, 1)):
            other = base
            for name in draw(st.lists(st.sampled_from([*CHANGES, "", "", ""]), max_size=2)):
                other = other._replace(**{name: draw(CHANGES[name])}) if name else other
            platform.append(other._replace(ref=1000 + len(platform)))
    platform = draw(st.permutations(platform))
    unsure = draw(st.sets(st.sampled_from([r.ref for r in platform]))) if platform else set()
    return ledger, platform, unsure


@settings(max_examples=300, deadline=None, database=None)
@given(two_sides())
def test_triage_then_finish_is_reconcile(
    sides: tuple[list[Record], list[Record], set[int]],
) -> None:
    ledger, platform, unsure = sides
    found = triage([r.ref for r in ledger], links_of(ledger, platform, unsure))
    ledger_by_ref = {r.ref: r for r in ledger}
    platform_by_ref = {r.ref: r for r in platform}
    outcome = found.finish(
        [ledger_by_ref[ref] for ref in found.ledger],
        [platform_by_ref[ref] for ref in found.platform],
    )
    assert outcome == reconcile(ledger, platform)  # every bucket, in the same order


LINES = st.lists(st.sampled_from([(10000, 600), (6000, 360), (4000, 240)]), min_size=1, max_size=3)
Lines = dict[int, list[LineKey]]


@st.composite
def two_sides_with_lines(
    draw: st.DrawFn,
) -> tuple[list[Record], list[Record], set[int], Lines, Lines, set[tuple[str, str]]]:
    """``two_sides`` with each ledger invoice's lines and the file's 信息汇总表: for each key the
    ledger's lines once per row of the key (as the platform exports a repeated row), or once, or
    other lines (those keys are returned), or none."""
    ledger, platform, unsure = draw(two_sides())
    own_lines = {r.key: draw(LINES) for r in ledger}
    ours = {r.ref: own_lines[r.key] for r in ledger}
    rows = Counter(r.key for r in platform)
    by_key: dict[tuple[str, str], list[LineKey]] = {}
    differ: set[tuple[str, str]] = set()
    for key, times in rows.items():
        how = draw(st.sampled_from(["per_row", "per_row", "once", "other", "none"]))
        lines = own_lines.get(key) or draw(LINES)
        if how == "per_row":
            by_key[key] = draw(st.permutations(lines * times))
        elif how == "once":
            by_key[key] = lines
        elif how == "other":
            listed = draw(LINES) * draw(st.sampled_from([1, times]))
            by_key[key] = listed
            # The file keys lines by (code, number) alone: lines that read as the ledger's either
            # listed once or once per row are no difference, however they were drawn.
            once = sorted(listed) == sorted(lines)
            per_row = times > 1 and Counter(listed) == Counter(lines * times)
            if not (once or per_row):
                differ.add(key)
    theirs = {r.ref: by_key[r.key] for r in platform if r.key in by_key}
    return ledger, platform, unsure, ours, theirs, differ


@settings(max_examples=300, deadline=None, database=None)
@given(two_sides_with_lines())
def test_lines_repeated_with_their_row_are_no_difference(
    sides: tuple[list[Record], list[Record], set[int], Lines, Lines, set[tuple[str, str]]],
) -> None:
    """Through triage or in full, the line check moves exactly the matches whose lines differ:
    a repeated row (its lines once per row) is a duplicate, and ``matched`` counts the same as
    without lines but for them."""
    ledger, platform, unsure, ours, theirs, differ = sides
    rows = Counter(r.key for r in platform)
    copies = {r.ref: rows[r.key] for r in platform}
    ledger_by_ref = {r.ref: r for r in ledger}
    platform_by_ref = {r.ref: r for r in platform}
    found = triage([r.ref for r in ledger], links_of(ledger, platform, unsure))
    by_links = found.finish(
        [ledger_by_ref[ref] for ref in found.ledger],
        [platform_by_ref[ref] for ref in found.platform],
    )
    moved = check_lines(by_links, ours, theirs, lambda refs: {r: copies[r] for r in refs})
    plain = reconcile(ledger, platform)
    in_full = reconcile(ledger, platform)
    assert check_lines(in_full, ours, theirs, lambda refs: copies) == moved
    assert in_full == by_links
    assert moved == [m for m in plain.matched if ledger_by_ref[m.ledger].key in differ]
    assert len(by_links.matched) + len(moved) == len(plain.matched)
    assert by_links.duplicates == plain.duplicates


def test_lines_that_read_as_the_ledgers_either_way_are_no_difference() -> None:
    """Two rows of a key with two equal lines: one line per row (a repeated row) or the invoice's
    two lines listed once. Both readings are possible, and neither is a difference when the ledger
    has either; the ledger's one other line is."""
    line = (4000, 240)
    for ours in ([line], [line, line]):
        outcome = reconcile([rec(1, "A")], [rec(11, "A"), rec(12, "A")])
        assert check_lines(outcome, {1: ours}, {11: [line, line]}, lambda refs: {11: 2}) == []
        assert outcome.matched == [Match(1, 11)]
    outcome = reconcile([rec(1, "A")], [rec(11, "A"), rec(12, "A")])
    moved = check_lines(outcome, {1: [(6000, 360)]}, {11: [line, line]}, lambda refs: {11: 2})
    assert moved == [Match(1, 11)] and outcome.matched == []


def test_triage_leaves_all_but_unique_equal_pairs() -> None:
    ledger = [rec(1, "A"), rec(2, "B"), rec(3, "C"), rec(4, "D"), rec(5, "E"), rec(6, "F")]
    platform = [
        rec(11, "A"),
        rec(12, "B", tax_fen=601),  # differs
        rec(13, "C"),
        rec(14, "C"),  # the file repeats C: all of it is left
        rec(15, "E"),  # equal, but the database was unsure (a NULL)
        rec(16, "F"),
        rec(17, "G"),  # missing in the ledger
    ]
    found = triage([r.ref for r in ledger], links_of(ledger, platform, unsure={15}))
    assert found.matched == [Match(1, 11), Match(6, 16)]
    assert found.ledger == [2, 3, 4, 5]  # D is missing on the platform
    assert found.platform == [12, 13, 14, 15, 17]
    outcome = found.finish(
        [r for r in ledger if r.ref in found.ledger],
        [r for r in platform if r.ref in found.platform],
    )
    assert outcome.matched == [Match(1, 11), Match(3, 13), Match(5, 15), Match(6, 16)]
    assert [r.ref for r in outcome.duplicates] == [14]
    assert outcome == reconcile(ledger, platform)
