"""Reconciliation matching: the ledger against the platform's export, pure and in memory.

Records are matched by (code, number); matched pairs are compared field by field and on status.
Rows of the file that repeat a key are duplicates: the first one takes part in matching (and
the lines the file repeats with them are no line difference, see ``check_lines``).

At 100,000 invoices a side, building full records costs more than anything else, and nearly
every pair is exactly equal. So the database pairs the rows by key and says which pairs are
exactly equal (``Link``); ``triage`` matches those by their refs alone and leaves every other row
to ``reconcile``, and ``Triage.finish`` gives the outcome ``reconcile`` would give on all rows.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, count, filterfalse, repeat
from operator import is_, is_not, itemgetter, sub
from typing import NamedTuple, TypeVar

from invoicedesk.core.i18n import QT_TRANSLATE_NOOP

# Compared in this order; names are the CLI contract's.
COMPARED_FIELDS: tuple[str, ...] = (
    "issue_date",
    "buyer_name",
    "buyer_tax_id",
    "amount",
    "tax",
    "total",
)

BUCKETS: dict[str, str] = {
    "matched": QT_TRANSLATE_NOOP("Reconcile", "一致"),
    "missing_on_platform": QT_TRANSLATE_NOOP("Reconcile", "平台缺失"),
    "missing_in_ledger": QT_TRANSLATE_NOOP("Reconcile", "台账缺失"),
    "mismatched": QT_TRANSLATE_NOOP("Reconcile", "信息不符"),
    "status_mismatch": QT_TRANSLATE_NOOP("Reconcile", "状态不同"),
    "duplicates": QT_TRANSLATE_NOOP("Reconcile", "文件内重复"),
    "line_mismatch": QT_TRANSLATE_NOOP("Reconcile", "明细不符"),
}
DIFFERENCE_BUCKETS: tuple[str, ...] = tuple(b for b in BUCKETS if b != "matched")

FIELD_LABELS: dict[str, str] = {
    "issue_date": QT_TRANSLATE_NOOP("Reconcile", "开票日期"),
    "buyer_name": QT_TRANSLATE_NOOP("Reconcile", "购买方名称"),
    "buyer_tax_id": QT_TRANSLATE_NOOP("Reconcile", "购买方识别号"),
    "amount": QT_TRANSLATE_NOOP("Reconcile", "金额"),
    "tax": QT_TRANSLATE_NOOP("Reconcile", "税额"),
    "total": QT_TRANSLATE_NOOP("Reconcile", "价税合计"),
}

Key = tuple[str, str]


class Record(NamedTuple):
    """One invoice as either side knows it; ``ref`` is the ledger id or the platform row id.

    The fields from ``issue_date`` on are the compared ones (``reconcile`` relies on the order).

    A NamedTuple: a reconciliation builds 200,000 of these, and a frozen dataclass is several
    times slower to create.
    """

    ref: int
    code: str
    number: str
    issue_date: str  # ISO date: compared as text, which is exact and fast
    buyer_name: str
    buyer_tax_id: str
    amount_fen: int
    tax_fen: int
    total_fen: int
    status: str

    @property
    def key(self) -> Key:
        return (self.code, self.number)


class Pair(NamedTuple):
    ledger: Record
    platform: Record
    fields: tuple[str, ...] = ()


class Match(NamedTuple):
    """A matched pair by refs: what the usual outcome needs, without building either record."""

    ledger: int
    platform: int


@dataclass
class Outcome:
    matched: list[Match] = field(default_factory=list)
    missing_on_platform: list[Record] = field(default_factory=list)
    missing_in_ledger: list[Record] = field(default_factory=list)
    mismatched: list[Pair] = field(default_factory=list)
    status_mismatch: list[Pair] = field(default_factory=list)
    duplicates: list[Record] = field(default_factory=list)
    line_mismatch: list[Pair] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return (
            len(self.line_mismatch)
            + len(self.missing_on_platform)
            + len(self.missing_in_ledger)
            + len(self.mismatched)
            + len(self.status_mismatch)
            + len(self.duplicates)
        )


def name_key(name: str) -> str:
    """Names compare after NFKC (full-width brackets), without spaces, case-insensitive."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def differing_fields(ledger: Record, platform: Record) -> tuple[str, ...]:
    found = []
    if ledger.issue_date != platform.issue_date:
        found.append("issue_date")
    # Equal text is the common case; normalising is for the rest.
    if ledger.buyer_name != platform.buyer_name and name_key(ledger.buyer_name) != name_key(
        platform.buyer_name
    ):
        found.append("buyer_name")
    if ledger.buyer_tax_id != platform.buyer_tax_id and (
        ledger.buyer_tax_id.upper() != platform.buyer_tax_id.upper()
    ):
        found.append("buyer_tax_id")
    if ledger.amount_fen != platform.amount_fen:
        found.append("amount")
    if ledger.tax_fen != platform.tax_fen:
        found.append("tax")
    if ledger.total_fen != platform.total_fen:
        found.append("total")
    return tuple(found)


