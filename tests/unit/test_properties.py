"""Properties of the money arithmetic that must hold for every amount, not just the examples."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from invoicedesk.core.invoice import LineDraft, invoice_totals
from invoicedesk.core.money import from_fen, round_fen, to_fen
from invoicedesk.core.rates import KNOWN_RATES, TaxRate
from invoicedesk.core.vat import LINE_TAX_TOLERANCE, line_tax, split_inclusive
from invoicedesk.core.words import NEGATIVE_PREFIX, amount_in_words

FAST = settings(max_examples=150, deadline=None, database=None)

fen_amounts = st.integers(min_value=-(10**13), max_value=10**13).map(from_fen)
word_amounts = st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1).map(from_fen)
rates = st.sampled_from(KNOWN_RATES)
taxable_rates = st.sampled_from([rate for rate in KNOWN_RATES if not rate.is_special])


@st.composite
def lines(draw: st.DrawFn) -> LineDraft:
    amount = draw(st.integers(min_value=-(10**9), max_value=10**9).map(from_fen))
    rate = draw(rates)
    tax = draw(st.none() | st.integers(min_value=-(10**8), max_value=10**8).map(from_fen))
    return LineDraft(name="*餐饮服务*餐费", amount=amount, tax_rate=rate, tax=tax)


@FAST
@given(st.lists(lines(), max_size=12))
def test_totals_are_sums_of_lines(items: list[LineDraft]) -> None:
    totals = invoice_totals(items)
    assert totals.amount == sum((line.amount for line in items), Decimal(0))
    assert totals.tax == sum((line.effective_tax for line in items), Decimal(0))
    assert totals.total == sum((line.total for line in items), Decimal(0))
    assert totals.total == totals.amount + totals.tax


@FAST
@given(fen_amounts, taxable_rates)
def test_computed_tax_is_within_tolerance(amount: Decimal, rate: TaxRate) -> None:
    tax = line_tax(amount, rate)
    assert abs(amount * rate.value - tax) <= Decimal("0.005")  # half a fen, well within 0.06
    assert abs(amount * rate.value - tax) <= LINE_TAX_TOLERANCE
    assert tax == round_fen(tax)


@FAST
@given(fen_amounts, rates)
def test_split_inclusive_recombines_exactly(gross: Decimal, rate: TaxRate) -> None:
    amount, tax = split_inclusive(gross, rate)
    assert amount + tax == gross
    assert amount == round_fen(amount) and tax == round_fen(tax)
    # The split is what computing the tax on the amount gives, up to the line tolerance.
    assert abs(line_tax(amount, rate) - tax) <= LINE_TAX_TOLERANCE


@FAST
@given(word_amounts)
def test_words_of_negatives_differ_only_by_prefix(value: Decimal) -> None:
    positive = amount_in_words(abs(value))
    assert not positive.startswith(NEGATIVE_PREFIX)
    if value:
        assert amount_in_words(-abs(value)) == NEGATIVE_PREFIX + positive


@FAST
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_whole_amounts_end_with_yuan_zheng(yuan: int) -> None:
    assert amount_in_words(Decimal(yuan)).endswith("圆整")


@FAST
@given(word_amounts)
def test_fen_never_followed_by_zheng(value: Decimal) -> None:
    words = amount_in_words(value)
    if to_fen(value) % 10:
        assert words.endswith("分")
    else:
        assert words.endswith("整")
    assert "零零" not in words  # a run of zeros is written once
    assert not words.removeprefix(NEGATIVE_PREFIX).startswith("零") or words == "零圆整"
    assert "元" not in words


@FAST
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_round_trip(fen: int) -> None:
    assert to_fen(from_fen(fen)) == fen
    assert from_fen(fen).as_tuple().exponent == -2


@FAST
@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=4))
def test_to_fen_rounds_half_up(value: Decimal) -> None:
    assert from_fen(to_fen(value)) == round_fen(value)
    assert abs(from_fen(to_fen(value)) - value) <= Decimal("0.005")
