"""Forecasting the next months from the shop's own monthly history.

Two honest, simple methods: seasonal-naive (next March = last March) and a least-squares linear
trend. Each is back-tested on the history itself (rolling origin: fit on the months before, predict
the next ``horizon``), and the one with the smaller mean absolute error is chosen; that error is
reported with the forecast, so nobody mistakes it for certainty. Decimal throughout: these are
money sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from invoicedesk.core.dates import periods_between, shift_period
from invoicedesk.core.i18n import QT_TRANSLATE_NOOP

SEASON = 12
Method = Literal["seasonal_naive", "linear_trend"]
METHOD_LABELS: dict[str, str] = {
    "seasonal_naive": QT_TRANSLATE_NOOP("Forecast", "季节性朴素法（去年同月）"),
    "linear_trend": QT_TRANSLATE_NOOP("Forecast", "线性趋势"),
}


@dataclass(frozen=True)
class Forecast:
    method: Method
    values: tuple[Decimal, ...]  # the next ``horizon`` months
    mae: Decimal  # mean absolute error of the chosen method in the back-test
    mape: Decimal | None  # mean absolute percentage error, None when the history has zeros
    tested_points: int  # how many back-test predictions the error rests on
    errors: dict[str, Decimal]  # every candidate's MAE, for the record


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def seasonal_naive(history: Sequence[Decimal], horizon: int, season: int = SEASON) -> list[Decimal]:
    if len(history) < season:
        raise ValueError("seasonal-naive needs a full season of history")
    return [history[len(history) - season + (h % season)] for h in range(horizon)]


def linear_trend(history: Sequence[Decimal], horizon: int) -> list[Decimal]:
    n = len(history)
    if n < 2:
        raise ValueError("a trend needs two months at least")
    xs = [Decimal(i) for i in range(n)]
    mean_x = sum(xs, Decimal(0)) / n
    mean_y = sum(history, Decimal(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, history, strict=True)), Decimal(0))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    return [intercept + slope * Decimal(n + h) for h in range(horizon)]


_MIN_FIT: dict[str, int] = {"seasonal_naive": SEASON, "linear_trend": 3}


def _predict(method: str, history: Sequence[Decimal], horizon: int) -> list[Decimal]:
    if method == "seasonal_naive":
        return seasonal_naive(history, horizon)
    return linear_trend(history, horizon)


def backtest(
    method: str, history: Sequence[Decimal], horizon: int, origins: int
) -> list[tuple[Decimal, Decimal]]:
    """(actual, predicted) pairs from the last ``origins`` forecast origins."""
    pairs = []
    start = max(_MIN_FIT[method], len(history) - horizon - origins + 1)
    for origin in range(start, len(history)):
        predicted = _predict(method, history[:origin], horizon)
        for h, value in enumerate(predicted):
            if origin + h < len(history):
                pairs.append((history[origin + h], value))
    return pairs


def forecast(history: Sequence[Decimal], horizon: int = 3, origins: int = 12) -> Forecast | None:
    """The better-back-testing method's forecast, or None when there is too little history."""
    candidates: dict[str, list[tuple[Decimal, Decimal]]] = {}
    for method, minimum in _MIN_FIT.items():
        if len(history) >= minimum + 1:
            pairs = backtest(method, history, horizon, origins)
            if pairs:
                candidates[method] = pairs
    if not candidates:
        return None
    errors = {
        method: sum((abs(a - p) for a, p in pairs), Decimal(0)) / len(pairs)
        for method, pairs in candidates.items()
    }
    # Ties go to the simpler story: the seasonal one needs no fitted parameters.
    best = min(errors, key=lambda m: (errors[m], m != "seasonal_naive"))
    pairs = candidates[best]
    mape = None
    if all(a != 0 for a, _p in pairs):
        mape = _q(sum((abs(a - p) / abs(a) for a, p in pairs), Decimal(0)) / len(pairs) * 100)
    values = tuple(_q(max(v, Decimal(0))) for v in _predict(best, history, horizon))
    return Forecast(
        method=best,  # type: ignore[arg-type]
        values=values,
        mae=_q(errors[best]),
        mape=mape,
        tested_points=len(pairs),
        errors={m: _q(e) for m, e in errors.items()},
    )


def next_periods(last: str, horizon: int) -> list[str]:
    return [shift_period(last, i) for i in range(1, horizon + 1)]


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, so empty months count as zero."""
    return periods_between(first, last)