def reconcile(ledger: Iterable[Record], platform: Iterable[Record]) -> Outcome:
    """Bucket every record. A pair can be both mismatched and of a different status."""
    outcome = Outcome()
    by_key: dict[Key, Record] = {}
    for row in platform:
        key = (row.code, row.number)
        if key in by_key:
            outcome.duplicates.append(row)
        else:
            by_key[key] = row
    for own in ledger:
        other = by_key.pop((own.code, own.number), None)
        if other is None:
            outcome.missing_on_platform.append(own)
            continue
        if own[3:] == other[3:]:  # every compared field and the status equal: the usual case
            outcome.matched.append(Match(own.ref, other.ref))
            continue
        fields = differing_fields(own, other)
        status_differs = own.status != other.status
        if fields:
            outcome.mismatched.append(Pair(own, other, fields))
        if status_differs:
            outcome.status_mismatch.append(Pair(own, other))
        if not fields and not status_differs:
            outcome.matched.append(Match(own.ref, other.ref))
    outcome.missing_in_ledger.extend(by_key.values())
    return outcome


# One platform row as the database pairs it: (platform ref, ref of a ledger row with the same key
# or None, whether every compared field and the status are exactly equal). Every pair of rows
# with the same key is listed; "equal" may be falsy when unsure (a NULL), never truthy wrongly.
Link = tuple[int, int | None, object]


@dataclass
class Triage:
    """Pairs matched by their links, and the refs of the rows left to compare in full."""

    matched: list[Match] = field(default_factory=list)  # in ledger order
    ledger: list[int] = field(default_factory=list)  # in ledger order
    platform: list[int] = field(default_factory=list)  # in platform order
    # How many matches precede each ref of ``ledger``: puts the full comparison's matches back
    # in ledger order, where ``reconcile`` would have them.
    ledger_at: list[int] = field(default_factory=list)

    def finish(self, ledger: Iterable[Record], platform: Iterable[Record]) -> Outcome:
        """The outcome of ``reconcile`` on all rows, given the full records of the rows left
        (``self.ledger`` and ``self.platform``, in that order)."""
        outcome = reconcile(ledger, platform)
        if not self.matched:
            return outcome
        at = dict(zip(self.ledger, self.ledger_at, strict=True))
        merged: list[Match] = []
        start = 0
        for found in outcome.matched:
            end = at[found.ledger]
            merged += self.matched[start:end]
            merged.append(found)
            start = end
        merged += self.matched[start:]
        outcome.matched = merged
        return outcome


def triage(ledger: Iterable[int], links: Iterable[Link]) -> Triage:
    """Match each equal link whose two rows have no other link; leave the rest to ``reconcile``.

    ``ledger`` is every ledger ref in ledger order; ``links`` has every platform row in platform
    order. A key's rows are thus either all matched here or all left: a key the file repeats is
    left whole, so ``reconcile`` still tells the duplicates from the row it matches.
    """
    # 100,000 rows a side: the per-row work is left to map, zip, compress and dict, in C.
    links = list(links)
    ledger = list(ledger)
    refs = list(map(itemgetter(0), links))
    owns = list(map(itemgetter(1), links))
    equal = dict(compress(zip(owns, refs, strict=True), map(itemgetter(2), links)))
    shared_owns = _repeated([own for own in owns if own is not None])  # the file repeats a key
    shared_refs = _repeated(refs)  # the ledger repeats a key: not with its unique index
    if shared_owns or shared_refs:
        equal = {
            own: ref
            for own, ref in equal.items()
            if own not in shared_owns and ref not in shared_refs
        }
    partners = list(map(equal.get, ledger))
    result = Triage()
    found = map(is_not, partners, repeat(None))
    result.matched = list(map(_as_match, compress(zip(ledger, partners, strict=True), found)))
    left = list(compress(count(), map(is_, partners, repeat(None))))  # positions in ledger
    result.ledger = list(map(ledger.__getitem__, left))
    result.ledger_at = list(map(sub, left, count()))  # its position less the rows left before
    taken = set(partners)
    unique = dict.fromkeys(refs) if shared_refs else refs
    result.platform = list(filterfalse(taken.__contains__, unique))
    return result


def _repeated(values: list[int]) -> set[int]:
    if len(set(values)) == len(values):  # the usual case, without counting
        return set()
    return {value for value, times in Counter(values).items() if times > 1}


# Built from a (ledger, platform) tuple in C: NamedTuple's own __new__ is a Python call.
_as_match = partial(tuple.__new__, Match)


# One line as compared: (amount in fen, tax in fen).
LineKey = tuple[int, int]
T = TypeVar("T")


def one_copy(lines: Sequence[T], copies: int, content: Callable[[T], Hashable]) -> list[T] | None:
    """The lines of one invoice from the file's lines of a key it has ``copies`` rows of.

    The file keys lines to their invoice by (code, number) alone, and an export that repeats an
    invoice's row repeats its lines with it: ``copies`` equal sets. Each distinct line (by
    ``content``) is kept one time in ``copies``, in the file's order; None when the lines are
    not ``copies`` equal sets (the file lists them once, or they differ).
    """
    if copies < 2:
        return None
    counted = Counter(map(content, lines))
    if any(times % copies for times in counted.values()):
        return None
    wanted = {line: times // copies for line, times in counted.items()}
    kept: list[T] = []
    for item in lines:
        key = content(item)
        if wanted[key]:
            wanted[key] -= 1
            kept.append(item)
    return kept


def _same_lines(theirs: list[LineKey], ours: list[LineKey]) -> bool:
    # Lines in the same order are the usual case; sorting is for the rest.
    return theirs == ours or sorted(theirs) == sorted(ours)


def check_lines(
    outcome: Outcome,
    ledger_lines: Mapping[int, list[LineKey]],
    platform_lines: Mapping[int, list[LineKey]],
    copies: Callable[[list[int]], Mapping[int, int]] | None = None,
) -> list[Match]:
    """Take the matches whose lines differ (信息汇总表 vs the ledger's) out of ``matched``.

    Lines are keyed by ref on each side; a platform row's lines are all the file's lines of its
    key. Only invoices the file has lines for are checked; the order of lines does not matter.
    A file that repeats an invoice's row may repeat its lines with it: ``copies`` gives, for
    platform refs whose lines differ, how many rows of their key the file has (asked once, and
    only then: usually none differ), and lines that are the ledger's once per row are no line
    difference (see ``one_copy``): a repeated row is a duplicate. The caller adds the matches
    returned to ``line_mismatch``, as Pairs of full records.
    """
    differ: list[Match] = []
    for match in outcome.matched:
        theirs = platform_lines.get(match.platform)
        if theirs is not None and not _same_lines(theirs, ledger_lines.get(match.ledger, [])):
            differ.append(match)
    if not differ:
        return []
    known = copies([m.platform for m in differ]) if copies else {}
    moved = []
    for match in differ:
        one = one_copy(platform_lines[match.platform], known.get(match.platform, 1), _itself)
        if one is None or not _same_lines(one, ledger_lines.get(match.ledger, [])):
            moved.append(match)
    taken = set(moved)
    outcome.matched = [m for m in outcome.matched if m not in taken]
    return moved


def _itself(line: LineKey) -> LineKey:
    return line
